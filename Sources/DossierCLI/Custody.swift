import DossierOffice
import ArgumentParser
import DossierEngine
import DossierStore
import Foundation

/// `dossier custody ARCHIVE-NO`: where a dossier is now and its whole loan history.
struct Custody: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "custody",
        abstract: "Where a registered dossier is now (archive, reading room, borrowed by whom since when) and its loan history.",
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
            let session = try acting.session()
            guard let dossierID = try session.store.registeredDossier(archiveNumber: archiveNumber) else {
                throw CommandFailure("no registered dossier has archive number \(archiveNumber); see `dossier register`")
            }
            let loans = try session.store.dossiers(workflow: lending.workflow, field: "archive-number", equals: archiveNumber, runningOnly: false)
            let out = loans.last { $0.stateID == "lent" || $0.stateID == "returned-incomplete" }
            print("\(archiveNumber) (dossier \(dossierID))")
            if let out {
                let borrower = out.assignments["borrower"] ?? out.startedBy
                let since = try session.store.events(dossier: out.id).last { $0.kind == "transitioned" && $0.action == "lend" }?.at
                if out.stateID == "lent" {
                    let place = out.fields["take-away"] == "true" ? "borrowed by \(borrower)" : "in the reading room with \(borrower)"
                    print("now: \(place) since \(since.map(Session.local) ?? "?") on loan \(out.id), due \(out.openTask?.dueAt.map { Session.local($0.addingTimeInterval(-60)) } ?? "-")")
                } else {
                    print("now: back in the archive but incomplete (loan \(out.id), borrower \(borrower)); missing material is being recovered")
                }
            } else {
                print("now: in the archive")
            }
            if loans.isEmpty {
                print("never borrowed")
                return
            }
            print("loans:")
            for loan in loans {
                let borrower = loan.assignments["borrower"] ?? loan.startedBy
                var line = "  loan \(loan.id): \(borrower), \"\(loan.fields["purpose"] ?? "")\", until \(loan.fields["until"] ?? "?")"
                for event in try session.store.events(dossier: loan.id) where event.kind == "transitioned" {
                    let what = event.details["direct"] == "true" ? "no approval needed" : (event.action ?? "?")
                    line += "; \(what) \(Session.local(event.at)) by \(event.actor)"
                    if event.action == "return-incomplete" || event.action == "reject", let note = event.note { line += " (\(note))" }
                }
                print(line + "; now \(loan.stateID)")
            }
        }
    }
}
