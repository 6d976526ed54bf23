import DossierDefinition
import DossierEngine
import Foundation
import GRDB

/// Dossiers, tasks and the event log.
extension SQLiteStore {

    // MARK: Reading

    /// Dossier `id` as last stored, or `nil`.
    public func dossier(_ id: Int) throws -> Dossier? {
        try read { db in try Self.fetchDossier(id, db) }
    }

    static func fetchDossier(_ id: Int, _ db: Database) throws -> Dossier? {
        guard let snapshot = try String.fetchOne(db, sql: "SELECT snapshot FROM dossier WHERE id = ?", arguments: [id]) else { return nil }
        return try decodeDossier(snapshot, db)
    }

    /// Task `id`, open or closed, or `nil`.
    public func task(_ id: Int) throws -> TaskSummary? {
        try read { db in
            try Self.fetchTasks(db, sql: "SELECT \(Self.taskColumns) FROM task WHERE id = ?", arguments: [id]).first
        }
    }

    /// Tasks matching `query`, through the partial indexes on open tasks.
    public func tasks(_ query: TaskQuery) throws -> [TaskSummary] {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if !query.includeClosed, query.dueWithin == nil, query.closedWithin == nil { conditions.append("closed_at IS NULL") }
        if let range = query.dueWithin {
            conditions.append("due_at >= ? AND due_at < ?")
            arguments += [StoredTime.text(range.lowerBound), StoredTime.text(range.upperBound)]
        }
        if let range = query.closedWithin {
            conditions.append("closed_at >= ? AND closed_at < ?")
            arguments += [StoredTime.text(range.lowerBound), StoredTime.text(range.upperBound)]
        }
        if let role = query.roleID { conditions.append("role_id = ?"); arguments.append(role) }
        if let assignee = query.assignee { conditions.append("assignee = ?"); arguments.append(assignee) }
        if query.unassigned { conditions.append("assignee IS NULL") }
        if let dossier = query.dossierID { conditions.append("dossier_id = ?"); arguments.append(dossier) }
        if let due = query.dueBefore { conditions.append("due_at IS NOT NULL AND due_at < ?"); arguments.append(StoredTime.text(due)) }
        var sql = "SELECT \(Self.taskColumns) FROM task"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += query.dueBefore == nil ? " ORDER BY opened_at, id" : " ORDER BY due_at, id"
        if let limit = query.limit { sql += " LIMIT \(limit)" }
        let statementArguments = StatementArguments(arguments)
        return try read { db in
            try Self.fetchTasks(db, sql: sql, arguments: statementArguments)
        }
    }

    /// The task columns in the order `fetchTasks` reads them by position.
    static let taskColumns = "id, dossier_id, number, workflow_id, workflow_version, state_id, role_id, assignee, opened_at, due_at, closed_at, closed_by, action"

    /// The tasks a `SELECT \(taskColumns) …` returns, read straight from SQLite's columns (a
    /// listing of thousands of tasks spends most of its time here).
    static func fetchTasks(_ db: Database, sql: String, arguments: StatementArguments) throws -> [TaskSummary] {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(arguments)
        var tasks: [TaskSummary] = []
        try ColumnReader.forEachRow(of: statement) { row in
            tasks.append(TaskSummary(
                id: row.integer(0), dossierID: row.integer(1), number: row.integer(2), workflowID: row.text(3) ?? "",
                workflowVersion: row.integer(4), stateID: row.text(5) ?? "", roleID: row.text(6), assignee: row.text(7),
                openedAt: row.moment(8) ?? Date(timeIntervalSince1970: 0), dueAt: row.moment(9), closedAt: row.moment(10),
                closedBy: row.text(11), action: row.text(12)))
        }
        return tasks
    }

    /// The events of one dossier, or of the whole store, in log order.
    public func events(dossier id: Int?) throws -> [StoredEvent] {
        try read { db in
            let rows = if let id {
                try Row.fetchAll(db, sql: "SELECT * FROM event WHERE dossier_id = ? ORDER BY seq", arguments: [id])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM event ORDER BY seq")
            }
            var sealing = PersonalSealing(db)
            return try rows.map { try sealing.opened(Self.storedEvent($0)) }
        }
    }

