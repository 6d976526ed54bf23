import DossierOffice
import ArgumentParser
import DossierStore
import Foundation

/// `dossier task list [--mine] [--dossier N] [--limit N]`.
struct TaskList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List open tasks, oldest first.")

    @OptionGroup var acting: ActingOptions

    @Flag(help: "Only the tasks assigned to you.")
    var mine = false

    @Option(help: ArgumentHelp("Only this dossier's tasks, closed ones too.", valueName: "dossier"))
    var dossier: Int?

    @Option(help: ArgumentHelp("At most this many tasks, the oldest.", valueName: "n"))
    var limit: Int?

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit \(limit) is not a number of tasks; give 1 or more") }
    }

    func run() throws {
        try reportingFailures {
            if let remote = try acting.remote() {
                let tasks = try Blocking.run { [mine, dossier, limit] in try await remote.tasks(mine: mine, dossier: dossier, limit: limit) }
                try TaskListing.listing(tasks.map(TaskSummary.init), now: try acting.time(of: remote), format: format).print(format)
                return
            }
            let session = try acting.session()
            if mine { try session.requireActorID() }
            let query = TaskQuery(assignee: mine ? session.actorID : nil, dossierID: dossier, includeClosed: dossier != nil, limit: limit)
            let tasks = try session.store.tasks(query)
            try TaskListing.listing(tasks, now: session.time, format: format).print(format)
        }
    }
}
