import DossierOffice
import ArgumentParser
import DossierAPI
import DossierService
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

    @Argument(help: ArgumentHelp("The dossier's number.", valueName: "dossier"))
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
            let change: CertificateListBody
            if let remote = try acting.remote() {
                let request = AddCertificateRequest(kind: kind, number: number, quantity: quantity)
                change = try Blocking.run { [dossier] in try await remote.addCertificate(dossier: dossier, request) }
            } else {
                change = APIBodies.body(try acting.session().addCertificate(dossier: dossier, kind: kind, number: number, quantity: quantity))
            }
            CertificateListText.printDraft(change)
        }
    }
}

/// What the certificate commands print about a list they changed.
enum CertificateListText {
    static func printDraft(_ change: CertificateListBody) {
        if let cleared = change.cleared {
            print("the list changed, so the signatures of \(cleared) were cleared: they sign again")
        }
        guard let number = change.list else { return }
        let count = change.lines.reduce(0) { $0 + $1.quantity }
        if change.handedOverAt != nil {
            print("dossier \(change.dossier): certificate list \(number) handed over, \(count) certificate\(count == 1 ? "" : "s") in the safe of \(change.keeper ?? "the keeper")")
        } else if change.lines.isEmpty {
            print("dossier \(change.dossier): certificate list \(number) is empty")
        } else {
            print("dossier \(change.dossier): certificate list \(number), \(change.lines.count) line\(change.lines.count == 1 ? "" : "s"), \(count) certificate\(count == 1 ? "" : "s")")
            for (index, line) in change.lines.enumerated() {
                print("  \(index + 1). \(line.kind) \(line.number) ×\(line.quantity)")
            }
            print("waiting for the signature of \(change.awaited.joined(separator: ", ")): dossier certificates sign \(change.dossier)")
        }
    }
}
