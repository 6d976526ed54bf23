import DossierEngine
import DossierStore
import Foundation
import PostgresNIO

/// Dossiers and their tasks: started and advanced in one transaction each, a step refused as a
/// lost race when its dossier changed since it was read (`UPDATE … WHERE revision = $n
/// RETURNING`), archive numbers taken from their sequence in the same transaction.
extension PostgresStore {
    // MARK: Reading

    public func dossier(_ id: Int) throws -> Dossier? {
        try readEach { session in try Self.dossiers(session, "WHERE id = \(id)").first }
    }

    public func task(_ id: Int) throws -> TaskSummary? {
        try readEach { session in try Self.tasks(session, "WHERE id = \(id)").first }
    }

    public func tasks(_ query: TaskQuery) throws -> [TaskSummary] {
        var sql = SQL()
        var conditions: [String] = []
        if !query.includeClosed, query.dueWithin == nil, query.closedWithin == nil { conditions.append("closed_at IS NULL") }
        if let range = query.dueWithin {
            conditions.append("due_at >= \(sql.bind(StoredTime.text(range.lowerBound))) AND due_at < \(sql.bind(StoredTime.text(range.upperBound)))")
        }
        if let range = query.closedWithin {
            conditions.append("closed_at >= \(sql.bind(StoredTime.text(range.lowerBound))) AND closed_at < \(sql.bind(StoredTime.text(range.upperBound)))")
        }
        if let role = query.roleID { conditions.append("role_id = \(sql.bind(role))") }
        if let assignee = query.assignee { conditions.append("assignee = \(sql.bind(assignee))") }
        if query.unassigned { conditions.append("assignee IS NULL") }
        if let dossier = query.dossierID { conditions.append("dossier_id = \(sql.bind(dossier))") }
        if let due = query.dueBefore { conditions.append("due_at IS NOT NULL AND due_at < \(sql.bind(StoredTime.text(due)))") }
        sql.text = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        sql.text += query.dueBefore == nil ? " ORDER BY opened_at, id" : " ORDER BY due_at, id"
        if let limit = query.limit { sql.text += " LIMIT \(limit)" }
        return try readEach { session in try Self.tasks(session, sql.query) }
    }

    public func dossierCounts(workflow id: String) throws -> [Int: (running: Int, finished: Int)] {
        try readEach { session in
            var counts: [Int: (running: Int, finished: Int)] = [:]
            for row in try session.rows("""
                SELECT workflow_version, COUNT(*) FILTER (WHERE NOT finished), COUNT(*) FILTER (WHERE finished)
                FROM dossier WHERE workflow_id = \(id) GROUP BY workflow_version
                """) {
                let (version, running, finished) = try row.decode((Int, Int, Int).self)
                counts[version] = (running, finished)
            }
            return counts
        }
    }

    public func dossiers(workflow: String, field: String?, equals value: String?, runningOnly: Bool) throws -> [Dossier] {
        var sql = SQL()
        sql.text = "WHERE workflow_id = \(sql.bind(workflow))"
        if let field, let value {
            sql.text += " AND (snapshot::jsonb -> 'fields' ->> \(sql.bind(field))) = \(sql.bind(value))"
        }
        if runningOnly { sql.text += " AND NOT finished" }
        sql.text += " ORDER BY id"
        return try readEach { session in try Self.dossiers(session, sql.query) }
    }

    public func dossiers(heldBy person: String) throws -> [Dossier] {
        try readEach { session in
            try Self.dossiers(session, """
                WHERE EXISTS (SELECT 1 FROM jsonb_each_text(snapshot::jsonb -> 'assignments') AS a WHERE a.value = \(person)) ORDER BY id
                """)
        }
    }

    public func reassignments(from person: String, after sequence: Int) throws -> [StoredEvent] {
        try readEach { session in
            try session.rows("""
                \(unescaped: Self.eventColumns) WHERE seq > \(sequence) AND kind = 'reassigned' AND details::jsonb ->> 'from' = \(person) ORDER BY seq
                """).map(Self.storedEvent)
        }
    }

    // MARK: The register

