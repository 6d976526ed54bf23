import DossierDefinition
import Foundation

/// The pure, deterministic engine: given a workflow definition, a dossier, a command, the person
/// acting and the time, it returns the next dossier and the events that lead there, or a
/// refusal saying why not. It does no I/O, reads no clock and keeps no state of its own.
public struct WorkflowEngine: Sendable {
    /// The workflow version the engine runs.
    public let definition: WorkflowDefinition
    /// That version's number.
    public let version: Int
    /// Working-day calendars by id: the current version of each, for deadlines computed now.
    public let calendars: [String: CalendarDefinition]
    /// The deployed version number of each calendar in ``calendars``.
    public let calendarVersions: [String: Int]
    /// Earlier calendar versions that open tasks are pinned to, by ``CalendarPin/label`` (`cn@1`).
    public let pinnedCalendars: [String: CalendarDefinition]
    /// The company's time zone, for dates and ends of days.
    public let localTime: LocalTime

    /// What one command did.
    public struct Step: Sendable, Hashable {
        /// The dossier after the command.
        public var dossier: Dossier
        /// What happened, in order.
        public var events: [DossierEvent]
        /// The task closed by the command, if any.
        public var closedTask: Int?
        /// Effects the store carries out in the same transaction (e.g. archive numbers).
        public var effects: [Effect]
        /// Fines incurred up to the command: lateness of the task it finds, defects it returns.
        public var fines: [FineOccurrence] = []
        /// When the open task's lateness next needs assessing (see ``WorkflowEngine/lateness(of:before:)``).
        public var nextFineCheck: Date?
        /// When each running deadline the step assessed next needs assessing, by deadline id;
        /// `nil` once it is met or can no longer change.
        public var nextDeadlineChecks: [String: Date?] = [:]
        /// Whether the step scheduled, opened, recorded or reassigned a duty.
        public var dutiesChanged = false
        /// When each open duty task or parallel task the step assessed next needs assessing, by task number.
        public var nextTaskChecks: [Int: Date?] = [:]
    }

    /// The actor the log names for what time does by itself (a duty's task opening).
    public static let systemActor = "dossier"

    /// Creates an engine for `definition` (version `version`).
    /// `calendars` are the current versions (numbered by `calendarVersions`) and
    /// `pinnedCalendars` the earlier ones open tasks still count on.
    public init(definition: WorkflowDefinition, version: Int, calendars: [String: CalendarDefinition] = [:],
                calendarVersions: [String: Int] = [:], pinnedCalendars: [String: CalendarDefinition] = [:],
                timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current) {
        self.init(definition: definition, version: version, calendars: calendars, calendarVersions: calendarVersions,
                  pinnedCalendars: pinnedCalendars, localTime: LocalTime(timeZone))
    }

    /// Creates an engine as above, counting days in `localTime`.
    public init(definition: WorkflowDefinition, version: Int, calendars: [String: CalendarDefinition] = [:],
                calendarVersions: [String: Int] = [:], pinnedCalendars: [String: CalendarDefinition] = [:], localTime: LocalTime) {
        self.definition = definition
        self.version = version
        self.calendars = calendars
        self.calendarVersions = calendarVersions
        self.pinnedCalendars = pinnedCalendars
        self.localTime = localTime
    }

    // MARK: Starting

    /// Starts dossier `id` with `fields` and `assignments` (role id → staff id), by `actor`.
    public func start(id: Int, fields: [String: String], assignments given: [String: String], actor: StaffMember,
                      staff: [String: StaffMember], at time: Date) throws(Refusal) -> Step {
        if let schedule = definition.schedule {
            throw .startsBySchedule(workflow: definition.id, every: schedule.recurrence.description)
        }
        if definition.roles.contains(where: { $0.binding == .fined }) {
            throw .startsByFine(workflow: definition.id)
        }
        return try start(id: id, fields: fields, assignments: given, assignable: .atStart, actor: actor, staff: staff, at: time)
    }

