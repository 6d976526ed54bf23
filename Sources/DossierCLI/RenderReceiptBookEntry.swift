import DossierOffice
import ArgumentParser
import DossierDocuments

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
        try reportingFailures {
            let session = try acting.session()
            let (dossier, engine) = try session.dossier(id)
            guard engine.definition.checklist != nil else {
                throw CommandFailure("workflow \(dossier.workflowID) keeps no checklist, so dossier \(id) has no receipt book entry")
            }
            let initial = engine.definition.initialStateID
            let handOver = try session.store.events(dossier: id).last { $0.kind == "transitioned" && $0.fromState == initial }
            let entry = ReceiptBookEntry(dossier: dossier, definition: engine.definition, handedOverAt: handOver.map { Session.local($0.at) },
                                         archiveNumber: try session.store.archiveNumber(of: id))
            try document.emit("receipt-book-entry", values: entry.values(printedAt: Session.local(session.time)))
        }
    }
}
