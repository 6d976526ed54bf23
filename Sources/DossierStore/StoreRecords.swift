import Foundation
import GRDB

/// Row of `store_info`: the one line saying what kind of store this is.
struct StoreInfoRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "store_info"
    var id: Int
    var mode: String
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, mode
        case createdAt = "created_at"
    }
}

/// Row of `definition_version`: one immutable deployed version of a workflow or calendar.
struct DefinitionVersionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "definition_version"
    var kind: String
    var definitionID: String
    var version: Int
    var title: String
    var contentSHA256: String
    var source: String
    var deployedAt: Date

    enum CodingKeys: String, CodingKey {
        case kind, version, title, source
        case definitionID = "definition_id"
        case contentSHA256 = "content_sha256"
        case deployedAt = "deployed_at"
    }
}

extension DefinitionVersionRecord {
    /// The public value.
    var value: DefinitionVersion {
        DefinitionVersion(kind: DefinitionKind(rawValue: kind) ?? .workflow, id: definitionID, version: version,
                          title: title, sha256: contentSHA256, source: source, deployedAt: deployedAt)
    }
}
