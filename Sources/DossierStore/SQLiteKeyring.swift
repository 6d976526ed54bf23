import Foundation
import GRDB

/// The sealing keys in the SQLite store's tables, in the transaction of `db`.
struct SQLiteKeyring: SealingKeyring {
    let db: Database

    func personalFields(workflow: String, version: Int) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT field_id FROM personal_field WHERE workflow_id = ? AND workflow_version = ? ORDER BY field_id"),
                            arguments: [workflow, version])
    }

    func referenceSecret() throws -> Data {
        try Data.fetchOne(db.cachedStatement(sql: "SELECT secret FROM customer_reference_secret WHERE id = 1")) ?? Data()
    }

    func currentKey(reference: String) throws -> (id: Int64, key: Data)? {
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, key FROM customer_key WHERE ref = ? AND key IS NOT NULL ORDER BY id DESC LIMIT 1"),
                                   arguments: [reference])
        guard let row, let key = row["key"] as Data? else { return nil }
        return (row["id"], key)
    }

    func addKey(reference: String, key: Data, at time: String) throws -> Int64 {
        try db.execute(sql: "INSERT INTO customer_key (ref, key, created_at) VALUES (?, ?, ?)", arguments: [reference, key, time])
        return db.lastInsertedRowID
    }

    func attach(key id: Int64, to dossier: Int) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO dossier_key (dossier_id, key_id) VALUES (?, ?)").execute(arguments: [dossier, id])
    }

    func key(_ id: Int64) throws -> StoredKey? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT key, erased_on, erased_by, request FROM customer_key WHERE id = ?"),
                                         arguments: [id]) else { return nil }
        if let bytes = row["key"] as Data? { return .kept(bytes) }
        return .erased(on: row["erased_on"], by: row["erased_by"], request: row["request"])
    }
}

extension PersonalSealing {
    /// Sealing with the keys of the SQLite store open in `db`.
    init(_ db: Database) {
        self.init(SQLiteKeyring(db: db))
    }
}