    public func archiveNumber(of dossier: Int) throws -> String? {
        try readEach { session in try session.rows("SELECT number FROM archive_number WHERE dossier_id = \(dossier)").first?.decode(String.self) }
    }

    public func registeredNumbers(workflow: String?) throws -> [RegisteredNumber] {
        try readEach { session in
            // The order of registration is the order of the log, also within one minute.
            let rows = if let workflow {
                try session.rows("\(unescaped: Self.registerColumns) WHERE a.workflow_id = \(workflow) ORDER BY a.assigned_at, e.seq")
            } else {
                try session.rows("\(unescaped: Self.registerColumns) ORDER BY a.assigned_at, e.seq")
            }
            return try rows.map(Self.registeredNumber)
        }
    }

    public func registeredDossier(archiveNumber: String) throws -> Int? {
        try readEach { session in try session.rows("SELECT dossier_id FROM archive_number WHERE number = \(archiveNumber)").first?.decode(Int.self) }
    }

    /// The loan that has the dossier numbered `archiveNumber` out now, if any.
    public func loanHolding(archiveNumber: String) throws -> Int? {
        try readEach { session in try session.rows("SELECT loan_id FROM lent_dossier WHERE archive_number = \(archiveNumber)").first?.decode(Int.self) }
    }

    /// The registration of dossier `id`: its archive number and when it got it.
    public func registration(of id: Int) throws -> RegisteredNumber? {
        try readEach { session in
            try session.rows("\(unescaped: Self.registerColumns) WHERE a.dossier_id = \(id)").first.map(Self.registeredNumber)
        }
    }

    private static let registerColumns = """
        SELECT a.number, a.dossier_id, a.workflow_id, a.assigned_at FROM archive_number a
        LEFT JOIN event e ON e.dossier_id = a.dossier_id AND e.kind = 'archive-number-assigned'
        """

    private static func registeredNumber(_ row: PostgresRow) throws -> RegisteredNumber {
        let (number, dossier, workflow, assigned) = try row.decode((String, Int, String, String).self)
        return RegisteredNumber(number: number, dossierID: dossier, workflowID: workflow, assignedAt: StoredTime.date(assigned) ?? Date(timeIntervalSince1970: 0))
    }

    // MARK: The safe

    public func certificates(_ scope: CertificateScope, dossier: Int?) throws -> [SafeCertificate] {
        var sql = SQL()
        sql.text = SafeCertificate.query(scope, dossier: dossier.map { sql.bind($0) })
        return try readEach { session in
            try session.rows(sql.query).map { row in
                let (dossier, workflow, archive, list, line, kind, number, quantity, addedBy, signatures, handedOver, keeper) =
                    try row.decode((Int, String, String?, Int, Int, String, String, Int, String, String, String?, String?).self)
                return SafeCertificate(dossierID: dossier, workflowID: workflow, archiveNumber: archive, list: list, line: line, kind: kind,
                                       number: number, quantity: quantity, addedBy: addedBy,
                                       signatures: (try? JSONDecoder().decode([String: String].self, from: Data(signatures.utf8))) ?? [:],
                                       handedOverAt: handedOver.flatMap(StoredTime.date), keeper: keeper)
            }
        }
    }

    // MARK: Writing

    public func startDossier(at moment: Moment, _ make: (Int, Date) throws -> WorkflowEngine.Step) throws -> (Dossier, TaskSummary?) {
        try write { session, head in
            let time = try Self.settle(moment, head: head)
            let id = try Self.next("dossier", session)
            return try Self.insertStarted(try make(id, time), at: time, head: &head, session)
        }
    }

    public func commit(_ step: WorkflowEngine.Step, readAt revision: Int, at moment: Moment, archiveNumbers: ArchiveNumbering?) throws -> TaskSummary? {
        try commit(step, readAt: revision, at: moment, archiveNumbers: archiveNumbers, together: [])
    }