    /// Starts a dossier of a restoration workflow for `person`, on whom `actor` has just recorded
    /// a fine whose rule names this workflow (`restore=`): `person` holds the role bound `fined`,
    /// the roles assigned at start are `given`.
    public func startRestoration(id: Int, fields: [String: String], assignments given: [String: String], person: String,
                                 actor: StaffMember, staff: [String: StaffMember], at time: Date) throws(Refusal) -> Step {
        guard let role = definition.roles.first(where: { $0.binding == .fined }) else { throw .restoresNothing(workflow: definition.id) }
        try checkCanHold(role, person: person, staff: staff)
        return try start(id: id, fields: fields, assignments: given, assignable: .atStart, actor: actor, staff: staff, at: time,
                         bound: [role.id: person])
    }

    /// Starts a dossier whose `assignable` roles are given (at start by a person, or by a schedule).
    func start(id: Int, fields: [String: String], assignments given: [String: String], assignable: Role.Binding,
               actor: StaffMember, staff: [String: StaffMember], at time: Date, bound: [String: String] = [:]) throws(Refusal) -> Step {
        // Everything missing is said at once: the fields and the roles still to assign.
        let checkedFields: [String: String]
        do {
            checkedFields = try FieldValues.check(fields, against: definition)
        } catch .missingFields(let missing) {
            let unassigned = definition.roles.filter { $0.binding == assignable && !$0.isOptional && given[$0.id] == nil }.map(\.id)
            throw unassigned.isEmpty ? .missingFields(missing) : .incompleteStart(fields: missing, roles: unassigned)
        } catch {
            throw error
        }
        let fields = checkedFields
        var assignments = bound
        for (roleID, person) in given.sorted(by: { $0.key < $1.key }) {
            guard let role = definition.role(roleID) else { throw .unknownRole(roleID, known: definition.roles.map(\.id)) }
            // A starter-bound role is whoever starts; a level-approver is routed later.
            if role.binding != assignable { throw .roleNotAssignable(roleID, binding: role.binding.rawValue) }
            try checkCanHold(role, person: person, staff: staff)
            assignments[roleID] = person
        }
        for role in definition.roles where role.binding == .starter && assignments[role.id] == nil {
            try checkCanHold(role, person: actor.id, staff: staff)
            assignments[role.id] = actor.id
        }
        // Of the roles a schedule binds, only the one its duty falls to must be held (unless no
        // fine is charged to it); the others may be left to whoever of their holders acts first.
        let unassigned = definition.roles.filter {
            $0.binding == assignable && !$0.isOptional && assignments[$0.id] == nil
                && (assignable != .scheduled || ($0.id == definition.schedule?.roleID && !definition.scheduledDutyMayBeShared))
        }.map(\.id)
        if !unassigned.isEmpty { throw .unassignedRoles(unassigned) }
        try checkFourEyes(assignments)

        var dossier = Dossier(id: id, workflowID: definition.id, workflowVersion: version, stateID: definition.initialStateID,
                              fields: fields, assignments: assignments, startedAt: time, startedBy: actor.id)
        var events = [DossierEvent(kind: .started, actor: actor.id, at: time, toState: definition.initialStateID,
                                   details: assignments.merging(fields.mapKeys { "field:\($0)" }) { $1 }
                                       .mapKeys { $0.hasPrefix("field:") ? $0 : "role:\($0)" })]
        // Deadlines across states start with the dossier (from its start or a date field).
        for deadline in definition.deadlines {
            if let due = try pinnedDueMoment(deadline, dossier: dossier, enteredAt: time) {
                dossier.runningDeadlines[deadline.id] = RunningDeadline(dueAt: due.moment, dueCalendar: due.calendar)
            }
        }
        events += try enter(definition.initialStateID, dossier: &dossier, actor: actor.id, at: time)
        let scheduled = try scheduleDuties(&dossier, at: time).changed
        events += openDuties(&dossier, actor: actor.id, through: time)
        dossier.revision = 1
        var step = Step(dossier: dossier, events: events, closedTask: nil, effects: [], nextFineCheck: dossier.openTask?.dueAt,
                        dutiesChanged: scheduled)
        step.fines = recordedLapses(in: dossier, by: actor.id, at: time)
        // A dossier entered after a deadline already passed owes its fines at once.
        step = try assessedRunningDeadlines(step, from: dossier, at: time)
        return step
    }

