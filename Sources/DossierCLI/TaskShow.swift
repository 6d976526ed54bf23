import DossierOffice
import ArgumentParser
import DossierDefinition
import DossierStore

/// `dossier task show ID`.
struct TaskShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a task: its dossier, role, due date and the actions it allows.")

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The task's id.", valueName: "id"))
    var id: Int

    func run() throws {
        try reportingFailures {
            let session = try acting.session()
            guard let task = try session.store.task(id) else {
                throw CommandFailure("there is no task \(id); see `dossier task list`")
            }
            let (dossier, engine) = try session.dossier(task.dossierID)
            print(TaskText.line(task))
            print("dossier \(dossier.id): \(dossier.workflowID) version \(dossier.workflowVersion), now in \(dossier.stateID)\(dossier.isFinished ? " (finished)" : "")")
            print("roles: " + dossier.assignments.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
            if let closed = task.closedAt {
                print("closed \(Session.local(closed)) by \(task.closedBy ?? "?") with '\(task.action ?? "?")'")
                return
            }
            print("opened \(Session.local(task.openedAt))")
            let state = engine.definition.state(task.stateID)
            for transition in state?.transitions ?? [] {
                var line = "  action \(transition.action) → \(transition.targetStateID)"
                if let by = transition.byRoleID ?? state?.roleID { line += " (by \(by))" }
                if !transition.signOffRoleIDs.isEmpty {
                    let awaited = engine.awaitedSignatures(in: dossier, action: transition.action)
                    line += "; sign-off: " + transition.signOffRoleIDs.map { role in
                        awaited.first { $0.role == role }.map { "\(role) (\($0.person ?? "nobody")) to sign" }
                            ?? "\(role) signed by \(dossier.signOffs[transition.action]?[role] ?? "?")"
                    }.joined(separator: ", ")
                }
                if !transition.guards.isEmpty { line += "; needs " + transition.guards.map(\.description).joined(separator: ", ") }
                if transition.requiresNote { line += "; needs --note" }
                print(line)
            }
        }
    }
}