    public func commit(_ step: WorkflowEngine.Step, readAt revision: Int, at moment: Moment, archiveNumbers: ArchiveNumbering?,
                       together others: [(step: WorkflowEngine.Step, readAt: Int)]) throws -> TaskSummary? {
        let steps = others.map(\.step) + [step]
        let prefetch = WritePrefetch(fineKeys: steps.flatMap { $0.fines.map(\.key) }, dossiers: steps.map(\.dossier.id))
        return try write(prefetching: prefetch, finishing: { session, head in
            let time = try Self.settle(moment, head: head)
            for other in others {
                _ = try Self.store(StoredStep.restamp(other.step, from: moment.date, to: time), readAt: other.readAt, at: time,
                                   archiveNumbers: nil, head: &head, session)
            }
            return try Self.store(StoredStep.restamp(step, from: moment.date, to: time), readAt: revision, at: time,
                                  archiveNumbers: archiveNumbers, head: &head, session)
        })
    }

    /// The number after the largest in `table` (its `id`), taken under the chain head's lock.
    static func next(_ table: String, _ session: Session) throws -> Int {
        try session.rows("SELECT COALESCE(MAX(id), 0) + 1 FROM \(unescaped: table)").first?.decode(Int.self) ?? 1
    }

    /// Stores a dossier just started, its task, its running deadlines, fines and events.
    static func insertStarted(_ step: WorkflowEngine.Step, at time: Date, head: inout LockedHead, _ session: Session) throws -> (Dossier, TaskSummary?) {
        var sealing = PersonalSealing(PostgresKeyring(session: session))
        let dossier = step.dossier
        let snapshot = try StoredStep.snapshot(try sealing.sealed(dossier, at: time))
        _ = session.send("""
            INSERT INTO dossier (id, workflow_id, workflow_version, state_id, finished, started_at, updated_at, revision, snapshot)
            VALUES (\(dossier.id), \(dossier.workflowID), \(dossier.workflowVersion), \(dossier.stateID), \(dossier.isFinished),
                    \(StoredTime.text(time)), \(StoredTime.text(time)), \(dossier.revision), \(snapshot))
            """)
        var unnumbered: TaskNumbering?
        let written = try syncTasks(step, closing: nil, at: time, numbering: &unnumbered, session)
        try syncRunningDeadlines(step, session)
        try append(try record(step.fines, dossier: dossier, assessedAt: time, head: &head, session) + step.events, dossier: dossier, sealing: &sealing,
                   head: &head, taskIDs: try written.ids(), session)
        let opened = try written.openTask()
        return (dossier, opened)
    }

    /// Writes one step read at `revision`, settled at `time`: refused as a lost race when the
    /// dossier's revision moved on since. Returns how the task it left open is read once the
    /// write is committed.
    private static func store(_ step: WorkflowEngine.Step, readAt revision: Int, at time: Date, archiveNumbers: ArchiveNumbering?,
                              head: inout LockedHead, _ session: Session) throws -> () throws -> TaskSummary? {
        var sealing = PersonalSealing(PostgresKeyring(session: session))
        let dossier = step.dossier
        // The revision read with the lock cannot move while it is held (every write holds it): a
        // step read at another one lost the race, and is refused before anything is sent.
        guard head.revisions?[dossier.id] == revision else { throw StoreError.conflict("dossier \(dossier.id)") }
        let snapshot = try StoredStep.snapshot(try sealing.sealed(dossier, at: time))
        // When the step's task numbers are known without asking (no duties or parallel tasks to
        // keep in step, and not closing and reopening one task), its rows, fines and events go
        // to PostgreSQL as one statement.
        let closedKnown = step.closedTask.map { head.tasks?.ids[dossier.id]?[$0] != nil } ?? true
        let batched = head.tasks != nil && closedKnown && !step.dutiesChanged && dossier.parallelTasks.isEmpty
            && step.closedTask != dossier.openTask?.number
        if batched { session.hold() }
        // A second step of the same dossier in this write is read at the revision this one leaves.
        head.revisions?[dossier.id] = dossier.revision
        do {
            _ = session.send("""
                UPDATE dossier SET state_id = \(dossier.stateID), finished = \(dossier.isFinished), updated_at = \(StoredTime.text(time)),
                    revision = \(dossier.revision), snapshot = \(snapshot)
                WHERE id = \(dossier.id) AND revision = \(revision)
                """ as Statement)
            let written = try syncTasks(step, closing: step.closedTask, at: time, numbering: &head.tasks, session)
            try syncLentDossiers(step, session)
            try syncCertificates(step, session)
            try syncRunningDeadlines(step, session)
            // Fines incurred up to the command come first in the log: they happened before it.
            var events = try record(step.fines, dossier: dossier, assessedAt: time, head: &head, session) + step.events
            if step.effects.contains(.assignArchiveNumber), let archiveNumbers {
                events.append(try assignArchiveNumber(to: dossier, using: archiveNumbers, at: time, session))
            }
            let taskIDs = (head.tasks?.ids[dossier.id] ?? [:]).merging(try written.ids()) { _, written in written }
            try append(events, dossier: dossier, sealing: &sealing, head: &head, taskIDs: taskIDs, session)
            session.flush()
            return { try written.openTask() }
        } catch {
            session.discardHeld()
            throw error
        }
    }

