import DossierOffice
import ArgumentParser
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

    @Argument(help: ArgumentHelp("The dossier's number.", valueName: "instance"))
    var dossier: Int

    func run() throws {
        try reportingFailures {
            let session = try acting.session()
            let actor = try session.actor()
            let (current, engine) = try session.dossier(dossier)
            let step = try engine.signCertificates(current, actor: actor, at: session.time)
            _ = try session.store.commit(step, readAt: current.revision, at: session.moment, archiveNumbers: nil)
            if let role = step.events.first?.details["role"] { print("\(actor.id) signed certificate list \(step.dossier.certificateLists.last?.number ?? 0) of dossier \(dossier) as \(role)") }
            CertificateListText.printDraft(of: step, engine: engine)
        }
    }
}