    func checkCanHold(_ role: Role, person: String, staff: [String: StaffMember]) throws(Refusal) {
        guard let member = staff[person] else { throw .unknownStaff(person) }
        guard member.isActive else { throw .departedStaff(person) }
        guard member.holdsAny(of: role.staffRoles) else { throw .lacksStaffRole(person: person, role: role.id, needs: role.staffRoles) }
    }

    /// Four-eyes: roles declared distinct never share a person.
    func checkFourEyes(_ assignments: [String: String]) throws(Refusal) {
        for role in definition.roles {
            guard let person = assignments[role.id] else { continue }
            for other in role.distinctFrom where assignments[other] == person {
                throw .fourEyes(person: person, role: role.id, otherRole: other)
            }
        }
    }

    // MARK: Reassigning

    /// Gives `roleID` to `person` (e.g. a successor), keeping four-eyes.
    public func reassign(_ dossier: Dossier, role roleID: String, to person: String, reason: String, actor: StaffMember,
                         staff: [String: StaffMember], at time: Date) throws(Refusal) -> Step {
        // A filed dossier's duties still open or to open (its follow-up calls) pass to a successor.
        let holdsDuties = dossier.duties.contains { ($0.value.isOpen || $0.value.isScheduled) && $0.value.roleID == roleID }
        guard !dossier.isFinished || holdsDuties else { throw .finished(dossier: dossier.id, state: dossier.stateID) }
        guard let role = definition.role(roleID) else { throw .unknownRole(roleID, known: definition.roles.map(\.id)) }
        try checkCanHold(role, person: person, staff: staff)
        var next = dossier
        // Duties whose time came open first, for the role's holder until now, who also owes
        // their lateness so far; then they pass on.
        let opened = openDuties(&next, actor: Self.systemActor, through: time)
        var owed = try dutyLateness(of: next, role: roleID, before: time)
        // So does a parallel task of the role (a department carrying out a correction).
        let parallelOwed = try parallelLateness(of: next, role: roleID, before: time)
        owed.fines += parallelOwed.fines
        owed.next.merge(parallelOwed.next) { $1 }
        next.assignments[roleID] = person
        next.parallelTasks[roleID]?.assignee = person
        let dutiesMoved = reassignDuties(&next, role: roleID, to: person) || !opened.isEmpty
        try checkFourEyes(next.assignments)
        // A person who already signed in this state under another role cannot sign again as this one.
        for (action, signers) in dossier.signOffs {
            for (signedRole, signer) in signers where signer == person && signedRole != roleID && signers[roleID] == nil {
                if definition.state(dossier.stateID)?.transition(action)?.signOffRoleIDs.contains(roleID) == true {
                    throw .fourEyes(person: person, role: roleID, otherRole: signedRole)
                }
            }
        }
        if next.openTask?.roleID == roleID { next.openTask?.assignee = person }
        next.revision += 1
        let event = DossierEvent(kind: .reassigned, actor: actor.id, at: time, fromState: dossier.stateID, toState: dossier.stateID,
                                 taskNumber: next.openTask?.number, note: reason,
                                 details: ["reassigned": roleID, "from": dossier.assignments[roleID] ?? "", "to": person])
        var step = Step(dossier: next, events: opened + [event], closedTask: nil, effects: [], fines: owed.fines, dutiesChanged: dutiesMoved)
        step.nextTaskChecks = owed.next
        return try assessed(step, from: dossier, at: time)
    }

    /// `step` with the lateness of `before`'s open task up to `time` assessed, and the moment
    /// the open task after the step next needs assessing.
    func assessed(_ step: Step, from before: Dossier, at time: Date) throws(Refusal) -> Step {
        var step = step
        // Duties whose time came open with any step, as the sweep would have opened them: a step
        // that opens no task of its own leaves the numbering as a sweep before it would.
        let opened = openDuties(&step.dossier, actor: Self.systemActor, through: time)
        if !opened.isEmpty {
            step.events = opened + step.events
            step.dutiesChanged = true
        }
        let late = try lateness(of: before, before: time)
        step.fines = late.fines + step.fines
        if let open = step.dossier.openTask {
            let same = open.number == before.openTask?.number && open.dueAt == before.openTask?.dueAt
            step.nextFineCheck = same ? late.next : open.dueAt
        }
        return try assessedRunningDeadlines(step, from: before, at: time)
    }

