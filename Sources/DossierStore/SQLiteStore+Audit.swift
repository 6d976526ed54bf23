import DossierEngine
import Foundation
import GRDB

/// `dossier audit verify`: recompute the hash chain and check the current state against the log.
extension SQLiteStore {
    /// Recomputes the hash chain and checks every dossier against its log.
    public func verifyAudit() throws -> AuditReport {
        try read { db in
            var walk = AuditWalk()
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM event ORDER BY seq")
            while let row = try cursor.next() {
                let columns: [String?] = [(row["dossier_id"] as Int?).map(String.init), (row["task_id"] as Int?).map(String.init),
                                          row["at"], row["actor"], row["kind"], row["action"], row["from_state"], row["to_state"],
                                          row["note"], row["details"]]
                walk.visit(sequence: row["seq"], columns: columns, previous: row["prev_hash"], hash: row["hash"])
            }
            if let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM chain_head WHERE id = 1") {
                walk.end(headSequence: head["seq"], headHash: head["hash"])
            }
            for row in try Row.fetchAll(db, sql: AuditWalk.dossierQuery) {
                walk.check(dossier: row["id"], state: row["state_id"], snapshot: row["snapshot"], loggedState: row["logged_state"],
                           openTasks: row["open_tasks"])
            }
            return walk.report
        }
    }
}
