import ArgumentParser
import DossierService
import Foundation

/// `dossier loans [--overdue] [--all]`: the loan ledger.
struct LoansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loans",
        abstract: "The loan ledger: open loans with borrower, approver, state and due date; --overdue for late ones.",
        discussion: """
            Open loans are slips waiting for approval or lending, dossiers lent out, and returns \
            still incomplete. --all adds closed and rejected loans. Overdue loans are also fined by \
            `dossier tick` under the lending workflow's late-return rule.
            Example: dossier loans --overdue --format csv
            """
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var lending: LendingWorkflowOption

    @Flag(help: "Only loans past their return date.")
    var overdue = false

    @Flag(help: "Include closed and rejected loans.")
    var all = false

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func run() throws {
        try reportingFailures {
            let workflow = lending.workflow
            let loans = try acting.perform(remote: { [overdue, all] in try await $0.loans(workflow: workflow, overdue: overdue, all: all) },
                                           local: { try $0.loans(workflow: workflow, overdue: overdue, all: all).map(APIBodies.body) })
            let columns: [(key: String, header: String)] = [
                ("loan", "LOAN"), ("archive_number", "ARCHIVE NO"), ("level", "LEVEL"), ("borrower", "BORROWER"), ("approver", "APPROVER"),
                ("state", "STATE"), ("take_away", "TAKE AWAY"), ("purpose", "PURPOSE"), ("requested_at", "REQUESTED"), ("due", "DUE"),
                ("overdue", "OVERDUE"),
            ]
            let rows: [[Listing.Value]] = loans.map { loan in
                [
                    .integer(loan.loan), .text(loan.archiveNumber ?? "-"), .text(loan.level ?? "-"), .text(loan.borrower),
                    loan.approver.map(Listing.Value.text) ?? .null, .text(loan.state), .boolean(loan.takeAway), .text(loan.purpose),
                    .moment(loan.requestedAt), loan.dueAt.map { Listing.Value.moment(format == .table ? $0.addingTimeInterval(-60) : $0) } ?? .null,
                    .boolean(loan.overdue),
                ]
            }
            print(Listing(columns: columns, rows: rows).render(format), terminator: "")
        }
    }
}
