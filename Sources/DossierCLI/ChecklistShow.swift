import DossierOffice
import ArgumentParser
import DossierEngine

/// `dossier checklist show INSTANCE`.
struct ChecklistShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A dossier's items: pages, signatures, verification.")

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The dossier's number.", valueName: "instance"))
    var dossier: Int

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func run() throws {
        try reportingFailures {
            let session = try acting.session()
            let (dossier, engine) = try session.dossier(dossier)
            guard let checklist = engine.definition.checklist else {
                throw CommandFailure("workflow \(dossier.workflowID) keeps no checklist")
            }
            var rows: [[Listing.Value]] = []
            for section in checklist.sections {
                for item in section.items {
                    let record = dossier.checklist[item.id]
                    let verification: String = switch record?.verification {
                    case .ok(let by)?: "ok (\(by))"
                    case .defect(let text, let by)?: "defect (\(by)): \(text)"
                    default: record == nil ? "-" : "unchecked"
                    }
                    rows.append([.text(section.id), .text(item.id), .text(item.title), .text(item.kind.rawValue), .boolean(item.isRequired),
                                 record?.pages.map(Listing.Value.integer) ?? .null,
                                 .text(item.signatures.map(\.rawValue).joined(separator: " ")),
                                 .text(record?.signatures.joined(separator: " ") ?? ""),
                                 .boolean(record?.isMissing ?? false), .text(verification)])
                }
            }
            print(Listing(columns: [("section", "SECTION"), ("item", "ITEM"), ("title", "TITLE"), ("kind", "KIND"), ("required", "REQ"),
                                    ("pages", "PAGES"), ("signatures_required", "NEEDS"), ("signatures_present", "SIGNED"),
                                    ("missing", "MISSING"), ("verification", "CHECK")], rows: rows).render(format), terminator: "")
        }
    }
}
