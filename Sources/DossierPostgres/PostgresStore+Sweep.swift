import DossierEngine
import DossierStore
import Foundation
import PostgresNIO

/// The sweep on several servers at once: each batch of due work is first claimed (`FOR UPDATE
/// SKIP LOCKED`, with a lease), so servers ticking together share the work instead of doing it
/// twice; it is assessed outside any transaction; and what it found is then written under the
/// chain head's lock, each row only if it is still as it was claimed. A fine is recorded once
/// by its key whatever happens; a server that dies holding a lease leaves its rows to whoever
/// sweeps after the lease ran out.
extension PostgresStore {
    /// How long a claim keeps other servers off the rows it took.
    static let lease = "interval '2 minutes'"

    public func sweep(at moment: Moment, openDuties: (Dossier, Date) throws -> WorkflowEngine.Step?,
                      assess: (DueTask) throws -> WorkflowEngine.Lateness,
                      assessDeadline: (DueDeadline) throws -> WorkflowEngine.Lateness) throws -> SweepReport {
        let time = try readEach { session in
            let head = try session.rows("""
                SELECT seq, hash, at, (SELECT at FROM simulation_clock WHERE id = 1) FROM chain_head WHERE id = 1
                """).first?.decode((Int, String, String?, String?).self)
            return try Self.settle(moment, head: LockedHead(sequence: head?.0 ?? 0, hash: head?.1 ?? "", at: head?.2, clock: head?.3,
                                                      fines: .unasked))
        }
        var report = SweepReport(at: time)
        // Duties open first, so that one whose window has closed already is assessed below.
        while try sweepDuties(at: time, moment: moment, report: &report, openDuties) {}
        while try sweepTasks(at: time, moment: moment, report: &report, assess) {}
        while try sweepRunningDeadlines(at: time, moment: moment, report: &report, assessDeadline) {}
        return report
    }

    /// Claims the rows `candidates` selects (`… FOR UPDATE SKIP LOCKED`) in `table` for a lease,
    /// in a transaction of its own, and returns `returning` of each.
    private func claim(_ table: String, key: String, candidates: PostgresQuery, returning: String) throws -> [PostgresRow] {
        try Self.failing(on: location, writing: true) {
            try connections.with { session in
                try session.transaction(readOnly: false) { session in
                    try session.rows(PostgresQuery(unsafeSQL: """
                        UPDATE \(table) SET sweep_lease = clock_timestamp() + \(Self.lease)
                        WHERE (\(key)) IN (\(candidates.sql) FOR UPDATE SKIP LOCKED) RETURNING \(returning)
                        """, binds: candidates.binds))
                }
            }
        }
    }

    /// One batch of duties to open; whether there may be more.
    private func sweepDuties(at time: Date, moment: Moment, report: inout SweepReport,
                             _ open: (Dossier, Date) throws -> WorkflowEngine.Step?) throws -> Bool {
        let now = StoredTime.text(time)
        let claimed = try claim("duty_opening", key: "dossier_id, timer_id", candidates: """
            SELECT dossier_id, timer_id FROM duty_opening
            WHERE opens_at <= \(now) AND (sweep_lease IS NULL OR sweep_lease < clock_timestamp())
            ORDER BY dossier_id LIMIT \(sweepBatch)
            """, returning: "dossier_id")
        guard !claimed.isEmpty else { return false }
        let ids = Set(try claimed.map { try $0.decode(Int.self) }).sorted()
        var steps: [(read: Dossier, step: WorkflowEngine.Step)] = []
        for id in ids {
            guard let dossier = try dossier(id) else {
                report.problems.append("dossier \(id) has duties to open but is missing; run `dossier audit verify`")
                continue
            }
            do {
                if let step = try open(dossier, time) { steps.append((dossier, step)) }
            } catch {
                report.problems.append("duties of dossier \(id): \(error)")
            }
        }
        let opened = try write { session, head in
            let written = try Self.settle(moment, head: head)
            var opened = 0
            for (read, computed) in steps {
                let step = StoredStep.restamp(computed, from: time, to: written)
                var sealing = PersonalSealing(PostgresKeyring(session: session))
                let snapshot = try StoredStep.snapshot(try sealing.sealed(step.dossier, at: written))
                // A dossier that moved on since it was read had its due duties opened by that step.
                guard try !session.rows("""
                    UPDATE dossier SET updated_at = \(StoredTime.text(written)), revision = \(step.dossier.revision), snapshot = \(snapshot)
                    WHERE id = \(read.id) AND revision = \(read.revision) RETURNING id
                    """).isEmpty else { continue }
                // Only the duties changed: the state's task and its next assessment stay as they are.
                try Self.syncDuties(step, session)
                try Self.append(step.events, dossier: step.dossier, sealing: &sealing, head: &head, session)
                opened += step.events.count { $0.kind == .taskOpened }
            }
            return opened
        }
        report.dutiesOpened += opened
        return claimed.count == sweepBatch
    }