    /// `step` with the lateness of `before`'s running deadlines up to `time` assessed, each one
    /// the step's dossier has now reached marked met, and when each still running needs
    /// assessing next.
    func assessedRunningDeadlines(_ step: Step, from before: Dossier, at time: Date) throws(Refusal) -> Step {
        var step = step
        for deadline in definition.deadlines {
            guard let running = before.runningDeadlines[deadline.id], running.isRunning else { continue }
            let late = try lateness(ofDeadline: deadline.id, in: before, before: time)
            step.fines += late.fines
            let reached = deadline.untilStateID.map { $0 == step.dossier.stateID } ?? step.dossier.isFinished
            if reached {
                step.dossier.runningDeadlines[deadline.id]?.metAt = time
                step.nextDeadlineChecks[deadline.id] = .some(nil)
            } else {
                step.nextDeadlineChecks[deadline.id] = .some(late.next)
            }
        }
        return step
    }

    // MARK: Advancing

    /// Takes `action` on the dossier's open task `taskNumber`, by `actor`. An action taken by a
    /// command (`on="backup"`) is taken only with that `trigger`, and an action without one only
    /// without it. `held` says what people still hold in the office, for a `nothing-held` guard.
    public func advance(_ read: Dossier, task taskNumber: Int, action: String, note: String?, fields: [String: String] = [:],
                        actor: StaffMember, at time: Date, on trigger: Transition.Trigger? = nil,
                        held: [String: [String]]? = nil) throws(Refusal) -> Step {
        var dossier = read
        guard !dossier.isFinished else { throw .finished(dossier: dossier.id, state: dossier.stateID) }
        // Duties whose time came open first, so task numbers follow time however rarely the sweep runs.
        let openedDuties = openDuties(&dossier, actor: Self.systemActor, through: time)
        if let roleID = dossier.parallelRole(task: taskNumber) {
            guard trigger == nil else { throw .unknownAction(action, state: dossier.stateID, available: []) }
            return try closeParallelTask(of: roleID, in: dossier, read: read, openedDuties: openedDuties, action: action, note: note,
                                         fields: fields, actor: actor, at: time, held: held)
        }
        guard let task = dossier.openTask, task.number == taskNumber else {
            throw .taskClosed(task: "\(dossier.id).\(taskNumber)", current: dossier.openTask.map { "\(dossier.id).\($0.number)" })
        }
        guard let state = definition.state(dossier.stateID) else {
            throw .unknownAction(action, state: dossier.stateID, available: [])
        }
        guard let transition = state.transition(action) else {
            throw .unknownAction(action, state: state.id, available: state.transitions.map(\.action))
        }
        if let command = transition.trigger, command != trigger { throw .takenByCommand(action: action, command: command.command) }
        guard transition.trigger == trigger else {
            throw .unknownAction(action, state: state.id, available: state.transitions.filter { $0.trigger == trigger }.map(\.action))
        }
        let actingRole = transition.byRoleID ?? state.roleID
        // A role bound by the confidentiality level (a slip's approver) goes to whoever first acts
        // holding one of the level's approving staff roles.
        if let roleID = actingRole, definition.role(roleID)?.binding == .levelApprover, dossier.assignments[roleID] == nil {
            var bound = dossier
            try bindLevelApprover(roleID, of: &bound, to: actor)
            try checkFourEyes(bound.assignments)
            // An earlier step of a chain (the borrower's manager before the GM) is a signature;
            // the slip waits, unassigned, for the next step's approver.
            if signsEarlierStep(transition, of: dossier) {
                let signed = signedApprovalSteps(of: dossier) + 1
                let total = slipLevel(of: dossier)?.steps.count ?? signed
                var next = dossier
                next.signOffs[action, default: [:]][Self.approvalStepKey(signed)] = actor.id
                next.revision += 1
                let event = DossierEvent(kind: .signed, actor: actor.id, at: time, action: action, fromState: state.id, toState: state.id,
                                         taskNumber: task.number, note: note, details: ["role": roleID, "step": "\(signed) of \(total)"])
                return try assessed(Step(dossier: next, events: openedDuties + [event], closedTask: nil, effects: [],
                                         dutiesChanged: !openedDuties.isEmpty), from: read, at: time)
            }
            dossier = bound
            if dossier.openTask?.roleID == roleID { dossier.openTask?.assignee = actor.id }
        }
        let signers = transition.signOffRoleIDs
        let eligible = Array(Set(signers + [actingRole].compactMap { $0 })).sorted()
        // A role a schedule left open (several people could hold it) goes to whoever of them
        // first acts or signs in it.
        if !eligible.contains(where: { dossier.assignments[$0] == actor.id }),
           let open = eligible.compactMap(definition.role).first(where: { $0.binding == .scheduled && dossier.assignments[$0.id] == nil && actor.holdsAny(of: $0.staffRoles) }) {
            try checkCanHold(open, person: actor.id, staff: [actor.id: actor])
            dossier.assignments[open.id] = actor.id
            try checkFourEyes(dossier.assignments)
            if dossier.openTask?.roleID == open.id { dossier.openTask?.assignee = actor.id }
        }
        let actorRoles = eligible.filter { dossier.assignments[$0] == actor.id }
        guard !actorRoles.isEmpty else {
            throw .notYourTask(person: actor.id, action: action, roles: eligible,
                               holders: eligible.map { dossier.assignments[$0] ?? "nobody" })
        }
        if transition.requiresNote, (note ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw .noteRequired(action: action)
        }
        var next = dossier
        let setting = try setFields(fields, on: &next, task: task.number, note: note, actor: actor.id, at: time)
        var events = openedDuties + setting.events
        let dutiesChanged = !openedDuties.isEmpty || setting.dutiesChanged
        let missing = GuardCheck(definition: definition, dossier: next, held: held).unmet(transition.guards)
        if !missing.isEmpty { throw .guardsUnmet(action: action, missing: missing) }
        if !signers.isEmpty {
            var given = next.signOffs[action] ?? [:]
            // Four-eyes at every sign-off: one person signs an action once, whatever roles they hold.
            if let earlier = given.first(where: { $0.value == actor.id }) {
                throw .alreadySigned(person: actor.id, action: action, role: earlier.key)
            }
            // The actor signs under one role: a sign-off role still unsigned, else the acting role.
            if let role = actorRoles.first(where: { signers.contains($0) && given[$0] == nil }) {
                given[role] = actor.id
                next.signOffs[action] = given
                events.append(DossierEvent(kind: .signed, actor: actor.id, at: time, action: action, fromState: state.id,
                                           toState: state.id, taskNumber: task.number, note: note, details: ["role": role]))
            }
            let waiting = signers.filter { given[$0] == nil }
            let actingDone = actingRole.map { signers.contains($0) || actorRoles.contains($0) } ?? true
            if !waiting.isEmpty || !actingDone {
                if !events.contains(where: { $0.kind == .signed }) {
                    throw .awaitingSignOff(action: action, waiting: waiting.map { "\($0) (\(dossier.assignments[$0] ?? "nobody"))" })
                }
                next.revision += 1
                return try assessed(Step(dossier: next, events: events, closedTask: nil, effects: [], dutiesChanged: dutiesChanged),
                                    from: dossier, at: time)
            }
        }
        // Fire the transition.
        events.append(DossierEvent(kind: .taskClosed, actor: actor.id, at: time, action: action, fromState: state.id,
                                   toState: transition.targetStateID, taskNumber: task.number, note: note))
        events.append(DossierEvent(kind: .transitioned, actor: actor.id, at: time, action: action, fromState: state.id,
                                   toState: transition.targetStateID, taskNumber: task.number, note: note,
                                   details: next.signOffs[action] ?? [:]))
        next.signOffs = [:]
        next.openTask = nil
        let defects = transition.effects.contains(.issueSupplementaryList) ? defectFines(in: next, task: task.number, at: time) : []
        if transition.effects.contains(.resetVerification) {
            for (item, record) in next.checklist {
                var reset = record
                reset.verification = .unchecked
                next.checklist[item] = reset
            }
        }
        events += try enter(transition.targetStateID, dossier: &next, actor: actor.id, at: time,
                            ordered: transition.effects.contains(.issueSupplementaryList))
        if transition.effects.contains(.lend), let open = next.openTask, let due = loanDue(next, stateDue: open.dueAt, lentAt: time), due != open.dueAt {
            // A loan runs until the slip's date, never beyond the lent state's maximum.
            next.openTask?.dueAt = due
            next.openTask?.dueCalendar = nil
            if let index = events.lastIndex(where: { $0.kind == .taskOpened }) { events[index].details["due"] = localTime.iso(due) }
        }
        next.revision += 1
        var step = Step(dossier: next, events: events, closedTask: task.number,
                        effects: transition.effects.filter { $0 != .resetVerification },
                        fines: defects + (next.fields != dossier.fields ? recordedLapses(in: next, by: actor.id, at: time) : []),
                        dutiesChanged: dutiesChanged)
        step = try assessed(step, from: dossier, at: time)
        return step
    }

