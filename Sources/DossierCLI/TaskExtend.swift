import DossierOffice
import ArgumentParser
import DossierAPI
import Foundation
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
            let due: Date?, before: Date?, now: Date
            if let remote = try acting.remote() {
                let request = ExtendRequest(until: until.description, reason: reason)
                let extended = try Blocking.run { [id] in try await remote.extend(task: id, request) }
                (due, before, now) = (extended.dueAt, extended.previousDueAt, try acting.time(of: remote))
            } else {
                let session = try acting.session()
                (due, before) = try session.extend(task: id, until: until, reason: reason)
                now = session.time
            }
            print("task \(id): due \(Session.local((due ?? now).addingTimeInterval(-60))) (was \(Session.local((before ?? now).addingTimeInterval(-60))))")
        }
    }
}
