import ArgumentParser
import DossierService
import Foundation

/// `dossier report kpi --month YYYY-MM`.
struct ReportKPI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "On-time and completeness rates by department and person for a month.",
        discussion: """
            On time: of the tasks whose deadline fell in the month and has passed, the share closed \
            by their due moment (a task still open past it is late). Complete: of the hand-overs \
            reviewed in the month, the share accepted without a supplementary list, credited to the \
            person who handed over. Duties time made (follow-up calls, the month's hand-over or \
            backup) count among the deadlines and are also shown apart. PAY CUT % is the share of a \
            person's performance pay the house rules allow to be cut this month, once their fines \
            reach an escalation with a performance-cut (the service consultants' 10-30 from their \
            3rd fine). Departments come from the staff directory.
            Example: dossier report kpi --month 2026-03 --format csv
            """
    )

    @OptionGroup var acting: ActingOptions

    @OptionGroup var month: MonthOption

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func run() throws {
        try reportingFailures {
            let month = self.month.month
            let lines = try acting.perform(remote: { try await $0.performance(month: month) },
                                           local: { try $0.performance(month: month).lines.map(APIBodies.body) })
            let columns: [(key: String, header: String)] = [
                ("scope", "SCOPE"), ("name", "NAME"), ("department", "DEPARTMENT"), ("deadlines", "DEADLINES"), ("on_time", "ON TIME"),
                ("on_time_percent", "ON TIME %"), ("duties", "DUTIES"), ("duties_on_time", "DUTIES ON TIME"),
                ("duties_on_time_percent", "DUTIES ON TIME %"), ("reviews", "REVIEWS"), ("complete", "COMPLETE"), ("complete_percent", "COMPLETE %"),
                ("performance_cut", "PAY CUT %"),
            ]
            let rows = lines.map { line -> [Listing.Value] in
                [.text(line.scope), .text(line.name), line.department.map(Listing.Value.text) ?? .null, .integer(line.deadlines),
                 .integer(line.onTime), line.onTimePercent.map(Listing.Value.decimal) ?? .null, .integer(line.duties),
                 .integer(line.dutiesOnTime), line.dutiesOnTimePercent.map(Listing.Value.decimal) ?? .null, .integer(line.reviews),
                 .integer(line.complete), line.completePercent.map(Listing.Value.decimal) ?? .null,
                 line.performanceCut.map(Listing.Value.text) ?? .null]
            }
            print(Listing(columns: columns, rows: rows).render(format), terminator: "")
        }
    }
}
