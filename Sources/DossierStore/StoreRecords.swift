import Foundation
import GRDB

/// Row of `store_info`: the one line saying what kind of store this is.
struct StoreInfoRecord {
    var mode: String
    var createdAt: Date

    static func fetch(_ db: Database) throws -> StoreInfoRecord? {
        try Row.fetchOne(db, sql: "SELECT mode, created_at FROM store_info WHERE id = 1").map { row in
            StoreInfoRecord(mode: row["mode"], createdAt: StoredTime.sqliteDate(row["created_at"]) ?? Date(timeIntervalSince1970: 0))
        }
    }

    func insert(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO store_info (id, mode, created_at) VALUES (1, ?, ?)", arguments: [mode, StoredTime.sqliteText(createdAt)])
    }
}

/// Row of `definition_version`: one immutable deployed version of a workflow or calendar.
/// Read through plain rows: first use of Codable record decoding costs a short command more
/// than its query.
struct DefinitionVersionRecord {
    var kind: String
    var definitionID: String
    var version: Int
    var title: String
    var contentSHA256: String
    var source: String
    var deployedAt: Date

    init(kind: String, definitionID: String, version: Int, title: String, contentSHA256: String, source: String, deployedAt: Date) {
        self.kind = kind
        self.definitionID = definitionID
        self.version = version
        self.title = title
        self.contentSHA256 = contentSHA256
        self.source = source
        self.deployedAt = deployedAt
    }

    init(row: Row) {
        self.init(kind: row["kind"], definitionID: row["definition_id"], version: row["version"], title: row["title"],
                  contentSHA256: row["content_sha256"], source: row["source"], deployedAt: StoredTime.sqliteDate(row["deployed_at"]) ?? Date(timeIntervalSince1970: 0))
    }

    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [DefinitionVersionRecord] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map(DefinitionVersionRecord.init(row:))
    }

    func insert(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO definition_version (kind, definition_id, version, title, content_sha256, source, deployed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [kind, definitionID, version, title, contentSHA256, source, StoredTime.sqliteText(deployedAt)])
    }

    /// The public value.
    var value: DefinitionVersion {
        DefinitionVersion(kind: DefinitionKind(rawValue: kind) ?? .workflow, id: definitionID, version: version,
                          title: title, sha256: contentSHA256, source: source, deployedAt: deployedAt)
    }
}
