import DossierStore
import Foundation
import NIOCore
import PostgresNIO

/// The sealing keys in the PostgreSQL store's tables, in the transaction of `session` (a
/// write's, when a key is added: its number is taken under the chain head's lock).
struct PostgresKeyring: SealingKeyring {
    let session: Session

    /// The personal fields of a workflow version, remembered once the version is known to be
    /// deployed (a version not yet committed is asked for again).
    func personalFields(workflow: String, version: Int) throws -> [String] {
        if let known = session.memory.personalFields(workflow: workflow, version: version) { return known }
        guard let row = try session.rows("""
            SELECT ARRAY(SELECT field_id FROM personal_field WHERE workflow_id = \(workflow) AND workflow_version = \(version) ORDER BY field_id),
                   EXISTS (SELECT 1 FROM definition_version WHERE kind = 'workflow' AND definition_id = \(workflow) AND version = \(version))
            """).first else { return [] }
        let (fields, deployed) = try row.decode(([String], Bool).self)
        if deployed { session.memory.remember(personalFields: fields, workflow: workflow, version: version) }
        return fields
    }

    /// Remembers the personal fields of every workflow version deployed so far, in one query:
    /// a server's first write of each version then asks nothing more while it holds the chain
    /// head (an office with hundreds of workflows would otherwise pay a round trip under the
    /// lock for each version's first write).
    static func rememberDeployed(_ session: Session) throws {
        for row in try session.rows("""
            SELECT v.definition_id, v.version,
                   ARRAY(SELECT field_id FROM personal_field p WHERE p.workflow_id = v.definition_id AND p.workflow_version = v.version
                         ORDER BY field_id)
            FROM definition_version v WHERE v.kind = 'workflow'
            """) {
            let (workflow, version, fields) = try row.decode((String, Int, [String]).self)
            session.memory.remember(personalFields: fields, workflow: workflow, version: version)
        }
    }

    func referenceSecret() throws -> Data {
        try session.rows("SELECT secret FROM customer_reference_secret WHERE id = 1").first?.decode(Data.self) ?? Data()
    }

    func currentKey(reference: String) throws -> (id: Int64, key: Data)? {
        guard let row = try session.rows("""
            SELECT id, key FROM customer_key WHERE ref = \(reference) AND key IS NOT NULL ORDER BY id DESC LIMIT 1
            """).first else { return nil }
        let (id, key) = try row.decode((Int64, Data).self)
        return (id, key)
    }

    func addKey(reference: String, key: Data, at time: String) throws -> Int64 {
        let id = try session.rows("""
            INSERT INTO customer_key (id, ref, key, created_at) SELECT COALESCE(MAX(id), 0) + 1, \(reference), \(ByteBuffer(bytes: key)), \(time) FROM customer_key
            RETURNING id
            """).first?.decode(Int64.self)
        guard let id else { throw StoreError.writeFailed(path: session.location.description, cause: "a customer key got no number") }
        return id
    }

    func attach(key id: Int64, to dossier: Int) throws {
        try session.rows("INSERT INTO dossier_key (dossier_id, key_id) VALUES (\(dossier), \(id)) ON CONFLICT DO NOTHING")
    }

    func key(_ id: Int64) throws -> StoredKey? {
        guard let row = try session.rows("SELECT key, erased_on, erased_by, request FROM customer_key WHERE id = \(id)").first else { return nil }
        let (key, on, by, request) = try row.decode((Data?, String?, String?, String?).self)
        if let key { return .kept(key) }
        return .erased(on: on, by: by, request: request)
    }
}
