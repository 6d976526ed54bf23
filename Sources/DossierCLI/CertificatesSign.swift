import DossierOffice
import ArgumentParser
import DossierAPI
import DossierService
import DossierEngine

/// `dossier certificates sign INSTANCE`.
struct CertificatesSign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign the dossier's draft certificate list for your role; the last signature hands it over.",
        discussion: """
            Each signing role signs once and one person never signs for two roles. When every role \
            has signed, the certificates go into the keeper's safe under the dossier's number.
            Example: dossier certificates sign 7 --as bob
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The dossier's number.", valueName: "dossier"))
    var dossier: Int

    func run() throws {
        try reportingFailures {
            let change: CertificateListBody
            var signer = ""
            if let remote = try acting.remote() {
                change = try Blocking.run { [dossier] in try await remote.signCertificates(dossier: dossier) }
                signer = try Blocking.run { try await remote.me() }.id
            } else {
                let session = try acting.session()
                change = APIBodies.body(try session.signCertificates(dossier: dossier))
                signer = session.actorID
            }
            if let role = change.signedAs, let number = change.list { print("\(signer) signed certificate list \(number) of dossier \(dossier) as \(role)") }
            CertificateListText.printDraft(change)
        }
    }
}
