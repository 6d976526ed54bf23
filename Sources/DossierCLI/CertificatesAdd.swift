import DossierOffice
import ArgumentParser
import DossierEngine

/// `dossier certificates add INSTANCE KIND --number N [--quantity Q]`.
struct CertificatesAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Put a title certificate on the dossier's draft hand-over list.",
        discussion: """
            Only a person holding one of the signing roles may add. Adding to a list that some have \
            signed already clears their signatures: they sign the changed list again.
            Example: dossier certificates add 7 property-certificate --number "沪(2026)不动产权第001号" --as alice
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The dossier's number.", valueName: "instance"))
    var dossier: Int

    @Argument(help: ArgumentHelp("The certificate kind's id, as the workflow's <certificates> section names it.", valueName: "kind"))
    var kind: String

    @Option(help: ArgumentHelp("The certificate's number as printed on it.", valueName: "number"))
    var number: String

    @Option(help: "How many copies or volumes.")
    var quantity = 1

    func validate() throws {
        if number.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--number needs the certificate's number") }
        if quantity < 1 { throw ValidationError("--quantity must be 1 or more") }
    }

    func run() throws {
        try reportingFailures {
            let session = try acting.session()
            let actor = try session.actor()
            let (current, engine) = try session.dossier(dossier)
            let step = try engine.addCertificate(current, kind: kind, number: number, quantity: quantity, actor: actor, at: session.time)
            _ = try session.store.commit(step, readAt: current.revision, at: session.moment, archiveNumbers: nil)
            CertificateListText.printDraft(of: step, engine: engine)
        }
    }
}

/// What the certificate commands print about a list they changed.
enum CertificateListText {
    static func printDraft(of step: WorkflowEngine.Step, engine: WorkflowEngine) {
        let dossier = step.dossier
        if let cleared = step.events.first(where: { $0.details["signatures-cleared"] != nil })?.details["signatures-cleared"] {
            print("the list changed, so the signatures of \(cleared) were cleared: they sign again")
        }
        guard let list = dossier.certificateLists.last else { return }
        let count = list.entries.reduce(0) { $0 + $1.quantity }
        if list.isHandedOver {
            print("dossier \(dossier.id): certificate list \(list.number) handed over, \(count) certificate\(count == 1 ? "" : "s") in the safe of \(list.keeper ?? "the keeper")")
        } else if list.entries.isEmpty {
            print("dossier \(dossier.id): certificate list \(list.number) is empty")
        } else {
            print("dossier \(dossier.id): certificate list \(list.number), \(list.entries.count) line\(list.entries.count == 1 ? "" : "s"), \(count) certificate\(count == 1 ? "" : "s")")
            for (index, entry) in list.entries.enumerated() {
                print("  \(index + 1). \(entry.kind) \(entry.number) ×\(entry.quantity)")
            }
            print("waiting for the signature of \(engine.certificateSignaturesAwaited(dossier).joined(separator: ", ")): dossier certificates sign \(dossier.id)")
        }
    }
}