    /// One batch of open tasks to assess; whether there may be more.
    private func sweepTasks(at time: Date, moment: Moment, report: inout SweepReport,
                            _ assess: (DueTask) throws -> WorkflowEngine.Lateness) throws -> Bool {
        let claimed = try claim("task", key: "id", candidates: """
            SELECT id FROM task
            WHERE closed_at IS NULL AND fine_next_at IS NOT NULL AND fine_next_at < \(StoredTime.text(time))
              AND (sweep_lease IS NULL OR sweep_lease < clock_timestamp())
            ORDER BY id LIMIT \(sweepBatch)
            """, returning: """
            id, dossier_id, number, workflow_id, workflow_version, state_id, role_id, assignee, opened_at, due_at, due_calendar,
            due_provisional, overdue_since, fine_next_at
            """)
        guard !claimed.isEmpty else { return false }
        var assessed: [Assessment] = []
        for row in claimed {
            let (taskID, dossierID, number, workflow, version, state, role, assignee, opened, due, calendar, provisional, overdue, next) =
                try row.decode((Int, Int, Int, String, Int, String, String?, String?, String, String?, String?, Bool, String?, String).self)
            let task = OpenTask(number: number, stateID: state, roleID: role, assignee: assignee, openedAt: StoredTime.date(opened) ?? time,
                                dueAt: due.flatMap(StoredTime.date), dueCalendar: calendar.flatMap { CalendarPin(label: $0, isProvisional: provisional) })
            let dueTask = DueTask(taskID: taskID, dossierID: dossierID, workflowID: workflow, workflowVersion: version, task: task) { [self] in
                try dossier(dossierID)?.assignments ?? [:]
            }
            do {
                let lateness = try assess(dueTask)
                // Only a task still as it was claimed: one closed or reassessed meanwhile is left to the next sweep.
                assessed.append(Assessment(dossierID: dossierID, taskID: taskID, stateID: state, lateness: lateness, checked: next,
                                           wasOverdue: overdue != nil, keep: """
                    UPDATE task SET fine_next_at = \(lateness.next.map(StoredTime.text)),
                        overdue_since = COALESCE(overdue_since, \(lateness.isOverdue ? due : nil)), sweep_lease = NULL
                    WHERE id = \(taskID) AND closed_at IS NULL AND fine_next_at = \(next) RETURNING id
                    """))
            } catch {
                report.problems.append("task \(taskID) (dossier \(dossierID)): \(error)")
            }
        }
        try record(assessed.sorted { $0.taskID ?? 0 < $1.taskID ?? 0 }, moment: moment, into: &report)
        return claimed.count == sweepBatch
    }

