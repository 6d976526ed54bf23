import DossierOffice
import ArgumentParser
import DossierEngine
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
            let session = try acting.session()
            let loans = try session.store.dossiers(workflow: lending.workflow, field: nil, equals: nil, runningOnly: !all)
            let columns: [(key: String, header: String)] = [
                ("loan", "LOAN"), ("archive_number", "ARCHIVE NO"), ("level", "LEVEL"), ("borrower", "BORROWER"), ("approver", "APPROVER"),
                ("state", "STATE"), ("take_away", "TAKE AWAY"), ("purpose", "PURPOSE"), ("requested_at", "REQUESTED"), ("due", "DUE"),
                ("overdue", "OVERDUE"),
            ]
            var rows: [[Listing.Value]] = []
            for loan in loans {
                let due = loan.stateID == "lent" ? loan.openTask?.dueAt : nil
                let isOverdue = due.map { $0 < session.time } ?? false
                if overdue, !isOverdue { continue }
                rows.append([
                    .integer(loan.id), .text(loan.fields["archive-number"] ?? "-"), .text(loan.fields["level"] ?? "-"),
                    .text(loan.assignments["borrower"] ?? loan.startedBy), loan.assignments["approver"].map(Listing.Value.text) ?? .null,
                    .text(loan.stateID), .boolean(loan.fields["take-away"] == "true"), .text(loan.fields["purpose"] ?? ""),
                    .moment(loan.startedAt), due.map { Listing.Value.moment(format == .table ? $0.addingTimeInterval(-60) : $0) } ?? .null, .boolean(isOverdue),
                ])
            }
            print(Listing(columns: columns, rows: rows).render(format), terminator: "")
        }
    }
}
