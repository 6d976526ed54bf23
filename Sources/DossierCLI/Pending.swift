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

    func run() throws {
        try reportingFailures {
            let lines: [PendingLine]
            let now: Date
            if let remote = try acting.remote() {
                lines = try Blocking.run { [role, user, overdue, limit] in
                    try await remote.pending(role: role, user: user, overdue: overdue, limit: limit)
                }.map(PendingLine.init)
                now = try acting.time(of: remote)
            } else {
                let session = try acting.session()
                lines = try session.pending(role: role, user: user, overdue: overdue, limit: limit)
                now = session.time
            }
            try Self.listing(lines, now: now, format: format).print(format)
        }
    }

    /// The pending lines as a listing: the task's columns, then age, lateness and who is awaited.
    static func listing(_ lines: [PendingLine], now: Date, format: ListingFormat) -> Listing {
        TaskListing.listing(lines.map(\.task), now: now, format: format,
                            extra: [("age_days", "AGE"), ("working_days_overdue", "LATE"), ("waiting_for", "WAITING FOR")]) { index, row in
            let line = lines[index]
            let age = Int(now.timeIntervalSince(line.task.openedAt) / 86_400)
            var awaited = line.waiting.map { "\($0.role) (\($0.person ?? "nobody")) to sign \($0.action)" }
            if !line.approvers.isEmpty { awaited.append("a " + line.approvers.joined(separator: " or ") + " to approve") }
            if !line.openTo.isEmpty { awaited.append("whichever " + line.openTo.joined(separator: " or ") + " takes it first") }
            row.append(.integer(max(0, age)))
            row.append(line.workingDaysLate.map(Listing.Value.integer) ?? .null)
            row.append(awaited.isEmpty ? .null : .text(awaited.joined(separator: "; ")))
        }
    }
}
