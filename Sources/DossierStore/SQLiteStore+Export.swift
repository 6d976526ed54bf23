import Foundation
import GRDB

/// A value as a store keeps it, whatever the database: for copying a store into another one.
package enum StoredValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// The store's tables read whole, for `dossier store copy`.
extension SQLiteStore {
    /// Every table that holds the store, parents before the rows that name them; the store's
    /// information and the chain's head come last, as a copy writes them over its own.
    package static let copiedTables = [
        "definition_version", "personal_field", "staff", "staff_password", "dossier", "task", "archive_sequence", "archive_number",
        "fine", "fine_settlement", "certificate", "running_deadline", "lent_dossier", "duty_opening", "schedule_cursor",
        "customer_reference_secret", "customer_key", "dossier_key", "login_session", "login_failure", "audit_checkpoint", "event",
        "simulation_clock", "chain_head",
    ]

    /// Reads every table of ``copiedTables`` in one snapshot, calling `body` with each table's
    /// name, its columns, and its rows in batches of at most `batch`.
    package func export(batch: Int, _ body: (_ table: String, _ columns: [String], _ rows: [[StoredValue]]) throws -> Void) throws {
        try read { db in
            for table in Self.copiedTables {
                let columns = try db.columns(in: table).map(\.name)
                let cursor = try Row.fetchCursor(db, sql: "SELECT \(columns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM \(table)")
                // GRDB wrote a deployment's moment in its own form (`2026-03-02 00:30:00.000`):
                // copied as every other moment is kept (`2026-03-02T00:30:00.000Z`).
                let grdbMoment = table == "definition_version" ? columns.firstIndex(of: "deployed_at") : nil
                var rows: [[StoredValue]] = []
                while let row = try cursor.next() {
                    var values = (0..<columns.count).map { Self.storedValue(row[$0] as DatabaseValue) }
                    if let index = grdbMoment, case .text(let text) = values[index], let date = Date.fromDatabaseValue(text.databaseValue) {
                        values[index] = .text(StoredTime.text(date))
                    }
                    rows.append(values)
                    if rows.count == batch {
                        try body(table, columns, rows)
                        rows.removeAll(keepingCapacity: true)
                    }
                }
                if !rows.isEmpty { try body(table, columns, rows) }
            }
        }
    }

    private static func storedValue(_ value: DatabaseValue) -> StoredValue {
        switch value.storage {
        case .null: .null
        case .int64(let number): .integer(number)
        case .double(let number): .real(number)
        case .string(let text): .text(text)
        case .blob(let data): .blob(data)
        }
    }
}
