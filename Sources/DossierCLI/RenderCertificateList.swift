import DossierOffice
import ArgumentParser
import DossierDocuments

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
        try reportingFailures {
            let session = try acting.session()
            let (dossier, engine) = try session.dossier(id)
            guard let chosen = list.map({ number in dossier.certificateLists.first { $0.number == number } }) ?? dossier.certificateLists.last else {
                throw CommandFailure(dossier.certificateLists.isEmpty
                    ? "dossier \(id) has no certificate list; start one with `dossier certificates add \(id) KIND --number N`"
                    : "dossier \(id) has no certificate list \(list ?? 0); its lists are 1 to \(dossier.certificateLists.count)")
            }
            var signedAt: [String: String] = [:]
            var handedOverAt: String?
            for event in try session.store.events(dossier: id) where event.details["list"] == String(chosen.number) {
                switch event.kind {
                case "certificates-signed": if let role = event.details["role"] { signedAt[role] = Session.local(event.at) }
                case "certificate-added", "certificate-removed": signedAt = [:]
                case "certificates-handed-over": handedOverAt = Session.local(event.at)
                default: break
                }
            }
            let document = CertificateHandoverList(dossier: dossier, definition: engine.definition, list: chosen,
                                                   archiveNumber: try session.store.archiveNumber(of: id), signedAt: signedAt)
            try self.document.emit("certificate-list", values: document.values(printedAt: Session.local(session.time), handedOverAt: handedOverAt))
        }
    }
}
