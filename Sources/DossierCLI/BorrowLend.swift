import ArgumentParser

/// `dossier borrow lend LOAN`.
struct BorrowLend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lend",
        abstract: "Hand the approved dossier over and record the loan in the ledger (the archivist).",
        discussion: "The loan falls due at the end of the slip's date. Example: dossier borrow lend 5 --as carol")
    @OptionGroup var acting: ActingOptions
    @Argument(help: ArgumentHelp("The loan's number.", valueName: "loan")) var loan: Int
    func run() throws { try LoanStep.take("lend", loan: loan, note: nil, acting: acting) }
}
