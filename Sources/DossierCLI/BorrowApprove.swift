import ArgumentParser

/// `dossier borrow approve LOAN`.
struct BorrowApprove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a borrow slip (someone holding a staff role the dossier's level names).",
        discussion: "Example: dossier borrow approve 5 --as gina")
    @OptionGroup var acting: ActingOptions
    @Argument(help: ArgumentHelp("The loan's number.", valueName: "loan")) var loan: Int
    @Option(help: "A remark for the log.") var note: String?
    func run() throws { try LoanStep.take("approve", loan: loan, note: note, acting: acting) }
}
