import ArgumentParser
import DossierOffice

/// `dossier render loan-ledger [--month YYYY-MM]`.
struct RenderLoanLedger: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loan-ledger",
        abstract: "A page of the loan ledger (借阅台帐): every loan with its approval, lending, renewals and return.",
        discussion: """
            All loans, oldest first, or only the slips filled in during --month. Each line is read \
            from the loan's log, so the page always agrees with `dossier custody` and `dossier loans --all`.
            Example: dossier render loan-ledger --month 2026-03 --form html -o ledger-2026-03.html
            """
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var document: DocumentFormOption
    @OptionGroup var lending: LendingWorkflowOption

    @Option(help: ArgumentHelp("Only slips filled in this month, e.g. 2026-03.", valueName: "yyyy-mm"))
    var month: String?

    func validate() throws {
        if let month, !ReportMonth.isValid(month) { throw ValidationError("--month \(month) is not a month such as 2026-03") }
    }

    func run() throws {
        try document.print(.loanLedger(workflow: lending.workflow, month: month), acting: acting)
    }
}
