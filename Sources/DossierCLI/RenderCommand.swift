import ArgumentParser
import DossierDocuments
import DossierOffice
import DossierService
import Foundation

/// `dossier render …`: printable documents from `Templates/`.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print a document from Templates/: item list, supplementary list, receipt book entry, certificate list, register page, borrow slip, loan ledger, catalogue, departure list, customer list, destruction register.",
        discussion: """
            Documents are Mustache templates in Templates/ (found through $DOSSIER_HOME, ./Templates, \
            beside the executable or in PREFIX/share/dossier/ for PREFIX/bin/dossier), each as plain \
            text and as HTML that prints on A4 with a \
            signature line per signer. Edit the templates to change the layout.
            Example: dossier render item-list 1 --form html -o item-list-1.html
            """,
        subcommands: [RenderItemList.self, RenderSupplementaryList.self, RenderReceiptBookEntry.self, RenderCertificateList.self,
                      RenderRegister.self, RenderBorrowSlip.self, RenderLoanLedger.self, RenderCatalogue.self,
                      RenderDepartureList.self, RenderCustomerList.self, RenderDestructionRegister.self, RenderCorrectionForm.self, RenderTransferForm.self]
    )
}

/// `--form text|html` and `-o FILE`: how and where a document is printed.
struct DocumentFormOption: ParsableArguments {
    @Option(help: "text, or html to print on A4.")
    var form: DocumentTemplates.Form = .text

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the document to this file instead of standard output.", valueName: "file"))
    var output: String?

    /// Prints `document`, rendered by the server when one is configured, else from this
    /// machine's templates, or writes it whole to `--output` (`DocumentFile`: only a regular
    /// file, never a store, through a temporary file and a rename).
    func print(_ document: PrintedDocument, acting: ActingOptions) throws {
        try reportingFailures {
            let form = self.form
            let resource = document.resource + (document.resource.contains("?") ? "&" : "?") + "form=\(form.rawValue)"
            let text = try acting.perform(remote: { String(decoding: try await $0.fetch(resource), as: UTF8.self) }, local: { session in
                try session.render(document, form: form, templates: try DocumentTemplates.locate())
            })
            guard let output else {
                Swift.print(text, terminator: "")
                return
            }
            try DocumentFile.write(text, to: output)
            Swift.print("wrote \(output)")
        }
    }
}

extension DocumentTemplates.Form: ExpressibleByArgument {}
