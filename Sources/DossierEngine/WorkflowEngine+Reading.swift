import DossierDefinition
import Foundation

/// Reading a registered dossier (`dossier view`, DOMAIN §3): its own people, the readers of its
/// level and those who borrow directly may read it, and so may a borrower holding an approved
/// open loan of it; anyone else is refused. Every view, granted or refused, is an event on the
/// viewed dossier, and a refused one is fined under the lending workflow's `unauthorised-view`
/// rule when it has one.
extension WorkflowEngine {
    /// What a view found: the right it was granted on, or the refusal, with the events and fines
    /// to record on the viewed dossier (through its own engine's ``recording(_:fines:on:at:)``).
    public struct Viewing: Sendable, Hashable {
        /// Why the viewer may read the dossier; `nil` when they may not.
        public var right: String?
        /// Why the view was refused, as a sentence; `nil` when it was granted.
        public var refusal: String?
        /// The `viewed` or `view-refused` event.
        public var events: [DossierEvent]
        /// The unauthorised-view fine, when the view was refused and the workflow fines it.
        public var fines: [FineOccurrence]
    }

    /// Why `viewer` may read `target`, or `nil`: a reader of its level, one of its own people, an
    /// executive borrowing directly (lending engine `route`), or the borrower of an approved loan
    /// still open (`loans` are the loans of `target`).
    public func viewRight(of viewer: StaffMember, target: BorrowTarget, loans: [Dossier]) throws(Refusal) -> String? {
        if case .direct(let reason) = try route(for: viewer, target: target) { return reason }
        for loan in loans where borrower(of: loan) == viewer.id && isApprovedAndOpen(loan) {
            return "\(viewer.id) borrows it on loan \(loan.id), approved and not yet returned"
        }
        return nil
    }

    /// A view of registered `dossier` (numbered as `target`) by `viewer` at `time`: granted when
    /// ``viewRight(of:target:loans:)`` finds a right, refused and fined otherwise.
    public func view(_ dossier: Dossier, target: BorrowTarget, viewer: StaffMember, loans: [Dossier],
                     at time: Date) throws(Refusal) -> Viewing {
        let details = ["archive-number": target.archiveNumber, "level": target.levelID]
        if let right = try viewRight(of: viewer, target: target, loans: loans) {
            let event = DossierEvent(kind: .viewed, actor: viewer.id, at: time, fromState: dossier.stateID, toState: dossier.stateID,
                                     note: right, details: details)
            return Viewing(right: right, refusal: nil, events: [event], fines: [])
        }
        var approvers: [String] = []
        if case .approval = try route(for: viewer, target: target), let step = definition.confidentiality?.level(target.levelID)?.steps.first {
            let department = step.department == .borrower ? viewer.department ?? "their department" : target.department ?? "its department"
            approvers = step.approvers.map { step.localApprovers.contains($0) ? "\($0) of \(department)" : $0 }
        }
        let refusal = "\(viewer.id) may not view \(target.archiveNumber), a \(target.levelID)-level dossier: they hold no role in it, "
            + "are not among its level's readers and hold no approved loan of it; ask for one with "
            + "`dossier borrow request \(target.archiveNumber) --purpose … --until …` (approved by \(approvers.joined(separator: " or ")))"
        let event = DossierEvent(kind: .viewRefused, actor: viewer.id, at: time, fromState: dossier.stateID, toState: dossier.stateID,
                                 note: "no right and no approved loan", details: details)
        var fines: [FineOccurrence] = []
        if let rule = definition.assessedFine(on: .unauthorisedView) {
            // Each refused view is its own violation: the viewed dossier's next revision tells them apart.
            fines.append(FineOccurrence(
                dossierID: dossier.id, taskNumber: nil, workflowID: definition.id, workflowVersion: version, rule: rule,
                occasion: "view\(dossier.revision + 1)", payer: viewer.id, payerRole: rule.payerRoleID, occurredAt: time,
                month: month(of: time),
                reason: "\(viewer.id) tried to view \(target.archiveNumber) (\(target.levelID) level) on \(localTime.minutes(time)) without a right to read it or an approved loan"))
        }
        return Viewing(right: nil, refusal: refusal, events: [event], fines: fines)
    }

    /// A step that changes nothing about `dossier` but records `events` (and `fines`) on it at
    /// `time`, as a view does; its open task's and running deadlines' lateness is assessed up to
    /// then, as every command on a dossier does.
    public func recording(_ events: [DossierEvent], fines: [FineOccurrence], on dossier: Dossier,
                          at time: Date) throws(Refusal) -> Step {
        var next = dossier
        next.revision += 1
        var step = Step(dossier: next, events: events, closedTask: nil, effects: [])
        step.fines = fines
        return try assessed(step, from: dossier, at: time)
    }

    /// Whether `loan` has been approved (or needed no approval) and is not yet back: its state is
    /// one that lends the dossier or takes it back.
    func isApprovedAndOpen(_ loan: Dossier) -> Bool {
        guard !loan.isFinished, let state = definition.state(loan.stateID) else { return false }
        return state.transitions.contains { $0.effects.contains(.lend) || $0.effects.contains(.return) }
    }
}
