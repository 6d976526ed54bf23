import ArgumentParser
import DossierOffice

/// `dossier render item-list DOSSIER [--copy ROLE]`.
struct RenderItemList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "item-list",
        abstract: "The in-volume item list (册内资料清单), in every copy the checklist names (A, B, the dossier).",
        discussion: """
            Every item in checklist order with its pages, the signatures it needs and carries, and \
            its check; attachments are listed unnumbered; once registered, contracts carry their \
            numbers after the archive number. Each copy has a signature line for the handler, the \
            reviewer and the archivist, and starts on a new page in HTML.
            Example: dossier render item-list 1 --form html -o item-list-1.html
            """
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var document: DocumentFormOption

    @Argument(help: ArgumentHelp("The dossier's number.", valueName: "dossier"))
    var id: Int

    @Option(help: ArgumentHelp("Print only this copy: a role id such as a or b, or dossier.", valueName: "copy"))
    var copy: String?

    func run() throws {
        try document.print(.itemList(dossier: id, copy: copy), acting: acting)
    }
}
