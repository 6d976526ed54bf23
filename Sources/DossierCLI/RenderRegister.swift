import ArgumentParser
import DossierOffice

/// `dossier render register [--workflow ID]`.
struct RenderRegister: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "The register page (档案登记本) of archived dossiers.",
        discussion: "Example: dossier render register --workflow loan-intake --form html > register.html"
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var document: DocumentFormOption

    @Option(help: ArgumentHelp("Only dossiers of this workflow.", valueName: "id"))
    var workflow: String?

    func run() throws {
        try document.print(.register(workflow: workflow), acting: acting)
    }
}
