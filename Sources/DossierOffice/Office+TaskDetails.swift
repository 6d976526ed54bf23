import DossierDefinition
import DossierEngine
import DossierStore

/// A task with its dossier and the actions its state allows, as `task show` tells them.
package struct TaskDetails: Sendable, Hashable {
    /// A sign-off role of an action: the person awaited, or who signed.
    package struct SignOff: Sendable, Hashable {
        package var role: String
        package var awaiting: String?
        package var signedBy: String?
    }

    /// One action of the task's state.
    package struct Action: Sendable, Hashable {
        package var action: String
        package var target: String
        /// The role that takes it.
        package var by: String?
        package var signOff: [SignOff]
        package var guards: [String]
        package var needsNote: Bool
    }

    package var task: TaskSummary
    package var dossier: Dossier
    package var actions: [Action]
}

extension Office {
    /// Task `id`, its dossier and, while it is open, the actions its state allows with who takes
    /// them, who still has to sign, the guards and whether a note is needed.
    package func taskDetails(_ id: Int) throws -> TaskDetails {
        _ = try actor()
        guard let task = try store.task(id) else { throw OfficeError.noTask(id) }
        let (dossier, engine) = try dossier(task.dossierID)
        guard task.closedAt == nil else { return TaskDetails(task: task, dossier: dossier, actions: []) }
        if let timer = engine.definition.timer(task.stateID), let duty = dossier.duties[timer.id] {
            // A duty's one action records it, with the values its timer asks for, in its window.
            var needs = timer.recordValues.map { "--field \($0)=…" }
            if time < duty.windowOpensAt { needs.append("its window to open (\(engine.localTime.minutes(duty.windowOpensAt)))") }
            let record = TaskDetails.Action(action: WorkflowEngine.recordAction, target: "recorded", by: timer.roleID, signOff: [],
                                            guards: needs, needsNote: false)
            return TaskDetails(task: task, dossier: dossier, actions: [record])
        }
        let state = engine.definition.state(task.stateID)
        let actions = (state?.transitions ?? []).map { transition in
            let awaited = engine.awaitedSignatures(in: dossier, action: transition.action)
            let signOff = transition.signOffRoleIDs.map { role -> TaskDetails.SignOff in
                if let waiting = awaited.first(where: { $0.role == role }) { return TaskDetails.SignOff(role: role, awaiting: waiting.person ?? "nobody") }
                return TaskDetails.SignOff(role: role, signedBy: dossier.signOffs[transition.action]?[role] ?? "?")
            }
            // A parallel task is its own role's: the others' tasks are open beside it.
            let by = state?.isParallel == true ? task.roleID : transition.byRoleID ?? state?.roleID
            return TaskDetails.Action(action: transition.action, target: transition.targetStateID, by: by,
                                      signOff: signOff,
                                      guards: transition.guards.map(\.description) + (transition.trigger.map { ["`\($0.command)`, which takes it (not by hand)"] } ?? []),
                                      needsNote: transition.requiresNote)
        }
        return TaskDetails(task: task, dossier: dossier, actions: actions)
    }
}
