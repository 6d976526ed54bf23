import ArgumentParser
import DossierOffice

/// `dossier render supplementary-list DOSSIER`.
struct RenderSupplementaryList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supplementary-list",
        abstract: "The supplementary list (补充资料清单) of a dossier's last return: each defective item and what is wrong.",
        discussion: """
            Built from the log: the defects found during the review task that ended with the \
            latest return (an action with effect issue-supplementary-list), each item's last finding.
            Example: dossier render supplementary-list 1
            """
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var document: DocumentFormOption

    @Argument(help: ArgumentHelp("The dossier's number.", valueName: "dossier"))
    var id: Int

    func run() throws {
        try document.print(.supplementaryList(dossier: id), acting: acting)
    }
}
