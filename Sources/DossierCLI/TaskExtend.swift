import DossierOffice
import ArgumentParser
import DossierDefinition

/// `dossier task extend ID --until DATE --reason TEXT`.
struct TaskExtend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extend",
        abstract: "Extend a task's deadline to the end of a later date, with the reason.",
        discussion: """
            Only a person holding a role the workflow names in the deadline's extend-by may extend \
            it (for the loan intake: the approver). The extension is an event with its reason.
            Example: dossier task extend 4 --until 2026-03-10 --reason "customer abroad until the 9th" --as gina
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The task's id.", valueName: "id"))
    var id: Int

    @Option(help: ArgumentHelp("The new last day, e.g. 2026-03-10.", valueName: "date"))
    var until: CalendarDate

    @Option(help: "Why the deadline moves.")
    var reason: String

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason must say why the deadline moves") }
    }

    func run() throws {
        try reportingFailures {
            let session = try acting.session()
            let actor = try session.actor()
            guard let task = try session.store.task(id) else { throw CommandFailure("there is no task \(id); see `dossier task list`") }
            let (dossier, engine) = try session.dossier(task.dossierID)
            let step = try engine.extend(dossier, task: task.number, until: until, reason: reason, actor: actor, at: session.time)
            _ = try session.store.commit(step, readAt: dossier.revision, at: session.moment, archiveNumbers: nil)
            print("task \(id): due \(Session.local((step.dossier.openTask?.dueAt ?? session.time).addingTimeInterval(-60))) (was \(Session.local((task.dueAt ?? session.time).addingTimeInterval(-60))))")
        }
    }
}
