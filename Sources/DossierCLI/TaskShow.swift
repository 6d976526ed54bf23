import DossierOffice
import ArgumentParser
import DossierDocuments
import DossierAPI
import DossierService
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
            let details: TaskDetailsBody
            if let remote = try acting.remote() {
                details = try Blocking.run { [id] in try await remote.taskDetails(id) }
            } else {
                details = APIBodies.body(try acting.session().taskDetails(id))
            }
            let task = TaskSummary(details.task)
            print(TaskText.line(task))
            print("dossier \(task.dossierID): \(details.workflow) version \(details.workflowVersion), now in \(details.dossierState)\(details.dossierFinished ? " (finished)" : "")")
            print("roles: " + details.assignments.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
            if let closed = task.closedAt {
                print("closed \(Session.local(closed)) by \(task.closedBy ?? "?") with '\(task.action ?? "?")'")
                return
            }
            print("opened \(Session.local(task.openedAt))")
            for action in details.actions {
                var line = "  action \(action.action) → \(action.target)"
                if let by = action.by { line += " (by \(by))" }
                if !action.signOff.isEmpty {
                    line += "; sign-off: " + action.signOff.map { signOff in
                        signOff.awaiting.map { "\(signOff.role) (\($0)) to sign" } ?? "\(signOff.role) signed by \(signOff.signedBy ?? "?")"
                    }.joined(separator: ", ")
                }
                if !action.guards.isEmpty { line += "; needs " + action.guards.joined(separator: ", ") }
                if action.needsNote { line += "; needs --note" }
                print(line)
            }
        }
    }
}

/// Each line this command prints holds text from the store: its control characters are shown
/// escaped, so a name or a note can neither drive the terminal nor forge another line.
private func print(_ line: String) {
    Swift.print(VisibleText.escaped(line))
}
