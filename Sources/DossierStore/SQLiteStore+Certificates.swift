import DossierEngine
import Foundation
import GRDB

/// The safe's book: title certificates on their hand-over lists.
extension SQLiteStore {
    /// Rewrites the dossier's certificate rows from its snapshot when the step changed a list.
    static func syncCertificates(_ step: WorkflowEngine.Step, _ db: Database) throws {
        guard StoredStep.changesCertificates(step) else { return }
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
        let sql = SafeCertificate.query(scope, dossier: dossier == nil ? nil : "?")
        let arguments: StatementArguments = dossier.map { [$0] } ?? []
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
