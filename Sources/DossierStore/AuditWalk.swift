import DossierEngine
import Foundation

/// `dossier audit verify`'s checks, whatever the database: the hash chain walked event by
/// event, and each dossier's rows held against its log.
package struct AuditWalk {
    /// What is wrong, the first found first.
    package private(set) var problems: [String] = []
    /// Events walked.
    package private(set) var eventsChecked = 0
    private var previousHash = EventChain.genesis
    private var expected = 1

    package init() {}

    /// Checks the next event of the log, as stored: its place, its hash, and that it follows the one before.
    package mutating func visit(sequence: Int, columns: [String?], previous storedPrevious: String, hash storedHash: String) {
        eventsChecked += 1
        if sequence != expected {
            problems.append(sequence > expected
                ? "event \(expected)\(sequence - expected > 1 ? "–\(sequence - 1)" : "") is missing: deleted from the log"
                : "event \(sequence) appears out of order: inserted into the log")
        }
        let recomputed = EventChain.hash(previous: storedPrevious, sequence: sequence, columns: columns)
        if recomputed != storedHash {
            problems.append("event \(sequence) was edited: its content no longer matches its hash")
        } else if storedPrevious != previousHash, sequence == expected {
            problems.append("event \(sequence) does not follow event \(sequence - 1): an event was inserted, deleted or replaced before it")
        }
        previousHash = storedHash
        expected = sequence + 1
    }

    /// Checks the chain head against the last event walked.
    package mutating func end(headSequence: Int, headHash: String) {
        if headSequence != expected - 1 {
            problems.append(headSequence > expected - 1
                ? "the log ends at event \(expected - 1) but recorded \(headSequence) events: the last \(headSequence - expected + 1) were deleted"
                : "the log has events after \(headSequence), the last one recorded: they were inserted")
        } else if headHash != previousHash {
            problems.append("the last event \(headSequence) is not the one recorded: it was replaced")
        }
    }

    /// Checks one dossier: its state column, its snapshot and its open tasks agree with its last events.
    package mutating func check(dossier id: Int, state: String, snapshot: String?, loggedState: String?, openTasks: Int) {
        if loggedState != state {
            problems.append("dossier \(id) is in state '\(state)' but its log says '\(loggedState ?? "nothing")'")
        }
        let decoded = snapshot.flatMap { try? JSONDecoder().decode(Dossier.self, from: Data($0.utf8)) }
        if decoded?.stateID != state {
            problems.append("dossier \(id)'s snapshot disagrees with its state column")
        }
        let expected = decoded?.openTaskNumbers.count ?? 0
        if openTasks != expected {
            problems.append("dossier \(id) has \(openTasks) open tasks in the task table but \(expected) in its state and duties")
        }
    }

    /// The report.
    package var report: AuditReport { AuditReport(eventsChecked: eventsChecked, problems: problems) }

    /// The query that reads each dossier with its logged state and its open tasks, for ``check(dossier:state:snapshot:loggedState:openTasks:)``.
    package static let dossierQuery = dossierQuery(after: nil, limit: nil)

    /// The same, from the dossier after the one `after` (a placeholder) names, `limit` of them.
    package static func dossierQuery(after placeholder: String?, limit: Int?) -> String {
        """
        SELECT d.id, d.state_id, d.snapshot,
               (SELECT to_state FROM event e WHERE e.dossier_id = d.id AND e.kind IN ('started', 'transitioned', 'destroyed')
                ORDER BY e.seq DESC LIMIT 1) AS logged_state,
               (SELECT COUNT(*) FROM task t WHERE t.dossier_id = d.id AND t.closed_at IS NULL) AS open_tasks
        FROM dossier d \(placeholder.map { "WHERE d.id > \($0) " } ?? "")ORDER BY d.id\(limit.map { " LIMIT \($0)" } ?? "")
        """
    }
}
