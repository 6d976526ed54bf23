import DossierEngine
import DossierStore
import Foundation
import PostgresNIO

/// The event log: appended under the chain head's lock, hashed exactly as the SQLite store
/// hashes it.
extension PostgresStore {
    public func events(dossier id: Int?) throws -> [StoredEvent] {
        try read { session in
            let rows = if let id {
                try session.rows("\(unescaped: Self.eventColumns) WHERE dossier_id = \(id) ORDER BY seq")
            } else {
                try session.rows("\(unescaped: Self.eventColumns) ORDER BY seq")
            }
            var sealing = PersonalSealing(PostgresKeyring(session: session))
            return try rows.map { try sealing.opened(Self.storedEvent($0)) }
        }
    }

    public func lastEventTime() throws -> Date? {
        try read { session in
            let at = try session.rows("SELECT at FROM chain_head WHERE id = 1").first?.decode(String?.self) ?? nil
            return at.flatMap(StoredTime.date)
        }
    }

    static let eventColumns = "SELECT seq, dossier_id, task_id, at, actor, kind, action, from_state, to_state, note, details, hash FROM event"

    static func storedEvent(_ row: PostgresRow) throws -> StoredEvent {
        let (sequence, dossierID, taskID, at, actor, kind, action, from, to, note, details, hash) =
            try row.decode((Int, Int?, Int?, String, String, String, String?, String?, String?, String?, String, String).self)
        return StoredEvent(sequence: sequence, dossierID: dossierID, taskID: taskID, at: StoredTime.date(at) ?? Date(timeIntervalSince1970: 0),
                           actor: actor, kind: kind, action: action, fromState: from, toState: to, note: note,
                           details: (try? JSONDecoder().decode([String: String].self, from: Data(details.utf8))) ?? [:], hash: hash)
    }

    /// The moment a write acts at: `moment`, unless the store has reached a later one (its last
    /// event, or a simulation store's clock), which a clock reading is moved to and a given
    /// moment is refused for. Time never goes backwards.
    static func settle(_ moment: Moment, head: LockedHead, _ session: Session) throws -> Date {
        let clock = try session.rows("SELECT at FROM simulation_clock WHERE id = 1").first?.decode(String.self)
        guard let text = [head.at, clock].compactMap({ $0 }).max(), let last = StoredTime.date(text),
              StoredTime.text(moment.date) < text else { return moment.date }
        if moment.isGiven { throw StoreError.timeGoesBackwards(requested: moment.date, last: last) }
        return last
    }

    /// Appends `entries` (events of a dossier, or of none) to the chain in order and moves the
    /// head, in the write transaction that locked it.
    static func append(_ entries: [(dossierID: Int?, taskID: Int?, event: DossierEvent)], head: inout LockedHead, _ session: Session) throws {
        guard !entries.isEmpty else { return }
        var sequence = head.sequence, previous = head.hash, last = head.at ?? ""
        for (dossierID, taskID, event) in entries {
            sequence += 1
            let at = StoredTime.text(event.at)
            let details = EventChain.details(event.details)
            let hash = EventChain.hash(previous: previous, sequence: sequence, columns: [
                dossierID.map { String($0) }, taskID.map { String($0) }, at, event.actor, event.kind.rawValue, event.action,
                event.fromState, event.toState, event.note, details,
            ])
            try session.rows("""
                INSERT INTO event (seq, dossier_id, task_id, at, actor, kind, action, from_state, to_state, note, details, prev_hash, hash)
                VALUES (\(sequence), \(dossierID), \(taskID), \(at), \(event.actor), \(event.kind.rawValue), \(event.action), \(event.fromState),
                        \(event.toState), \(event.note), \(details), \(previous), \(hash))
                """)
            previous = hash
            last = max(last, at)
        }
        try session.rows("UPDATE chain_head SET seq = \(sequence), hash = \(previous), at = \(last) WHERE id = 1")
        head = LockedHead(sequence: sequence, hash: previous, at: last)
    }
}
