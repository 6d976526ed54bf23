import DossierDefinition
import DossierEngine
import DossierStore

extension Office {
    /// Dossier `id`'s contents for someone with a right to read it (`requireReadRight`), the
    /// read recorded as an event naming `channel`, so that every access through the service is
    /// traceable.
    package func readDossier(_ id: Int, through channel: String) throws -> (Dossier, archiveNumber: String?) {
        try requireReadRight(of: id)
        guard let dossier = try store.dossier(id) else { throw OfficeError.noDossier(id) }
        try store.recordRead(dossier: id, by: actorID, through: channel, at: moment)
        return (dossier, nil)
    }
}

extension Office {
    /// Dossier `id`'s events in order, for one of its own people, the read recorded after them
    /// as an event naming `channel`.
    package func history(of id: Int, through channel: String) throws -> [StoredEvent] {
        try requireReadRight(of: id)
        let events = try store.events(dossier: id)
        try store.recordRead(dossier: id, by: actorID, through: channel, at: moment)
        return events
    }
}

extension Office {
    /// Dossier `id`'s checklist for one of its own people, the read recorded as an event naming
    /// `channel`.
    package func readChecklist(of id: Int, through channel: String) throws -> [ChecklistLine] {
        try requireReadRight(of: id)
        let lines = try checklist(dossier: id)
        try store.recordRead(dossier: id, by: actorID, through: channel, at: moment)
        return lines
    }
}

extension Office {
    /// Refuses unless the acting person may read dossier `id`: while it is being compiled, its
    /// own people (who hold a role in it) and whoever may take its task left to nobody yet (a
    /// slip's approver); once registered, whoever `dossier view` lets read it
    /// under the lending workflow `lending` (its own people but for sealed forms, its level's
    /// readers, executives, a borrower of an approved open loan). Without a lending workflow
    /// deployed, a registered dossier is read by its own people only.
    package func requireReadRight(of id: Int, lending: String = "borrow") throws {
        let member = try actor()
        guard let dossier = try store.dossier(id) else { throw OfficeError.noDossier(id) }
        if let number = try store.archiveNumber(of: id), try store.version(of: .workflow, id: lending, version: nil) != nil {
            let lendingEngine = try engine(workflow: lending)
            let target = try borrowTarget(of: dossier, engine: try engine(workflow: dossier.workflowID, version: dossier.workflowVersion),
                                          archiveNumber: number, lending: lendingEngine)
            let loans = try store.dossiers(workflow: lending, field: "archive-number", equals: number, runningOnly: true)
            guard try lendingEngine.viewRight(of: member, target: target, loans: loans) != nil else {
                throw OfficeError.mayNotRead(person: member.id, dossier: id,
                                             reason: "it is registered as \(number), and they have no right to read it nor an approved loan of it; "
                                                 + "ask for one with `dossier borrow request \(number)`")
            }
            return
        }
        guard try dossier.assignments.values.contains(member.id) || mayTakeOpenTask(of: dossier, person: member) else {
            throw OfficeError.mayNotRead(person: member.id, dossier: id, reason: "they hold no role in it")
        }
    }

    /// Whether `person` may take `dossier`'s open task that is left to nobody yet: approve a
    /// borrow slip as an approver of its level, or take a task a schedule left to whoever of its
    /// holders acts first. Such a person reads what they are asked to act on.
    func mayTakeOpenTask(of dossier: Dossier, person: StaffMember) throws -> Bool {
        guard person.isActive, let task = dossier.openTask, task.assignee == nil else { return false }
        let engine = try engine(workflow: dossier.workflowID, version: dossier.workflowVersion)
        if engine.mayApprove(dossier, person: person) { return true }
        guard let role = task.roleID.flatMap(engine.definition.role), role.binding == .scheduled else { return false }
        return person.holdsAny(of: role.staffRoles)
    }
}
