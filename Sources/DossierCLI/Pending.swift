import ArgumentParser
import DossierDefinition
import DossierEngine
import DossierStore
import Foundation

/// `dossier pending [--role R] [--user U] [--overdue]`.
struct Pending: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What waits: open tasks and sign-offs, oldest first, with due date and working days overdue.",
        discussion: """
            --role filters by workflow role (a, b, archivist…), --user by the person a task is \
            assigned to or whose sign-off it waits for, --overdue to tasks past their due moment \
            (then soonest due first). Working days overdue are counted on the workflow's calendar.
            """
    )

    @OptionGroup var acting: ActingOptions

    @Option(help: ArgumentHelp("Only tasks of this workflow role.", valueName: "role"))
    var role: String?

    @Option(help: ArgumentHelp("Only what waits for this person.", valueName: "user"))
    var user: String?

    @Flag(help: "Only overdue tasks.")
    var overdue = false

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func run() throws {
        try reportingFailures {
            let session = try acting.session()
            var tasks = try session.store.tasks(TaskQuery(roleID: role, assignee: nil, dueBefore: overdue ? session.time : nil))
            var engines: [String: WorkflowEngine] = [:]
            func engine(for task: TaskSummary) throws -> WorkflowEngine {
                let key = "\(task.workflowID)@\(task.workflowVersion)"
                if let cached = engines[key] { return cached }
                let loaded = try session.engine(workflow: task.workflowID, version: task.workflowVersion)
                engines[key] = loaded
                return loaded
            }
            var waiting: [Int: [WorkflowEngine.AwaitedSignature]] = [:]
            var lateDays: [Int: Int] = [:]
            for task in tasks {
                let engine = try engine(for: task)
                // Only states with sign-offs need the dossier itself, to see who has signed.
                let signs = engine.definition.state(task.stateID)?.transitions.contains { !$0.signOffRoleIDs.isEmpty } ?? false
                if signs, let dossier = try session.store.dossier(task.dossierID) {
                    waiting[task.id] = engine.awaitedSignatures(in: dossier, begunOnly: true)
                }
                if let due = task.dueAt, due <= session.time {
                    lateDays[task.id] = engine.workingDaysLate(due: due, at: session.time)
                }
            }
            if let user {
                tasks = tasks.filter { task in task.assignee == user || (waiting[task.id] ?? []).contains { $0.person == user } }
            }
            let listing = TaskListing.listing(tasks, now: session.time, format: format,
                                              extra: [("age_days", "AGE"), ("working_days_overdue", "LATE"), ("waiting_for", "WAITING FOR")]) { task in
                let age = Int(session.time.timeIntervalSince(task.openedAt) / 86_400)
                return [.integer(max(0, age)), lateDays[task.id].map(Listing.Value.integer) ?? .null,
                        (waiting[task.id] ?? []).isEmpty ? .null
                            : .text((waiting[task.id] ?? []).map { "\($0.role) (\($0.person ?? "nobody")) to sign \($0.action)" }.joined(separator: "; "))]
            }
            print(listing.render(format), terminator: "")
        }
    }

}