    /// Sets `fields` on `dossier` as the person acting on task `task` does with an action:
    /// checked against the workflow, one event for what changed, and the duties a changed field
    /// schedules or drops (whether the customer bought).
    func setFields(_ fields: [String: String], on dossier: inout Dossier, task: Int, note: String?, actor: String,
                   at time: Date) throws(Refusal) -> (events: [DossierEvent], dutiesChanged: Bool) {
        guard !fields.isEmpty else { return ([], false) }
        let merged = try FieldValues.check(dossier.fields.merging(fields) { $1 }, against: definition)
        let changed = merged.filter { dossier.fields[$0.key] != $0.value }
        dossier.fields = merged
        guard !changed.isEmpty else { return ([], false) }
        var events = [DossierEvent(kind: .fieldsSet, actor: actor, at: time, fromState: dossier.stateID, toState: dossier.stateID,
                                   taskNumber: task, note: note, details: changed.mapKeys { "field:\($0)" })]
        let rescheduled = try scheduleDuties(&dossier, at: time)
        guard rescheduled.changed else { return (events, false) }
        events += rescheduled.events + openDuties(&dossier, actor: Self.systemActor, through: time)
        return (events, true)
    }

    /// Moves `dossier` into `stateID`: opens its task, or finishes the dossier. An `ordered`
    /// entry is a return with a supplementary list: a deadline that does not start again on
    /// entering (counted from a field or the start) and has passed gives the task the
    /// correction window instead (``correctionDue(_:dossier:orderedAt:)``).
    func enter(_ stateID: String, dossier: inout Dossier, actor: String, at time: Date, ordered: Bool = false) throws(Refusal) -> [DossierEvent] {
        dossier.stateID = stateID
        guard let state = definition.state(stateID) else { return [] }
        if state.isFinal {
            dossier.isFinished = true
            return [DossierEvent(kind: .finished, actor: actor, at: time, toState: stateID)]
        }
        if state.isParallel { return try openParallelTasks(of: state, in: &dossier, actor: actor, at: time) }
        dossier.taskCount += 1
        var due = try state.deadline.flatMap { deadline throws(Refusal) in try pinnedDueMoment(deadline, dossier: dossier, enteredAt: time) }
        var correction: Period?
        if ordered, let deadline = state.deadline, deadline.origin != .stateEntered, let passed = due, passed.moment <= time {
            (due, correction) = try correctionDue(deadline, dossier: dossier, orderedAt: time)
        }
        let task = OpenTask(number: dossier.taskCount, stateID: stateID, roleID: state.roleID,
                            assignee: state.roleID.flatMap { dossier.assignments[$0] }, openedAt: time, dueAt: due?.moment,
                            dueCalendar: due?.calendar)
        dossier.openTask = task
        var details: [String: String] = [:]
        if let role = task.roleID { details["role"] = role }
        if let assignee = task.assignee { details["assignee"] = assignee }
        if let due {
            details["due"] = localTime.iso(due.moment)
            if let calendar = due.calendar { details["calendar"] = calendar.description }
        }
        if let correction { details["correction-window"] = correction.description }
        return [DossierEvent(kind: .taskOpened, actor: actor, at: time, toState: stateID, taskNumber: task.number, details: details)]
    }

