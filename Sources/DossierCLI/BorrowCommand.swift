import DossierOffice
import ArgumentParser
import DossierDocuments
import DossierEngine
import DossierStore

/// `dossier borrow …`: borrow slips and loans, the front-end over the borrow workflow.
struct BorrowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "borrow",
        abstract: "Borrow a registered dossier: request a slip, approve or reject it, lend it, take it back.",
        discussion: """
            A slip (档案资料出借单) names the dossier by archive number, the purpose and the return \
            date. The dossier's confidentiality level routes the approval (company: the marketing \
            director; department: the department manager or marketing VP; personal: the department \
            manager; sealed: the GM, reading room only). Executives, the level's readers and the \
            dossier's own people (and, at department level, its department) borrow directly. A \
            department manager approves only for dossiers of their own department. The archivist \
            who registered the dossier lends it; the loan runs until the slip's date, at most the \
            workflow's maximum (follow-up forms: the same day); a renewal needs the same approval; \
            a return is checked item by item against the register. Each step is an event in the log.
            Example: dossier borrow request 鸿借字第001号 --purpose "credit review" --until 2026-03-20 --as dan
            """,
        subcommands: [BorrowRequest.self, BorrowApprove.self, BorrowReject.self, BorrowLend.self, BorrowRenew.self, BorrowReturn.self,
                      BorrowComplete.self]
    )
}

/// The id of the workflow that runs loans.
struct LendingWorkflowOption: ParsableArguments {
    @Option(name: .customLong("loan-workflow"), help: ArgumentHelp("The lending workflow.", valueName: "id"))
    var workflow = "borrow"
}
