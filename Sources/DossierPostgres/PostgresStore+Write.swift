import DossierStore
import Foundation
import PostgresNIO

/// Writes: one transaction each, the chain head locked first. postgres-nio runs a connection's
/// statements one at a time, each a round trip, and every write waits for the head while another
/// holds it, so a write holds it for as few statements as it can: what it needs to know before
/// it can write (the clock, the last fine and task numbers, the revisions of the dossiers it
/// changes) is one statement once the lock is held; a step's rows are one more (``StatementBatch``,
/// when its task numbers are known); then the commit.
extension PostgresStore {
    /// Runs `body` in one write transaction, the chain head locked first, and returns its result.
    func write<T>(prefetching prefetch: WritePrefetch = WritePrefetch(), _ body: (Session, inout LockedHead) throws -> T) throws -> T {
        try write(prefetching: prefetch, finishing: { session, head in
            let result = try body(session, &head)
            return { result }
        })
    }

    /// Runs `body` in one write transaction, the chain head locked first; `body` returns how its
    /// result is read from the answers of the statements it sent, which is done once `COMMIT`
    /// has been sent behind them (it only reads answers: a write that is refused is refused by
    /// `body` itself, before the commit).
    func write<T>(prefetching prefetch: WritePrefetch = WritePrefetch(),
                  finishing body: (Session, inout LockedHead) throws -> () throws -> T) throws -> T {
        try Self.failing(on: location, writing: true) {
            try connections.with { session in
                try session.transaction(readOnly: false, finishing: { session in
                    // The statements after the lock run once it is held: they see what whoever held
                    // it before committed (a statement waiting for a lock reads the rest of the
                    // database as it was when it began, so nothing else is read by that one).
                    let locked = session.send("SELECT seq, hash, at FROM chain_head WHERE id = 1 FOR UPDATE")
                    // One statement (postgres-nio sends a connection's statements one at a time, each
                    // after the answer to the one before): the clock, the ledger's last fine number
                    // and the asked fines it holds, the last task number, the asked dossiers'
                    // revisions and their tasks' numbers.
                    let dossiers = prefetch.dossiers
                    let after = session.send("""
                        SELECT (SELECT at FROM simulation_clock WHERE id = 1), (SELECT COALESCE(MAX(id), 0) FROM fine),
                               ARRAY(SELECT key FROM fine WHERE key = ANY(\(prefetch.fineKeys))), (SELECT COALESCE(MAX(id), 0) FROM task),
                               ARRAY(SELECT id::bigint FROM dossier WHERE id = ANY(\(dossiers)) ORDER BY id),
                               ARRAY(SELECT revision::bigint FROM dossier WHERE id = ANY(\(dossiers)) ORDER BY id),
                               ARRAY(SELECT dossier_id::bigint FROM task WHERE dossier_id = ANY(\(dossiers)) ORDER BY id),
                               ARRAY(SELECT number::bigint FROM task WHERE dossier_id = ANY(\(dossiers)) ORDER BY id),
                               ARRAY(SELECT id::bigint FROM task WHERE dossier_id = ANY(\(dossiers)) ORDER BY id)
                        """)
                    guard let row = try locked.rows().first, let known = try after.rows().first else {
                        throw StoreError.unreadable(path: location.description, reason: "the event chain has no head")
                    }
                    let (sequence, hash, at) = try row.decode((Int, String, String?).self)
                    let (clock, lastFine, recorded, lastTask, ids, revisions, taskDossiers, taskNumbers, taskIDs) =
                        try known.decode((String?, Int, [String], Int, [Int], [Int], [Int], [Int], [Int]).self)
                    var head = LockedHead(sequence: sequence, hash: hash, at: at, clock: clock,
                                          fines: FineNumbering(last: lastFine, asked: Set(prefetch.fineKeys), recorded: Set(recorded)))
                    if !dossiers.isEmpty {
                        head.revisions = Dictionary(zip(ids, revisions), uniquingKeysWith: { first, _ in first })
                        var numbering = TaskNumbering(last: lastTask)
                        for (dossier, (number, id)) in zip(taskDossiers, zip(taskNumbers, taskIDs)) {
                            numbering.ids[dossier, default: [:]][number] = id
                        }
                        head.tasks = numbering
                    }
                    return try body(session, &head)
                })
            }
        }
    }
}

/// What a write asks for with the clock once it holds the chain head.
struct WritePrefetch {
    /// The keys of the fines it may record.
    var fineKeys: [String] = []
    /// The dossiers whose rows it changes: their revisions and their tasks' numbers.
    var dossiers: [Int] = []
}

/// The chain head as a write transaction locked it, and what the write read with it.
struct LockedHead {
    var sequence: Int
    var hash: String
    /// The last event's moment, as stored.
    var at: String?
    /// A simulation store's clock, as stored (read with the head, and not moved by a write
    /// that is not setting it).
    var clock: String?
    /// The fine ledger as the lock found it, numbered on by the fines the write records.
    var fines: FineNumbering
    /// The revisions of the dossiers the write asked about, as the lock found them (they cannot
    /// move while it is held); `nil` when it asked about none.
    var revisions: [Int: Int]?
    /// The task numbers of the dossiers the write asked about; `nil` when it asked about none.
    var tasks: TaskNumbering?
}

/// The fine ledger's last number, and which of the keys a write asked about it holds.
struct FineNumbering {
    var last: Int
    let asked: Set<String>
    var recorded: Set<String>

    /// Numbering for a write that asked about no fine.
    static let unasked = FineNumbering(last: 0, asked: [], recorded: [])

    enum Number: Equatable {
        /// The fine is new: its number.
        case new(Int)
        /// The ledger has it already; it is left as it is.
        case recorded
        /// The write did not ask about this key: the fine's row says.
        case unknown
    }

    /// The number a fine with `key` recorded now takes.
    mutating func number(_ key: String) -> Number {
        guard asked.contains(key) else { return .unknown }
        guard recorded.insert(key).inserted else { return .recorded }
        last += 1
        return .new(last)
    }

    /// Notes a fine numbered by its row (one the write did not ask about).
    mutating func note(_ number: Int) { last = max(last, number) }
}

/// The store's last task number, and the numbers of the asked dossiers' tasks by their number in
/// the dossier.
struct TaskNumbering {
    var last: Int
    var ids: [Int: [Int: Int]] = [:]

    /// The number of task `number` of `dossier`: the one it has, else the next, taken now.
    mutating func id(dossier: Int, number: Int) -> Int {
        if let id = ids[dossier]?[number] { return id }
        last += 1
        ids[dossier, default: [:]][number] = last
        return last
    }
}
