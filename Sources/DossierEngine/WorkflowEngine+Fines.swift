import DossierDefinition
import Foundation

/// Assessing fines: a task still open past its deadline, counted again while it stays
/// uncorrected, and defects found at review. Pure functions of the dossier and the time; the
/// store records what they return, once per ``FineOccurrence/key``.
extension WorkflowEngine {
    /// What a task's lateness amounts to up to some moment.
    public struct Lateness: Sendable, Hashable {
        /// The fines incurred before the moment, earliest first.
        public var fines: [FineOccurrence]
        /// When the task's lateness next changes (it falls due, or counts again); `nil` when it
        /// never will while it stays open.
        public var next: Date?
        /// Whether the task was past due at the moment.
        public var isOverdue: Bool
    }

    /// The lateness of the open task of `dossier` strictly before `time`.
    public func lateness(of dossier: Dossier, before time: Date) throws(Refusal) -> Lateness {
        guard let task = dossier.openTask else { return Lateness(fines: [], next: nil, isOverdue: false) }
        return try lateness(of: task, dossierID: dossier.id, holder: { dossier.assignments[$0] }, before: time)
    }

    /// The lateness of open task `task` of dossier `dossierID` strictly before `time`: the
    /// violation at its due moment, and for a rule that repeats (or is charged per working day)
    /// each further count whose moment has passed. `holder` names who holds a role, for rules
    /// whose payer is not the task's own role.
    ///
    /// A task corrected (closed) at exactly an occurrence's moment is not charged for it, and a
    /// sweep at exactly that moment does not charge it yet: both compare with "before".
    public func lateness(of task: OpenTask, dossierID: Int, holder: (String) -> String?, before time: Date) throws(Refusal) -> Lateness {
        // A duty's task is due when its timer's window closes.
        guard let due = task.dueAt, let deadline = definition.state(task.stateID)?.deadline ?? definition.timer(task.stateID)?.deadline else {
            return Lateness(fines: [], next: nil, isOverdue: false)
        }
        let overdue = due < time
        guard let fineID = deadline.fineID, let rule = definition.fine(fineID) else {
            return Lateness(fines: [], next: overdue ? nil : due, isOverdue: overdue)
        }
        let payerRole = rule.payerRoleID == FineRule.actorPayer ? (task.roleID ?? FineRule.actorPayer) : rule.payerRoleID
        let payer = (payerRole == task.roleID ? task.assignee : holder(payerRole)) ?? "nobody"
        let schedule = try FineSchedule(rule: rule, due: due, engine: self, pin: task.dueCalendar)
        // A record kept up to date is late when nobody updated it, not when a task stays open.
        let (subject, pending) = rule.violation == .recordNotUpdated
            ? ("the record of dossier \(dossierID) ('\(task.stateID)')", "had not been updated")
            : ("the '\(task.stateID)' task of dossier \(dossierID)", "was still open")
        var fines: [FineOccurrence] = []
        var repetition = 0
        var next = try schedule.moment(0)
        while let moment = next, moment < time {
            fines.append(FineOccurrence(
                dossierID: dossierID, taskNumber: task.number, workflowID: definition.id, workflowVersion: version, rule: rule,
                repetition: repetition, payer: payer, payerRole: payerRole, occurredAt: moment, month: month(of: moment),
                dueAt: due, calendar: task.dueCalendar?.label, isProvisional: task.dueCalendar?.isProvisional == true,
                reason: schedule.reason(repetition, moment: moment, subject: subject, pending: pending)))
            repetition += 1
            next = try schedule.moment(repetition, after: moment)
        }
        return Lateness(fines: fines, next: next, isOverdue: overdue)
    }

