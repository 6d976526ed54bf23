import ArgumentParser
import DossierOffice

/// `dossier render certificate-list DOSSIER [--list N]`.
struct RenderCertificateList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate-list",
        abstract: "A title-certificate hand-over list (权证移交清单): name, number and quantity, with every signature.",
        discussion: """
            The dossier's latest list unless --list names another; a draft prints marked as such. \
            Each signer's line shows when they signed.
            Example: dossier render certificate-list 1 --form html -o certificates-1.html
            """
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var document: DocumentFormOption

    @Argument(help: ArgumentHelp("The dossier's number.", valueName: "dossier"))
    var id: Int

    @Option(help: ArgumentHelp("The list's number within the dossier.", valueName: "n"))
    var list: Int?

    func run() throws {
        try document.print(.certificateList(dossier: id, list: list), acting: acting)
    }
}
