import DossierEngine
import DossierStore
import Foundation
import PostgresNIO

/// The event log: appended under the chain head's lock, hashed exactly as the SQLite store
/// hashes it.
extension PostgresStore {
    public func events(dossier id: Int?) throws -> [StoredEvent] {
        try readEach { session in
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
        try readEach { session in
            let at = try session.rows("SELECT at FROM chain_head WHERE id = 1").first?.decode(String?.self) ?? nil
            return at.flatMap(StoredTime.date)
        }
    }

    static let eventColumns = "SELECT seq, dossier_id, task_id, at, actor, kind, action, from_state, to_state, note, details, hash FROM event"

    static func storedEvent(_ row: PostgresRow) throws -> StoredEvent {
        var cells = Cells(row)
        return StoredEvent(sequence: try cells.next(), dossierID: try cells.next(), taskID: try cells.next(),
                           at: try cells.moment() ?? Date(timeIntervalSince1970: 0),
                           actor: try cells.next(), kind: try cells.next(), action: try cells.next(), fromState: try cells.next(),
                           toState: try cells.next(), note: try cells.next(),
                           details: (try? JSONDecoder().decode([String: String].self, from: Data(try cells.next(String.self).utf8))) ?? [:],
                           hash: try cells.next())
    }

    /// The moment a write acts at: `moment`, unless the store has reached a later one (its last
    /// event, or a simulation store's clock), which a clock reading is moved to and a given
    /// moment is refused for. Time never goes backwards.
    static func settle(_ moment: Moment, head: LockedHead) throws -> Date {
        guard let text = [head.at, head.clock].compactMap({ $0 }).max(), let last = StoredTime.date(text),
              StoredTime.text(moment.date) < text else { return moment.date }
        if moment.isGiven { throw StoreError.timeGoesBackwards(requested: moment.date, last: last) }
        return last
    }

    /// Appends `entries` (events of a dossier, or of none) to the chain in order and moves the
    /// head, in the write transaction that locked it: a statement for up to `eventsPerStatement`
    /// events, each sent without waiting (the commit reports a failure); the last also moves the
    /// head (as a statement of its own when the session holds a batch, which cannot nest `WITH`).
    static func append(_ entries: [(dossierID: Int?, taskID: Int?, event: DossierEvent)], head: inout LockedHead, _ session: Session) throws {
        guard !entries.isEmpty else { return }
        var sequence = head.sequence, previous = head.hash, last = head.at ?? ""
        var start = entries.startIndex
        while start < entries.endIndex {
            let end = min(start + eventsPerStatement, entries.endIndex)
            var rows: [EventRow] = []
            for (dossierID, taskID, event) in entries[start..<end] {
                sequence += 1
                let at = StoredTime.text(event.at)
                let details = EventChain.details(event.details)
                let hash = EventChain.hash(previous: previous, sequence: sequence, columns: [
                    dossierID.map { String($0) }, taskID.map { String($0) }, at, event.actor, event.kind.rawValue, event.action,
                    event.fromState, event.toState, event.note, details,
                ])
                rows.append(EventRow(sequence: sequence, dossierID: dossierID, taskID: taskID, at: at, event: event, details: details,
                                     previous: previous, hash: hash))
                previous = hash
                last = max(last, at)
            }
            let insert = Statement { sql in
                let values = rows.map { row in
                    let event = row.event
                    return "(" + [
                        sql.bind(row.sequence), sql.bind(row.dossierID), sql.bind(row.taskID), sql.bind(row.at), sql.bind(event.actor),
                        sql.bind(event.kind.rawValue), sql.bind(event.action), sql.bind(event.fromState), sql.bind(event.toState),
                        sql.bind(event.note), sql.bind(row.details), sql.bind(row.previous), sql.bind(row.hash),
                    ].joined(separator: ", ") + ")"
                }
                return """
                    INSERT INTO event (seq, dossier_id, task_id, at, actor, kind, action, from_state, to_state, note, details, prev_hash, hash)
                    VALUES \(values.joined(separator: ", "))
                    """
            }
            if end == entries.endIndex {
                let move: Statement = "UPDATE chain_head SET seq = \(sequence), hash = \(previous), at = \(last) WHERE id = 1"
                if session.isHolding {
                    _ = session.send(move)
                    _ = session.send(insert)
                } else {
                    _ = session.send(Statement { sql in "WITH moved AS (" + move.text(binding: &sql) + ")\n" + insert.text(binding: &sql) })
                }
            } else {
                _ = session.send(insert)
            }
            start = end
        }
        head.sequence = sequence
        head.hash = previous
        head.at = last
    }

    /// One event's row, its hash reckoned.
    private struct EventRow {
        var sequence: Int
        var dossierID: Int?
        var taskID: Int?
        var at: String
        var event: DossierEvent
        var details: String
        var previous: String
        var hash: String
    }

    /// How many events one statement appends (13 values each, well under PostgreSQL's 65,535).
    static let eventsPerStatement = 500
}
