import DossierStore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// `dossier store copy`: a SQLite store moved into PostgreSQL with its whole log.
extension PostgresStore {
    /// What a copy holds: the events copied and the hash its chain ends at, the same as the source's.
    public struct Copy: Sendable, Hashable {
        public var events: Int
        public var head: ChainHead
    }

    /// Makes a new store in the empty database at `location` holding everything `source` holds,
    /// row for row, in one transaction: the copy's chain is audited before it commits, and must
    /// end at the source's head; a copy that fails leaves the database empty. `source` must be at
    /// the current format (open it with migrating, or run any command on it first).
    public static func copy(_ source: SQLiteStore, to location: PostgresLocation,
                            logger: Logger = Logger(label: "dossier-postgres")) throws -> (PostgresStore, Copy) {
        let info = try source.info()
        let head = try source.chainHead()
        var copied = Copy(events: 0, head: head)
        let store = try PostgresStore(creatingAt: location, simulation: info.isSimulation, at: info.createdAt, logger: logger) { session in
            var types: [String: [String: String]] = [:]
            // The rows the new store made of its own (its chain's head, its secret) give way to the source's.
            for table in ["chain_head", "customer_reference_secret"] { try session.rows("DELETE FROM \(unescaped: table)") }
            try source.export(batch: 500) { table, columns, rows in
                if types[table] == nil {
                    types[table] = Dictionary(uniqueKeysWithValues: try session.rows("""
                        SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(table)
                        """).map { try $0.decode((String, String).self) })
                }
                try insert(rows, into: table, columns: columns, types: types[table] ?? [:], session)
                if table == "event" { copied.events += rows.count }
            }
            // Statistics for the planner: the audit's queries would otherwise scan the new tables whole, once per dossier.
            try session.rows("ANALYZE")
            let report = try audit(session)
            guard report.problems.isEmpty else {
                let more = report.problems.count > 5 ? "; and \(report.problems.count - 5) more: run `dossier audit verify` on the store" : ""
                throw StoreError.writeFailed(path: location.description,
                                             cause: "the copy does not audit: \(report.problems.prefix(5).joined(separator: "; "))\(more)")
            }
            let copiedHead = try session.rows("SELECT seq, hash FROM chain_head WHERE id = 1").first?.decode((Int, String).self)
            guard copiedHead?.0 == head.sequence, copiedHead?.1 == head.hash else {
                throw StoreError.writeFailed(path: location.description, cause: "the copy's chain does not end where the store's does")
            }
        }
        // Filled in bulk, the task table has no visibility map yet: vacuumed now, `pending` reads
        // a role's open tasks from the index alone from the first request. The copy is committed
        // by then; should the vacuum fail, autovacuum does it later.
        _ = try? store.connections.with { try $0.rows("VACUUM (ANALYZE) task") }
        return (store, copied)
    }

    /// Inserts `rows` of `table` in one statement, each value as the column's type in PostgreSQL.
    private static func insert(_ rows: [[StoredValue]], into table: String, columns: [String], types: [String: String], _ session: Session) throws {
        for column in columns where types[column] == nil {
            throw StoreError.unreadable(path: session.location.description, reason: "its table \(table) has no column \(column) to copy into")
        }
        var binds = PostgresBindings()
        var tuples: [String] = []
        var number = 0
        for row in rows {
            var placeholders: [String] = []
            for (column, value) in zip(columns, row) {
                number += 1
                placeholders.append("$\(number)")
                try bind(value, as: types[column] ?? "text", to: &binds, column: "\(table).\(column)")
            }
            tuples.append("(" + placeholders.joined(separator: ", ") + ")")
        }
        let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        try session.rows(PostgresQuery(unsafeSQL: "INSERT INTO \(table) (\(names)) VALUES \(tuples.joined(separator: ", "))", binds: binds))
    }

    private static func bind(_ value: StoredValue, as type: String, to binds: inout PostgresBindings, column: String) throws {
        switch (value, type) {
        case (.null, _): binds.appendNull()
        case (.integer(let number), "boolean"): binds.append(number != 0)
        case (.integer(let number), "bigint"), (.integer(let number), "integer"): binds.append(number)
        case (.integer(let number), "text"): binds.append(String(number))
        case (.real(let number), "text"): binds.append(String(number))
        case (.text(let text), "text"): binds.append(text)
        case (.blob(let data), "bytea"): binds.append(ByteBuffer(bytes: data))
        default:
            throw StoreError.unreadable(path: column, reason: "a value of \(column) does not fit its column (\(type))")
        }
    }
}
