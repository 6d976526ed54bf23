import ArgumentParser
import DossierOffice

/// `dossier render borrow-slip LOAN`.
struct RenderBorrowSlip: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "borrow-slip",
        abstract: "The borrow slip (档案资料出借单) of a loan: who, which dossier, purpose, until when, and its approval, lending and return.",
        discussion: """
            Printed from the loan's log at any point of its life: a slip still waiting shows \
            "waiting"; once lent, returned or renewed it shows who did it and when. Lines for the \
            borrower's, the approver's and the archivist's signatures.
            Example: dossier render borrow-slip 4 --form html -o slip-4.html
            """
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var document: DocumentFormOption

    @Argument(help: ArgumentHelp("The loan's number.", valueName: "loan"))
    var loan: Int

    func run() throws {
        try document.print(.borrowSlip(loan: loan), acting: acting)
    }
}
