import DossierStore
import Foundation
import PostgresNIO

/// `dossier audit verify` on PostgreSQL: the same walk of the chain and the same checks of each
/// dossier as on SQLite, in one snapshot.
extension PostgresStore {
    public func verifyAudit() throws -> AuditReport {
        try read(Self.audit)
    }

    /// How many events, or dossiers, the audit reads at a time.
    static let auditPage = 10_000

    /// The audit of the store as `session` sees it.
    static func audit(_ session: Session) throws -> AuditReport {
        var walk = AuditWalk()
        // Read a page at a time through the keys: a long log never sits in memory whole.
        var after = 0
        while true {
            let rows = try session.rows("""
                SELECT seq, dossier_id, task_id, at, actor, kind, action, from_state, to_state, note, details, prev_hash, hash
                FROM event WHERE seq > \(after) ORDER BY seq LIMIT \(auditPage)
                """)
            for row in rows {
                let (sequence, dossier, task, at, actor, kind, action, from, to, note, details, previous, hash) =
                    try row.decode((Int, Int?, Int?, String, String, String, String?, String?, String?, String?, String, String, String).self)
                walk.visit(sequence: sequence, columns: [dossier.map { String($0) }, task.map { String($0) }, at, actor, kind, action, from, to,
                                                         note, details],
                           previous: previous, hash: hash)
                after = sequence
            }
            if rows.count < auditPage { break }
        }
        if let head = try session.rows("SELECT seq, hash FROM chain_head WHERE id = 1").first {
            let (sequence, hash) = try head.decode((Int, String).self)
            walk.end(headSequence: sequence, headHash: hash)
        }
        var afterDossier = 0
        while true {
            let rows = try session.rows(PostgresQuery(unsafeSQL: AuditWalk.dossierQuery(after: "$1", limit: auditPage), binds: {
                var binds = PostgresBindings()
                binds.append(afterDossier)
                return binds
            }()))
            for row in rows {
                let (id, state, snapshot, logged, open) = try row.decode((Int, String, String?, String?, Int).self)
                walk.check(dossier: id, state: state, snapshot: snapshot, loggedState: logged, openTasks: open)
                afterDossier = id
            }
            if rows.count < auditPage { break }
        }
        return walk.report
    }
}
