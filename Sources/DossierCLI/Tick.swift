import DossierOffice
import ArgumentParser
import DossierAPI
import DossierService
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
            Dossiers a workflow's <schedule> starts (the month's department hand-over) start first, \
            each occurrence once. Tasks that cannot be assessed (e.g. a calendar without data for the \
            year) and occurrences that cannot start (two department archivists in one department) are \
            named, left for the next run, and make the exit status 1.
            """
    )

    @OptionGroup var acting: ActingOptions

    /// Up to this many new fines are printed one by one.
    static let finesShown = 20

    func run() throws {
        try reportingFailures {
            let tick: TickResponse
            if let remote = try acting.remote() {
                tick = try Blocking.run { try await remote.tick() }
            } else {
                tick = APIBodies.body(try acting.session().sweep(showing: Self.finesShown))
            }
            let deadlines = tick.deadlinesChecked == 0 ? ""
                : " and \(tick.deadlinesChecked) deadline\(tick.deadlinesChecked == 1 ? "" : "s") across states"
            let duties = tick.dutiesOpened == 0 ? "" : "\(tick.dutiesOpened) duty task\(tick.dutiesOpened == 1 ? "" : "s") opened, "
            for started in tick.started {
                let holder = started.task.map { " for \($0.role ?? "nobody") (\($0.assignee ?? "the first to take it"))" } ?? ""
                print("started dossier \(started.dossier) (\(started.workflow)\(started.department.map { ", department \($0)" } ?? "")), "
                      + "due by the end of \(started.dueOn)\(started.task.map { ": task \($0.task)" } ?? "")\(holder)")
            }
            print("swept to \(Session.local(tick.at)): \(duties)\(tick.tasksChecked) task\(tick.tasksChecked == 1 ? "" : "s")\(deadlines) assessed, "
                  + "\(tick.newlyOverdue) newly overdue, \(tick.assessed.count) fine\(tick.assessed.count == 1 ? "" : "s") recorded")
            // Each fine is shown while that stays readable; a big sweep points to the ledger.
            let shown = Dictionary(tick.fines.map { ($0.fine, $0) }, uniquingKeysWith: { first, _ in first })
            if !tick.assessed.isEmpty, tick.assessed.count <= Self.finesShown {
                for id in tick.assessed {
                    guard let fine = shown[id] else { continue }
                    print("  fine \(id): \(FineStatement.money(fine.amount)) to \(fine.payer) under \(fine.rule): \(fine.reason)")
                }
            } else if let first = tick.assessed.first, let last = tick.assessed.last {
                print("  fines \(first) to \(last): see `dossier fines list`")
            }
            for problem in tick.problems {
                StandardError.print("error: \(problem)")
            }
            if !tick.problems.isEmpty { throw ExitCode(1) }
        }
    }
}
