import ArgumentParser
import DossierDocuments
import Foundation

/// `dossier render …`: printable documents from `Templates/`.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print a document from Templates/: item list, supplementary list, receipt book entry, certificate list, register page.",
        discussion: """
            Documents are Mustache templates in Templates/ (found through $DOSSIER_HOME, ./Templates, \
            beside the executable or in PREFIX/share/dossier/ for PREFIX/bin/dossier), each as plain \
            text and as HTML that prints on A4 with a \
            signature line per signer. Edit the templates to change the layout.
            Example: dossier render item-list 1 --form html -o item-list-1.html
            """,
        subcommands: [RenderItemList.self, RenderSupplementaryList.self, RenderReceiptBookEntry.self, RenderCertificateList.self,
                      RenderRegister.self, RenderBorrowSlip.self, RenderLoanLedger.self]
    )
}

/// `--form text|html` and `-o FILE`: how and where a document is printed.
struct DocumentFormOption: ParsableArguments {
    @Option(help: "text, or html to print on A4.")
    var form: DocumentTemplates.Form = .text

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the document to this file instead of standard output.", valueName: "file"))
    var output: String?

    /// Renders template `name` with `values` and prints it, or writes it whole to `--output`
    /// (through a temporary file and a rename, so a reader never sees half a document).
    func emit(_ name: String, values: [String: Any]) throws {
        let text = try DocumentTemplates.locate().render(name, form: form, values: values)
        guard let output else {
            print(text, terminator: "")
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CommandFailure("cannot write \(output): \(error.localizedDescription)")
        }
        print("wrote \(output)")
    }
}

extension DocumentTemplates.Form: ExpressibleByArgument {}
