import ArgumentParser
import DossierService
import DossierStore
import Foundation

/// `dossier certificates list [--drafts | --all] [--dossier N]`.
struct CertificatesList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "What is in the safe, under which archive number, and where each certificate came from.",
        discussion: """
            One line per certificate: the archive number it is kept under (or the dossier while it \
            is not registered yet), its kind and number, the quantity, the list it came on, who \
            signed that list and when it was handed over, and the keeper. --drafts shows lists still \
            waiting for signatures instead.
            Example: dossier certificates --format csv
            """
    )

    @OptionGroup var acting: ActingOptions

    @Flag(help: "Show draft lists still waiting for signatures instead of the safe.")
    var drafts = false

    @Flag(help: "Show both the safe and the drafts.")
    var all = false

    @Option(help: ArgumentHelp("Only this dossier's certificates.", valueName: "dossier"))
    var dossier: Int?

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func validate() throws {
        if drafts, all { throw ValidationError("--drafts and --all cannot go together; --all already includes the drafts") }
    }

    func run() throws {
        try reportingFailures {
            let scope: CertificateScope = all ? .all : drafts ? .drafts : .inSafe
            let name = all ? "all" : drafts ? "drafts" : "in-safe"
            let certificates = try acting.perform(remote: { [dossier] in try await $0.certificates(scope: name, dossier: dossier) },
                                                  local: { try $0.certificates(scope, dossier: dossier).map(APIBodies.body) })
            let columns: [(key: String, header: String)] = [
                ("kept_under", "KEPT UNDER"), ("dossier", "DOSSIER"), ("kind", "KIND"), ("title", "CERTIFICATE"), ("number", "NUMBER"),
                ("quantity", "QTY"), ("list", "LIST"), ("signed_by", "SIGNED BY"), ("handed_over_at", "HANDED OVER"), ("keeper", "KEEPER"),
            ]
            let rows: [[Listing.Value]] = certificates.map { certificate in
                [
                    .text(certificate.archiveNumber ?? "(dossier \(certificate.dossier), not registered)"), .integer(certificate.dossier),
                    .text(certificate.kind), .text(certificate.title), .text(certificate.number), .integer(certificate.quantity),
                    .integer(certificate.list), .text(certificate.signedBy), certificate.handedOverAt.map(Listing.Value.moment) ?? .null,
                    certificate.keeper.map(Listing.Value.text) ?? .null,
                ]
            }
            print(Listing(columns: columns, rows: rows).render(format), terminator: "")
        }
    }
}
