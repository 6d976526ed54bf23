import ArgumentParser
import DossierAPI
import DossierService

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
            let change = try acting.perform(remote: { [loan] in try await $0.lend(loan: loan) },
                                            local: { APIBodies.body(try $0.lend(loan: loan)) })
            print(LoanText.change(change))
        }
    }
}
