import DossierDefinition
import Foundation

/// Extending a task's deadline: only a role the state's deadline names in `extend-by` may, only
/// to a later date, and always with a reason, kept as an event.
extension WorkflowEngine {
    /// Moves the due moment of open task `taskNumber` to the end of local date `until`.
    public func extend(_ dossier: Dossier, task taskNumber: Int, until: CalendarDate, reason: String, actor: StaffMember,
                       at time: Date) throws(Refusal) -> Step {
        guard !dossier.isFinished else { throw .finished(dossier: dossier.id, state: dossier.stateID) }
        guard let task = dossier.openTask, task.number == taskNumber else {
            throw .taskClosed(task: "\(dossier.id).\(taskNumber)", current: dossier.openTask.map { "\(dossier.id).\($0.number)" })
        }
        guard let deadline = definition.state(task.stateID)?.deadline, let due = task.dueAt else {
            throw .notExtendable("the task in state '\(task.stateID)' has no deadline to extend")
        }
        let allowed = deadline.extendableBy
        guard !allowed.isEmpty else {
            throw .notExtendable("the deadline of state '\(task.stateID)' cannot be extended: the workflow names no role in extend-by")
        }
        guard allowed.contains(where: { dossier.assignments[$0] == actor.id }) else {
            throw .notYourTask(person: actor.id, action: "extend the deadline", roles: allowed,
                               holders: allowed.map { dossier.assignments[$0] ?? "nobody" })
        }
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .noteRequired(action: "extend")
        }
        guard time <= due else {
            throw .notExtendable("the task's deadline passed at the end of \(localTime.date(of: due.addingTimeInterval(-1))); an extension is granted before it passes, and a fine already incurred is waived with `dossier fines waive`")
        }
        let newDue = localTime.endOf(until)
        guard newDue > due else {
            throw .notExtendable("an extension moves the deadline later; \(until) is not after the current due date \(localTime.date(of: due.addingTimeInterval(-1)))")
        }
        var next = dossier
        next.openTask?.dueAt = newDue
        next.revision += 1
        let event = DossierEvent(kind: .deadlineExtended, actor: actor.id, at: time, fromState: task.stateID, toState: task.stateID,
                                 taskNumber: task.number, note: reason,
                                 details: ["from": localTime.iso(due), "to": localTime.iso(newDue), "until": until.description])
        return try assessed(Step(dossier: next, events: [event], closedTask: nil, effects: []), from: dossier, at: time)
    }
}
