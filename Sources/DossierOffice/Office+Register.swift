import DossierDefinition
import DossierEngine
import DossierStore
import Foundation

extension Office {
    /// The register (档案登记本): every registered dossier in the order of registration, only
    /// `workflow`'s when named.
    package func register(workflow: String?) throws -> [RegisterLine] {
        try store.registeredNumbers(workflow: workflow).map { entry in
            guard let dossier = try store.dossier(entry.dossierID) else {
                throw OfficeError.refused("archive number \(entry.number) names dossier \(entry.dossierID), which the store does not have; run `dossier audit verify`")
            }
            let engine = try engine(workflow: dossier.workflowID, version: dossier.workflowVersion)
            var line = RegisterLine(dossier: dossier, definition: engine.definition, archiveNumber: entry.number, registeredAt: entry.assignedAt)
            if dossier.stateID == WorkflowState.destroyedID, let destroyed = try store.events(dossier: dossier.id).last(where: { $0.kind == "destroyed" }) {
                line.destruction = RegisterLine.Destruction(at: destroyed.at, by: destroyed.actor, list: destroyed.details["list"].flatMap { Int($0) })
            }
            return line
        }
    }

    /// Extends task `id`'s deadline to the end of `until`, with `reason`: only roles the
    /// workflow names in `extend-by`. Returns the new and the former due moments.
    package func extend(task id: Int, until: CalendarDate, reason: String) throws -> (due: Date?, before: Date?) {
        let actor = try actor()
        guard let task = try store.task(id) else { throw OfficeError.noTask(id) }
        let (dossier, engine) = try dossier(task.dossierID)
        let step = try engine.extend(dossier, task: task.number, until: until, reason: reason, actor: actor, at: time)
        _ = try store.commit(step, readAt: dossier.revision, at: moment, archiveNumbers: nil)
        return (step.dossier.openTask?.dueAt, task.dueAt)
    }
}
