import DossierDefinition
import DossierEngine
import DossierStore
import Foundation

/// A registered dossier past its retention, as `dossier destruction candidates` lists it.
package struct DestructionCandidate: Sendable, Hashable {
    package var archiveNumber: String
    package var dossier: Int
    package var workflow: String
    package var registeredAt: Date
    /// The last day it was kept.
    package var keptUntil: CalendarDate
    /// What still keeps it from being destroyed (a legal hold, certificates in the safe, a loan).
    package var obstacles: [String]
}

extension Office {
    /// The workflow a destruction list runs on, by default.
    package static let destructionWorkflow = "destruction"

    /// Every registered dossier whose retention is over at this moment, by registration, with
    /// what still keeps each from being destroyed. Read by an administrator or by whoever may
    /// propose a destruction list (the staff roles of its `starter` role).
    package func destructionCandidates(workflow: String = Office.destructionWorkflow) throws -> [DestructionCandidate] {
        let actor = try actor()
        var proposers: [String] = []
        for role in try engine(workflow: workflow).definition.roles.filter({ $0.binding == .starter }).flatMap(\.staffRoles)
        where role != Self.administratorRole && !proposers.contains(role) {
            proposers.append(role)
        }
        if !actor.roles.contains(Self.administratorRole), Set(actor.roles).isDisjoint(with: proposers) {
            throw OfficeError.notPermitted(person: actor.id, what: "list the dossiers past retention", needs: [Self.administratorRole] + proposers)
        }
        var candidates: [DestructionCandidate] = []
        for registered in try store.registeredNumbers(workflow: nil) {
            guard let dossier = try store.dossier(registered.dossierID), dossier.stateID != WorkflowState.destroyedID else { continue }
            let engine = try engine(workflow: dossier.workflowID, version: dossier.workflowVersion)
            guard let until = engine.retainedUntil(dossier, registeredAt: registered.assignedAt), until < Self.localTime.date(of: time) else { continue }
            let subject = try disposalSubject(dossier, registered: registered)
            candidates.append(DestructionCandidate(archiveNumber: registered.number, dossier: dossier.id, workflow: dossier.workflowID,
                                                   registeredAt: registered.assignedAt, keptUntil: until,
                                                   obstacles: engine.disposalObstacles(subject, at: time)))
        }
        return candidates
    }

    /// The registered dossiers `definition`'s `<acts-on>` field names in `fields`, each with
    /// what decides whether it may be destroyed; refused for a number nothing is registered under.
    func disposalSubjects(_ actsOn: ActsOn, fields: [String: String]) throws -> [(DisposalSubject, WorkflowEngine)] {
        let numbers = actsOn.archiveNumbers(in: fields)
        if numbers.isEmpty { throw OfficeError.invalid("name the dossiers in --field \(actsOn.fieldID)=ARCHIVE-NO… (separated by spaces)") }
        return try numbers.map { number in
            guard let id = try store.registeredDossier(archiveNumber: number), let registered = try store.registration(of: id) else {
                throw OfficeError.refused("there is no registered dossier \(number); `dossier register` lists them")
            }
            let (dossier, engine) = try dossier(id)
            return (try disposalSubject(dossier, registered: registered), engine)
        }
    }

    private func disposalSubject(_ dossier: Dossier, registered: RegisteredNumber) throws -> DisposalSubject {
        DisposalSubject(dossier: dossier, archiveNumber: registered.number, registeredAt: registered.assignedAt,
                        certificatesInSafe: try store.certificates(.inSafe, dossier: dossier.id).count,
                        isLent: try store.loanHolding(archiveNumber: registered.number) != nil)
    }

