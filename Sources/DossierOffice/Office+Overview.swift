import DossierDefinition
import DossierEngine
import DossierStore

/// Everything a dossier's page shows, read at once: its fields and people, the register's
/// archive number, its checklist, its history, the workflow it runs and its open tasks with the
/// actions their states allow.
package struct DossierOverview: Sendable {
    package var dossier: Dossier
    package var archiveNumber: String?
    package var definition: WorkflowDefinition
    /// The checklist, item by item; empty for a workflow that keeps none.
    package var checklist: [ChecklistLine]
    /// The events so far, oldest first (the read that this overview records comes after them).
    package var history: [StoredEvent]
    /// The open tasks, each with the actions its state allows.
    package var openTasks: [TaskDetails]
    /// The states the dossier has been in.
    package var visitedStates: Set<String>
}

extension Office {
    /// Dossier `id` as its page shows it, for someone with a right to read it; the read is
    /// recorded once, naming `channel`.
    package func overview(of id: Int, through channel: String) throws -> DossierOverview {
        try requireReadRight(of: id)
        let (dossier, engine) = try dossier(id)
        let checklist = engine.definition.checklist == nil ? [] : try checklist(dossier: id)
        let history = try store.events(dossier: id)
        let open = try store.tasks(TaskQuery(dossierID: id)).filter(\.isOpen)
        let openTasks = try open.map { try taskDetails($0.id) }
        var visited: Set<String> = [engine.definition.initialStateID, dossier.stateID]
        for event in history {
            if let from = event.fromState { visited.insert(from) }
            if let to = event.toState { visited.insert(to) }
        }
        let number = try store.archiveNumber(of: id)
        try store.recordRead(dossier: id, by: actorID, through: channel, at: moment)
        return DossierOverview(dossier: dossier, archiveNumber: number, definition: engine.definition, checklist: checklist,
                               history: history, openTasks: openTasks, visitedStates: visited)
    }
}
