import DossierDefinition
import Foundation

/// Borrowing a registered dossier (DOMAIN §3), run by a workflow with `<lending>` rules and
/// `<confidentiality>` levels: the slip is routed by the dossier's level, executives and the
/// level's readers borrow directly, reading-room dossiers never leave the office, the loan runs
/// until the slip's date but no longer than the workflow's maximum, and a return is checked
/// item by item against the register.
extension WorkflowEngine {
    /// How a slip is routed.
    public enum LoanRoute: Sendable, Hashable {
        /// No approval needed, with the reason (an executive, a reader of the level, the owner).
        case direct(String)
        /// Approved by someone holding one of these staff roles.
        case approval([String])
    }

    /// The route of a slip by `borrower` for `target`.
    public func route(for borrower: StaffMember, target: BorrowTarget) throws(Refusal) -> LoanRoute {
        let (lending, level) = try lendingRules(for: target)
        if let reason = readingRight(of: borrower, target: target, level: level) { return .direct(reason) }
        // Executives borrow directly, except what only a named approver may release (sealed).
        if let role = lending.directBorrowers.first(where: { borrower.roles.contains($0) }),
           level.mayBeTakenAway || borrower.holdsAny(of: level.approvers) {
            return .direct("\(borrower.id) is \(role) and borrows directly through the archivist")
        }
        return .approval(level.steps.first?.approvers ?? [])
    }

    /// Why `person` may read `target` without anyone's approval under `level`'s readers, or
    /// `nil` when they may not: a staff role of the level's readers, a role in the dossier itself
    /// (`owner`), or working in its department (`same-department`).
    func readingRight(of person: StaffMember, target: BorrowTarget, level: ConfidentialityLevel) -> String? {
        for reader in level.readers {
            switch reader {
            case ConfidentialityLevel.owner:
                if target.owners.contains(person.id) { return "\(person.id) holds a role in the dossier itself" }
            case ConfidentialityLevel.sameDepartment:
                if let department = target.department, person.department == department {
                    return "\(person.id) works in \(department), the dossier's own department"
                }
            default:
                if person.roles.contains(reader) { return "\(person.id) is \(reader), a reader of \(level.id)-level dossiers" }
            }
        }
        return nil
    }

    /// The material a slip asks for when it names none: the lending checklist's required items.
    public var defaultLoanMaterial: [String] {
        (definition.checklist?.items ?? []).filter(\.isRequired).map(\.id)
    }

