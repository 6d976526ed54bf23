import ArgumentParser
import DossierOffice

/// `dossier render catalogue DOSSIER`.
struct RenderCatalogue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue",
        abstract: "A dossier's catalogue (目录): the dossiers its workflow's <catalogue> lists, such as the year's departed tenants.",
        discussion: """
            The dossiers of the workflow the catalogue names that came to its state after the previous \
            dossier of the same workflow started and before this one did, by archive number, with the \
            fields and people the register shows, their items and pages and a column for the shelf. \
            Each dossier is listed by one catalogue, and printing it again gives the same list.
            Example: dossier render catalogue 12 --form html -o catalogue-2027.html
            """
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var document: DocumentFormOption

    @Argument(help: ArgumentHelp("The dossier whose catalogue to print (a yearly re-filing, for example).", valueName: "dossier"))
    var id: Int

    func run() throws {
        try document.print(.catalogue(dossier: id), acting: acting)
    }
}