    /// Refuses a dossier whose workflow acts on others when what it would do cannot be done
    /// now: a destruction list naming a dossier that may not be destroyed, a correction whose
    /// changes do not fit the dossier; with every reason, and nothing is started.
    func checkActingOnOthers(_ definition: WorkflowDefinition, fields: [String: String], assignments: [String: String]) throws {
        guard let actsOn = definition.actsOn else { return }
        let effects = Set(definition.states.flatMap(\.transitions).flatMap(\.effects))
        let subjects = try disposalSubjects(actsOn, fields: fields)
        if effects.contains(.dispose) {
            let obstacles = subjects.flatMap { subject, engine in engine.disposalObstacles(subject, at: time) }
            if !obstacles.isEmpty { throw Refusal.notDisposable(obstacles) }
        }
        if effects.contains(.amend) {
            // Nobody asks to change what they may not read.
            for (subject, _) in subjects { try requireReadRight(of: subject.dossier.id) }
            _ = try amendments(actsOn, fields: fields, subjects: subjects, correction: 0, actor: try actor())
        }
        if effects.contains(.transferCustody) {
            let proposed = Dossier(id: 0, workflowID: definition.id, workflowVersion: 0, stateID: definition.initialStateID, fields: fields,
                                   assignments: assignments, startedAt: time, startedBy: actorID)
            _ = try custodyTransfers(by: proposed, actsOn: actsOn, actor: try actor())
        }
    }

    /// The custody transfers the dossier `transfer` makes: each dossier it names to the holder
    /// of its custodian role, in the department its department field names.
    private func custodyTransfers(by transfer: Dossier, actsOn: ActsOn, actor: StaffMember) throws -> [(step: WorkflowEngine.Step, readAt: Int)] {
        guard let receiver = actsOn.custodianRoleID.flatMap({ transfer.assignments[$0] }) else {
            throw OfficeError.refused("custody transfer \(transfer.id) names nobody who takes the dossiers")
        }
        let department = actsOn.departmentFieldID.flatMap { transfer.fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }
        let staff = try staff([receiver])
        return try disposalSubjects(actsOn, fields: transfer.fields).map { subject, engine in
            (try engine.transferCustody(subject, from: transfer.startedBy, to: receiver, department: department, transfer: transfer.id,
                                        actor: actor, staff: staff, at: time),
             subject.dossier.revision)
        }
    }

    /// The steps the transition `step` took on the dossiers `dossier` acts on: destroying each
    /// (`dispose`), or correcting it (`amend`). All of them, or a refusal with every reason and
    /// none.
    func stepsOnOthers(by dossier: Dossier, engine ownEngine: WorkflowEngine, step: WorkflowEngine.Step,
                       actor: StaffMember) throws -> [(step: WorkflowEngine.Step, readAt: Int)] {
        guard step.closedTask != nil, let actsOn = ownEngine.definition.actsOn else { return [] }
        var steps: [(step: WorkflowEngine.Step, readAt: Int)] = []
        if step.effects.contains(.dispose) {
            steps += try disposals(by: dossier, actsOn: actsOn, engine: ownEngine, actor: actor)
        }
        if step.effects.contains(.amend) {
            steps += try amendments(actsOn, fields: dossier.fields, subjects: try disposalSubjects(actsOn, fields: dossier.fields),
                                    correction: dossier.id, actor: actor)
        }
        if step.effects.contains(.transferCustody) {
            steps += try custodyTransfers(by: dossier, actsOn: actsOn, actor: actor)
        }
        return steps
    }

    private func disposals(by list: Dossier, actsOn: ActsOn, engine listEngine: WorkflowEngine,
                           actor: StaffMember) throws -> [(step: WorkflowEngine.Step, readAt: Int)] {
        let signers = listEngine.definition.state(list.stateID)?.transitions.first { $0.effects.contains(.dispose) }?.signOffRoleIDs ?? []
        let witnesses = signers.compactMap { list.assignments[$0] }
        let method = actsOn.methodFieldID.flatMap { list.fields[$0] }
        var steps: [(step: WorkflowEngine.Step, readAt: Int)] = []
        var refused: [String] = []
        for (subject, engine) in try disposalSubjects(actsOn, fields: list.fields) {
            do {
                steps.append((try engine.dispose(subject, list: list.id, method: method, witnesses: witnesses, actor: actor, at: time),
                              subject.dossier.revision))
            } catch .notDisposable(let reasons) {
                refused += reasons
            } catch {
                throw error
            }
        }
        if !refused.isEmpty { throw Refusal.notDisposable(refused) }
        return steps
    }