    /// The lateness of running deadline `deadlineID` of `dossier` (one of the workflow's
    /// `<deadlines>` across states) strictly before `time`, under the deadline's fine rule; the
    /// payer is whoever holds the rule's payer role at the time.
    public func lateness(ofDeadline deadlineID: String, in dossier: Dossier, before time: Date) throws(Refusal) -> Lateness {
        guard let deadline = definition.deadlines.first(where: { $0.id == deadlineID }),
              let running = dossier.runningDeadlines[deadlineID], running.isRunning else {
            return Lateness(fines: [], next: nil, isOverdue: false)
        }
        let due = running.dueAt
        let overdue = due < time
        guard let fineID = deadline.fineID, let rule = definition.fine(fineID) else {
            return Lateness(fines: [], next: overdue ? nil : due, isOverdue: overdue)
        }
        let payerRole = rule.payerRoleID == FineRule.actorPayer ? (dossier.openTask?.roleID ?? FineRule.actorPayer) : rule.payerRoleID
        let payer = dossier.assignments[payerRole] ?? "nobody"
        let schedule = try FineSchedule(rule: rule, due: due, engine: self, pin: running.dueCalendar)
        let goal = deadline.untilStateID.map { "had not reached \($0)" } ?? "had not finished"
        var fines: [FineOccurrence] = []
        var repetition = 0
        var next = try schedule.moment(0)
        while let moment = next, moment < time {
            fines.append(FineOccurrence(
                dossierID: dossier.id, taskNumber: nil, workflowID: definition.id, workflowVersion: version, rule: rule,
                repetition: repetition, payer: payer, payerRole: payerRole, occurredAt: moment, month: month(of: moment),
                dueAt: due, calendar: running.dueCalendar?.label, isProvisional: running.dueCalendar?.isProvisional == true,
                reason: schedule.reason(repetition, moment: moment, subject: "deadline \(deadline.id) of dossier \(dossier.id) (\(deadline.title))",
                                        pending: goal)))
            repetition += 1
            next = try schedule.moment(repetition, after: moment)
        }
        return Lateness(fines: fines, next: next, isOverdue: overdue)
    }

    /// The per-item fines for the defects open in `dossier` when `actor` returns it with a
    /// supplementary list: a missing customer signature, a missing internal signature, or
    /// (neither missing) an incomplete or wrong item, each under the workflow's rule for it.
    func defectFines(in dossier: Dossier, task: Int, at time: Date) -> [FineOccurrence] {
        guard let checklist = definition.checklist else { return [] }
        var fines: [FineOccurrence] = []
        for item in checklist.items {
            guard let record = dossier.checklist[item.id], case .defect(let text, let finder) = record.verification else { continue }
            var violations: [(FineRule.Violation, String)] = []
            if item.signatures.contains(.customer), !record.signatures.contains(ChecklistItem.Signature.customer.rawValue) {
                violations.append((.missingCustomerSignature, "has no customer signature"))
            }
            if item.signatures.contains(.internal), !record.signatures.contains(ChecklistItem.Signature.internal.rawValue) {
                violations.append((.missingInternalSignature, "has no internal signature"))
            }
            if violations.isEmpty { violations.append((.defectiveItem, "is incomplete or wrong")) }
            for (violation, finding) in violations {
                guard let rule = definition.assessedFine(on: violation) else { continue }
                let payerRole = rule.payerRoleID
                let payer = dossier.assignments[payerRole] ?? record.recordedBy ?? "nobody"
                fines.append(FineOccurrence(
                    dossierID: dossier.id, taskNumber: task, workflowID: definition.id, workflowVersion: version, rule: rule,
                    itemID: item.id, payer: payer, payerRole: payerRole, occurredAt: time, month: month(of: time),
                    reason: "item \(item.id) \(finding): \(finder) found \"\(text)\" and returned dossier \(dossier.id) with a supplementary list on \(localTime.minutes(time))"))
            }
        }
        return fines
    }

    /// The fines for what `dossier` records as not done when it starts or its fields change at
    /// `time`: a contact who brought the car in and was not verified (a `contact-not-verified`
    /// rule's boolean field is false). One per dossier and rule: its key has no task or count, so
    /// setting the field false again adds nothing, and setting it true later takes nothing back.
    func recordedLapses(in dossier: Dossier, by actor: String, at time: Date) -> [FineOccurrence] {
        definition.fines.compactMap { rule in
            guard rule.violation == .contactNotVerified, !rule.isRecorded, let field = rule.fieldID, dossier.fields[field] == "false" else { return nil }
            let payerRole = rule.payerRoleID
            let payer = payerRole == FineRule.actorPayer ? actor : dossier.assignments[payerRole] ?? "nobody"
            return FineOccurrence(
                dossierID: dossier.id, taskNumber: nil, workflowID: definition.id, workflowVersion: version, rule: rule, occasion: field,
                payer: payer, payerRole: payerRole, occurredAt: time, month: month(of: time),
                reason: "dossier \(dossier.id) records on \(localTime.minutes(time)) that the contact was not verified (\(field)=false)")
        }
    }

    /// The local month of a moment, `2026-03`.
    public func month(of moment: Date) -> String {
        let date = localTime.date(of: moment)
        return String(date.description.prefix(7))
    }