    /// Starts loan `id`: a borrow slip by `actor` for `target` and `material` (checklist items
    /// of the lending workflow), checked against the level's rules, and moved straight to the
    /// archivist when no approval is needed. Material that must come back the same day (a
    /// follow-up form) is only lent until the end of the day it goes out.
    /// The archivist on duty (`archivist`) lends it; by default the one who registered it.
    public func requestLoan(id: Int, target: BorrowTarget, purpose: String, until: String, takeAway: Bool, material: [String] = [],
                            archivist onDuty: String? = nil, actor: StaffMember, staff: [String: StaffMember],
                            at time: Date) throws(Refusal) -> Step {
        let (lending, level) = try lendingRules(for: target)
        if takeAway, !level.mayBeTakenAway { throw .readingRoomOnly(archiveNumber: target.archiveNumber, level: "\(level.title)") }
        let material = material.isEmpty ? defaultLoanMaterial : material
        let known = (definition.checklist?.items ?? []).map(\.id)
        for item in material where !known.contains(item) {
            throw .unknownItem(item, suggestion: known.first { $0.hasPrefix(item) || item.hasPrefix($0) }, known: known)
        }
        guard let untilDate = CalendarDate(iso: until) else { throw .invalidField("until", value: until, expected: "a date such as 2026-03-31") }
        let today = localTime.date(of: time)
        if untilDate < today { throw .invalidField("until", value: until, expected: "today or a later date") }
        let sameDay = material.filter(lending.sameDayItems.contains)
        if !sameDay.isEmpty, untilDate != today {
            throw .sameDayReturn(items: sameDay, today: today.description, until: until)
        }
        let latest = try latestReturn(from: time, lending: lending)
        if untilDate > latest {
            throw .loanTooLong(until: until, latest: latest.description, maximum: lending.maximumPeriod.description)
        }
        guard let archivist = onDuty ?? target.archivist else {
            throw .unassignedRoles(["archivist (dossier \(target.dossierID) names nobody who registered it)"])
        }
        var fields = ["archive-number": target.archiveNumber, "purpose": purpose, "until": until, "take-away": takeAway ? "true" : "false",
                      "level": level.id, "material": material.joined(separator: " ")]
        if let department = target.department { fields["department"] = department }
        // A step signed by the borrower's own department manager needs to know which that is.
        if let department = actor.department, definition.field(Self.borrowerDepartmentField) != nil {
            fields[Self.borrowerDepartmentField] = department
        }
        var step = try start(id: id, fields: fields, assignments: ["archivist": archivist], actor: actor, staff: staff, at: time)
        guard case .direct(let reason) = try route(for: actor, target: target),
              let task = step.dossier.openTask, let approve = definition.state(step.dossier.stateID)?.transitions.first else {
            return signedByBorrower(step, level: level, actor: actor, at: time)
        }
        // No approval needed: the slip goes straight to the archivist, saying why.
        var next = step.dossier
        var events = step.events
        events.append(DossierEvent(kind: .taskClosed, actor: actor.id, at: time, action: approve.action, fromState: next.stateID,
                                   toState: approve.targetStateID, taskNumber: task.number, note: reason))
        events.append(DossierEvent(kind: .transitioned, actor: actor.id, at: time, action: approve.action, fromState: next.stateID,
                                   toState: approve.targetStateID, taskNumber: task.number, note: reason, details: ["direct": "true"]))
        next.openTask = nil
        events += try enter(approve.targetStateID, dossier: &next, actor: actor.id, at: time)
        step = Step(dossier: next, events: events, closedTask: nil, effects: [], nextFineCheck: next.openTask?.dueAt)
        return step
    }

    /// A slip whose level approves in steps, with its leading steps that the borrower could sign
    /// themselves signed by them: a department manager's own slip goes straight to the step after
    /// their own manager's signature (the last step is always someone else's).
    func signedByBorrower(_ step: Step, level: ConfidentialityLevel, actor: StaffMember, at time: Date) -> Step {
        guard level.steps.count > 1, let task = step.dossier.openTask, let state = definition.state(step.dossier.stateID),
              let approve = state.transitions.first(where: { definition.state($0.targetStateID)?.isFinal == false }) else { return step }
        var next = step
        for (index, approval) in level.steps.dropLast().enumerated() {
            guard let role = approval.approvers.first(where: actor.roles.contains),
                  !approval.localApprovers.contains(role) || department(for: approval, of: next.dossier) == actor.department else { break }
            next.dossier.signOffs[approve.action, default: [:]][Self.approvalStepKey(index + 1)] = actor.id
            next.events.append(DossierEvent(kind: .signed, actor: actor.id, at: time, action: approve.action, fromState: state.id, toState: state.id,
                                            taskNumber: task.number, note: "\(actor.id) is \(role) and signs their own slip",
                                            details: ["role": task.roleID ?? "approver", "step": "\(index + 1) of \(level.steps.count)"]))
        }
        return next
    }

    /// Lends loan `loan` (approved, or needing no approval) by the archivist `actor`, refused
    /// once the slip's return date has passed (it would be overdue the moment it went out) and
    /// while the dossier is out on another of `others` (the loans of the same archive number).
    public func lendLoan(_ loan: Dossier, others: [Dossier], actor: StaffMember, at time: Date) throws(Refusal) -> Step {
        guard let task = loan.openTask else { throw .finished(dossier: loan.id, state: loan.stateID) }
        if let until = loan.fields["until"].flatMap(CalendarDate.init(iso:)), until < localTime.date(of: time) {
            throw .slipExpired(loan: loan.id, until: until.description)
        }
        if let out = others.first(where: { $0.id != loan.id && isOut($0) }) {
            let due = out.openTask?.dueAt.map { localTime.minutes($0.addingTimeInterval(-60)) } ?? "?"
            throw .alreadyLent(archiveNumber: loan.fields["archive-number"] ?? "the dossier", loan: out.id, borrower: borrower(of: out), due: due)
        }
        return try advance(loan, task: task.number, action: "lend", note: nil, actor: actor, at: time)
    }

