import DossierDefinition
import Foundation

/// Parallel states (`parallel-roles`): entering one opens a task for each of its roles at once
/// (the departments carrying out a correction), each role closes its own task with the state's
/// one action and its report, and the dossier moves on when the last task closes.
extension WorkflowEngine {
    /// Opens a task for each role of parallel `state` that someone holds, in the order the
    /// state names them, each with the state's deadline. An optional role nobody was given
    /// opens none.
    func openParallelTasks(of state: WorkflowState, in dossier: inout Dossier, actor: String, at time: Date) throws(Refusal) -> [DossierEvent] {
        dossier.openTask = nil
        let due = try state.deadline.flatMap { deadline throws(Refusal) in try pinnedDueMoment(deadline, dossier: dossier, enteredAt: time) }
        var events: [DossierEvent] = []
        for roleID in state.parallelRoleIDs {
            guard let assignee = dossier.assignments[roleID] else { continue }
            dossier.taskCount += 1
            dossier.parallelTasks[roleID] = OpenTask(number: dossier.taskCount, stateID: state.id, roleID: roleID, assignee: assignee,
                                                     openedAt: time, dueAt: due?.moment, dueCalendar: due?.calendar)
            var details = ["role": roleID, "assignee": assignee]
            if let due {
                details["due"] = localTime.iso(due.moment)
                if let calendar = due.calendar { details["calendar"] = calendar.description }
            }
            events.append(DossierEvent(kind: .taskOpened, actor: actor, at: time, toState: state.id, taskNumber: dossier.taskCount,
                                       details: details))
        }
        return events
    }

    /// Closes the parallel task of `roleID` with `action`, taken by the person holding the role:
    /// the report is its note. The other roles' tasks stay open; once none is, the state's
    /// transition fires (its guards checked then) and the dossier enters the next state.
    /// The closed task's lateness is fined up to `time`, like any task's.
    func closeParallelTask(of roleID: String, in dossier: Dossier, read: Dossier, openedDuties: [DossierEvent], action: String,
                           note: String?, fields: [String: String], actor: StaffMember, at time: Date,
                           held: [String: [String]]?) throws(Refusal) -> Step {
        guard let task = dossier.parallelTasks[roleID], let state = definition.state(task.stateID) else {
            throw .unknownAction(action, state: dossier.stateID, available: [])
        }
        guard let transition = state.transition(action) else {
            throw .unknownAction(action, state: state.id, available: state.transitions.map(\.action))
        }
        let holder = dossier.assignments[roleID]
        guard holder == actor.id else {
            throw .notYourTask(person: actor.id, action: action, roles: [roleID], holders: [holder ?? "nobody"])
        }
        if transition.requiresNote, (note ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw .noteRequired(action: action)
        }
        var next = dossier
        let setting = try setFields(fields, on: &next, task: task.number, note: note, actor: actor.id, at: time)
        var events = openedDuties + setting.events
        next.parallelTasks[roleID] = nil
        let joins = next.parallelTasks.isEmpty
        events.append(DossierEvent(kind: .taskClosed, actor: actor.id, at: time, action: action, fromState: state.id,
                                   toState: joins ? transition.targetStateID : state.id, taskNumber: task.number, note: note,
                                   details: ["role": roleID]))
        var effects: [Effect] = []
        if joins {
            let missing = GuardCheck(definition: definition, dossier: next, held: held).unmet(transition.guards)
            if !missing.isEmpty { throw .guardsUnmet(action: action, missing: missing) }
            events.append(DossierEvent(kind: .transitioned, actor: actor.id, at: time, action: action, fromState: state.id,
                                       toState: transition.targetStateID, taskNumber: task.number, note: note,
                                       details: ["parallel-roles": state.parallelRoleIDs.filter { dossier.assignments[$0] != nil }.joined(separator: " ")]))
            next.signOffs = [:]
            events += try enter(transition.targetStateID, dossier: &next, actor: actor.id, at: time)
            effects = transition.effects
        }
        next.revision += 1
        let late = try lateness(of: task, dossierID: dossier.id, holder: { dossier.assignments[$0] }, before: time)
        var step = try assessed(Step(dossier: next, events: events, closedTask: task.number, effects: effects,
                                     dutiesChanged: !openedDuties.isEmpty || setting.dutiesChanged), from: dossier, at: time)
        step.fines += late.fines
        return step
    }

    /// The lateness up to `time` of `dossier`'s open parallel task of `roleID`, fined to whoever
    /// holds it now, and when its lateness next needs assessing (by task number).
    func parallelLateness(of dossier: Dossier, role roleID: String, before time: Date) throws(Refusal)
        -> (fines: [FineOccurrence], next: [Int: Date?]) {
        guard let task = dossier.parallelTasks[roleID] else { return ([], [:]) }
        let late = try lateness(of: task, dossierID: dossier.id, holder: { dossier.assignments[$0] }, before: time)
        return (late.fines, [task.number: late.next])
    }

    /// The roles whose parallel tasks are still open in `dossier`, with who holds each, in the
    /// order the state names them.
    public func awaitedParallelTasks(in dossier: Dossier, action: String) -> [AwaitedSignature] {
        let order = definition.state(dossier.stateID)?.parallelRoleIDs ?? []
        return order.compactMap { roleID in
            dossier.parallelTasks[roleID].map { AwaitedSignature(action: action, role: roleID, person: $0.assignee) }
        }
    }
}
