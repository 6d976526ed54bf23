import DossierDefinition
import Foundation

/// Duties time gives a dossier (its workflow's `<timers>`): scheduled when the dossier starts
/// or a field they depend on changes, opened as tasks once their origin has passed, and done by
/// recording them while their window is open. Opening is a pure function of the dossier and
/// the time, so a sweep every hour and one sweep at the end open the same tasks with the same
/// numbers, each exactly once.
extension WorkflowEngine {
    /// Schedules the duties of `dossier`'s timers whose condition holds and that are not yet
    /// scheduled, re-times those still to open (their origin may have been corrected), and drops
    /// those still to open whose condition no longer holds (a customer marked as a buyer after
    /// all). An open duty whose condition stops holding while its window is open is withdrawn at
    /// `time`: its task closes unrecorded and unfined, with an event saying why. Returns whether
    /// anything changed, and the events.
    func scheduleDuties(_ dossier: inout Dossier, at time: Date) throws(Refusal) -> (changed: Bool, events: [DossierEvent]) {
        var changed = false
        var events: [DossierEvent] = []
        for timer in definition.timers {
            let applies = timer.condition.map { dossier.fields[$0.field] == $0.value } ?? true
            if let duty = dossier.duties[timer.id] {
                if duty.isScheduled {
                    let retimed = applies ? try window(of: timer, in: dossier) : nil
                    if retimed != duty {
                        dossier.duties[timer.id] = retimed
                        changed = true
                    }
                } else if !applies, duty.isOpen, duty.dueAt > time, let number = duty.taskNumber {
                    dossier.duties[timer.id]?.withdrawnAt = time
                    changed = true
                    events.append(DossierEvent(kind: .taskClosed, actor: Self.systemActor, at: time, action: Self.withdrawAction,
                                               fromState: dossier.stateID, toState: dossier.stateID, taskNumber: number,
                                               details: ["duty": timer.id, "withdrawn": timer.condition?.description ?? ""]))
                }
                continue
            }
            guard applies, let duty = try window(of: timer, in: dossier) else { continue }
            dossier.duties[timer.id] = duty
            changed = true
        }
        return (changed, events)
    }

    /// The duty `timer` gives `dossier`: its task opens at the origin, its window from
    /// `not-before` to `within` after it; `nil` when the origin is an empty date field.
    func window(of timer: FollowUpTimer, in dossier: Dossier) throws(Refusal) -> Duty? {
        guard let origin = originMoment(timer.origin, dossier: dossier, enteredAt: dossier.startedAt),
              let due = try pinnedDueMoment(timer.deadline, dossier: dossier, enteredAt: dossier.startedAt) else { return nil }
        var opens = origin
        if let notBefore = timer.notBefore {
            // The window opens at the start of the n-th day (or working day) after the origin's.
            let day = localTime.date(of: origin)
            switch notBefore.unit {
            case .hours:
                opens = origin.addingTimeInterval(TimeInterval(notBefore.amount) * 3600)
            case .calendarDays:
                opens = localTime.startOf(day.adding(days: notBefore.amount))
            case .calendarMonths:
                opens = localTime.startOf(day.adding(months: notBefore.amount))
            case .workingDays:
                let calendarID = definition.calendarID ?? ""
                guard let calendar = calendars[calendarID] else {
                    throw .calendar("calendar \(calendarID) is not deployed; deploy Workflows/calendars/\(calendarID).xml")
                }
                do {
                    let first = try WorkingCalendar(calendar, uncoveredYears: definition.uncoveredYears).adding(workingDays: notBefore.amount, to: day)
                    opens = localTime.startOf(first.date)
                } catch {
                    throw .calendar(error.description)
                }
            }
        }
        return Duty(roleID: timer.roleID, opensAt: origin, windowOpensAt: max(opens, origin), dueAt: due.moment, dueCalendar: due.calendar)
    }

    /// Opens the task of every scheduled duty whose origin is at or before `time`, earliest
    /// first (then by timer id), numbering them after the dossier's tasks so far. Each task
    /// counts as opened at its origin, whenever the sweep gets to it.
    func openDuties(_ dossier: inout Dossier, actor: String, through time: Date) -> [DossierEvent] {
        let due = dossier.duties.filter { $0.value.isScheduled && $0.value.opensAt <= time }
            .sorted { ($0.value.opensAt, $0.key) < ($1.value.opensAt, $1.key) }
        var events: [DossierEvent] = []
        for (id, duty) in due {
            dossier.taskCount += 1
            var opened = duty
            opened.taskNumber = dossier.taskCount
            opened.assignee = dossier.assignments[duty.roleID]
            dossier.duties[id] = opened
            var details = ["duty": id, "role": duty.roleID, "due": localTime.iso(duty.dueAt), "opened": localTime.iso(duty.opensAt)]
            if duty.windowOpensAt > duty.opensAt { details["window-opens"] = localTime.iso(duty.windowOpensAt) }
            if let assignee = opened.assignee { details["assignee"] = assignee }
            if let calendar = duty.dueCalendar { details["calendar"] = calendar.description }
            events.append(DossierEvent(kind: .taskOpened, actor: actor, at: time, toState: dossier.stateID, taskNumber: dossier.taskCount,
                                       details: details))
        }
        return events
    }

