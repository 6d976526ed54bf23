import DossierDefinition
import Foundation

/// A registered dossier a destruction list names, with the facts that decide whether it may be
/// destroyed; the office looks them up, the engine of its workflow decides.
public struct DisposalSubject: Sendable, Hashable {
    /// The registered dossier.
    public var dossier: Dossier
    /// Its archive number.
    public var archiveNumber: String
    /// When it got it.
    public var registeredAt: Date
    /// Title certificates of it still in the safe: they go back to their owner first.
    public var certificatesInSafe: Int
    /// Whether it is out on loan now.
    public var isLent: Bool

    /// A subject with the facts the office looked up.
    public init(dossier: Dossier, archiveNumber: String, registeredAt: Date, certificatesInSafe: Int, isLent: Bool) {
        self.dossier = dossier
        self.archiveNumber = archiveNumber
        self.registeredAt = registeredAt
        self.certificatesInSafe = certificatesInSafe
        self.isLent = isLent
    }
}

extension WorkflowEngine {
    /// The last day registered `dossier` is kept under its workflow's `<retention>`: `years`
    /// calendar years after the day it was registered (or the day its date field names).
    /// `nil` when the workflow keeps no retention, or the field is not filled in: such a
    /// dossier is never destroyed.
    public func retainedUntil(_ dossier: Dossier, registeredAt: Date) -> CalendarDate? {
        guard let retention = definition.retention else { return nil }
        let start: CalendarDate? = switch retention.start {
        case .registered: localTime.date(of: registeredAt)
        case .field(let id): dossier.fields[id].flatMap { CalendarDate(iso: $0) }
        }
        return start?.adding(months: 12 * retention.years)
    }

    /// Why `subject` (a dossier of this engine's workflow) may not be destroyed at `time`, one
    /// sentence each; empty when it may.
    public func disposalObstacles(_ subject: DisposalSubject, at time: Date) -> [String] {
        let number = subject.archiveNumber
        let dossier = subject.dossier
        if dossier.stateID == WorkflowState.destroyedID { return ["\(number) was destroyed already"] }
        var obstacles: [String] = []
        if !dossier.isFinished { obstacles.append("\(number) is still running (\(dossier.stateID))") }
        if let until = retainedUntil(dossier, registeredAt: subject.registeredAt) {
            if !(until < localTime.date(of: time)) { obstacles.append("\(number) is kept until \(until) under its retention (\(definition.retention?.years ?? 0) years)") }
        } else {
            obstacles.append(definition.retention == nil
                ? "\(number) is never destroyed: workflow \(definition.id) keeps no <retention>"
                : "\(number) has no date to count its retention from")
        }
        if let hold = dossier.legalHold { obstacles.append("\(number) is under a legal hold: \(hold.reason)") }
        if subject.certificatesInSafe > 0 {
            obstacles.append("\(number) still has \(subject.certificatesInSafe) title certificate(s) in the safe; return them first")
        }
        if subject.isLent { obstacles.append("\(number) is out on loan") }
        if dossier.duties.values.contains(where: { $0.isOpen || $0.isScheduled }) { obstacles.append("\(number) has duties still to do") }
        return obstacles
    }

    /// Why `dossier` (of this engine's workflow) keeps its customer's personal data at `time`,
    /// one sentence each; empty when it may be erased. A registered dossier is kept as long as it
    /// may not be destroyed (`registration` gives its facts): under its retention, a legal hold,
    /// on loan, with certificates in the safe or duties owed; a destroyed one keeps nothing. One
    /// never registered is kept while it runs.
    public func erasureObstacles(_ dossier: Dossier, registration: DisposalSubject?, at time: Date) -> [String] {
        if dossier.stateID == WorkflowState.destroyedID { return [] }
        if let registration { return disposalObstacles(registration, at: time) }
        return dossier.isFinished ? [] : ["dossier \(dossier.id) (\(definition.id)) is still running (\(dossier.stateID))"]
    }

