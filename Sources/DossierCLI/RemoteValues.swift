import DossierAPI
import DossierEngine
import DossierOffice
import DossierStore

// The API's answers as the values the CLI renders locally, so a command prints the same text
// through a server as on a local store.

extension Advancement {
    init(_ response: AdvanceResponse) {
        self.init(dossierID: response.dossier, action: response.action, signedRoles: response.signedRoles,
                  waitingFor: response.waitingFor.map(WorkflowEngine.AwaitedSignature.init),
                  completingRole: response.completingRole, newState: response.newState, archiveNumber: response.archiveNumber,
                  openedTask: response.openedTask.map(TaskSummary.init), isFinished: response.finished, recordedDuty: response.recordedDuty,
                  closedAs: response.closedAs)
    }
}

extension TaskSummary {
    init(_ body: TaskBody) {
        self.init(id: body.task, dossierID: body.dossier, number: body.number, workflowID: body.workflow, workflowVersion: body.workflowVersion,
                  stateID: body.state, roleID: body.role, assignee: body.assignee, openedAt: body.openedAt, dueAt: body.dueAt,
                  closedAt: body.closedAt, closedBy: body.closedBy, action: body.action)
    }
}

extension StaffMember {
    init(_ body: StaffBody) {
        self.init(id: body.id, name: body.name, roles: body.roles, department: body.department, isActive: body.active)
    }
}

extension WorkflowEngine.AwaitedSignature {
    init(_ body: AwaitedSignatureBody) {
        self.init(action: body.action, role: body.role, person: body.person)
    }
}

extension PendingLine {
    init(_ body: PendingBody) {
        self.init(task: TaskSummary(body.task), workingDaysLate: body.workingDaysOverdue, waiting: body.waitingFor.map(WorkflowEngine.AwaitedSignature.init),
                  approvers: body.approvers, openTo: body.openTo)
    }
}