    /// Takes the next number of the pattern's sequence in this transaction: registrations on any
    /// server get consecutive numbers, and one rolled back uses none.
    private static func assignArchiveNumber(to dossier: Dossier, using numbering: ArchiveNumbering, at time: Date,
                                            _ session: Session) throws -> DossierEvent {
        let pattern = numbering.pattern
        let scope = pattern.scopeKey(year: numbering.year, month: numbering.month)
        let next = (try session.rows("SELECT last FROM archive_sequence WHERE scope = \(scope)").first?.decode(Int.self) ?? 0) + 1
        guard let number = pattern.format(sequence: next, year: numbering.year, month: numbering.month) else {
            throw StoreError.archiveNumbersExhausted(pattern: pattern.source, largest: pattern.largestSequence)
        }
        _ = session.send("INSERT INTO archive_sequence (scope, last) VALUES (\(scope), \(next)) ON CONFLICT (scope) DO UPDATE SET last = excluded.last")
        _ = session.send("""
            INSERT INTO archive_number (dossier_id, number, workflow_id, assigned_at)
            VALUES (\(dossier.id), \(number), \(dossier.workflowID), \(StoredTime.text(time)))
            """)
        return StoredStep.archiveNumberAssigned(number, sequence: next, to: dossier, at: time)
    }

    /// Appends a dossier's events, their personal details sealed, with the numbers of the tasks
    /// they name (those in `known` by number, the step having just written them).
    static func append(_ events: [DossierEvent], dossier: Dossier, sealing: inout PersonalSealing, head: inout LockedHead,
                       taskIDs known: [Int: Int] = [:], _ session: Session) throws {
        guard let first = events.first else { return }
        var taskIDs: [Int: Int?] = known.mapValues { $0 }
        let entries = try sealing.sealed(events, of: dossier, at: first.at).map { event in
            var taskID: Int?
            if let number = event.taskNumber {
                if let known = taskIDs[number] {
                    taskID = known
                } else {
                    taskID = try session.rows("SELECT id FROM task WHERE dossier_id = \(dossier.id) AND number = \(number)").first?.decode(Int.self)
                    taskIDs[number] = taskID
                }
            }
            return (dossierID: Optional(dossier.id), taskID: taskID, event: event)
        }
        try append(entries, head: &head, session)
    }

    // MARK: Rows derived from the snapshot