    /// One batch of deadlines across states to assess; whether there may be more.
    private func sweepRunningDeadlines(at time: Date, moment: Moment, report: inout SweepReport,
                                       _ assess: (DueDeadline) throws -> WorkflowEngine.Lateness) throws -> Bool {
        let claimed = try claim("running_deadline", key: "dossier_id, deadline_id", candidates: """
            SELECT dossier_id, deadline_id FROM running_deadline
            WHERE met_at IS NULL AND fine_next_at IS NOT NULL AND fine_next_at < \(StoredTime.text(time))
              AND (sweep_lease IS NULL OR sweep_lease < clock_timestamp())
            ORDER BY dossier_id, deadline_id LIMIT \(sweepBatch)
            """, returning: "dossier_id, deadline_id, workflow_id, workflow_version, overdue_since, fine_next_at, due_at")
        guard !claimed.isEmpty else { return false }
        var assessed: [(deadlineID: String, assessment: Assessment)] = []
        for row in claimed {
            let (dossierID, deadlineID, workflow, version, overdue, next, due) = try row.decode((Int, String, String, Int, String?, String, String).self)
            let dueDeadline = DueDeadline(dossierID: dossierID, deadlineID: deadlineID, workflowID: workflow, workflowVersion: version) { [self] in
                try dossier(dossierID)
            }
            do {
                let lateness = try assess(dueDeadline)
                assessed.append((deadlineID, Assessment(dossierID: dossierID, taskID: nil, stateID: nil, lateness: lateness, checked: next,
                                                        wasOverdue: overdue != nil, keep: """
                    UPDATE running_deadline SET fine_next_at = \(lateness.next.map(StoredTime.text)),
                        overdue_since = COALESCE(overdue_since, \(lateness.isOverdue ? due : nil)), sweep_lease = NULL
                    WHERE dossier_id = \(dossierID) AND deadline_id = \(deadlineID) AND met_at IS NULL AND fine_next_at = \(next)
                    RETURNING dossier_id
                    """)))
            } catch {
                report.problems.append("deadline \(deadlineID) of dossier \(dossierID): \(error)")
            }
        }
        assessed.sort { ($0.assessment.dossierID, $0.deadlineID) < ($1.assessment.dossierID, $1.deadlineID) }
        try record(assessed.map(\.assessment), moment: moment, into: &report)
        return claimed.count == sweepBatch
    }

    /// What the sweep found of one claimed task (with `taskID`) or deadline across states.
    private struct Assessment {
        var dossierID: Int
        var taskID: Int?
        var stateID: String?
        var lateness: WorkflowEngine.Lateness
        /// When it was last assessed up to, as claimed.
        var checked: String
        var wasOverdue: Bool
        /// Stores the next assessment, answering a row only if the row is still as it was claimed.
        var keep: PostgresQuery
    }

    /// Writes what the sweep found, under the chain head's lock: for each row still as it was
    /// claimed, its next assessment, and the fines not recorded before with their events.
    private func record(_ assessed: [Assessment], moment: Moment, into report: inout SweepReport) throws {
        let found = try write { session, head in
            let written = try Self.settle(moment, head: head)
            var found = SweepReport(at: written)
            var entries: [(dossierID: Int?, taskID: Int?, event: DossierEvent)] = []
            for entry in assessed {
                guard try !session.rows(entry.keep).isEmpty else { continue }
                if entry.taskID == nil { found.deadlinesChecked += 1 } else { found.tasksChecked += 1 }
                if entry.lateness.isOverdue, !entry.wasOverdue { found.newlyOverdue += 1 }
                // Occurrences before the last assessment were recorded then.
                let checkedUntil = StoredTime.date(entry.checked) ?? .distantPast
                for fine in entry.lateness.fines where fine.occurredAt >= checkedUntil {
                    guard let id = try Self.insert(fine, assessedAt: StoredTime.text(written), session) else { continue }
                    found.assessed.append(id)
                    entries.append((entry.dossierID, entry.taskID, StoredStep.fineAssessed(fine, id: id, state: entry.stateID, at: written)))
                }
            }
            try Self.append(entries, head: &head, session)
            return found
        }
        report.tasksChecked += found.tasksChecked
        report.deadlinesChecked += found.deadlinesChecked
        report.newlyOverdue += found.newlyOverdue
        report.assessed += found.assessed
    }
}
