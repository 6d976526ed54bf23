import DossierDefinition
import DossierEngine
import Foundation
import GRDB

/// The fine ledger: occurrences recorded once each (by key), the deadline sweep, waivers.
extension SQLiteStore {
    // MARK: Recording

    /// Records `fines` not yet in the ledger and returns the `fine-assessed` events for them.
    /// A fine already recorded (same key) is left exactly as it is.
    static func record(_ fines: [FineOccurrence], dossier: Dossier, assessedAt time: Date, _ db: Database) throws -> [DossierEvent] {
        try fines.compactMap { fine in
            try insert(fine, assessedAt: time, db).map { id in StoredStep.fineAssessed(fine, id: id, state: dossier.stateID, at: time) }
        }
    }

    /// Inserts one occurrence unless its key is known; returns its ledger number when inserted.
    static func insert(_ fine: FineOccurrence, assessedAt time: Date, _ db: Database, known: Bool = false,
                       assessedText: String? = nil) throws -> Int? {
        // Look first: a conflicting INSERT would still use up a ledger number, and a gap in the
        // numbers reads like a deleted fine. (The sweep knows which counts are new.)
        if !known {
            let lookup = try db.cachedStatement(sql: "SELECT 1 FROM fine WHERE key = ?")
            guard try Bool.fetchOne(lookup, arguments: [fine.key]) == nil else { return nil }
        }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO fine (key, dossier_id, task_number, workflow_id, workflow_version, rule_id, rule_title, violation,
                item_id, repetition, payer, payer_role, occurred_at, month, due_at, calendar, provisional, base_amount,
                escalation_from, escalation_factor, escalation_scope, cap, reason, assessed_at, recorded_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let arguments: [(any DatabaseValueConvertible)?] = [
            fine.key, fine.dossierID, fine.taskNumber, fine.workflowID, fine.workflowVersion, fine.ruleID, fine.ruleTitle,
            fine.violation.rawValue, fine.itemID, fine.repetition, fine.payer, fine.payerRole, StoredTime.text(fine.occurredAt),
            fine.month, fine.dueAt.map(StoredTime.text), fine.calendar, fine.isProvisional, "\(fine.baseAmount)",
            fine.escalationFromNth, fine.escalationFactor.map { "\($0)" }, fine.escalationScope, fine.cap.map { "\($0)" },
            fine.reason, assessedText ?? StoredTime.text(time), fine.recordedBy]
        try statement.execute(arguments: StatementArguments(arguments))
        return db.changesCount == 1 ? Int(db.lastInsertedRowID) : nil
    }

    // MARK: The sweep

    /// How many tasks (or deadlines across states) one transaction of the sweep assesses: the
    /// write lock is released between batches, so a long sweep after a long gap never keeps
    /// another command waiting past its busy timeout.
    package static let sweepBatch = 1_000

    /// Assesses every open task whose lateness changes before `moment` (found through the
    /// `fine_next_at` index, so the cost follows what is due), in batches of ``sweepBatch``, each
    /// one transaction: marks newly overdue tasks, records the fines `assess` returns, and stores
    /// when each task needs assessing next. A task whose assessment fails keeps its place and is
    /// reported; the rest are recorded. A sweep cut short resumes where it stopped; running it
    /// again at the same moment changes nothing.
    public func sweep(at moment: Moment, openDuties: (Dossier, Date) throws -> WorkflowEngine.Step?,
                      assess: (DueTask) throws -> WorkflowEngine.Lateness,
                      assessDeadline: (DueDeadline) throws -> WorkflowEngine.Lateness) throws -> SweepReport {
        var report: SweepReport?
        // Duties open first, so that one whose window has closed already is assessed below.
        try inBatches(from: 0, at: moment, report: &report) { after, time, batch, db in
            try Self.sweepDuties(after: after, at: time, report: &batch, openDuties, db)
        }
        try inBatches(from: 0, at: moment, report: &report) { after, time, batch, db in
            try Self.sweepTasks(after: after, at: time, report: &batch, assess, db)
        }
        try inBatches(from: (dossierID: 0, deadlineID: ""), at: moment, report: &report) { after, time, batch, db in
            try Self.sweepRunningDeadlines(after: after, at: time, report: &batch, assessDeadline, db)
        }
        return report ?? SweepReport(at: moment.date)
    }

    /// Runs `batch` one transaction at a time from `start`, each time from the cursor the last one
    /// returned, until one returns `nil`; every batch adds to `report` at the store's time.
    private func inBatches<Cursor>(from start: Cursor, at moment: Moment, report: inout SweepReport?,
                                   _ batch: (Cursor, Date, inout SweepReport, Database) throws -> Cursor?) throws {
        var cursor: Cursor? = start
        var collected = report
        while let after = cursor {
            cursor = try write { db in
                let time = try Self.settle(moment, db)
                var running = collected ?? SweepReport(at: time)
                defer { collected = running }
                return try batch(after, time, &running, db)
            }
        }
        report = collected
    }

    /// One batch of the opening of duties, of the dossiers numbered after `after` with a duty
    /// whose time has come; the last dossier when more may follow, `nil` when this was the last.
    static func sweepDuties(after: Int, at time: Date, report: inout SweepReport,
                            _ open: (Dossier, Date) throws -> WorkflowEngine.Step?, _ db: Database) throws -> Int? {
        let ids = try Int.fetchAll(db, sql: """
            SELECT DISTINCT dossier_id FROM duty_opening WHERE opens_at <= ? AND dossier_id > ? ORDER BY dossier_id LIMIT ?
            """, arguments: [StoredTime.text(time), after, sweepBatch])
        for id in ids {
            guard let dossier = try fetchDossier(id, db) else {
                report.problems.append("dossier \(id) has duties to open but is missing; run `dossier audit verify`")
                continue
            }
            let step: WorkflowEngine.Step
            do {
                guard let opened = try open(dossier, time) else { continue }
                step = opened
            } catch {
                report.problems.append("duties of dossier \(id): \(error)")
                continue
            }
            try db.execute(sql: "UPDATE dossier SET updated_at = ?, revision = ?, snapshot = ? WHERE id = ? AND revision = ?",
                           arguments: [StoredTime.text(time), step.dossier.revision, try snapshot(step.dossier, at: time, db), id, dossier.revision])
            // Only the duties changed: the state's task and its next assessment stay as they are.
            try syncDuties(step, db)
            try append(step.events, dossier: step.dossier, db)
            report.dutiesOpened += step.events.count { $0.kind == .taskOpened }
        }
        guard ids.count == sweepBatch, let last = ids.last else { return nil }
        return last
    }

    /// One batch of the sweep of tasks, those numbered after `after`; the last one assessed
    /// when more may follow, `nil` when this was the last batch.
    static func sweepTasks(after: Int, at time: Date, report: inout SweepReport,
                           _ assess: (DueTask) throws -> WorkflowEngine.Lateness, _ db: Database) throws -> Int? {
        let now = StoredTime.text(time)
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, dossier_id, number, workflow_id, workflow_version, state_id, role_id, assignee, opened_at, due_at,
                   due_calendar, due_provisional, overdue_since, fine_next_at
            FROM task WHERE closed_at IS NULL AND fine_next_at IS NOT NULL AND fine_next_at < ? AND id > ?
            ORDER BY id LIMIT ?
            """, arguments: [now, after, sweepBatch])
        var events: [(dossierID: Int?, event: DossierEvent)] = []
        var taskIDs: [String: Int] = [:]
        // First every assessment, then the writes table by table (fines, tasks, events), as
        // a set-based statement would: on a large store the page cache then serves each
        // table's pages together instead of thrashing between four B-trees per task.
        var assessed: [(taskID: Int, dossierID: Int, task: OpenTask, lateness: WorkflowEngine.Lateness, checkedUntil: Date)] = []
        assessed.reserveCapacity(rows.count)
        for row in rows {
            let taskID: Int = row[0]
            let dossierID: Int = row[1]
            let pin = (row[10] as String?).flatMap { CalendarPin(label: $0, isProvisional: row[11]) }
            let task = OpenTask(number: row[2], stateID: row[5], roleID: row[6], assignee: row[7],
                                openedAt: StoredTime.date(row[8]) ?? time, dueAt: (row[9] as String?).flatMap(StoredTime.date),
                                dueCalendar: pin)
            let due = DueTask(taskID: taskID, dossierID: dossierID, workflowID: row[3], workflowVersion: row[4], task: task) {
                try Self.fetchDossier(dossierID, db)?.assignments ?? [:]
            }
            let lateness: WorkflowEngine.Lateness
            do {
                lateness = try assess(due)
            } catch {
                report.problems.append("task \(taskID) (dossier \(dossierID)): \(error)")
                continue
            }
            report.tasksChecked += 1
            let wasOverdue = (row[12] as String?) != nil
            if lateness.isOverdue, !wasOverdue { report.newlyOverdue += 1 }
            // Occurrences before the task's last check were recorded then.
            let checkedUntil = (row[13] as String?).flatMap(StoredTime.date) ?? .distantPast
            assessed.append((taskID, dossierID, task, lateness, checkedUntil))
        }
        for entry in assessed {
            for fine in entry.lateness.fines where fine.occurredAt >= entry.checkedUntil {
                guard let id = try Self.insert(fine, assessedAt: time, db, known: true, assessedText: now) else { continue }
                report.assessed.append(id)
                events.append((entry.dossierID, StoredStep.fineAssessed(fine, id: id, state: entry.task.stateID, at: time)))
                taskIDs["\(entry.dossierID).\(entry.task.number)"] = entry.taskID
            }
        }
        let update = try db.cachedStatement(sql: "UPDATE task SET fine_next_at = ?, overdue_since = COALESCE(overdue_since, ?) WHERE id = ?")
        for entry in assessed {
            try update.execute(arguments: [entry.lateness.next.map(StoredTime.text),
                                           entry.lateness.isOverdue ? entry.task.dueAt.map(StoredTime.text) : nil, entry.taskID])
        }
        try Self.append(events, knownTasks: taskIDs, db)
        guard rows.count == sweepBatch, let last = rows.last else { return nil }
        return last[0]
    }

    /// One batch of the sweep of deadlines across states, per dossier and deadline after
    /// `after`; the last one assessed when more may follow, `nil` when this was the last batch.
    static func sweepRunningDeadlines(after: (dossierID: Int, deadlineID: String), at time: Date, report: inout SweepReport,
                                      _ assess: (DueDeadline) throws -> WorkflowEngine.Lateness,
                                      _ db: Database) throws -> (dossierID: Int, deadlineID: String)? {
        let rows = try Row.fetchAll(db, sql: """
            SELECT dossier_id, deadline_id, workflow_id, workflow_version, overdue_since, fine_next_at, due_at
            FROM running_deadline WHERE met_at IS NULL AND fine_next_at IS NOT NULL AND fine_next_at < ?
              AND (dossier_id, deadline_id) > (?, ?)
            ORDER BY dossier_id, deadline_id LIMIT ?
            """, arguments: [StoredTime.text(time), after.dossierID, after.deadlineID, sweepBatch])
        var events: [(dossierID: Int?, event: DossierEvent)] = []
        for row in rows {
            let dossierID: Int = row[0]
            let deadlineID: String = row[1]
            let due = DueDeadline(dossierID: dossierID, deadlineID: deadlineID, workflowID: row[2], workflowVersion: row[3]) {
                try Self.fetchDossier(dossierID, db)
            }
            let lateness: WorkflowEngine.Lateness
            do {
                lateness = try assess(due)
            } catch {
                report.problems.append("deadline \(deadlineID) of dossier \(dossierID): \(error)")
                continue
            }
            report.deadlinesChecked += 1
            if lateness.isOverdue, (row[4] as String?) == nil { report.newlyOverdue += 1 }
            let checkedUntil = (row[5] as String?).flatMap(StoredTime.date) ?? .distantPast
            for fine in lateness.fines where fine.occurredAt >= checkedUntil {
                guard let id = try Self.insert(fine, assessedAt: time, db, known: true) else { continue }
                report.assessed.append(id)
                events.append((dossierID, StoredStep.fineAssessed(fine, id: id, state: nil, at: time)))
            }
            try db.execute(sql: """
                UPDATE running_deadline SET fine_next_at = ?, overdue_since = COALESCE(overdue_since, ?) WHERE dossier_id = ? AND deadline_id = ?
                """, arguments: [lateness.next.map(StoredTime.text), lateness.isOverdue ? (row[6] as String) : nil, dossierID, deadlineID])
        }
        try Self.append(events, knownTasks: [:], db)
        guard rows.count == sweepBatch, let last = rows.last else { return nil }
        return (last[0], last[1])
    }

    // MARK: Reading the ledger

    /// Every ledger entry of `payer` (of everyone when `nil`), oldest first: what
    /// ``FineLedger/price(_:)`` needs to price any of them.
    public func fineEntries(payer: String? = nil) throws -> [FineLedger.Entry] {
        try read { db in
            let rows = if let payer {
                try Row.fetchAll(db, sql: "\(Self.fineSelect) WHERE fine.payer = ? ORDER BY fine.occurred_at, fine.key", arguments: [payer])
            } else {
                try Row.fetchAll(db, sql: "\(Self.fineSelect) ORDER BY fine.occurred_at, fine.key")
            }
            return rows.map(Self.fineEntry)
        }
    }

    public func fineEntries(month: String) throws -> [FineLedger.Entry] {
        try read { db in
            try Row.fetchAll(db, sql: "\(Self.fineSelect) WHERE fine.month = ? ORDER BY fine.occurred_at, fine.key", arguments: [month]).map(Self.fineEntry)
        }
    }

    /// `payer`'s ledger entries of `month` (everyone's when `nil`), with the entries that price
    /// them: the same payer's whole months in which an earlier repetition of one of their capped
    /// violations fell. Oldest first.
    public func fineEntries(payer: String?, month: String) throws -> [FineLedger.Entry] {
        try read { db in
            let (filter, arguments) = try Self.pricingFilter(payer: payer, month: month, db)
            return try Row.fetchAll(db, sql: "\(Self.fineSelect) WHERE \(filter) ORDER BY fine.occurred_at, fine.key", arguments: arguments)
                .map(Self.fineEntry)
        }
    }

    /// What prices `payer`'s fines of `month` (everyone's when `nil`) — the same entries as
    /// ``fineEntries(payer:month:)`` — as charges, in the ledger's order.
    public func fineCharges(payer: String?, month: String) throws -> [FineLedger.Charge] {
        try read { db in
            let (filter, arguments) = try Self.pricingFilter(payer: payer, month: month, db)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, payer, month, workflow_id, escalation_scope, base_amount, escalation_from, escalation_factor, cap,
                       CASE WHEN cap IS NULL THEN NULL ELSE key END, waived_at IS NOT NULL
                FROM fine WHERE \(filter) ORDER BY occurred_at, key
                """, arguments: arguments)
            var charges: [FineLedger.Charge] = []
            while let row = try rows.next() {
                let key: String? = row[9]
                charges.append(FineLedger.Charge(
                    id: row[0], payer: row[1], month: row[2], workflowID: row[3], escalationScope: row[4], baseAmount: Decimal(string: row[5]) ?? 0,
                    escalationFromNth: row[6], escalationFactor: (row[7] as String?).flatMap { Decimal(string: $0) },
                    cap: (row[8] as String?).flatMap { Decimal(string: $0) },
                    violationKey: key.map(FineOccurrence.violationKey(ofKey:)), isWaived: row[10]))
            }
            return charges
        }
    }

    /// Ledger entries `ids`, oldest first (those that exist).
    public func fineEntries(ids: [Int]) throws -> [FineLedger.Entry] {
        guard !ids.isEmpty else { return [] }
        return try read { db in
            try Row.fetchAll(db, sql: "\(Self.fineSelect) WHERE fine.id IN (\(databaseQuestionMarks(count: ids.count))) ORDER BY fine.occurred_at, fine.key",
                             arguments: StatementArguments(ids)).map(Self.fineEntry)
        }
    }

    /// The fines that price `payer`'s of `month` (everyone's when `nil`) as an SQL condition on
    /// `fine`: that month, and the months in which an earlier repetition of one of its capped
    /// violations fell (repetitions share the key up to `/repetition`, hence a key range).
    static func pricingFilter(payer: String?, month: String, _ db: Database) throws -> (String, StatementArguments) {
        let whose = payer == nil ? "" : "fine.payer = ? AND "
        let who = payer.map { [$0] } ?? []
        let capped = try String.fetchAll(db, sql: "SELECT DISTINCT key FROM fine WHERE \(whose)fine.month = ? AND cap IS NOT NULL",
                                         arguments: StatementArguments(who + [month]))
        var months: Set<String> = [month]
        for violation in Set(capped.map(FineOccurrence.violationKey(ofKey:))) {
            months.formUnion(try String.fetchAll(db, sql: "SELECT DISTINCT month FROM fine WHERE \(whose)key >= ? AND key < ? AND month < ?",
                                                 arguments: StatementArguments(who + [violation + "/", violation + "0", month])))
        }
        let ordered = months.sorted()
        return ("\(whose)fine.month IN (\(databaseQuestionMarks(count: ordered.count)))", StatementArguments(who + ordered))
    }

    /// Ledger entry `id`, or `nil`.
    public func fineEntry(_ id: Int) throws -> FineLedger.Entry? {
        try read { db in try Row.fetchOne(db, sql: "\(Self.fineSelect) WHERE fine.id = ?", arguments: [id]).map(Self.fineEntry) }
    }

    /// Who waived fine `id`, when and why, if it was waived.
    public func waiver(of id: Int) throws -> FineWaiver? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT waived_at, waived_by, waive_reason FROM fine WHERE id = ? AND waived_at IS NOT NULL",
                                             arguments: [id]) else { return nil }
            return FineWaiver(at: StoredTime.date(row[0]) ?? Date(timeIntervalSince1970: 0), by: row[1], reason: row[2])
        }
    }

    /// The ledger's rows with the number of the task each concerns, in the order
    /// ``fineEntry(_:)`` reads them (by position: a statement decodes a whole month).
    static let fineSelect = """
        SELECT fine.id, fine.key, fine.dossier_id, fine.task_number, fine.workflow_id, fine.workflow_version, fine.rule_id,
               fine.rule_title, fine.violation, fine.item_id, fine.repetition, fine.payer, fine.payer_role, fine.occurred_at,
               fine.month, fine.due_at, fine.calendar, fine.provisional, fine.base_amount, fine.escalation_from,
               fine.escalation_factor, fine.escalation_scope, fine.cap, fine.reason, fine.waived_at, fine.recorded_by, task.id
        FROM fine LEFT JOIN task ON task.dossier_id = fine.dossier_id AND task.number = fine.task_number
        """

    static func fineEntry(_ row: Row) -> FineLedger.Entry {
        let rule = FineRule(id: row[6], title: row[7], amount: Decimal(string: row[18]) ?? 0,
                            payer: row[12], violation: FineRule.Violation(rawValue: row[8]) ?? .deadlineMissed)
        var fine = FineOccurrence(
            dossierID: row[2], taskNumber: row[3], workflowID: row[4], workflowVersion: row[5], rule: rule, itemID: row[9],
            repetition: row[10], payer: row[11], payerRole: row[12],
            occurredAt: StoredTime.date(row[13]) ?? Date(timeIntervalSince1970: 0), month: row[14],
            dueAt: (row[15] as String?).flatMap(StoredTime.date), calendar: row[16], isProvisional: row[17], reason: row[23])
        fine.key = row[1]
        fine.escalationFromNth = row[19]
        fine.escalationFactor = (row[20] as String?).flatMap { Decimal(string: $0) }
        fine.escalationScope = row[21]
        fine.cap = (row[22] as String?).flatMap { Decimal(string: $0) }
        fine.recordedBy = row[25]
        return FineLedger.Entry(id: row[0], occurrence: fine, isWaived: (row[24] as String?) != nil, task: row[26])
    }

    // MARK: Recording by hand

    /// Records the fine `make` returns for the store's time, with a `fine-recorded` event by its
    /// recorder (on its dossier's log, or the office's); and, in the same transaction, starts
    /// the dossier `restoration` makes, given its number, the time and the fine's ledger number.
    /// Returns the fine's ledger number and the restoration started, if any.
    public func recordFine(at moment: Moment, _ make: (Date) throws -> FineOccurrence,
                           restoration: ((Int, Date, Int) throws -> WorkflowEngine.Step)?) throws -> RecordedFine {
        try write { db in
            let time = try Self.settle(moment, db)
            let fine = try make(time)
            guard let id = try Self.insert(fine, assessedAt: time, db) else {
                throw StoreError.alreadyDone("this fine was recorded a moment ago (\(fine.key)); see `dossier fines list --person \(fine.payer)`")
            }
            var details = ["fine": String(id), "rule": fine.ruleID, "payer": fine.payer, "amount": "\(fine.baseAmount)",
                           "workflow": "\(fine.workflowID)@\(fine.workflowVersion)"]
            if let dossier = fine.dossierID { details["dossier"] = String(dossier) }
            let event = DossierEvent(kind: .fineRecorded, actor: fine.recordedBy ?? "?", at: time, note: fine.reason, details: details)
            try Self.append([(fine.dossierID, event)], db)
            guard let restoration else { return RecordedFine(fine: id, restoration: nil, task: nil) }
            let number = (try Int.fetchOne(db, sql: "SELECT MAX(id) FROM dossier") ?? 0) + 1
            let (dossier, task) = try Self.insertStarted(try restoration(number, time, id), at: time, db)
            return RecordedFine(fine: id, restoration: dossier, task: task)
        }
    }

    // MARK: Waiving

    /// Waives fine `id` for `reason`, by `actor`, as an event; the entry stays in the ledger.
    public func waiveFine(_ id: Int, reason: String, by actor: String, at moment: Moment) throws {
        try write { db in
            let time = try Self.settle(moment, db)
            guard let row = try Row.fetchOne(db, sql: "SELECT dossier_id, task_number, waived_at, waived_by, rule_id, payer FROM fine WHERE id = ?",
                                             arguments: [id]) else {
                throw StoreError.notFound("there is no fine \(id); see `dossier fines list`")
            }
            if let when = row[2] as String?, let date = StoredTime.date(when) {
                throw StoreError.alreadyDone("fine \(id) was already waived by \(row[3] as String? ?? "?") at \(StoredTime.text(date))")
            }
            try db.execute(sql: "UPDATE fine SET waived_at = ?, waived_by = ?, waive_reason = ? WHERE id = ?",
                           arguments: [StoredTime.text(time), actor, reason, id])
            let event = DossierEvent(kind: .fineWaived, actor: actor, at: time, taskNumber: row[1], note: reason,
                                     details: ["fine": String(id), "rule": row[4], "payer": row[5]])
            try Self.append([(row[0], event)], db)
        }
    }
}

extension CalendarPin {
    /// Reads the stored label `cn@2`.
    package init?(label: String, isProvisional: Bool) {
        guard let at = label.lastIndex(of: "@"), let version = Int(label[label.index(after: at)...]) else { return nil }
        self.init(id: String(label[..<at]), version: version, isProvisional: isProvisional)
    }
}