    /// Closes the step's closed task and inserts or updates the open one, sending both without
    /// waiting; their rows are read when needed, by the time the connection has run them. With
    /// the `numbering` read under the lock, and nothing else of the step inserting tasks, their
    /// numbers are known here without waiting.
    static func syncTasks(_ step: WorkflowEngine.Step, closing number: Int?, at time: Date, numbering: inout TaskNumbering?,
                          _ session: Session) throws -> WrittenTasks {
        let dossier = step.dossier
        var written = WrittenTasks()
        if step.dutiesChanged || !dossier.parallelTasks.isEmpty { numbering = nil }
        if let number {
            if let id = numbering?.ids[dossier.id]?[number] { written.known[number] = id } else { numbering = nil }
            let closer = step.events.last { $0.kind == .taskClosed }
            written.closed = session.send("""
                UPDATE task SET closed_at = \(StoredTime.text(time)), closed_by = \(closer?.actor), action = \(closer?.action)
                WHERE dossier_id = \(dossier.id) AND number = \(number) AND closed_at IS NULL RETURNING id, number
                """ as Statement)
        }
        if step.dutiesChanged { try syncDuties(step, session) }
        if !dossier.parallelTasks.isEmpty { try syncParallelTasks(step, session) }
        guard let open = dossier.openTask else { return written }
        let due = open.dueAt.map(StoredTime.text)
        let nextCheck = step.nextFineCheck.map(StoredTime.text)
        let calendar = open.dueCalendar
        let id = numbering?.id(dossier: dossier.id, number: open.number)
        if let id { written.known[open.number] = id }
        written.opened = session.send("""
            INSERT INTO task (id, dossier_id, number, workflow_id, workflow_version, state_id, role_id, assignee, opened_at, due_at,
                              due_calendar, due_provisional, fine_next_at)
            SELECT COALESCE(\(id), COALESCE(MAX(id), 0) + 1), \(dossier.id), \(open.number), \(dossier.workflowID), \(dossier.workflowVersion), \(open.stateID),
                   \(open.roleID), \(open.assignee), \(StoredTime.text(open.openedAt)), \(due), \(calendar?.label), \(calendar?.isProvisional == true),
                   \(nextCheck)
            FROM task
            ON CONFLICT (dossier_id, number) DO UPDATE SET assignee = excluded.assignee, due_at = excluded.due_at,
                due_calendar = excluded.due_calendar, due_provisional = excluded.due_provisional, fine_next_at = excluded.fine_next_at
            RETURNING \(unescaped: taskColumnList)
            """ as Statement, returning: taskColumnList)
        return written
    }

    /// The task rows a step closed and opened, as the connection answers.
    struct WrittenTasks {
        var closed: Session.Answer?
        var opened: Session.Answer?
        /// Their numbers when they were known without asking, by their numbers in the dossier.
        var known: [Int: Int] = [:]

        /// The task left open.
        func openTask() throws -> TaskSummary? {
            try opened?.rows().first.map(PostgresStore.task)
        }

        /// The ids of both, by their numbers.
        func ids() throws -> [Int: Int] {
            if !known.isEmpty || (closed == nil && opened == nil) { return known }
            var ids: [Int: Int] = [:]
            for row in try closed?.rows() ?? [] {
                let (id, number) = try row.decode((Int, Int).self)
                ids[number] = id
            }
            if let task = try openTask() { ids[task.number] = task.id }
            return ids
        }
    }

    /// Inserts a task row numbered after the last task of the store, unless the dossier has it
    /// already; returns the row inserted (its columns as `taskColumnList`), none when it had.
    @discardableResult
    private static func insertTask(dossier: Dossier, number: Int, stateID: String, roleID: String?, assignee: String?, openedAt: Date,
                                   dueAt: String?, calendar: CalendarPin?, fineNext: String?, _ session: Session) throws -> [PostgresRow] {
        try session.rows("""
            INSERT INTO task (id, dossier_id, number, workflow_id, workflow_version, state_id, role_id, assignee, opened_at, due_at,
                              due_calendar, due_provisional, fine_next_at)
            SELECT COALESCE(MAX(id), 0) + 1, \(dossier.id), \(number), \(dossier.workflowID), \(dossier.workflowVersion), \(stateID), \(roleID),
                   \(assignee), \(StoredTime.text(openedAt)), \(dueAt), \(calendar?.label), \(calendar?.isProvisional == true), \(fineNext)
            FROM task
            ON CONFLICT (dossier_id, number) DO NOTHING
            RETURNING \(unescaped: taskColumnList)
            """)
    }