    static func storedEvent(_ row: Row) -> StoredEvent {
        let details = (try? JSONDecoder().decode([String: String].self, from: Data((row["details"] as String? ?? "{}").utf8))) ?? [:]
        return StoredEvent(sequence: row["seq"], dossierID: row["dossier_id"], taskID: row["task_id"],
                           at: StoredTime.date(row["at"]) ?? Date(timeIntervalSince1970: 0), actor: row["actor"], kind: row["kind"],
                           action: row["action"], fromState: row["from_state"], toState: row["to_state"], note: row["note"],
                           details: details, hash: row["hash"])
    }

    /// The moment of the last event, from the chain head.
    /// The latest moment the store has reached: its last event, or a simulation store's clock
    /// when set later.
    static func latestMoment(_ db: Database) throws -> String? {
        try String.fetchOne(db, sql: """
            SELECT MAX(at) FROM (SELECT at FROM chain_head WHERE id = 1 UNION ALL SELECT at FROM simulation_clock WHERE id = 1)
            """)
    }

    public func lastEventTime() throws -> Date? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT at FROM chain_head WHERE id = 1").flatMap(StoredTime.date)
        }
    }

    /// Running and finished dossiers per version of workflow `id`.
    public func dossierCounts(workflow id: String) throws -> [Int: (running: Int, finished: Int)] {
        try read { db in
            var counts: [Int: (running: Int, finished: Int)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT workflow_version, SUM(finished = 0) AS running, SUM(finished = 1) AS done
                FROM dossier WHERE workflow_id = ? GROUP BY workflow_version
                """, arguments: [id]) {
                counts[row["workflow_version"]] = (row["running"] ?? 0, row["done"] ?? 0)
            }
            return counts
        }
    }

    // MARK: Writing

    /// Starts a dossier: allocates its number, runs `make` (the engine) with it, and stores the
    /// result with its events, all in one transaction.
    public func startDossier(at moment: Moment, _ make: (Int, Date) throws -> WorkflowEngine.Step) throws -> (Dossier, TaskSummary?) {
        try write { db in
            let time = try Self.settle(moment, db)
            let id = (try Int.fetchOne(db, sql: "SELECT MAX(id) FROM dossier") ?? 0) + 1
            return try Self.insertStarted(try make(id, time), at: time, db)
        }
    }

    /// For each department a scheduled workflow runs in ("" for the office), the first day whose
    /// occurrence is still to start.
    public func scheduleCursors(workflow: String) throws -> [String: CalendarDate] {
        try read { db in
            var cursors: [String: CalendarDate] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT scope, next_from FROM schedule_cursor WHERE workflow_id = ?", arguments: [workflow]) {
                let scope: String = row["scope"]
                let text: String = row["next_from"]
                guard let day = CalendarDate(iso: text) else {
                    throw StoreError.unreadable(path: path, reason: "the schedule cursor of \(workflow) (\(scope.isEmpty ? "office" : scope)) holds \"\(text)\", not a date; run `dossier audit verify`")
                }
                cursors[scope] = day
            }
            return cursors
        }
    }

    /// Begins `workflow`'s schedule for `scope` with the occurrences whose own day is `day` or
    /// later, unless it has begun already; or, with `skippingTo`, moves a begun schedule past the
    /// occurrences before `day` (nobody could be given them). The moment is settled first, so a
    /// refused time writes nothing.
    public func beginSchedule(workflow: String, scope: String, from day: CalendarDate, skippingTo: Bool = false, at moment: Moment) throws {
        try write { db in
            _ = try Self.settle(moment, db)
            if skippingTo {
                try db.execute(sql: "UPDATE schedule_cursor SET next_from = ? WHERE workflow_id = ? AND scope = ? AND next_from < ?",
                               arguments: [day.description, workflow, scope, day.description])
            } else {
                try db.execute(sql: "INSERT INTO schedule_cursor (workflow_id, scope, next_from) VALUES (?, ?, ?) ON CONFLICT (workflow_id, scope) DO NOTHING",
                               arguments: [workflow, scope, day.description])
            }
        }
    }

    /// Starts the dossier of the occurrence of `workflow`'s schedule for `scope` whose own day is
    /// `day`, made by `make`, and moves the scope's cursor past that day, in one transaction;
    /// `nil` (and nothing written) when the cursor is past it already, as after another sweep.
    public func startOccurrence(workflow: String, scope: String, day: CalendarDate, at moment: Moment,
                                _ make: (Int, Date) throws -> WorkflowEngine.Step) throws -> (Dossier, TaskSummary?)? {
        try write { db in
            let time = try Self.settle(moment, db)
            if let text = try String.fetchOne(db, sql: "SELECT next_from FROM schedule_cursor WHERE workflow_id = ? AND scope = ?",
                                              arguments: [workflow, scope]),
               let next = CalendarDate(iso: text), day < next {
                return nil
            }
            let id = (try Int.fetchOne(db, sql: "SELECT MAX(id) FROM dossier") ?? 0) + 1
            let started = try Self.insertStarted(try make(id, time), at: time, db)
            try db.execute(sql: """
                INSERT INTO schedule_cursor (workflow_id, scope, next_from) VALUES (?, ?, ?)
                ON CONFLICT (workflow_id, scope) DO UPDATE SET next_from = excluded.next_from
                """, arguments: [workflow, scope, day.adding(days: 1).description])
            return started
        }
    }

    /// Stores a dossier just started, its task, its running deadlines, fines and events.
    static func insertStarted(_ step: WorkflowEngine.Step, at time: Date, _ db: Database) throws -> (Dossier, TaskSummary?) {
        try db.execute(sql: """
            INSERT INTO dossier (id, workflow_id, workflow_version, state_id, finished, started_at, updated_at, revision, snapshot)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [step.dossier.id, step.dossier.workflowID, step.dossier.workflowVersion, step.dossier.stateID, step.dossier.isFinished,
                             StoredTime.text(time), StoredTime.text(time), step.dossier.revision, try Self.snapshot(step.dossier, at: time, db)])
        let opened = try Self.syncTasks(step, closing: nil, at: time, db)
        try Self.syncRunningDeadlines(step, db)
        try Self.append(try Self.record(step.fines, dossier: step.dossier, assessedAt: time, db) + step.events, dossier: step.dossier, db)
        return (step.dossier, opened)
    }

    /// Stores the result of a step on a dossier read at `revision`. If the dossier changed in
    /// the meantime nothing is written and `StoreError.conflict` is thrown.
    public func commit(_ computed: WorkflowEngine.Step, readAt revision: Int, at moment: Moment,
                       archiveNumbers: ArchiveNumbering? = nil) throws -> TaskSummary? {
        try commit(computed, readAt: revision, at: moment, archiveNumbers: archiveNumbers, together: [])
    }

    /// Stores a step and the steps it takes on other dossiers (a destruction list's on the
    /// dossiers it destroys), each read at its revision, all in one transaction: if any
    /// dossier changed in the meantime, nothing is written.
    public func commit(_ computed: WorkflowEngine.Step, readAt revision: Int, at moment: Moment, archiveNumbers: ArchiveNumbering?,
                       together others: [(step: WorkflowEngine.Step, readAt: Int)]) throws -> TaskSummary? {
        try write { db in
            let time = try Self.settle(moment, db)
            for other in others {
                _ = try Self.store(StoredStep.restamp(other.step, from: moment.date, to: time), readAt: other.readAt, at: time, archiveNumbers: nil, db)
            }
            return try Self.store(StoredStep.restamp(computed, from: moment.date, to: time), readAt: revision, at: time, archiveNumbers: archiveNumbers, db)
        }
    }

    /// Writes one step read at `revision`, settled at `time`, in the transaction of `db`.
    private static func store(_ step: WorkflowEngine.Step, readAt revision: Int, at time: Date, archiveNumbers: ArchiveNumbering?,
                              _ db: Database) throws -> TaskSummary? {
        try db.execute(sql: """
            UPDATE dossier SET state_id = ?, finished = ?, updated_at = ?, revision = ?, snapshot = ?
            WHERE id = ? AND revision = ?
            """, arguments: [step.dossier.stateID, step.dossier.isFinished, StoredTime.text(time), step.dossier.revision,
                             try Self.snapshot(step.dossier, at: time, db), step.dossier.id, revision])
        guard db.changesCount == 1 else {
            throw StoreError.conflict("dossier \(step.dossier.id)")
        }
        let opened = try Self.syncTasks(step, closing: step.closedTask, at: time, db)
        try Self.syncLentDossiers(step, db)
        try Self.syncCertificates(step, db)
        try Self.syncRunningDeadlines(step, db)
        // Fines incurred up to the command come first in the log: they happened before it.
        var events = try Self.record(step.fines, dossier: step.dossier, assessedAt: time, db) + step.events
        if step.effects.contains(.assignArchiveNumber), let archiveNumbers {
            events.append(try Self.assignArchiveNumber(to: step.dossier, using: archiveNumbers, at: time, db))
        }
        try Self.append(events, dossier: step.dossier, db)
        return opened
    }

    /// Allocates the next number of the pattern's sequence in this transaction, so concurrent
    /// registrations get consecutive numbers and a failed one uses none.
    static func assignArchiveNumber(to dossier: Dossier, using numbering: ArchiveNumbering, at time: Date,
                                    _ db: Database) throws -> DossierEvent {
        let pattern = numbering.pattern
        let scope = pattern.scopeKey(year: numbering.year, month: numbering.month)
        let next = (try Int.fetchOne(db, sql: "SELECT last FROM archive_sequence WHERE scope = ?", arguments: [scope]) ?? 0) + 1
        guard let number = pattern.format(sequence: next, year: numbering.year, month: numbering.month) else {
            throw StoreError.archiveNumbersExhausted(pattern: pattern.source, largest: pattern.largestSequence)
        }
        try db.execute(sql: "INSERT INTO archive_sequence (scope, last) VALUES (?, ?) ON CONFLICT (scope) DO UPDATE SET last = excluded.last",
                       arguments: [scope, next])
        try db.execute(sql: "INSERT INTO archive_number (dossier_id, number, workflow_id, assigned_at) VALUES (?, ?, ?, ?)",
                       arguments: [dossier.id, number, dossier.workflowID, StoredTime.text(time)])
        return StoredStep.archiveNumberAssigned(number, sequence: next, to: dossier, at: time)
    }

    /// The archive number given to `dossier` at registration, if any.
    public func archiveNumber(of dossier: Int) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT number FROM archive_number WHERE dossier_id = ?", arguments: [dossier]) }
    }

    /// Every archive number given, in the order of registration; only `workflow`'s when named.
    public func registeredNumbers(workflow: String? = nil) throws -> [RegisteredNumber] {
        try read { db in
            // The order of registration is the order of the log: two registrations in the same
            // minute keep it (the table's rowid is the dossier's number, not the order).
            let sql = """
                SELECT a.number, a.dossier_id, a.workflow_id, a.assigned_at FROM archive_number a
                LEFT JOIN event e ON e.dossier_id = a.dossier_id AND e.kind = 'archive-number-assigned'
                \(workflow == nil ? "" : "WHERE a.workflow_id = ?") ORDER BY a.assigned_at, e.seq
                """
            let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(workflow.map { [$0] } ?? []))
            return rows.map { row in
                RegisteredNumber(number: row[0], dossierID: row[1], workflowID: row[2], assignedAt: StoredTime.date(row[3]) ?? Date(timeIntervalSince1970: 0))
            }
        }
    }

    /// The snapshot of `dossier` as stored: JSON, its personal fields sealed.
    static func snapshot(_ dossier: Dossier, at time: Date, _ db: Database) throws -> String {
        var sealing = PersonalSealing(db)
        return try StoredStep.snapshot(try sealing.sealed(dossier, at: time))
    }

    /// A stored snapshot read back, its personal fields opened.
    static func decodeDossier(_ snapshot: String, _ db: Database) throws -> Dossier {
        var sealing = PersonalSealing(db)
        return try sealing.opened(try JSONDecoder().decode(Dossier.self, from: Data(snapshot.utf8)))
    }

    /// Time never goes backwards in a store. A moment given with `--at` that is earlier than
    /// the last event is refused; a clock reading taken before another process committed is
    /// lifted to that event's moment (the two commands were simultaneous).
    static func settle(_ moment: Moment, _ db: Database) throws -> Date {
        guard let text = try latestMoment(db), let last = StoredTime.date(text),
              StoredTime.text(moment.date) < text else { return moment.date }
        if moment.isGiven { throw StoreError.timeGoesBackwards(requested: moment.date, last: last) }
        return last
    }

    /// Closes the step's closed task and inserts or updates the open one; returns the open task.
    static func syncTasks(_ step: WorkflowEngine.Step, closing number: Int?, at time: Date, _ db: Database) throws -> TaskSummary? {
        let dossier = step.dossier
        if let number {
            let closer = step.events.last { $0.kind == .taskClosed }
            try db.execute(sql: "UPDATE task SET closed_at = ?, closed_by = ?, action = ? WHERE dossier_id = ? AND number = ? AND closed_at IS NULL",
                           arguments: [StoredTime.text(time), closer?.actor, closer?.action, dossier.id, number])
        }
        if step.dutiesChanged { try syncDuties(step, db) }
        if !dossier.parallelTasks.isEmpty { try syncParallelTasks(step, db) }
        guard let open = dossier.openTask else { return nil }
        // Update in place when the task exists (an upsert would burn an AUTOINCREMENT id).
        let due = open.dueAt.map(StoredTime.text)
        let nextCheck = step.nextFineCheck.map(StoredTime.text)
        try db.execute(sql: "UPDATE task SET assignee = ?, due_at = ?, due_calendar = ?, due_provisional = ?, fine_next_at = ? WHERE dossier_id = ? AND number = ?",
                       arguments: [open.assignee, due, open.dueCalendar?.label, open.dueCalendar?.isProvisional == true, nextCheck,
                                   dossier.id, open.number])
        if db.changesCount == 0 {
            try db.execute(sql: """
                INSERT INTO task (dossier_id, number, workflow_id, workflow_version, state_id, role_id, assignee, opened_at, due_at,
                                  due_calendar, due_provisional, fine_next_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [dossier.id, open.number, dossier.workflowID, dossier.workflowVersion, open.stateID, open.roleID, open.assignee,
                                 StoredTime.text(open.openedAt), due, open.dueCalendar?.label, open.dueCalendar?.isProvisional == true,
                                 nextCheck])
        }
        return try fetchTasks(db, sql: "SELECT \(taskColumns) FROM task WHERE dossier_id = ? AND number = ?", arguments: [dossier.id, open.number]).first
    }

    /// Keeps the task rows of the dossier's open duties (who holds them) and its duties still to
    /// open (`duty_opening`, where the sweep finds them) in step with the dossier.
    static func syncDuties(_ step: WorkflowEngine.Step, _ db: Database) throws {
        let dossier = step.dossier
        for (_, duty) in dossier.duties.sorted(by: { $0.key < $1.key }) where duty.isOpen {
            guard let number = duty.taskNumber else { continue }
            if let next = step.nextTaskChecks[number] {
                // Assessed by the step (a reassignment): the sweep carries on from there.
                let overdue = next == nil || next.map { $0 > duty.dueAt } == true
                try db.execute(sql: """
                    UPDATE task SET assignee = ?, fine_next_at = ?, overdue_since = CASE WHEN ? THEN COALESCE(overdue_since, ?) ELSE overdue_since END
                    WHERE dossier_id = ? AND number = ? AND closed_at IS NULL
                    """, arguments: [duty.assignee, next.map(StoredTime.text), overdue, StoredTime.text(duty.dueAt), dossier.id, number])
            } else {
                try db.execute(sql: "UPDATE task SET assignee = ? WHERE dossier_id = ? AND number = ? AND closed_at IS NULL",
                               arguments: [duty.assignee, dossier.id, number])
            }
            guard db.changesCount == 0 else { continue }
            let stateID = dossier.dutyID(task: number) ?? ""
            let due = StoredTime.text(duty.dueAt)
            // Opened by this step: assessed by it too when it says so, else from its due moment.
            let fineNext: String? = if let next = step.nextTaskChecks[number] { next.map(StoredTime.text) } else { due }
            try db.execute(sql: """
                INSERT INTO task (dossier_id, number, workflow_id, workflow_version, state_id, role_id, assignee, opened_at, due_at,
                                  due_calendar, due_provisional, fine_next_at)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                WHERE NOT EXISTS (SELECT 1 FROM task WHERE dossier_id = ? AND number = ?)
                """, arguments: [dossier.id, number, dossier.workflowID, dossier.workflowVersion, stateID, duty.roleID,
                                 duty.assignee, StoredTime.text(duty.opensAt), due, duty.dueCalendar?.label,
                                 duty.dueCalendar?.isProvisional == true, fineNext, dossier.id, number])
        }
        // A duty withdrawn (its condition stopped holding) closes its task unrecorded, never to be fined.
        for (_, duty) in dossier.duties.sorted(by: { $0.key < $1.key }) {
            guard let withdrawn = duty.withdrawnAt, let number = duty.taskNumber else { continue }
            try db.execute(sql: """
                UPDATE task SET closed_at = ?, closed_by = ?, fine_next_at = NULL WHERE dossier_id = ? AND number = ? AND closed_at IS NULL
                """, arguments: [StoredTime.text(withdrawn), WorkflowEngine.systemActor, dossier.id, number])
        }
        try db.execute(sql: "DELETE FROM duty_opening WHERE dossier_id = ?", arguments: [dossier.id])
        for (id, duty) in dossier.duties.sorted(by: { $0.key < $1.key }) where duty.isScheduled {
            try db.execute(sql: """
                INSERT INTO duty_opening (dossier_id, timer_id, workflow_id, workflow_version, opens_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [dossier.id, id, dossier.workflowID, dossier.workflowVersion, StoredTime.text(duty.opensAt)])
        }
    }

    /// Keeps the task rows of a parallel state's open tasks in step with the dossier: inserted
    /// when the state opens them (the sweep assesses each from its due moment), and moved with
    /// their role when it passes to someone else.
    static func syncParallelTasks(_ step: WorkflowEngine.Step, _ db: Database) throws {
        let dossier = step.dossier
        for (roleID, task) in dossier.parallelTasks.sorted(by: { $0.value.number < $1.value.number }) {
            let assessed = step.nextTaskChecks[task.number]
            if let next = assessed, let dueAt = task.dueAt {
                // Assessed by the step (a reassignment): the sweep carries on from there.
                let overdue = next == nil || next.map { $0 > dueAt } == true
                try db.execute(sql: """
                    UPDATE task SET assignee = ?, fine_next_at = ?, overdue_since = CASE WHEN ? THEN COALESCE(overdue_since, ?) ELSE overdue_since END
                    WHERE dossier_id = ? AND number = ? AND closed_at IS NULL
                    """, arguments: [task.assignee, next.map(StoredTime.text), overdue, StoredTime.text(dueAt), dossier.id, task.number])
            } else {
                try db.execute(sql: "UPDATE task SET assignee = ? WHERE dossier_id = ? AND number = ? AND closed_at IS NULL",
                               arguments: [task.assignee, dossier.id, task.number])
            }
            guard db.changesCount == 0 else { continue }
            let due = task.dueAt.map(StoredTime.text)
            try db.execute(sql: """
                INSERT INTO task (dossier_id, number, workflow_id, workflow_version, state_id, role_id, assignee, opened_at, due_at,
                                  due_calendar, due_provisional, fine_next_at)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                WHERE NOT EXISTS (SELECT 1 FROM task WHERE dossier_id = ? AND number = ?)
                """, arguments: [dossier.id, task.number, dossier.workflowID, dossier.workflowVersion, task.stateID, roleID, task.assignee,
                                 StoredTime.text(task.openedAt), due, task.dueCalendar?.label, task.dueCalendar?.isProvisional == true,
                                 assessed.map { $0.map(StoredTime.text) } ?? due, dossier.id, task.number])
        }
    }

    /// Keeps `lent_dossier` in step with a loan's lending and return, refusing (as a lost race) a
    /// second loan of a dossier already out, which another process lent a moment ago.
    static func syncLentDossiers(_ step: WorkflowEngine.Step, _ db: Database) throws {
        guard let number = step.dossier.fields["archive-number"] else { return }
        if step.effects.contains(.return) {
            try db.execute(sql: "DELETE FROM lent_dossier WHERE loan_id = ?", arguments: [step.dossier.id])
        }
        if step.effects.contains(.lend) {
            do {
                try db.execute(sql: "INSERT INTO lent_dossier (archive_number, loan_id) VALUES (?, ?)", arguments: [number, step.dossier.id])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw StoreError.conflict("\(number) (lent on another loan a moment ago)")
            }
        }
    }

    /// Inserts the dossier's running deadlines the first time they are seen and stores what the
    /// step says of each: when it is next assessed, and when it was met.
    static func syncRunningDeadlines(_ step: WorkflowEngine.Step, _ db: Database) throws {
        let dossier = step.dossier
        for (id, running) in dossier.runningDeadlines.sorted(by: { $0.key < $1.key }) {
            let next: Date? = step.nextDeadlineChecks[id] ?? (running.isRunning ? running.dueAt : nil)
            try db.execute(sql: """
                INSERT INTO running_deadline (dossier_id, deadline_id, workflow_id, workflow_version, due_at, due_calendar, fine_next_at, met_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (dossier_id, deadline_id) DO UPDATE SET fine_next_at = excluded.fine_next_at, met_at = excluded.met_at,
                    due_at = excluded.due_at, due_calendar = excluded.due_calendar
                """, arguments: [dossier.id, id, dossier.workflowID, dossier.workflowVersion, StoredTime.text(running.dueAt),
                                 running.dueCalendar?.label, next.map(StoredTime.text), running.metAt.map(StoredTime.text)])
        }
    }

    /// Appends events to the chain, in order, and moves the head.
    static func append(_ events: [DossierEvent], dossier: Dossier?, _ db: Database) throws {
        guard let dossier, let first = events.first else { return try append(events.map { (dossier?.id, $0) }, db) }
        var sealing = PersonalSealing(db)
        try append(try sealing.sealed(events, of: dossier, at: first.at).map { (dossier.id, $0) }, db)
    }

    /// Appends events of any dossiers (or none) to the chain, in order, and moves the head.
    /// `knownTasks` maps `dossier.number` to task ids the caller already has.
    static func append(_ entries: [(dossierID: Int?, event: DossierEvent)], knownTasks: [String: Int] = [:], _ db: Database) throws {
        guard !entries.isEmpty else { return }
        guard let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM chain_head WHERE id = 1") else {
            throw StoreError.unreadable(path: db.description, reason: "the event chain has no head")
        }
        var sequence: Int = head["seq"]
        var previous: String = head["hash"]
        var last = ""
        var taskIDs = knownTasks
        let insert = try db.cachedStatement(sql: """
            INSERT INTO event (seq, dossier_id, task_id, at, actor, kind, action, from_state, to_state, note, details, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let lookup = try db.cachedStatement(sql: "SELECT id FROM task WHERE dossier_id = ? AND number = ?")
        // Events of one command share their moment: format it once.
        var stamp: (at: Date, text: String)?
        for (dossierID, event) in entries {
            sequence += 1
            var taskID: Int?
            if let number = event.taskNumber, let dossierID {
                let key = "\(dossierID).\(number)"
                if let known = taskIDs[key] {
                    taskID = known
                } else {
                    taskID = try Int.fetchOne(lookup, arguments: [dossierID, number])
                    taskIDs[key] = taskID
                }
            }
            let at: String
            if let stamp, stamp.at == event.at {
                at = stamp.text
            } else {
                at = StoredTime.text(event.at)
                stamp = (event.at, at)
            }
            let details = EventChain.details(event.details)
            let columns: [String?] = [dossierID.map { String($0) }, taskID.map(String.init), at, event.actor,
                                      event.kind.rawValue, event.action, event.fromState, event.toState, event.note, details]
            let hash = EventChain.hash(previous: previous, sequence: sequence, columns: columns)
            try insert.execute(arguments: [sequence, dossierID, taskID, at, event.actor, event.kind.rawValue, event.action,
                                           event.fromState, event.toState, event.note, details, previous, hash])
            previous = hash
            last = at
        }
        try db.execute(sql: "UPDATE chain_head SET seq = ?, hash = ?, at = MAX(COALESCE(at, ''), ?) WHERE id = 1",
                       arguments: [sequence, previous, last])
    }
}
