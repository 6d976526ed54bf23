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
        let readerRoles = level.readers.filter { $0 != "owner" }
        if let role = readerRoles.first(where: { borrower.roles.contains($0) }) {
            return .direct("\(borrower.id) is \(role), a reader of \(level.id)-level dossiers")
        }
        if level.readers.contains("owner"), target.owners.contains(borrower.id) {
            return .direct("\(borrower.id) holds a role in the dossier itself")
        }
        // Executives borrow directly, except what only a named approver may release (sealed).
        if let role = lending.directBorrowers.first(where: { borrower.roles.contains($0) }),
           level.mayBeTakenAway || borrower.holdsAny(of: level.approvers) {
            return .direct("\(borrower.id) is \(role) and borrows directly through the archivist")
        }
        return .approval(level.approvers)
    }

    /// Starts loan `id`: a borrow slip by `actor` for `target`, checked against the level's
    /// rules, and moved straight to the archivist when no approval is needed.
    public func requestLoan(id: Int, target: BorrowTarget, purpose: String, until: String, takeAway: Bool, actor: StaffMember,
                            staff: [String: StaffMember], at time: Date) throws(Refusal) -> Step {
        let (lending, level) = try lendingRules(for: target)
        if takeAway, !level.mayBeTakenAway { throw .readingRoomOnly(archiveNumber: target.archiveNumber, level: "\(level.title)") }
        guard let untilDate = CalendarDate(iso: until) else { throw .invalidField("until", value: until, expected: "a date such as 2026-03-31") }
        let today = localTime.date(of: time)
        if untilDate < today { throw .invalidField("until", value: until, expected: "today or a later date") }
        let latest = try latestReturn(from: time, lending: lending)
        if untilDate > latest {
            throw .loanTooLong(until: until, latest: latest.description, maximum: lending.maximumPeriod.description)
        }
        guard let archivist = target.archivist else {
            throw .unassignedRoles(["archivist (dossier \(target.dossierID) names nobody who registered it)"])
        }
        let fields = ["archive-number": target.archiveNumber, "purpose": purpose, "until": until, "take-away": takeAway ? "true" : "false",
                      "level": level.id]
        var step = try start(id: id, fields: fields, assignments: ["archivist": archivist], actor: actor, staff: staff, at: time)
        guard case .direct(let reason) = try route(for: actor, target: target),
              let task = step.dossier.openTask, let approve = definition.state(step.dossier.stateID)?.transitions.first else {
            return step
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

    /// Returns loan `loan` of `target`: complete, or with items missing or damaged, which keeps
    /// the loan open as returned incomplete and fines the borrower per item under the rule for
    /// lost items.
    public func returnLoan(_ loan: Dossier, target: BorrowTarget, missing: [String], damaged: [String], actor: StaffMember,
                           at time: Date) throws(Refusal) -> Step {
        let known = target.items.keys.sorted()
        for item in missing + damaged where target.items[item] == nil {
            throw .unknownItem(item, suggestion: known.first { $0.hasPrefix(item) || item.hasPrefix($0) }, known: known)
        }
        guard let task = loan.openTask else { throw .finished(dossier: loan.id, state: loan.stateID) }
        if missing.isEmpty, damaged.isEmpty {
            return try advance(loan, task: task.number, action: "return", note: nil, actor: actor, at: time)
        }
        let findings = missing.map { "\($0) missing" } + damaged.map { "\($0) damaged" }
        var step = try advance(loan, task: task.number, action: "return-incomplete", note: findings.joined(separator: "; "), actor: actor, at: time)
        guard let rule = definition.fines.first(where: { $0.violation == .lostItem }) else { return step }
        let payer = loan.assignments[rule.payerRoleID] ?? loan.startedBy
        for (item, what) in missing.map({ ($0, "missing") }) + damaged.map({ ($0, "damaged") }) {
            step.fines.append(FineOccurrence(
                dossierID: loan.id, taskNumber: task.number, workflowID: definition.id, workflowVersion: version, rule: rule, itemID: item,
                payer: payer, payerRole: rule.payerRoleID, occurredAt: time, month: month(of: time),
                reason: "item \(item) of \(target.archiveNumber) came back \(what) when \(actor.id) checked loan \(loan.id) against the register on \(localTime.minutes(time))"))
        }
        return step
    }

    /// The last day a loan starting at `time` may run to.
    func latestReturn(from time: Date, lending: LendingRules) throws(Refusal) -> CalendarDate {
        let today = localTime.date(of: time)
        switch lending.maximumPeriod.unit {
        case .calendarDays: return today.adding(days: lending.maximumPeriod.amount)
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

    /// The end of the slip's return date, when it comes before the lent state's own deadline.
    func loanDue(_ dossier: Dossier, stateDue: Date?) -> Date? {
        guard let until = dossier.fields["until"].flatMap(CalendarDate.init(iso:)) else { return stateDue }
        let end = localTime.endOf(until)
        return stateDue.map { min($0, end) } ?? end
    }

    /// The staff roles that approve slips for the level of `dossier` (a loan), and the level's id.
    func levelApprovers(of dossier: Dossier) -> (level: String, roles: [String]) {
        let levelID = dossier.fields["level"] ?? definition.confidentiality?.defaultLevelID ?? ""
        return (levelID, definition.confidentiality?.level(levelID)?.approvers ?? [])
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
