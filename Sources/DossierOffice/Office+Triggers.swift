import DossierDefinition
import DossierEngine
import DossierStore

/// An open task a command's success took (the month's backup duty met by `dossier backup`).
package struct MetDuty: Sendable, Hashable {
    /// The task, by the number `task list` shows.
    package var task: Int
    /// Its dossier.
    package var dossier: Int
    /// The dossier's workflow.
    package var workflow: String
    /// The action the command took on it.
    package var action: String
}

extension Office {
    /// Takes, as the acting person, the action `trigger` takes (`on="backup"`) on each open task
    /// that has one and is theirs, or is open to them (a scheduled role several may hold), with
    /// `note`: the command's success meets the duty. A task the rules refuse (a guard unmet, or
    /// someone else's) stays open, one closed by someone else meanwhile is left to them; the
    /// command's own work stands either way.
    func meetDuties(on trigger: Transition.Trigger, note: String) throws -> [MetDuty] {
        let actor = try actor()
        var candidates = try store.tasks(TaskQuery(assignee: actor.id))
        for version in try store.latestVersions(of: .workflow) where version.source.contains("\"\(trigger.rawValue)\"") {
            let definition = try engine(workflow: version.id, version: version.version).definition
            let roles = Set(definition.states.filter { $0.transitions.contains { $0.trigger == trigger } }.compactMap(\.roleID))
            for role in roles.sorted() {
                candidates += try store.tasks(TaskQuery(roleID: role)).filter { $0.workflowID == version.id && $0.assignee == nil }
            }
        }
        var met: [MetDuty] = []
        var seen: Set<Int> = []
        for task in candidates.sorted(by: { $0.id < $1.id }) where seen.insert(task.id).inserted {
            let engine = try engine(workflow: task.workflowID, version: task.workflowVersion)
            guard let transition = engine.definition.state(task.stateID)?.transitions.first(where: { $0.trigger == trigger }) else { continue }
            do {
                let taken = try advance(task: task.id, action: transition.action, note: note, fields: [:], on: trigger)
                if taken.isTaken { met.append(MetDuty(task: task.id, dossier: task.dossierID, workflow: task.workflowID, action: transition.action)) }
            } catch is Refusal {
                continue
            } catch StoreError.conflict {
                // Someone closed it a moment ago: the backup stands, and the task is theirs.
                continue
            }
        }
        return met
    }
}