    /// The calendar a pinned deadline was counted on: that version, or the current one when
    /// the pin names it (or names no version).
    func calendar(for pin: CalendarPin?) -> CalendarDefinition? {
        let id = pin?.id ?? definition.calendarID ?? ""
        if let pin, let pinned = pinnedCalendars[pin.label] { return pinned }
        if pin == nil || pin?.version == 0 || pin?.version == calendarVersions[id] { return calendars[id] }
        return nil
    }
}

/// When a late task's violation counts: at the due moment, then (for a repeating rule) after
/// the grace period and every period after that until corrected, or (for a per-working-day
/// rule) at the end of each working day after the due day.
struct FineSchedule {
    let rule: FineRule
    let due: Date
    let engine: WorkflowEngine
    let grace: Period?
    let every: Period?
    let calendar: WorkingCalendar?
    let dueDay: CalendarDate

    init(rule: FineRule, due: Date, engine: WorkflowEngine, pin: CalendarPin?) throws(Refusal) {
        self.rule = rule
        self.due = due
        self.engine = engine
        if rule.basis == .workingDay {
            grace = Period(1, .workingDays)
            every = Period(1, .workingDays)
        } else {
            grace = rule.repetition?.grace
            every = rule.repetition?.every
        }
        dueDay = engine.localTime.date(of: due.addingTimeInterval(-1))
        if every?.unit == .workingDays || grace?.unit == .workingDays {
            guard let definition = engine.calendar(for: pin) else {
                throw .calendar("calendar \(pin?.label ?? engine.definition.calendarID ?? "?") that the deadline was counted on is not deployed")
            }
            calendar = WorkingCalendar(definition, uncoveredYears: engine.definition.uncoveredYears)
        } else {
            calendar = nil
        }
    }

    /// The moment of count `n` (0 = the violation), or `nil` when the rule counts only once.
    func moment(_ n: Int) throws(Refusal) -> Date? {
        if n == 0 { return due }
        guard let grace, let every else { return nil }
        // Grace and period are in one unit in practice; mixed units count the grace first.
        let first = try offset(grace, from: due)
        guard n > 1 else { return first }
        return try offset(Period(every.amount * (n - 1), every.unit), from: first)
    }

    /// The moment of count `n` given the moment of count `n - 1`: one period after it, so that
    /// counting a long run of repetitions costs one step each, not a count from the start each.
    func moment(_ n: Int, after previous: Date) throws(Refusal) -> Date? {
        guard n > 1, let every else { return try moment(n) }
        return try offset(every, from: previous)
    }

    private func offset(_ period: Period, from moment: Date) throws(Refusal) -> Date {
        switch period.unit {
        case .hours:
            return moment.addingTimeInterval(TimeInterval(period.amount) * 3600)
        case .calendarDays:
            return engine.localTime.endOf(engine.localTime.date(of: moment.addingTimeInterval(-1)).adding(days: period.amount))
        case .calendarMonths:
            return engine.localTime.endOf(engine.localTime.date(of: moment.addingTimeInterval(-1)).adding(months: period.amount))
        case .workingDays:
            guard let calendar else { throw .calendar("no calendar to count working days on") }
            do {
                let day = try calendar.adding(workingDays: period.amount, to: engine.localTime.date(of: moment.addingTimeInterval(-1)))
                return engine.localTime.endOf(day.date)
            } catch {
                throw .calendar(error.description)
            }
        }
    }

    /// The sentence explaining count `n` of `subject` (`the 'compiling' task of dossier 2`), which `pending`
    /// (`was still open`) says was not done.
    func reason(_ n: Int, moment: Date, subject: String, pending: String) -> String {
        let dueText = "the end of \(dueDay)"
        if n == 0 {
            return "\(subject) was due by \(dueText) and \(pending) then"
        }
        let day = engine.localTime.date(of: moment.addingTimeInterval(-1))
        if rule.basis == .workingDay {
            return "\(subject) was due by \(dueText) and \(pending) at the end of \(day): working day \(n + 1) late"
        }
        return "\(subject) was due by \(dueText) and still not corrected at the end of \(day), so it counts \(Ordinal.withArticle(n + 1)) time"
    }
}

/// English ordinals for sentences people read: "2nd", "3rd", "11th".
public enum Ordinal {
    /// "a 2nd", "an 8th", "an 11th": the ordinal with the article it is read with.
    public static func withArticle(_ n: Int) -> String {
        // Read aloud, 8, 11, 18 and the eighties (and 800…) start with a vowel sound.
        let vowel = String(n).hasPrefix("8") || n == 11 || n == 18
        return (vowel ? "an " : "a ") + english(n)
    }

    /// `n` with its English suffix.
    public static func english(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }
}
