import DossierEngine
import Foundation
import GRDB

/// The safe's book: title certificates on their hand-over lists.
extension SQLiteStore {
    /// Rewrites the dossier's certificate rows from its snapshot when the step changed a list.
    static func syncCertificates(_ step: WorkflowEngine.Step, _ db: Database) throws {
        let kinds: Set<DossierEvent.Kind> = [.certificateAdded, .certificateRemoved, .certificatesSigned, .certificatesHandedOver,
                                             .certificatesRekept, .certificatesReturned]
        guard step.events.contains(where: { kinds.contains($0.kind) }) else { return }
        let dossier = step.dossier
        try db.execute(sql: "DELETE FROM certificate WHERE dossier_id = ?", arguments: [dossier.id])
        let insert = try db.cachedStatement(sql: """
            INSERT INTO certificate (dossier_id, list, line, kind, number, quantity, added_by, signatures, handed_over_at, keeper, returned_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for list in dossier.certificateLists {
            let signatures = EventChain.details(list.signatures)
            for (index, entry) in list.entries.enumerated() {
                try insert.execute(arguments: [dossier.id, list.number, index + 1, entry.kind, entry.number, entry.quantity, entry.addedBy,
                                               signatures, list.handedOverAt.map(StoredTime.text), list.keeper,
                                               list.returnedAt.map(StoredTime.text)])
            }
        }
    }

    /// Certificates in `scope`, by dossier, list and line; only `dossier`'s when given.
    public func certificates(_ scope: CertificateScope, dossier: Int? = nil) throws -> [SafeCertificate] {
        var conditions: [String] = []
        switch scope {
        case .inSafe: conditions.append("c.handed_over_at IS NOT NULL AND c.returned_at IS NULL")
        case .drafts: conditions.append("c.handed_over_at IS NULL")
        case .all: break
        }
        var arguments: StatementArguments = []
        if let dossier {
            conditions.append("c.dossier_id = ?")
            arguments += [dossier]
        }
        let sql = """
            SELECT c.dossier_id, d.workflow_id, a.number, c.list, c.line, c.kind, c.number, c.quantity, c.added_by, c.signatures,
                   c.handed_over_at, c.keeper
            FROM certificate c JOIN dossier d ON d.id = c.dossier_id LEFT JOIN archive_number a ON a.dossier_id = c.dossier_id
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY c.dossier_id, c.list, c.line
            """
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let signatures = (try? JSONDecoder().decode([String: String].self, from: Data((row[9] as String).utf8))) ?? [:]
                return SafeCertificate(dossierID: row[0], workflowID: row[1], archiveNumber: row[2], list: row[3], line: row[4], kind: row[5],
                                       number: row[6], quantity: row[7], addedBy: row[8], signatures: signatures,
                                       handedOverAt: (row[10] as String?).flatMap(StoredTime.date), keeper: row[11])
            }
        }
    }
}
