import DossierOffice
import ArgumentParser
import DossierEngine

/// `dossier borrow lend LOAN`.
struct BorrowLend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lend",
        abstract: "Hand the approved dossier over and record the loan in the ledger (the archivist).",
        discussion: """
            The loan falls due at the end of the slip's date (a follow-up form: the end of today). \
            Refused while the dossier is out on another loan; of two archivists lending the same \
            dossier at once, one succeeds and the other gets exit 75.
            Example: dossier borrow lend 5 --as carol
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The loan's number.", valueName: "loan"))
    var loan: Int

    func run() throws {
        try reportingFailures {
            let session = try acting.session()
            let actor = try session.actor()
            let (current, engine) = try Loans.loan(loan, session: session)
            guard let number = current.fields["archive-number"] else { throw CommandFailure("loan \(loan) names no archive number") }
            let others = try session.store.dossiers(workflow: current.workflowID, field: "archive-number", equals: number, runningOnly: true)
            let step = try engine.lendLoan(current, others: others, actor: actor, at: session.time)
            try Loans.commit(step, on: current, action: "lend", session: session)
        }
    }
}