    /// Whether loan `dossier` has the dossier out: its state is the one a return ends.
    public func isOut(_ dossier: Dossier) -> Bool {
        guard !dossier.isFinished, let state = definition.state(dossier.stateID) else { return false }
        return state.transitions.contains { $0.effects.contains(.return) }
    }

    /// Returns loan `loan` of `target`: complete, or with items missing, damaged or short of
    /// pages (`pages` counted on return, compared with the register), which keeps the loan open
    /// as returned incomplete and fines the borrower per item under the rule for lost items.
    public func returnLoan(_ loan: Dossier, target: BorrowTarget, missing: [String], damaged: [String], pages: [String: Int] = [:],
                           actor: StaffMember, at time: Date) throws(Refusal) -> Step {
        let known = target.items.keys.sorted()
        for item in missing + damaged + pages.keys.sorted() where target.items[item] == nil {
            throw .unknownItem(item, suggestion: known.first { $0.hasPrefix(item) || item.hasPrefix($0) }, known: known)
        }
        var findings: [(String, String)] = []
        for (item, what) in missing.map({ ($0, "missing") }) + damaged.map({ ($0, "damaged") }) where !findings.contains(where: { $0.0 == item }) {
            findings.append((item, what))
        }
        for (item, counted) in pages.sorted(by: { $0.key < $1.key }) {
            // An item the register holds without a page count is checked by its presence only.
            let registered = target.items[item] ?? 0
            if registered == 0 { continue }
            if counted > registered {
                throw .pagesAboveRegister(item: item, counted: counted, registered: registered)
            }
            if counted < registered, !findings.contains(where: { $0.0 == item }) {
                findings.append((item, "short of pages (\(counted) of \(registered))"))
            }
        }
        guard let task = loan.openTask else { throw .finished(dossier: loan.id, state: loan.stateID) }
        if findings.isEmpty {
            return try advance(loan, task: task.number, action: "return", note: nil, actor: actor, at: time)
        }
        let note = findings.map { "\($0.0) \($0.1)" }.joined(separator: "; ")
        var step = try advance(loan, task: task.number, action: "return-incomplete", note: note, actor: actor, at: time)
        guard let rule = definition.assessedFine(on: .lostItem) else { return step }
        let payer = loan.assignments[rule.payerRoleID] ?? loan.startedBy
        for (item, what) in findings {
            step.fines.append(FineOccurrence(
                dossierID: loan.id, taskNumber: task.number, workflowID: definition.id, workflowVersion: version, rule: rule, itemID: item,
                payer: payer, payerRole: rule.payerRoleID, occurredAt: time, month: month(of: time),
                reason: "item \(item) of \(target.archiveNumber) came back \(what) when \(actor.id) checked loan \(loan.id) against the register on \(localTime.minutes(time))"))
        }
        return step
    }

    /// Who borrows on loan `dossier`: the holder of the role bound to whoever starts the slip.
    public func borrower(of dossier: Dossier) -> String {
        definition.roles.first { $0.binding == .starter }.flatMap { dossier.assignments[$0.id] } ?? dossier.startedBy
    }