    /// Keeps the task rows of the dossier's open duties and its duties still to open in step with it.
    static func syncDuties(_ step: WorkflowEngine.Step, _ session: Session) throws {
        let dossier = step.dossier
        for (_, duty) in dossier.duties.sorted(by: { $0.key < $1.key }) where duty.isOpen {
            guard let number = duty.taskNumber else { continue }
            let updated: [PostgresRow]
            if let next = step.nextTaskChecks[number] {
                // Assessed by the step (a reassignment): the sweep carries on from there.
                let overdue = next == nil || next.map { $0 > duty.dueAt } == true
                updated = try session.rows("""
                    UPDATE task SET assignee = \(duty.assignee), fine_next_at = \(next.map(StoredTime.text)),
                        overdue_since = CASE WHEN \(overdue) THEN COALESCE(overdue_since, \(StoredTime.text(duty.dueAt))) ELSE overdue_since END
                    WHERE dossier_id = \(dossier.id) AND number = \(number) AND closed_at IS NULL RETURNING id
                    """)
            } else {
                updated = try session.rows("""
                    UPDATE task SET assignee = \(duty.assignee) WHERE dossier_id = \(dossier.id) AND number = \(number) AND closed_at IS NULL RETURNING id
                    """)
            }
            guard updated.isEmpty else { continue }
            let due = StoredTime.text(duty.dueAt)
            // Opened by this step: assessed by it too when it says so, else from its due moment.
            let fineNext: String? = if let next = step.nextTaskChecks[number] { next.map(StoredTime.text) } else { due }
            try insertTask(dossier: dossier, number: number, stateID: dossier.dutyID(task: number) ?? "", roleID: duty.roleID,
                           assignee: duty.assignee, openedAt: duty.opensAt, dueAt: due, calendar: duty.dueCalendar, fineNext: fineNext, session)
        }
        // A duty withdrawn (its condition stopped holding) closes its task unrecorded, never to be fined.
        for (_, duty) in dossier.duties.sorted(by: { $0.key < $1.key }) {
            guard let withdrawn = duty.withdrawnAt, let number = duty.taskNumber else { continue }
            try session.rows("""
                UPDATE task SET closed_at = \(StoredTime.text(withdrawn)), closed_by = \(WorkflowEngine.systemActor), fine_next_at = NULL
                WHERE dossier_id = \(dossier.id) AND number = \(number) AND closed_at IS NULL
                """)
        }
        try session.rows("DELETE FROM duty_opening WHERE dossier_id = \(dossier.id)")
        for (id, duty) in dossier.duties.sorted(by: { $0.key < $1.key }) where duty.isScheduled {
            try session.rows("""
                INSERT INTO duty_opening (dossier_id, timer_id, workflow_id, workflow_version, opens_at)
                VALUES (\(dossier.id), \(id), \(dossier.workflowID), \(dossier.workflowVersion), \(StoredTime.text(duty.opensAt)))
                """)
        }
    }

    /// Keeps the task rows of a parallel state's open tasks in step with the dossier.
    private static func syncParallelTasks(_ step: WorkflowEngine.Step, _ session: Session) throws {
        let dossier = step.dossier
        for (roleID, task) in dossier.parallelTasks.sorted(by: { $0.value.number < $1.value.number }) {
            let assessed = step.nextTaskChecks[task.number]
            let updated: [PostgresRow]
            if let next = assessed, let dueAt = task.dueAt {
                let overdue = next == nil || next.map { $0 > dueAt } == true
                updated = try session.rows("""
                    UPDATE task SET assignee = \(task.assignee), fine_next_at = \(next.map(StoredTime.text)),
                        overdue_since = CASE WHEN \(overdue) THEN COALESCE(overdue_since, \(StoredTime.text(dueAt))) ELSE overdue_since END
                    WHERE dossier_id = \(dossier.id) AND number = \(task.number) AND closed_at IS NULL RETURNING id
                    """)
            } else {
                updated = try session.rows("""
                    UPDATE task SET assignee = \(task.assignee) WHERE dossier_id = \(dossier.id) AND number = \(task.number) AND closed_at IS NULL RETURNING id
                    """)
            }
            guard updated.isEmpty else { continue }
            let due = task.dueAt.map(StoredTime.text)
            try insertTask(dossier: dossier, number: task.number, stateID: task.stateID, roleID: roleID, assignee: task.assignee,
                           openedAt: task.openedAt, dueAt: due, calendar: task.dueCalendar,
                           fineNext: assessed.map { $0.map(StoredTime.text) } ?? due, session)
        }
    }

