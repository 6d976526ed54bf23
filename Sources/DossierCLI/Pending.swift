import ArgumentParser
import DossierDefinition
import DossierEngine
import DossierStore
import Foundation

/// `dossier pending [--role R] [--user U] [--overdue]`.
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

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func run() throws {
        try reportingFailures {
            let session = try acting.session()
            var tasks = try session.store.tasks(TaskQuery(roleID: role, assignee: nil, dueBefore: overdue ? session.time : nil))
            var waiting: [Int: [WorkflowEngine.AwaitedSignature]] = [:]
            var lateDays: [Int: Int] = [:]
            // Borrow slips waiting for an approver the dossier's level picks: who may approve.
            var approvers: [Int: [String]] = [:]
            var mayApprove: Set<Int> = []
            let member = try user.flatMap { try session.store.staffMember($0) }
            for task in tasks {
                let engine = try session.engine(workflow: task.workflowID, version: task.workflowVersion)
                if task.assignee == nil, task.roleID.flatMap(engine.definition.role)?.binding == .levelApprover,
                   let dossier = try session.store.dossier(task.dossierID) {
                    approvers[task.id] = engine.awaitedApprovers(of: dossier)
                    if let member, engine.mayApprove(dossier, person: member) { mayApprove.insert(task.id) }
                }
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
                tasks = tasks.filter { task in
                    task.assignee == user || (waiting[task.id] ?? []).contains { $0.person == user } || mayApprove.contains(task.id)
                }
            }
            let listing = TaskListing.listing(tasks, now: session.time, format: format,
                                              extra: [("age_days", "AGE"), ("working_days_overdue", "LATE"), ("waiting_for", "WAITING FOR")]) { task in
                let age = Int(session.time.timeIntervalSince(task.openedAt) / 86_400)
                var awaited = (waiting[task.id] ?? []).map { "\($0.role) (\($0.person ?? "nobody")) to sign \($0.action)" }
                if let roles = approvers[task.id], !roles.isEmpty { awaited.append("a " + roles.joined(separator: " or ") + " to approve") }
                return [.integer(max(0, age)), lateDays[task.id].map(Listing.Value.integer) ?? .null,
                        awaited.isEmpty ? .null : .text(awaited.joined(separator: "; "))]
            }
            print(listing.render(format), terminator: "")
        }
    }

}