    /// The step that opens `dossier`'s duties due by `time`, taken by the sweep (`actor` is the
    /// system); `nil` when none is due.
    public func openingDuties(_ read: Dossier, actor: String, at time: Date) -> Step? {
        var dossier = read
        let events = openDuties(&dossier, actor: actor, through: time)
        guard !events.isEmpty else { return nil }
        dossier.revision += 1
        return Step(dossier: dossier, events: events, closedTask: nil, effects: [], dutiesChanged: true)
    }

    /// Records duty task `taskNumber` of `read` (a follow-up call: its `values` such as the
    /// channel and outcome, and the note), by the person holding its role, at `time`, which
    /// must be inside its window. A record before the window opens does not count and is
    /// refused; one after it closes is taken, and the lateness is fined up to `time`.
    public func recordDuty(_ read: Dossier, task taskNumber: Int, values: [String: String], note: String?,
                           actor: StaffMember, at time: Date) throws(Refusal) -> Step {
        var dossier = read
        guard let id = dossier.dutyID(task: taskNumber), let duty = dossier.duties[id], let timer = definition.timer(id) else {
            throw .taskClosed(task: "\(dossier.id).\(taskNumber)", current: nil)
        }
        guard duty.recordedAt == nil, duty.withdrawnAt == nil else {
            throw .taskClosed(task: "\(dossier.id).\(taskNumber)", current: nil)
        }
        let holder = dossier.assignments[timer.roleID]
        guard holder == actor.id else {
            throw .notYourTask(person: actor.id, action: Self.recordAction, roles: [timer.roleID], holders: [holder ?? "nobody"])
        }
        if time < duty.windowOpensAt {
            throw .outsideWindow(duty: id, opens: localTime.minutes(duty.windowOpensAt),
                                 closes: "the end of \(localTime.date(of: duty.dueAt.addingTimeInterval(-1)))")
        }
        let unknown = values.keys.filter { !timer.recordValues.contains($0) }.sorted()
        if let first = unknown.first {
            throw .unknownRecordValue(first, duty: id, known: timer.recordValues)
        }
        let missing = timer.recordValues.filter { (values[$0] ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
        if !missing.isEmpty { throw .recordIncomplete(duty: id, missing: missing) }

        var recorded = duty
        recorded.recordedAt = time
        recorded.recordedBy = actor.id
        recorded.record = values
        dossier.duties[id] = recorded
        dossier.revision += 1
        var details = values.mapKeys { "record:\($0)" }
        details["duty"] = id
        if time > duty.dueAt { details["late"] = "its window closed at the end of \(localTime.date(of: duty.dueAt.addingTimeInterval(-1)))" }
        let event = DossierEvent(kind: .taskClosed, actor: actor.id, at: time, action: Self.recordAction, fromState: dossier.stateID,
                                 toState: dossier.stateID, taskNumber: taskNumber, note: note, details: details)
        let task = OpenTask(number: taskNumber, stateID: id, roleID: timer.roleID, assignee: duty.assignee, openedAt: duty.opensAt,
                            dueAt: duty.dueAt, dueCalendar: duty.dueCalendar)
        let late = try lateness(of: task, dossierID: dossier.id, holder: { read.assignments[$0] }, before: time)
        // Like any step, it also assesses the state's task and deadlines up to now.
        return try assessed(Step(dossier: dossier, events: [event], closedTask: taskNumber, effects: [], fines: late.fines, dutiesChanged: true),
                            from: read, at: time)
    }

    /// The lateness up to `time` of `dossier`'s open duty tasks of role `roleID`, fined to
    /// whoever holds them now, and when each task's lateness next needs assessing.
    func dutyLateness(of dossier: Dossier, role roleID: String, before time: Date) throws(Refusal)
        -> (fines: [FineOccurrence], next: [Int: Date?]) {
        var fines: [FineOccurrence] = []
        var next: [Int: Date?] = [:]
        for (id, duty) in dossier.duties.sorted(by: { $0.key < $1.key }) where duty.isOpen && duty.roleID == roleID {
            guard let number = duty.taskNumber else { continue }
            let task = OpenTask(number: number, stateID: id, roleID: roleID, assignee: duty.assignee, openedAt: duty.opensAt,
                                dueAt: duty.dueAt, dueCalendar: duty.dueCalendar)
            let late = try lateness(of: task, dossierID: dossier.id, holder: { dossier.assignments[$0] }, before: time)
            fines += late.fines
            next[number] = .some(late.next)
        }
        return (fines, next)
    }

    /// The one action a duty's task takes.
    public static let recordAction = "record"
    /// What the log calls closing a duty's task whose condition stopped holding.
    public static let withdrawAction = "withdraw"

    /// Who holds an open duty task after `roleID` passed to `person`: open duties of that role
    /// move with it.
    func reassignDuties(_ dossier: inout Dossier, role roleID: String, to person: String) -> Bool {
        var changed = false
        for (id, duty) in dossier.duties where duty.isOpen && duty.roleID == roleID {
            dossier.duties[id]?.assignee = person
            changed = true
        }
        return changed
    }
}