    /// The due moment of a task re-opened by a return after its deadline, which does not start
    /// again on entering, has passed. Its lateness is already counted; what is late now is the
    /// correction, so the task is due at the end of the deadline's fine's `<repeat grace="…">`
    /// from the return ("corrected within one working day of being ordered"). Without a
    /// repetition the house rules give no window, and the task has no deadline (the compiler
    /// warns of this); without a fine the passed deadline stands, late but never fined twice.
    func correctionDue(_ deadline: Deadline, dossier: Dossier, orderedAt time: Date) throws(Refusal)
        -> (due: (moment: Date, calendar: CalendarPin?)?, window: Period?) {
        guard let fineID = deadline.fineID, let rule = definition.fine(fineID) else {
            return (try pinnedDueMoment(deadline, dossier: dossier, enteredAt: time), nil)
        }
        guard let grace = rule.repetition?.grace else { return (nil, nil) }
        let window = Deadline(id: deadline.id, period: grace, origin: .stateEntered, calendarID: deadline.calendarID, fineID: fineID)
        return (try pinnedDueMoment(window, dossier: dossier, enteredAt: time), grace)
    }

    /// The moment a count from `origin` starts: the state's entry at `time`, the dossier's start,
    /// or the last second of a date field's day (a date's count starts the day after it);
    /// `nil` when the field is empty. No date, no deadline: an optional date field left empty
    /// sets none.
    func originMoment(_ origin: DeadlineOrigin, dossier: Dossier, enteredAt time: Date) -> Date? {
        switch origin {
        case .stateEntered: return time
        case .instanceStarted: return dossier.startedAt
        case .field(let id):
            guard let text = dossier.fields[id], !text.isEmpty else { return nil }
            if let date = CalendarDate(iso: text) { return localTime.endOf(date).addingTimeInterval(-1) }
            return localTime.parse(text)
        }
    }

