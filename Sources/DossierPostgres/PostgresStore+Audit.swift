import DossierStore
import Foundation
import PostgresNIO

/// `dossier audit verify` on PostgreSQL: the same walk of the chain and the same checks of each
/// dossier as on SQLite, in one snapshot.
extension PostgresStore {
    public func verifyAudit() throws -> AuditReport {
        try read(Self.audit)
    }

    /// The audit of the store as `session` sees it.
    static func audit(_ session: Session) throws -> AuditReport {
        var walk = AuditWalk()
        for row in try session.rows("""
            SELECT seq, dossier_id, task_id, at, actor, kind, action, from_state, to_state, note, details, prev_hash, hash FROM event ORDER BY seq
            """) {
            let (sequence, dossier, task, at, actor, kind, action, from, to, note, details, previous, hash) =
                try row.decode((Int, Int?, Int?, String, String, String, String?, String?, String?, String?, String, String, String).self)
            walk.visit(sequence: sequence, columns: [dossier.map { String($0) }, task.map { String($0) }, at, actor, kind, action, from, to,
                                                     note, details],
                       previous: previous, hash: hash)
        }
        if let head = try session.rows("SELECT seq, hash FROM chain_head WHERE id = 1").first {
            let (sequence, hash) = try head.decode((Int, String).self)
            walk.end(headSequence: sequence, headHash: hash)
        }
        for row in try session.rows(PostgresQuery(unsafeSQL: AuditWalk.dossierQuery)) {
            let (id, state, snapshot, logged, open) = try row.decode((Int, String, String?, String?, Int).self)
            walk.check(dossier: id, state: state, snapshot: snapshot, loggedState: logged, openTasks: open)
        }
        return walk.report
    }
}
