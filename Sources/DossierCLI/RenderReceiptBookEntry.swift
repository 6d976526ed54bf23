import ArgumentParser
import DossierOffice

/// `dossier render receipt-book-entry DOSSIER`.
struct RenderReceiptBookEntry: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt-book-entry",
        abstract: "The receipt book entry (签收薄) of a dossier's hand-over: what was received and what was missing.",
        discussion: """
            The handler's hand-over (the latest action leaving the workflow's first state) and the \
            receiving side (B for a loan, the archivist for a car): the items received with their pages, and the missing material \
            noted (items missing, signatures lacking, defects found), with a line for both signatures.
            Example: dossier render receipt-book-entry 2 --form html -o receipt-2.html
            """
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var document: DocumentFormOption

    @Argument(help: ArgumentHelp("The dossier's number.", valueName: "dossier"))
    var id: Int

    func run() throws {
        try document.print(.receiptBookEntry(dossier: id), acting: acting)
    }
}
