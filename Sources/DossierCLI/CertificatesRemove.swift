import DossierOffice
import ArgumentParser
import DossierAPI
import DossierService
import DossierEngine

/// `dossier certificates remove INSTANCE NUMBER`.
struct CertificatesRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Take a certificate off the dossier's draft hand-over list.",
        discussion: """
            Only drafts change; a handed-over list is a signed record and stays as it is. Removing \
            clears the signatures given so far.
            Example: dossier certificates remove 7 "沪(2026)他项第0042号" --as alice
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The dossier's number.", valueName: "dossier"))
    var dossier: Int

    @Argument(help: ArgumentHelp("The certificate's number.", valueName: "number"))
    var number: String

    func run() throws {
        try reportingFailures {
            let change: CertificateListBody
            if let remote = try acting.remote() {
                change = try Blocking.run { [dossier, number] in try await remote.removeCertificate(dossier: dossier, number: number) }
            } else {
                let session = try acting.session()
                change = APIBodies.body(try session.removeCertificate(dossier: dossier, number: number))
            }
            CertificateListText.printDraft(change)
        }
    }
}
