import ArgumentParser
import DossierStore

/// `dossier task list [--mine] [--instance ID]`.
struct TaskList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List open tasks, oldest first.")

    @OptionGroup var acting: ActingOptions

    @Flag(help: "Only the tasks assigned to you.")
    var mine = false

    @Option(name: .customLong("instance"), help: ArgumentHelp("Only this dossier's tasks, closed ones too.", valueName: "id"))
    var dossier: Int?

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func run() throws {
        try reportingFailures {
            let session = try acting.session()
            let query = TaskQuery(assignee: mine ? session.actorID : nil, dossierID: dossier, includeClosed: dossier != nil)
            let tasks = try session.store.tasks(query)
            TaskListing.listing(tasks, now: session.time, format: format).print(format)
        }
    }
}