    /// Renews loan `loan` of `target` until `until`, with `reason`. A renewal needs the same
    /// approval as the slip: one of the level's approvers (not the borrower), or the borrower
    /// alone when they borrow directly. It is granted before the loan is overdue (afterwards the
    /// late fine stands), never for material that comes back the same day, and within the longest
    /// loan counted from the day it was lent (beyond it: return it and fill in a new slip). The new date becomes the slip's and the loan's due
    /// moment; the renewal is an event with its reason and who granted it.
    public func renewLoan(_ loan: Dossier, target: BorrowTarget, until: String, reason: String, actor: StaffMember,
                          at time: Date) throws(Refusal) -> Step {
        let (lending, level) = try lendingRules(for: target)
        guard !loan.isFinished else { throw .finished(dossier: loan.id, state: loan.stateID) }
        guard let task = loan.openTask, let state = definition.state(task.stateID),
              state.transitions.contains(where: { $0.effects.contains(.return) }) else {
            throw .notRenewable("loan \(loan.id) is \(loan.stateID), not out on loan; only a lent dossier is renewed")
        }
        let borrowerID = borrower(of: loan)
        var grant: String
        if actor.id == borrowerID {
            guard case .direct(let why) = try route(for: actor, target: target) else {
                throw .notRenewable("\(actor.id) cannot renew their own loan \(loan.id): a renewal needs the same approval as the slip, by a \(level.approvers.joined(separator: " or "))")
            }
            grant = why
        } else {
            var probe = loan
            let roleID = definition.roles.first { $0.binding == .levelApprover }?.id ?? "approver"
            probe.assignments[roleID] = nil
            // A renewal is granted by whoever gives a slip of the level its final approval.
            try bindLevelApprover(roleID, of: &probe, to: actor, lastStep: true)
            grant = "approved by \(actor.id)"
        }
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .noteRequired(action: "renew") }
        let sameDay = loanMaterial(loan).filter(lending.sameDayItems.contains)
        if !sameDay.isEmpty {
            throw .notRenewable("loan \(loan.id) holds \(sameDay.joined(separator: ", ")), which comes back the same day it goes out; it cannot be renewed")
        }
        guard let due = task.dueAt else { throw .notRenewable("loan \(loan.id) has no return date to renew") }
        guard time <= due else {
            throw .notRenewable("loan \(loan.id) was due back by the end of \(localTime.date(of: due.addingTimeInterval(-1))); an overdue loan is not renewed: return it (the late fine stands) and borrow it again")
        }
        guard let untilDate = CalendarDate(iso: until) else { throw .invalidField("until", value: until, expected: "a date such as 2026-03-31") }
        let current = localTime.date(of: due.addingTimeInterval(-1))
        guard untilDate > current else {
            throw .notRenewable("a renewal moves the return date later; \(until) is not after \(current), the date loan \(loan.id) is due back")
        }
        // The longest loan counts from the day it was lent: renewals never roll it forward.
        let latest = try latestReturn(from: task.openedAt, lending: lending)
        if untilDate > latest {
            throw .loanTooLong(until: until, latest: latest.description, maximum: lending.maximumPeriod.description)
        }
        var next = loan
        let newDue = localTime.endOf(untilDate)
        next.fields["until"] = until
        next.openTask?.dueAt = newDue
        next.openTask?.dueCalendar = nil
        next.revision += 1
        let event = DossierEvent(kind: .deadlineExtended, actor: actor.id, at: time, action: "renew", fromState: task.stateID,
                                 toState: task.stateID, taskNumber: task.number, note: reason,
                                 details: ["from": localTime.iso(due), "to": localTime.iso(newDue), "until": until, "renewal": grant])
        return try assessed(Step(dossier: next, events: [event], closedTask: nil, effects: []), from: loan, at: time)
    }

    /// The last day a loan starting at `time` may run to.
    func latestReturn(from time: Date, lending: LendingRules) throws(Refusal) -> CalendarDate {
        let today = localTime.date(of: time)
        switch lending.maximumPeriod.unit {
        case .calendarDays: return today.adding(days: lending.maximumPeriod.amount)
        case .calendarMonths: return today.adding(months: lending.maximumPeriod.amount)
        case .hours: return localTime.date(of: time.addingTimeInterval(TimeInterval(lending.maximumPeriod.amount) * 3600))
        case .workingDays:
            guard let calendar = calendars[definition.calendarID ?? ""] else { throw .calendar("the lending workflow's calendar is not deployed") }
            do {
                return try WorkingCalendar(calendar, uncoveredYears: definition.uncoveredYears).adding(workingDays: lending.maximumPeriod.amount, to: today).date
            } catch {
                throw .calendar(error.description)
            }
        }
    }

    /// The material loan `dossier` lends, from its slip.
    public func loanMaterial(_ dossier: Dossier) -> [String] {
        dossier.fields["material"].map { $0.split(separator: " ").map(String.init) } ?? defaultLoanMaterial
    }

    /// The end of the slip's return date, when it comes before the lent state's own deadline; the
    /// end of the lending day (`time`) when the loan holds material that comes back the same day.
    func loanDue(_ dossier: Dossier, stateDue: Date?, lentAt time: Date) -> Date? {
        guard let until = dossier.fields["until"].flatMap(CalendarDate.init(iso:)) else { return stateDue }
        var end = localTime.endOf(until)
        let sameDay = definition.lending?.sameDayItems ?? []
        if loanMaterial(dossier).contains(where: sameDay.contains) { end = min(end, localTime.endOf(localTime.date(of: time))) }
        return stateDue.map { min($0, end) } ?? end
    }

    /// The field a borrow workflow keeps the borrower's department in, for a step of approval
    /// signed by the borrower's own department manager.
    public static let borrowerDepartmentField = "borrower-department"

    /// The key under which step `n` (from 1) of a slip's approval is signed on its approving
    /// action, until the last step takes it.
    static func approvalStepKey(_ n: Int) -> String { "step-\(n)" }

    /// The confidentiality level loan `dossier` is routed by.
    func slipLevel(of dossier: Dossier) -> ConfidentialityLevel? {
        definition.confidentiality?.level(dossier.fields["level"] ?? definition.confidentiality?.defaultLevelID ?? "")
    }

    /// How many steps of loan `dossier`'s approval are signed so far.
    public func signedApprovalSteps(of dossier: Dossier) -> Int {
        dossier.signOffs.values.reduce(0) { count, signed in count + signed.keys.count { $0.hasPrefix("step-") } }
    }

    /// The step of its approval loan `dossier` waits for (from 0), and the level's steps.
    func awaitedStep(of dossier: Dossier) -> (index: Int, level: ConfidentialityLevel)? {
        guard let level = slipLevel(of: dossier), !level.steps.isEmpty else { return nil }
        return (min(signedApprovalSteps(of: dossier), level.steps.count - 1), level)
    }

    /// The department a local approver of `step` must work in, for loan `dossier`: the
    /// dossier's, or the borrower's.
    func department(for step: ApprovalStep, of dossier: Dossier) -> String? {
        let field = step.department == .borrower ? Self.borrowerDepartmentField : "department"
        return dossier.fields[field].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Who may approve loan `dossier` while its approver is not yet bound: the approving staff
    /// roles of the step it waits for, a local one named with its department
    /// (`department-manager of loans`); empty when the loan has no unbound approver.
    public func awaitedApprovers(of dossier: Dossier) -> [String] {
        guard let roleID = definition.roles.first(where: { $0.binding == .levelApprover })?.id, dossier.assignments[roleID] == nil,
              dossier.openTask?.roleID == roleID, let (index, level) = awaitedStep(of: dossier) else { return [] }
        let step = level.steps[index]
        let department = department(for: step, of: dossier)
        return step.approvers.map { role in
            guard step.localApprovers.contains(role), let department else { return role }
            return "\(role) of \(department)"
        }
    }

    /// The step loan `dossier` waits for, `step 1 of 2`, when its level approves in more than one.
    public func awaitedStepName(of dossier: Dossier) -> String? {
        guard let (index, level) = awaitedStep(of: dossier), level.steps.count > 1 else { return nil }
        return "step \(index + 1) of \(level.steps.count)" + (level.steps[index].title.map { " (\($0))" } ?? "")
    }

    /// Whether `person` may approve loan `dossier`, whose approver is not yet bound.
    public func mayApprove(_ dossier: Dossier, person: StaffMember) -> Bool {
        guard let roleID = definition.roles.first(where: { $0.binding == .levelApprover })?.id, dossier.assignments[roleID] == nil,
              dossier.openTask?.roleID == roleID, !dossier.assignments.values.contains(person.id) else { return false }
        var probe = dossier
        do {
            try bindLevelApprover(roleID, of: &probe, to: person)
            return true
        } catch {
            return false
        }
    }

    /// Binds the level-approver role of loan `dossier` to `actor`, who must hold one of the
    /// approving staff roles of the step the slip waits for, and, for a local approver (a
    /// department manager), work in the department the step names (the dossier's, or the
    /// borrower's); nobody signs two steps of one slip.
    /// What a level's approver approves, for sentences: a borrow slip, or the dossier of another
    /// workflow routed by the level of the dossier it acts on (a correction).
    var approvalSubject: String { definition.lending != nil || definition.actsOn == nil ? "slip" : definition.id }

    func bindLevelApprover(_ roleID: String, of dossier: inout Dossier, to actor: StaffMember, lastStep: Bool = false) throws(Refusal) {
        guard let (awaited, level) = awaitedStep(of: dossier) else {
            throw .notAnApprover(person: actor.id, level: "\(dossier.fields["level"] ?? "?")-level", approvers: [], subject: approvalSubject)
        }
        let index = lastStep ? level.steps.count - 1 : awaited
        let step = level.steps[index]
        let held = step.approvers.filter(actor.roles.contains)
        guard !held.isEmpty else {
            if level.steps.count > 1 {
                throw .notTheStepsApprover(person: actor.id, level: level.id, step: index + 1, of: level.steps.count, approvers: step.approvers)
            }
            throw .notAnApprover(person: actor.id, level: "\(level.id)-level", approvers: step.approvers, subject: approvalSubject)
        }
        if let (action, earlier) = dossier.signOffs.lazy.compactMap({ action, signed in signed.first { $0.value == actor.id }.map { (action, $0.key) } }).first {
            throw .alreadySigned(person: actor.id, action: action, role: earlier)
        }
        if held.allSatisfy(step.localApprovers.contains) {
            // A local approver approves only what is known to be of their own department.
            let others = step.approvers.filter { !step.localApprovers.contains($0) }
            guard let department = department(for: step, of: dossier) else {
                if step.department == .borrower { throw .borrowerDepartmentUnknown(person: actor.id, role: held.joined(separator: "/"), borrower: borrower(of: dossier)) }
                throw .departmentUnknown(person: actor.id, role: held.joined(separator: "/"), others: others)
            }
            if actor.department != department {
                if step.department == .borrower {
                    throw .outsideBorrowerDepartment(person: actor.id, role: held.joined(separator: "/"), department: actor.department,
                                                     borrower: borrower(of: dossier), borrowerDepartment: department)
                }
                throw .outsideDepartment(person: actor.id, role: held.joined(separator: "/"), department: actor.department, dossierDepartment: department)
            }
        }
        dossier.assignments[roleID] = actor.id
    }

    /// Whether taking `transition` by the approver now bound in `dossier` signs an earlier step of
    /// its approval rather than approving it: the level approves in more steps than are signed
    /// with this one, and the transition approves (it leads on, not to a final state such as
    /// rejected, which any step's approver may take).
    func signsEarlierStep(_ transition: Transition, of dossier: Dossier) -> Bool {
        guard let (index, level) = awaitedStep(of: dossier), index + 1 < level.steps.count,
              let target = definition.state(transition.targetStateID) else { return false }
        return !target.isFinal
    }

    private func lendingRules(for target: BorrowTarget) throws(Refusal) -> (LendingRules, ConfidentialityLevel) {
        guard let lending = definition.lending, let confidentiality = definition.confidentiality else {
            throw .notALendingWorkflow(definition.id)
        }
        guard let level = confidentiality.level(target.levelID) else {
            throw .invalidField("level", value: target.levelID, expected: "one of the levels \(confidentiality.levels.map(\.id).joined(separator: ", "))")
        }
        return (lending, level)
    }
}
