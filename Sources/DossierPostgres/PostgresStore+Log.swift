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
    /// events, the last of which also moves the head, each sent without waiting (the commit
    /// reports a failure).
    static func append(_ entries: [(dossierID: Int?, taskID: Int?, event: DossierEvent)], head: inout LockedHead, _ session: Session) throws {
        guard !entries.isEmpty else { return }
        var sequence = head.sequence, previous = head.hash, last = head.at ?? ""
        var start = entries.startIndex
        while start < entries.endIndex {
            let end = min(start + eventsPerStatement, entries.endIndex)
            var sql = SQL()
            var rows: [String] = []
            for (dossierID, taskID, event) in entries[start..<end] {
                sequence += 1
                let at = StoredTime.text(event.at)
                let details = EventChain.details(event.details)
                let hash = EventChain.hash(previous: previous, sequence: sequence, columns: [
                    dossierID.map { String($0) }, taskID.map { String($0) }, at, event.actor, event.kind.rawValue, event.action,
                    event.fromState, event.toState, event.note, details,
                ])
                let values: [String] = [
                    sql.bind(sequence), sql.bind(dossierID), sql.bind(taskID), sql.bind(at), sql.bind(event.actor), sql.bind(event.kind.rawValue),
                    sql.bind(event.action), sql.bind(event.fromState), sql.bind(event.toState), sql.bind(event.note), sql.bind(details),
                    sql.bind(previous), sql.bind(hash),
                ]
                rows.append("(" + values.joined(separator: ", ") + ")")
                previous = hash
                last = max(last, at)
            }
            let insert = """
                INSERT INTO event (seq, dossier_id, task_id, at, actor, kind, action, from_state, to_state, note, details, prev_hash, hash)
                VALUES \(rows.joined(separator: ", "))
                """
            if end == entries.endIndex {
                sql.text = """
                    WITH moved AS (UPDATE chain_head SET seq = \(sql.bind(sequence)), hash = \(sql.bind(previous)), at = \(sql.bind(last)) WHERE id = 1)
                    \(insert)
                    """
            } else {
                sql.text = insert
            }
            _ = session.send(sql.query)
            start = end
        }
        head.sequence = sequence
        head.hash = previous
        head.at = last
    }

    /// How many events one statement appends (13 values each, well under PostgreSQL's 65,535).
    static let eventsPerStatement = 500
}
