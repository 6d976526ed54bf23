import DossierEngine
import Foundation
import GRDB

/// `dossier audit verify`: recompute the hash chain and check the current state against the log.
extension SQLiteStore {
    /// Recomputes the hash chain and checks every dossier against its log.
    public func verifyAudit() throws -> AuditReport {
        try read { db in
            var problems: [String] = []
            var previousHash = EventChain.genesis
            var expected = 1
            var count = 0
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM event ORDER BY seq")
            while let row = try cursor.next() {
                count += 1
                let sequence: Int = row["seq"]
                if sequence != expected {
                    problems.append(sequence > expected
                        ? "event \(expected)\(sequence - expected > 1 ? "–\(sequence - 1)" : "") is missing: deleted from the log"
                        : "event \(sequence) appears out of order: inserted into the log")
                }
                let columns: [String?] = [(row["dossier_id"] as Int?).map(String.init), (row["task_id"] as Int?).map(String.init),
                                          row["at"], row["actor"], row["kind"], row["action"], row["from_state"], row["to_state"],
                                          row["note"], row["details"]]
                let storedPrevious: String = row["prev_hash"]
                let storedHash: String = row["hash"]
                let recomputed = EventChain.hash(previous: storedPrevious, sequence: sequence, columns: columns)
                if recomputed != storedHash {
                    problems.append("event \(sequence) was edited: its content no longer matches its hash")
                } else if storedPrevious != previousHash, sequence == expected {
                    problems.append("event \(sequence) does not follow event \(sequence - 1): an event was inserted, deleted or replaced before it")
                }
                previousHash = storedHash
                expected = sequence + 1
            }
            if let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM chain_head WHERE id = 1") {
                let headSequence: Int = head["seq"]
                if headSequence != expected - 1 {
                    problems.append(headSequence > expected - 1
                        ? "the log ends at event \(expected - 1) but recorded \(headSequence) events: the last \(headSequence - expected + 1) were deleted"
                        : "the log has events after \(headSequence), the last one recorded: they were inserted")
                } else if (head["hash"] as String) != previousHash {
                    problems.append("the last event \(headSequence) is not the one recorded: it was replaced")
                }
            }
            problems += try Self.checkDerivedState(db)
            return AuditReport(eventsChecked: count, problems: problems)
        }
    }

    /// Each dossier's current state and open task agree with its last events.
    static func checkDerivedState(_ db: Database) throws -> [String] {
        var problems: [String] = []
        let rows = try Row.fetchAll(db, sql: """
            SELECT d.id, d.state_id, d.snapshot,
                   (SELECT to_state FROM event e WHERE e.dossier_id = d.id AND e.kind IN ('started', 'transitioned', 'destroyed')
                    ORDER BY e.seq DESC LIMIT 1) AS logged_state,
                   (SELECT COUNT(*) FROM task t WHERE t.dossier_id = d.id AND t.closed_at IS NULL) AS open_tasks
            FROM dossier d ORDER BY d.id
            """)
        for row in rows {
            let id: Int = row["id"]
            let state: String = row["state_id"]
            let logged: String? = row["logged_state"]
            if logged != state {
                problems.append("dossier \(id) is in state '\(state)' but its log says '\(logged ?? "nothing")'")
            }
            let snapshot = (row["snapshot"] as String?).flatMap { try? JSONDecoder().decode(Dossier.self, from: Data($0.utf8)) }
            if snapshot?.stateID != state {
                problems.append("dossier \(id)'s snapshot disagrees with its state column")
            }
            let openTasks: Int = row["open_tasks"]
            let expected = snapshot?.openTaskNumbers.count ?? 0
            if openTasks != expected {
                problems.append("dossier \(id) has \(openTasks) open tasks in the task table but \(expected) in its state and duties")
            }
        }
        return problems
    }
}
