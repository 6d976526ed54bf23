import DossierEngine
import Foundation
import GRDB

/// Loading many dossiers at once, for migrations from older registers and for benchmarks.
extension SQLiteStore {
    /// Creates `count` dossiers, numbered after the last one, each made by `make` (normally the
    /// engine's `start`), with their tasks and chained events: the same rows `startDossier`
    /// writes, through prepared statements, `batchSize` dossiers per transaction.
    @discardableResult
    public func importDossiers(count: Int, batchSize: Int = 20_000, at time: Date,
                               make: (Int) throws -> WorkflowEngine.Step) throws -> ClosedRange<Int>? {
        guard count > 0 else { return nil }
        let first = try read { db in (try Int.fetchOne(db, sql: "SELECT MAX(id) FROM dossier") ?? 0) + 1 }
        var next = first
        let stamp = StoredTime.text(time)
        while next < first + count {
            let end = min(next + batchSize, first + count)
            let isFirstBatch = next == first
            try write { db in
                // The import as a whole may not start before the last event; its own batches follow each other.
                if isFirstBatch { _ = try Self.settle(.given(time), db) }
                let insertDossier = try db.cachedStatement(sql: """
                    INSERT INTO dossier (id, workflow_id, workflow_version, state_id, finished, started_at, updated_at, revision, snapshot)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let insertTask = try db.cachedStatement(sql: """
                    INSERT INTO task (dossier_id, number, workflow_id, workflow_version, state_id, role_id, assignee, opened_at, due_at,
                                      due_calendar, due_provisional, fine_next_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let insertEvent = try db.cachedStatement(sql: """
                    INSERT INTO event (seq, dossier_id, task_id, at, actor, kind, action, from_state, to_state, note, details, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                guard let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM chain_head WHERE id = 1") else {
                    throw StoreError.unreadable(path: path, reason: "the event chain has no head")
                }
                var sequence: Int = head["seq"]
                var previous: String = head["hash"]
                var latest = stamp
                for id in next..<end {
                    let step = try make(id)
                    let dossier = step.dossier
                    try insertDossier.execute(arguments: [id, dossier.workflowID, dossier.workflowVersion, dossier.stateID, dossier.isFinished,
                                                          stamp, stamp, dossier.revision, try Self.snapshot(dossier, at: time, db)])
                    var taskID: Int?
                    if let open = dossier.openTask {
                        try insertTask.execute(arguments: [id, open.number, dossier.workflowID, dossier.workflowVersion, open.stateID,
                                                           open.roleID, open.assignee, StoredTime.text(open.openedAt),
                                                           open.dueAt.map(StoredTime.text), open.dueCalendar?.label,
                                                           open.dueCalendar?.isProvisional == true, step.nextFineCheck.map(StoredTime.text)])
                        taskID = Int(db.lastInsertedRowID)
                    }
                    var sealing = PersonalSealing(db)
                    for event in try sealing.sealed(step.events, of: dossier, at: time) {
                        sequence += 1
                        let eventTask = event.taskNumber == nil ? nil : taskID
                        let columns: [String?] = [String(id), eventTask.map(String.init), StoredTime.text(event.at), event.actor,
                                                  event.kind.rawValue, event.action, event.fromState, event.toState, event.note,
                                                  EventChain.details(event.details)]
                        let hash = EventChain.hash(previous: previous, sequence: sequence, columns: columns)
                        try insertEvent.execute(arguments: [sequence, id, eventTask, columns[2], event.actor, event.kind.rawValue,
                                                            event.action, event.fromState, event.toState, event.note, columns[9],
                                                            previous, hash])
                        previous = hash
                        if let moment = columns[2], moment > latest { latest = moment }
                    }
                }
                try db.execute(sql: "UPDATE chain_head SET seq = ?, hash = ?, at = MAX(COALESCE(at, ''), ?) WHERE id = 1",
                               arguments: [sequence, previous, latest])
            }
            next = end
        }
        return first...(first + count - 1)
    }

    /// Folds the write-ahead log into the database file.
    public func checkpoint() throws {
        try database.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }
}