    /// When a deadline entered at `time` passes.
    public func dueMoment(_ deadline: Deadline, dossier: Dossier, enteredAt time: Date) throws(Refusal) -> Date? {
        try pinnedDueMoment(deadline, dossier: dossier, enteredAt: time)?.moment
    }

    /// When a deadline entered at `time` passes, and for working days the calendar version
    /// counted on, which the task keeps.
    public func pinnedDueMoment(_ deadline: Deadline, dossier: Dossier, enteredAt time: Date) throws(Refusal) -> (moment: Date, calendar: CalendarPin?)? {
        guard let origin = originMoment(deadline.origin, dossier: dossier, enteredAt: time) else { return nil }
        switch deadline.period.unit {
        case .hours:
            return (origin.addingTimeInterval(TimeInterval(deadline.period.amount) * 3600), nil)
        case .calendarDays:
            return (localTime.endOf(localTime.date(of: origin).adding(days: deadline.period.amount)), nil)
        case .calendarMonths:
            return (localTime.endOf(localTime.date(of: origin).adding(months: deadline.period.amount)), nil)
        case .workingDays:
            let calendarID = deadline.calendarID ?? definition.calendarID ?? ""
            guard let calendar = calendars[calendarID] else {
                throw .calendar("calendar \(calendarID) is not deployed; deploy Workflows/calendars/\(calendarID).xml")
            }
            do {
                let due = try WorkingCalendar(calendar, uncoveredYears: definition.uncoveredYears)
                    .adding(workingDays: deadline.period.amount, to: localTime.date(of: origin))
                let pin = CalendarPin(id: calendarID, version: calendarVersions[calendarID] ?? 0, isProvisional: due.provisional)
                return (localTime.endOf(due.date), pin)
            } catch {
                throw .calendar(error.description)
            }
        }
    }
}

extension Dictionary {
    func mapKeys<T: Hashable>(_ transform: (Key) -> T) -> [T: Value] {
        Dictionary<T, Value>(map { (transform($0.key), $0.value) }, uniquingKeysWith: { $1 })
    }
}
