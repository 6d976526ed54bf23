import DossierDefinition
import DossierEngine
import DossierStore
import Foundation

/// Dossiers that act on registered dossiers (`<acts-on>`): a destruction list destroys them,
/// a correction amends one, a custody transfer moves them. What each would do is checked when
/// it starts, and done in the same transaction as the transition that does it, or not at all.
extension Office {
    /// The registered dossiers the `<acts-on>` field names in `fields`, each with the facts that
    /// decide what may be done to it, and its engine; refused for a number nothing is registered under.
    func registeredSubjects(_ actsOn: ActsOn, fields: [String: String]) throws -> [(DisposalSubject, WorkflowEngine)] {
        let numbers = actsOn.archiveNumbers(in: fields)
        if numbers.isEmpty { throw OfficeError.invalid("name the dossiers in --field \(actsOn.fieldID)=ARCHIVE-NO… (separated by spaces)") }
        return try numbers.map { number in
            guard let id = try store.registeredDossier(archiveNumber: number), let registered = try store.registration(of: id) else {
                throw OfficeError.refused("there is no registered dossier \(number); `dossier register` lists them")
            }
            let (dossier, engine) = try dossier(id)
            return (try registeredSubject(dossier, registered: registered), engine)
        }
    }

    /// Registered `dossier` with its certificates in the safe and whether it is out on loan.
    func registeredSubject(_ dossier: Dossier, registered: RegisteredNumber) throws -> DisposalSubject {
        DisposalSubject(dossier: dossier, archiveNumber: registered.number, registeredAt: registered.assignedAt,
                        certificatesInSafe: try store.certificates(.inSafe, dossier: dossier.id).count,
                        isLent: try store.loanHolding(archiveNumber: registered.number) != nil)
    }

    /// The fields of a correction about to start, set from the one registered dossier it
    /// corrects: its `customer` (whose key then seals the correction's personal fields, so that
    /// erasing the customer erases the correction too), and for a workflow whose approver is
    /// bound by confidentiality level its `level` and `department` (approved for the level of
    /// the dossier it corrects, by a local approver only for that dossier's department). These
    /// fields are the register's, never typed.
    func routedFields(_ engine: WorkflowEngine, fields: [String: String]) throws -> [String: String] {
        let definition = engine.definition
        guard let actsOn = definition.actsOn, actsOn.changesFieldID != nil else { return fields }
        let byLevel = definition.confidentiality != nil && definition.roles.contains { $0.binding == .levelApprover }
        let routing = ([Field.customerID] + (byLevel ? ["level", "department"] : [])).filter { definition.field($0) != nil }
        guard !routing.isEmpty else { return fields }
        if let typed = routing.first(where: { !(fields[$0] ?? "").isEmpty }) {
            throw OfficeError.invalid("\(typed) is set from the register, from the dossier the \(definition.id) names; leave out --field \(typed)=…")
        }
        let subjects = try registeredSubjects(actsOn, fields: fields)
        // Naming more than one is refused with the reason when the changes are checked.
        guard subjects.count == 1, let (subject, subjectEngine) = subjects.first else { return fields }
        let target = try borrowTarget(of: subject.dossier, engine: subjectEngine, archiveNumber: subject.archiveNumber, lending: engine)
        var routed = fields
        if routing.contains(Field.customerID), let customer = subject.dossier.fields[Field.customerID], !customer.isEmpty {
            try refuseErasedCustomer(of: subject)
            routed[Field.customerID] = customer
        }
        if routing.contains("level") { routed["level"] = target.levelID }
        if routing.contains("department"), let department = target.department { routed["department"] = department }
        return routed
    }

    /// Refuses to correct a dossier whose customer was erased: what a correction wrote would
    /// be the customer's data again, with no key of theirs to seal it.
    private func refuseErasedCustomer(of subject: DisposalSubject) throws {
        guard let customer = subject.dossier.fields[Field.customerID], SQLiteStore.readsAsErased(customer) else { return }
        throw OfficeError.refused("\(subject.archiveNumber) takes no correction: its customer's data was \(customer)")
    }

    /// Refuses a dossier whose workflow acts on others when what it would do cannot be done
    /// now: a destruction list naming a dossier that may not be destroyed, a correction whose
    /// changes do not fit the dossier; with every reason, and nothing is started.
    func checkActingOnOthers(_ definition: WorkflowDefinition, fields: [String: String], assignments: [String: String]) throws {
        guard let actsOn = definition.actsOn else { return }
        let effects = Set(definition.states.flatMap(\.transitions).flatMap(\.effects))
        let subjects = try registeredSubjects(actsOn, fields: fields)
        if effects.contains(.dispose) {
            let obstacles = subjects.flatMap { subject, engine in
                engine.disposalObstacles(subject, at: time) + [methodObstacle(actsOn, fields: fields, subject: subject, engine: engine)].compactMap { $0 }
            }
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
        return try registeredSubjects(actsOn, fields: transfer.fields).map { subject, engine in
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
            steps += try amendments(actsOn, fields: dossier.fields, subjects: try registeredSubjects(actsOn, fields: dossier.fields),
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
        for (subject, engine) in try registeredSubjects(actsOn, fields: list.fields) {
            if let obstacle = methodObstacle(actsOn, fields: list.fields, subject: subject, engine: engine) { refused.append(obstacle) }
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

    /// Why the method a destruction list names (its `method-field`) may not destroy `subject`:
    /// confidential papers are shredded, never torn (`<method value levels>`). Its level is its
    /// `level` field, or its workflow's default; `nil` when the method fits.
    private func methodObstacle(_ actsOn: ActsOn, fields: [String: String], subject: DisposalSubject, engine: WorkflowEngine) -> String? {
        guard let method = actsOn.methodFieldID.flatMap({ fields[$0] }), !method.isEmpty else { return nil }
        let level = subject.dossier.fields["level"].flatMap { $0.isEmpty ? nil : $0 } ?? engine.definition.confidentiality?.defaultLevelID
        return actsOn.methodObstacle(method, archiveNumber: subject.archiveNumber, levelID: level)
    }

    /// The correction written in `fields` made to the one dossier it names, as correction
    /// `correction` (0 while it is only proposed).
    private func amendments(_ actsOn: ActsOn, fields: [String: String], subjects: [(DisposalSubject, WorkflowEngine)], correction: Int,
                            actor: StaffMember) throws -> [(step: WorkflowEngine.Step, readAt: Int)] {
        guard subjects.count == 1, let (subject, engine) = subjects.first else {
            throw OfficeError.invalid("a correction names one dossier in --field \(actsOn.fieldID)=ARCHIVE-NO; this one names \(subjects.count)")
        }
        try refuseErasedCustomer(of: subject)
        let changes = try CorrectionChange.parse(actsOn.changesFieldID.flatMap { fields[$0] } ?? "")
        let step = try engine.amend(subject.dossier, archiveNumber: subject.archiveNumber, changes: changes, correction: correction,
                                    reason: fields["reason"], actor: actor, at: time)
        return [(step, subject.dossier.revision)]
    }
}
