import DossierOffice
import ArgumentParser
import DossierDefinition
import DossierEngine
import DossierStore
import Foundation

/// `dossier pending [--role R] [--user U] [--overdue] [--limit N]`.
struct Pending: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pending",
        abstract: "What waits: open tasks and sign-offs, oldest first, with due date and working days overdue.",
        discussion: """
            --role filters by workflow role (a, b, archivist…), --user by the person a task is \
            assigned to, whose sign-off it waits for, or who may approve a borrow slip waiting for \
            its level's approver, --overdue to tasks past their due moment (then soonest due \
            first); overdue loans are lent tasks past their return date. Working days overdue are counted on the workflow's calendar.
            """
    )

    @OptionGroup var acting: ActingOptions

    @Option(help: ArgumentHelp("Only tasks of this workflow role.", valueName: "role"))
    var role: String?

    @Option(help: ArgumentHelp("Only what waits for this person.", valueName: "user"))
    var user: String?

    @Flag(help: "Only overdue tasks.")
    var overdue = false

    @Option(help: ArgumentHelp("At most this many tasks, the first in the listing's order.", valueName: "n"))
    var limit: Int?

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit \(limit) is not a number of tasks; give 1 or more") }
    }

    /// One task as `pending` reports it.
    struct Line {
        var task: TaskSummary
        var workingDaysLate: Int?
        var waiting: [WorkflowEngine.AwaitedSignature] = []
        /// For a borrow slip waiting for its level's approver: the roles that may approve it.
        var approvers: [String] = []
        var mayApprove = false
    }

    func run() throws {
        try reportingFailures {
            let session = try acting.session()
            // --user is decided per task below, so with it the limit is counted there.
            let tasks = try session.store.tasks(TaskQuery(roleID: role, assignee: nil, dueBefore: overdue ? session.time : nil,
                                                          limit: user == nil ? limit : nil))
            let member = try user.flatMap { try session.store.staffMember($0) }
            var lines: [Line] = []
            lines.reserveCapacity(tasks.count)
            // Tasks come mostly in runs of one workflow version and state: the engine and what
            // the state needs are looked up once a run, not once a task.
            var next = tasks.startIndex
            runs: while next < tasks.endIndex {
                let first = tasks[next]
                let engine = try session.engine(workflow: first.workflowID, version: first.workflowVersion)
                var factsKey: (state: String, role: String?)?
                var signs = false
                var levelApprover = false
                while next < tasks.endIndex, tasks[next].workflowID == first.workflowID, tasks[next].workflowVersion == first.workflowVersion {
                    let task = tasks[next]
                    next += 1
                    if factsKey?.state != task.stateID || factsKey?.role != task.roleID {
                        factsKey = (task.stateID, task.roleID)
                        // Only states with sign-offs need the dossier itself, to see who has signed.
                        signs = engine.definition.state(task.stateID)?.transitions.contains { !$0.signOffRoleIDs.isEmpty } ?? false
                        levelApprover = task.roleID.flatMap(engine.definition.role)?.binding == .levelApprover
                    }
                    var line = Line(task: task)
                    if task.assignee == nil, levelApprover, let dossier = try session.store.dossier(task.dossierID) {
                        line.approvers = engine.awaitedApprovers(of: dossier)
                        if let member { line.mayApprove = engine.mayApprove(dossier, person: member) }
                    }
                    if signs, let dossier = try session.store.dossier(task.dossierID) {
                        line.waiting = engine.awaitedSignatures(in: dossier, begunOnly: true)
                    }
                    if let user, !(task.assignee == user || line.waiting.contains { $0.person == user } || line.mayApprove) {
                        continue
                    }
                    if let due = task.dueAt, due <= session.time {
                        line.workingDaysLate = engine.workingDaysLate(due: due, at: session.time)
                    }
                    lines.append(line)
                    if let limit, lines.count == limit { break runs }
                }
            }
            let listing = TaskListing.listing(lines.map(\.task), now: session.time, format: format,
                                              extra: [("age_days", "AGE"), ("working_days_overdue", "LATE"), ("waiting_for", "WAITING FOR")]) { index, row in
                let line = lines[index]
                let age = Int(session.time.timeIntervalSince(line.task.openedAt) / 86_400)
                var awaited = line.waiting.map { "\($0.role) (\($0.person ?? "nobody")) to sign \($0.action)" }
                if !line.approvers.isEmpty { awaited.append("a " + line.approvers.joined(separator: " or ") + " to approve") }
                row.append(.integer(max(0, age)))
                row.append(line.workingDaysLate.map(Listing.Value.integer) ?? .null)
                row.append(awaited.isEmpty ? .null : .text(awaited.joined(separator: "; ")))
            }
            try listing.print(format)
        }
    }
}