    /// The correction written in `fields` made to the one dossier it names, as correction
    /// `correction` (0 while it is only proposed).
    private func amendments(_ actsOn: ActsOn, fields: [String: String], subjects: [(DisposalSubject, WorkflowEngine)], correction: Int,
                            actor: StaffMember) throws -> [(step: WorkflowEngine.Step, readAt: Int)] {
        guard subjects.count == 1, let (subject, engine) = subjects.first else {
            throw OfficeError.invalid("a correction names one dossier in --field \(actsOn.fieldID)=ARCHIVE-NO; this one names \(subjects.count)")
        }
        let changes = try CorrectionChange.parse(actsOn.changesFieldID.flatMap { fields[$0] } ?? "")
        let step = try engine.amend(subject.dossier, archiveNumber: subject.archiveNumber, changes: changes, correction: correction,
                                    reason: fields["reason"], actor: actor, at: time)
        return [(step, subject.dossier.revision)]
    }

    /// Places a legal hold on the dossier numbered `archiveNumber` (`placing`), or releases it,
    /// with the reason: an administrator only. A held dossier is never destroyed.
    package func hold(_ archiveNumber: String, placing: Bool, reason: String) throws -> Int {
        let actor = try requireStaffRole(Self.administratorRole, for: placing ? "place a legal hold" : "release a legal hold")
        guard let id = try store.registeredDossier(archiveNumber: archiveNumber) else {
            throw OfficeError.refused("there is no registered dossier \(archiveNumber); `dossier register` lists them")
        }
        let (dossier, engine) = try dossier(id)
        let step = try engine.hold(dossier, placing: placing, reason: reason, actor: actor, at: time)
        _ = try store.commit(step, readAt: dossier.revision, at: moment, archiveNumbers: nil)
        return id
    }
}

extension Office {
    /// What the destruction register (销毁登记簿) is printed with: every destroyed dossier in the
    /// order of registration, with when, by whom and how, in front of whom, on which list, why,
    /// and who approved that list.
    func destructionRegisterValues() throws -> [String: Any] {
        var lines: [[String: Any]] = []
        for registered in try store.registeredNumbers(workflow: nil) {
            guard let dossier = try store.dossier(registered.dossierID), dossier.stateID == WorkflowState.destroyedID,
                  let destroyed = try store.events(dossier: dossier.id).last(where: { $0.kind == DossierEvent.Kind.destroyed.rawValue }) else { continue }
            var line: [String: Any] = [
                "number": lines.count + 1, "archive_number": registered.number, "dossier": dossier.id, "workflow": dossier.workflowID,
                "destroyed_at": Self.local(destroyed.at), "destroyed_by": destroyed.actor, "method": destroyed.details["method"] ?? "-",
                "witnesses": (destroyed.details["witnesses"] ?? "").split(separator: " ").joined(separator: ", "),
                "list": destroyed.details["list"] ?? "-", "reason": "-", "approved_by": "-",
            ]
            if let listID = destroyed.details["list"].flatMap({ Int($0) }), let (list, engine) = try? self.dossier(listID) {
                line["reason"] = list.fields["reason"] ?? "-"
                // Whoever moved the list into the state it was carried out from approved it.
                if let approved = engine.definition.states.first(where: { $0.transitions.contains { $0.effects.contains(.dispose) } }),
                   let approval = try store.events(dossier: listID).first(where: { $0.kind == "transitioned" && $0.toState == approved.id }) {
                    line["approved_by"] = approval.actor
                }
            }
            lines.append(line)
        }
        return ["printed": Self.local(time), "count": lines.count, "lines": lines]
    }
}
