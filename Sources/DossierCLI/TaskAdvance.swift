import ArgumentParser
import DossierDefinition
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
            let session = try acting.session()
            let actor = try session.actor()
            guard let task = try session.store.task(id) else {
                throw CommandFailure("there is no task \(id); see `dossier task list`")
            }
            if let closed = task.closedAt {
                throw CommandFailure("task \(id) is already done: \(task.closedBy ?? "someone") took '\(task.action ?? "?")' at \(Session.local(closed)); see `dossier task list --instance \(task.dossierID)`")
            }
            let (dossier, engine) = try session.dossier(task.dossierID)
            // Read open a moment ago, closed now: someone else acted in between.
            if dossier.openTask?.number != task.number {
                throw StoreError.conflict("task \(id)")
            }
            let step = try engine.advance(dossier, task: task.number, action: action, note: note,
                                          fields: try KeyValue.dictionary(fields, option: "field"), actor: actor, at: session.time)
            var numbering: ArchiveNumbering?
            if let pattern = engine.definition.archiveNumber {
                let today = engine.localTime.date(of: session.time)
                numbering = ArchiveNumbering(pattern: pattern, year: today.year, month: today.month)
            }
            let opened = try session.store.commit(step, readAt: dossier.revision, at: session.moment, archiveNumbers: numbering)
            for event in step.events where event.kind == .signed {
                print("\(actor.id) signed '\(action)' as \(event.details["role"] ?? "?") on dossier \(dossier.id)")
            }
            guard step.closedTask != nil else {
                let waiting = engine.awaitedSignatures(in: step.dossier, action: action)
                if !waiting.isEmpty {
                    print("'\(action)' now waits for: " + waiting.map { "\($0.role) (\($0.person ?? "nobody"))" }.joined(separator: ", "))
                } else {
                    print("'\(action)' is signed; \(engine.definition.state(dossier.stateID)?.transition(action)?.byRoleID ?? engine.definition.state(dossier.stateID)?.roleID ?? "the acting role") completes it")
                }
                return
            }
            print("dossier \(dossier.id): \(action) → \(step.dossier.stateID)")
            if let number = try session.store.archiveNumber(of: dossier.id), step.effects.contains(.assignArchiveNumber) {
                print("archive number \(number)")
            }
            if let opened { print(TaskText.line(opened)) } else if step.dossier.isFinished { print("dossier \(dossier.id) is finished") }
        }
    }
}
