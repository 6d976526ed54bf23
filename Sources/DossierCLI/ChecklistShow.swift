import DossierOffice
import ArgumentParser
import DossierAPI
import DossierService
import DossierEngine

/// `dossier checklist show INSTANCE`.
struct ChecklistShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A dossier's items: pages, signatures, verification.")

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The dossier's number.", valueName: "dossier"))
    var dossier: Int

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func run() throws {
        try reportingFailures {
            let items: [ChecklistItemBody]
            if let remote = try acting.remote() {
                items = try Blocking.run { [dossier] in try await remote.checklist(dossier: dossier) }
            } else {
                items = try acting.session().checklist(dossier: dossier).map(APIBodies.body)
            }
            let rows: [[Listing.Value]] = items.map { item in
                let verification: String = switch item.verification {
                case "ok": "ok (\(item.verifiedBy ?? "?"))"
                case "defect": "defect (\(item.verifiedBy ?? "?")): \(item.defect ?? "")"
                default: item.recorded ? "unchecked" : "-"
                }
                return [.text(item.section), .text(item.item), .text(item.title), .text(item.kind), .boolean(item.required),
                        item.pages.map(Listing.Value.integer) ?? .null, .text(item.signaturesRequired.joined(separator: " ")),
                        .text(item.signaturesPresent.joined(separator: " ")), .boolean(item.missing), .text(verification)]
            }
            print(Listing(columns: [("section", "SECTION"), ("item", "ITEM"), ("title", "TITLE"), ("kind", "KIND"), ("required", "REQ"),
                                    ("pages", "PAGES"), ("signatures_required", "NEEDS"), ("signatures_present", "SIGNED"),
                                    ("missing", "MISSING"), ("verification", "CHECK")], rows: rows).render(format), terminator: "")
        }
    }
}
