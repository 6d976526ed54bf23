import ArgumentParser

/// `dossier borrow reject LOAN --note TEXT`.
struct BorrowReject: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject a borrow slip, saying why.",
        discussion: "Example: dossier borrow reject 5 --note \"not needed for that purpose\" --as gina")
    @OptionGroup var acting: ActingOptions
    @Argument(help: ArgumentHelp("The loan's number.", valueName: "loan")) var loan: Int
    @Option(help: "Why.") var note: String
    func run() throws { try LoanStep.take("reject", loan: loan, note: note, acting: acting) }
}
