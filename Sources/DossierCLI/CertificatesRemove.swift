import DossierOffice
import ArgumentParser
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

    @Argument(help: ArgumentHelp("The dossier's number.", valueName: "instance"))
    var dossier: Int

    @Argument(help: ArgumentHelp("The certificate's number.", valueName: "number"))
    var number: String

    func run() throws {
        try reportingFailures {
            let session = try acting.session()
            let actor = try session.actor()
            let (current, engine) = try session.dossier(dossier)
            let step = try engine.removeCertificate(current, number: number, actor: actor, at: session.time)
            _ = try session.store.commit(step, readAt: current.revision, at: session.moment, archiveNumbers: nil)
            print("dossier \(dossier): \(number) taken off the certificate list")
            CertificateListText.printDraft(of: step, engine: engine)
        }
    }
}