    /// Keeps `lent_dossier` in step with a loan's lending and return, refusing (as a lost race) a
    /// second loan of a dossier already out, which another server lent a moment ago.
    private static func syncLentDossiers(_ step: WorkflowEngine.Step, _ session: Session) throws {
        guard let number = step.dossier.fields["archive-number"] else { return }
        if step.effects.contains(.return) {
            try session.rows("DELETE FROM lent_dossier WHERE loan_id = \(step.dossier.id)")
        }
        if step.effects.contains(.lend) {
            let inserted = try session.rows("""
                INSERT INTO lent_dossier (archive_number, loan_id) VALUES (\(number), \(step.dossier.id)) ON CONFLICT DO NOTHING RETURNING loan_id
                """)
            if inserted.isEmpty { throw StoreError.conflict("\(number) (lent on another loan a moment ago)") }
        }
    }

    /// Rewrites the dossier's certificate rows from its snapshot when the step changed a list.
    private static func syncCertificates(_ step: WorkflowEngine.Step, _ session: Session) throws {
        guard StoredStep.changesCertificates(step) else { return }
        let dossier = step.dossier
        _ = session.send("DELETE FROM certificate WHERE dossier_id = \(dossier.id)")
        for list in dossier.certificateLists {
            let signatures = EventChain.details(list.signatures)
            for (index, entry) in list.entries.enumerated() {
                _ = session.send("""
                    INSERT INTO certificate (dossier_id, list, line, kind, number, quantity, added_by, signatures, handed_over_at, keeper, returned_at)
                    VALUES (\(dossier.id), \(list.number), \(index + 1), \(entry.kind), \(entry.number), \(entry.quantity), \(entry.addedBy),
                            \(signatures), \(list.handedOverAt.map(StoredTime.text)), \(list.keeper), \(list.returnedAt.map(StoredTime.text)))
                    """)
            }
        }
    }

    /// Inserts the dossier's running deadlines the first time they are seen and stores what the
    /// step says of each: when it is next assessed, and when it was met.
    static func syncRunningDeadlines(_ step: WorkflowEngine.Step, _ session: Session) throws {
        let dossier = step.dossier
        for (id, running) in dossier.runningDeadlines.sorted(by: { $0.key < $1.key }) {
            let next: Date? = step.nextDeadlineChecks[id] ?? (running.isRunning ? running.dueAt : nil)
            _ = session.send("""
                INSERT INTO running_deadline (dossier_id, deadline_id, workflow_id, workflow_version, due_at, due_calendar, fine_next_at, met_at)
                VALUES (\(dossier.id), \(id), \(dossier.workflowID), \(dossier.workflowVersion), \(StoredTime.text(running.dueAt)),
                        \(running.dueCalendar?.label), \(next.map(StoredTime.text)), \(running.metAt.map(StoredTime.text)))
                ON CONFLICT (dossier_id, deadline_id) DO UPDATE SET fine_next_at = excluded.fine_next_at, met_at = excluded.met_at,
                    due_at = excluded.due_at, due_calendar = excluded.due_calendar
                """ as Statement)
        }
    }

    // MARK: Fines

    /// Records `fines` not yet in the ledger and returns the `fine-assessed` events for them; a
    /// fine already recorded (same key) is left exactly as it is, and uses no number. The fines
    /// the write asked about when it locked the head are numbered from what it read then, their
    /// rows sent without waiting; any other is numbered by its row.
    static func record(_ fines: [FineOccurrence], dossier: Dossier, assessedAt time: Date, head: inout LockedHead,
                       _ session: Session) throws -> [DossierEvent] {
        try fines.compactMap { fine in
            let id: Int?
            switch head.fines.number(fine.key) {
            case .new(let number):
                _ = session.send(insertion(fine, number: number, assessedAt: StoredTime.text(time)))
                id = number
            case .recorded:
                id = nil
            case .unknown:
                // Numbered after the ledger's last row: the fines held for a batch go first.
                session.sendHeld()
                id = try insert(fine, assessedAt: StoredTime.text(time), session)
                if let id { head.fines.note(id) }
            }
            return id.map { StoredStep.fineAssessed(fine, id: $0, state: dossier.stateID, at: time) }
        }
    }

