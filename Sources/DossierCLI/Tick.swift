import DossierOffice
import ArgumentParser
import DossierEngine
import DossierStore
import Foundation

/// `dossier tick [--at TIME]`: the deadline sweep.
struct Tick: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tick",
        abstract: "The deadline sweep: mark overdue tasks and record the fines they incur.",
        discussion: """
            Finds, through an index, the open tasks whose deadline passed (or whose lateness counts \
            again under a repeating rule) since they were last assessed, and likewise the deadlines \
            that run across states (a loan's whole hand-over within 5 days), and records each fine once \
            in the ledger with its explanation. Running it twice, or once after a week without it, \
            gives the same ledger as running it every hour: each violation has one key, and what a \
            fine costs (monthly escalation, caps) is worked out from all of them by date.

            Run it from cron, e.g. every hour: `dossier tick`. On a simulation store, --at sweeps up \
            to a given moment. The sweep records its fines as `dossier` itself, so it needs no --as. \
            Tasks that cannot be assessed (e.g. a calendar without data for the \
            year) are named, left for the next run, and make the exit status 1.
            """
    )

    @OptionGroup var acting: ActingOptions

    /// Up to this many new fines are printed one by one.
    static let finesShown = 20

    func run() throws {
        try reportingFailures {
            let session = try acting.session()
            let report = try session.store.sweep(at: session.moment) { due in
                let engine = try session.engine(workflow: due.workflowID, version: due.workflowVersion)
                var assignments: [String: String]?
                return try engine.lateness(of: due.task, dossierID: due.dossierID, holder: { role in
                    if assignments == nil { assignments = (try? due.assignments()) ?? [:] }
                    return assignments?[role]
                }, before: session.moment.date)
            } assessDeadline: { due in
                let engine = try session.engine(workflow: due.workflowID, version: due.workflowVersion)
                guard let dossier = try due.dossier() else { throw CommandFailure("dossier \(due.dossierID) is missing; run `dossier audit verify`") }
                return try engine.lateness(ofDeadline: due.deadlineID, in: dossier, before: session.moment.date)
            }
            let deadlines = report.deadlinesChecked == 0 ? ""
                : " and \(report.deadlinesChecked) deadline\(report.deadlinesChecked == 1 ? "" : "s") across states"
            print("swept to \(Session.local(report.at)): \(report.tasksChecked) task\(report.tasksChecked == 1 ? "" : "s")\(deadlines) assessed, "
                  + "\(report.newlyOverdue) newly overdue, \(report.assessed.count) fine\(report.assessed.count == 1 ? "" : "s") recorded")
            // Each fine is shown while that stays readable; a big sweep points to the ledger.
            if !report.assessed.isEmpty, report.assessed.count <= Self.finesShown {
                let entries = try report.assessed.compactMap { try session.store.fineEntry($0) }
                let ledger = try FineStatement(store: session.store, payers: Array(Set(entries.map(\.occurrence.payer))).sorted())
                for id in report.assessed {
                    guard let fine = ledger.fine(id) else { continue }
                    print("  fine \(id): \(FineStatement.money(fine.amount)) to \(fine.entry.occurrence.payer) under \(fine.entry.occurrence.ruleID): \(fine.entry.occurrence.reason)")
                }
            } else if let first = report.assessed.first, let last = report.assessed.last {
                print("  fines \(first) to \(last): see `dossier fines list`")
            }
            for problem in report.problems {
                StandardError.print("error: not assessed: \(problem)")
            }
            if !report.problems.isEmpty { throw ExitCode(1) }
        }
    }
}
