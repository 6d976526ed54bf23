import DossierOffice
import ArgumentParser
import DossierDefinition
import DossierEngine
import DossierStore
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
            person who handed over. Departments come from the staff directory.
            Example: dossier report kpi --month 2026-03 --format csv
            """
    )

    @OptionGroup var acting: ActingOptions

    @OptionGroup var month: MonthOption

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func run() throws {
        try reportingFailures {
            let session = try acting.session()
            guard let first = CalendarDate(iso: month.month + "-01") else { throw CommandFailure("--month \(month.month) is not a month such as 2026-03") }
            let next = first.adding(days: CalendarDate.daysIn(month: first.month, year: first.year))
            let range = Session.localTime.startOf(first)..<Session.localTime.startOf(next)

            let deadlines = try session.store.tasks(TaskQuery(dueWithin: range)).compactMap { task -> PerformanceReport.DeadlineTask? in
                guard let person = task.assignee, let due = task.dueAt else { return nil }
                return PerformanceReport.DeadlineTask(person: person, dueAt: due, closedAt: task.closedAt)
            }
            var reviews: [PerformanceReport.Review] = []
            for task in try session.store.tasks(TaskQuery(closedWithin: range)) {
                let engine = try session.engine(workflow: task.workflowID, version: task.workflowVersion)
                guard let state = engine.definition.state(task.stateID),
                      state.transitions.contains(where: { $0.effects.contains(.issueSupplementaryList) }),
                      let action = task.action, let taken = state.transition(action) else { continue }
                // The hand-over under review is the dossier's previous task.
                let previous = try session.store.tasks(TaskQuery(dossierID: task.dossierID, includeClosed: true))
                    .first { $0.number == task.number - 1 }
                guard let person = previous?.assignee ?? previous?.closedBy else { continue }
                reviews.append(PerformanceReport.Review(person: person, isComplete: !taken.effects.contains(.issueSupplementaryList)))
            }
            let staff = Dictionary(try session.store.staffDirectory().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let report = PerformanceReport(deadlines: deadlines, reviews: reviews, now: session.time) { staff[$0]?.department }
            let columns: [(key: String, header: String)] = [
                ("scope", "SCOPE"), ("name", "NAME"), ("department", "DEPARTMENT"), ("deadlines", "DEADLINES"), ("on_time", "ON TIME"),
                ("on_time_percent", "ON TIME %"), ("reviews", "REVIEWS"), ("complete", "COMPLETE"), ("complete_percent", "COMPLETE %"),
            ]
            let rows = report.lines.map { line -> [Listing.Value] in
                [.text(line.scope), .text(line.name), line.department.map(Listing.Value.text) ?? .null, .integer(line.deadlines),
                 .integer(line.onTime), line.onTimeRate.map(Listing.Value.decimal) ?? .null, .integer(line.reviews),
                 .integer(line.complete), line.completenessRate.map(Listing.Value.decimal) ?? .null]
            }
            print(Listing(columns: columns, rows: rows).render(format), terminator: "")
        }
    }
}
