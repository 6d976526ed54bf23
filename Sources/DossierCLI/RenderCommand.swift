import ArgumentParser
import DossierDocuments

/// `dossier render …`: printable documents from `Templates/`.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print a document from Templates/: the register page or a supplementary list.",
        discussion: """
            Documents are Mustache templates in Templates/ (found through $DOSSIER_HOME, ./Templates \
            or beside the executable), each as plain text and as HTML that prints on A4 with a \
            signature line per signer. Edit the templates to change the layout.
            Example: dossier render supplementary-list 1 --form html > list.html
            """,
        subcommands: [RenderRegister.self, RenderSupplementaryList.self]
    )
}

/// `--form text|html`.
struct DocumentFormOption: ParsableArguments {
    @Option(help: "text, or html to print on A4.")
    var form: DocumentTemplates.Form = .text
}

extension DocumentTemplates.Form: ExpressibleByArgument {}