    /// Inserts one occurrence unless its key is known; returns its ledger number when inserted.
    static func insert(_ fine: FineOccurrence, assessedAt time: String, _ session: Session) throws -> Int? {
        try session.rows(insertion(fine, number: nil, assessedAt: time).query).first?.decode(Int.self)
    }

    /// The statement inserting one occurrence unless its key is known, numbered `number`, else
    /// after the ledger's last; it returns the number when it inserted.
    static func insertion(_ fine: FineOccurrence, number: Int?, assessedAt time: String) -> Statement {
        """
            INSERT INTO fine (id, key, dossier_id, task_number, workflow_id, workflow_version, rule_id, rule_title, violation,
                item_id, repetition, payer, payer_role, occurred_at, month, due_at, calendar, provisional, base_amount,
                escalation_from, escalation_factor, escalation_scope, cap, reason, assessed_at, recorded_by)
            SELECT COALESCE(\(number), (SELECT COALESCE(MAX(id), 0) + 1 FROM fine)), \(fine.key), \(fine.dossierID), \(fine.taskNumber), \(fine.workflowID), \(fine.workflowVersion),
                \(fine.ruleID), \(fine.ruleTitle), \(fine.violation.rawValue), \(fine.itemID), \(fine.repetition), \(fine.payer), \(fine.payerRole),
                \(StoredTime.text(fine.occurredAt)), \(fine.month), \(fine.dueAt.map(StoredTime.text)), \(fine.calendar), \(fine.isProvisional),
                \("\(fine.baseAmount)"), \(fine.escalationFromNth), \(fine.escalationFactor.map { "\($0)" }), \(fine.escalationScope),
                \(fine.cap.map { "\($0)" }), \(fine.reason), \(time), \(fine.recordedBy)
            WHERE NOT EXISTS (SELECT 1 FROM fine WHERE key = \(fine.key))
            RETURNING id
            """
    }

    // MARK: Rows

    /// The columns a ``TaskSummary`` is read from, in ``task(_:)``'s order.
    static let taskColumnList = "id, dossier_id, number, workflow_id, workflow_version, state_id, role_id, assignee, opened_at, due_at, closed_at, closed_by, action"
    static let taskColumns = "SELECT \(taskColumnList) FROM task "

    /// The tasks chosen by `condition` (the rest of the query after the table).
    static func tasks(_ session: Session, _ condition: PostgresQuery) throws -> [TaskSummary] {
        try session.rows(PostgresQuery(unsafeSQL: taskColumns + condition.sql, binds: condition.binds)).map(task)
    }

    /// A task from a row of `taskColumnList`.
    static func task(_ row: PostgresRow) throws -> TaskSummary {
        var cells = Cells(row)
        return TaskSummary(id: try cells.next(), dossierID: try cells.next(), number: try cells.next(), workflowID: try cells.next(),
                           workflowVersion: try cells.next(), stateID: try cells.next(), roleID: try cells.next(), assignee: try cells.next(),
                           openedAt: try cells.moment() ?? Date(timeIntervalSince1970: 0), dueAt: try cells.moment(), closedAt: try cells.moment(),
                           closedBy: try cells.next(), action: try cells.next())
    }

    /// The dossiers chosen by `condition`, their personal fields opened.
    static func dossiers(_ session: Session, _ condition: PostgresQuery) throws -> [Dossier] {
        var sealing = PersonalSealing(PostgresKeyring(session: session))
        let decoder = JSONDecoder()
        return try session.rows(PostgresQuery(unsafeSQL: "SELECT snapshot FROM dossier " + condition.sql, binds: condition.binds)).map { row in
            try sealing.opened(try decoder.decode(Dossier.self, from: Data(try row.decode(String.self).utf8)))
        }
    }
}
