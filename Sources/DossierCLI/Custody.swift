import ArgumentParser
import DossierDocuments
import DossierOffice
import DossierService

/// `dossier custody ARCHIVE-NO`: where a dossier is now and its whole loan history.
struct Custody: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "custody",
        abstract: "Where a registered dossier is now (archive, reading room, borrowed by whom since when), who keeps it, its transfers and its loan history.",
        discussion: """
            Read from the log: every slip naming the archive number, who approved it (or why none \
            was needed), when it was lent and returned, and what was found missing.
            Example: dossier custody 鸿借字第001号
            """
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var lending: LendingWorkflowOption

    @Argument(help: ArgumentHelp("The dossier's archive number.", valueName: "archive-no"))
    var archiveNumber: String

    func run() throws {
        try reportingFailures {
            let workflow = lending.workflow
            let report = try acting.perform(remote: { [archiveNumber] in try await $0.custody(archiveNumber, workflow: workflow) },
                                            local: { APIBodies.body(try $0.custody(archiveNumber, workflow: workflow)) })
            print("\(report.archiveNumber) (dossier \(report.dossier))")
            let now = report.now
            switch now.place {
            case "lent":
                let borrower = now.borrower ?? "?"
                let place = now.takenAway == true ? "borrowed by \(borrower)" : "in the reading room with \(borrower)"
                print("now: \(place) since \(now.since.map(Session.local) ?? "?") on loan \(now.loan ?? 0), due \(now.dueAt.map { Session.local($0.addingTimeInterval(-60)) } ?? "-")")
            case "incomplete":
                print("now: back in the archive but incomplete (loan \(now.loan ?? 0), borrower \(now.borrower ?? "?")); missing material is being recovered")
            default:
                print("now: in the archive")
            }
            if let custodian = report.custodian {
                print("kept by \(custodian)" + (report.department.map { ", department \($0)" } ?? ""))
            }
            for transfer in report.transfers ?? [] {
                print("  transferred \(Session.local(transfer.at)): \(transfer.from) → \(transfer.to)"
                      + (transfer.department.map { ", department \($0)" } ?? "") + (transfer.transfer.map { " (custody transfer \($0))" } ?? ""))
            }
            if report.loans.isEmpty {
                print("never borrowed")
                return
            }
            print("loans:")
            for loan in report.loans {
                var line = "  loan \(loan.loan): \(loan.borrower), \"\(loan.purpose)\", until \(loan.until ?? "?")"
                for step in loan.steps {
                    line += "; \(step.what) \(Session.local(step.at)) by \(step.by)"
                    if let note = step.note { line += " (\(note))" }
                }
                print(line + "; now \(loan.state)")
            }
        }
    }
}

/// Each line this command prints holds text from the store: its control characters are shown
/// escaped, so a name or a note can neither drive the terminal nor forge another line.
private func print(_ line: String) {
    Swift.print(VisibleText.escaped(line))
}
