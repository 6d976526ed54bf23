import ArgumentParser

/// `dossier borrow complete LOAN`.
struct BorrowComplete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complete",
        abstract: "Close a loan returned incomplete once the missing material is back (the archivist).",
        discussion: "Example: dossier borrow complete 5 --as carol")
    @OptionGroup var acting: ActingOptions
    @Argument(help: ArgumentHelp("The loan's number.", valueName: "loan")) var loan: Int
    func run() throws { try LoanStep.take("complete", loan: loan, note: nil, acting: acting) }
}