    /// Destroys `subject` by destruction list `list`: it ends in state `destroyed`, and its log
    /// says by which list, how and in front of whom. Refused with the reasons
    /// when it may not be destroyed.
    public func dispose(_ subject: DisposalSubject, list: Int, method: String?, witnesses: [String],
                        actor: StaffMember, at time: Date) throws(Refusal) -> Step {
        let obstacles = disposalObstacles(subject, at: time)
        guard obstacles.isEmpty else { throw .notDisposable(obstacles) }
        var next = subject.dossier
        next.stateID = WorkflowState.destroyedID
        next.isFinished = true
        next.revision += 1
        var details = ["list": String(list), "archive-number": subject.archiveNumber, "witnesses": witnesses.joined(separator: " ")]
        if let method { details["method"] = method }
        let event = DossierEvent(kind: .destroyed, actor: actor.id, at: time, fromState: subject.dossier.stateID,
                                 toState: WorkflowState.destroyedID, details: details)
        return Step(dossier: next, events: [event], closedTask: nil, effects: [])
    }

    /// Places a legal hold on registered `dossier`, or releases it (`reason` says why either way).
    public func hold(_ dossier: Dossier, placing: Bool, reason: String, actor: StaffMember, at time: Date) throws(Refusal) -> Step {
        guard dossier.stateID != WorkflowState.destroyedID else { throw .finished(dossier: dossier.id, state: dossier.stateID) }
        if placing, let hold = dossier.legalHold { throw .alreadyHeld(dossier: dossier.id, reason: hold.reason, by: hold.placedBy) }
        if !placing, dossier.legalHold == nil { throw .notHeld(dossier: dossier.id) }
        var next = dossier
        next.legalHold = placing ? LegalHold(reason: reason, placedBy: actor.id, placedAt: time) : nil
        next.revision += 1
        let event = DossierEvent(kind: placing ? .holdPlaced : .holdReleased, actor: actor.id, at: time, fromState: dossier.stateID,
                                 toState: dossier.stateID, note: reason)
        return Step(dossier: next, events: [event], closedTask: nil, effects: [])
    }
}

extension WorkflowEngine {
    /// Hands registered `subject` (a dossier of this engine's workflow) from its custodian
    /// `giver` to custodian `person`, and to `department` when one is named, by custody
    /// transfer `transfer`: its archivist
    /// role passes to them (four-eyes holding), and its log names both custodians. Refused for
    /// a dossier running, destroyed or out on loan, or a custodian who may not hold the role.
    public func transferCustody(_ subject: DisposalSubject, from giver: String, to person: String, department: String?, transfer: Int,
                                actor: StaffMember, staff: [String: StaffMember], at time: Date) throws(Refusal) -> Step {
        let number = subject.archiveNumber
        let dossier = subject.dossier
        if dossier.stateID == WorkflowState.destroyedID { throw .custodyRefused(archiveNumber: number, reason: "it was destroyed") }
        if !dossier.isFinished { throw .custodyRefused(archiveNumber: number, reason: "it is still running (\(dossier.stateID))") }
        if subject.isLent { throw .custodyRefused(archiveNumber: number, reason: "it is out on loan; it moves once it is back") }
        guard let roleID = IntakeRoles(definition).archivist, let role = definition.role(roleID) else {
            throw .custodyRefused(archiveNumber: number, reason: "workflow \(definition.id) names no archivist who keeps it")
        }
        let from = dossier.assignments[roleID]
        // Only the custodian who keeps it hands it over: nobody moves another's dossiers.
        if let from, from != giver {
            throw .custodyRefused(archiveNumber: number, reason: "\(from) keeps it, so only \(from) hands it over, not \(giver)")
        }
        if from == person, department == nil || department == dossier.custodyDepartment {
            throw .custodyRefused(archiveNumber: number, reason: "\(person) keeps it already")
        }
        try checkCanHold(role, person: person, staff: staff)
        var next = dossier
        next.assignments[roleID] = person
        try checkFourEyes(next.assignments)
        if let department, !department.isEmpty { next.custodyDepartment = department }
        next.revision += 1
        var details = ["transfer": String(transfer), "archive-number": number, "role": roleID, "from": from ?? "", "to": person]
        if let department = next.custodyDepartment { details["department"] = department }
        let event = DossierEvent(kind: .custodyTransferred, actor: actor.id, at: time, fromState: dossier.stateID, toState: dossier.stateID,
                                 details: details)
        return Step(dossier: next, events: [event], closedTask: nil, effects: [])
    }
}
