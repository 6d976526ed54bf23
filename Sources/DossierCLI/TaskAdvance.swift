import ArgumentParser
import DossierAPI
import DossierDefinition
import DossierOffice
import DossierStore

/// `dossier task advance ID ACTION [--note TEXT] [--field K=V…]`.
struct TaskAdvance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance",
        abstract: "Take an action on a task.",
        discussion: """
            The engine checks that you hold the role the action needs, that its guards hold (and \
            lists what is missing when not), that a note is given where the workflow asks for one, \
            and four-eyes: one person never signs an action twice under two roles. If someone else \
            changed the dossier since this command read it, nothing is written and the exit status \
            is 75: look at the task again and rerun if still needed.
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The task's id.", valueName: "id"))
    var id: Int

    @Argument(help: ArgumentHelp("The action, e.g. hand-over.", valueName: "action"))
    var action: String

    @Option(help: "Why, in your words (required by some actions).")
    var note: String?

    @Option(name: .customLong("field"), help: ArgumentHelp("Set or correct a field, as KEY=VALUE.", valueName: "key=value"))
    var fields: [KeyValue] = []

    func validate() throws {
        _ = try KeyValue.dictionary(fields, option: "field")
    }

    func run() throws {
        try reportingFailures {
            let fields = try KeyValue.dictionary(fields, option: "field")
            if let remote = try acting.remote() {
                let request = AdvanceRequest(action: action, note: note, fields: fields.isEmpty ? nil : fields)
                let done = try Blocking.run { [id] in try await remote.advance(task: id, request) }
                print(Self.describe(Advancement(done), by: done.actor))
                return
            }
            let session = try acting.session()
            let done = try session.advance(task: id, action: action, note: note, fields: fields)
            print(Self.describe(done, by: session.actorID))
        }
    }

    /// What an advance did, as the lines the command prints.
    static func describe(_ done: Advancement, by actor: String) -> String {
        if let duty = done.recordedDuty { return "\(actor) recorded \(duty) on dossier \(done.dossierID)" }
        if let role = done.closedAs {
            let others = done.waitingFor.map { "\($0.role) (\($0.person ?? "nobody"))" }.joined(separator: ", ")
            return "\(actor) took '\(done.action)' as \(role) on dossier \(done.dossierID)\ndossier \(done.dossierID) still waits for: \(others)"
        }
        var lines = done.signedRoles.map { "\(actor) signed '\(done.action)' as \($0) on dossier \(done.dossierID)" }
        guard let state = done.newState else {
            if !done.waitingFor.isEmpty {
                lines.append("'\(done.action)' now waits for: " + done.waitingFor.map { "\($0.role) (\($0.person ?? "nobody"))" }.joined(separator: ", "))
            } else {
                lines.append("'\(done.action)' is signed; \(done.completingRole ?? "the acting role") completes it")
            }
            return lines.joined(separator: "\n")
        }
        lines.append("dossier \(done.dossierID): \(done.action) → \(state)")
        if let number = done.archiveNumber { lines.append("archive number \(number)") }
        if let opened = done.openedTask { lines.append(TaskText.line(opened)) } else if done.isFinished { lines.append("dossier \(done.dossierID) is finished") }
        return lines.joined(separator: "\n")
    }
}
