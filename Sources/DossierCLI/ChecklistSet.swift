import DossierOffice
import ArgumentParser
import DossierAPI

/// `dossier checklist set INSTANCE ITEM [--pages N] [--signed WHO,…] [--missing]`.
struct ChecklistSet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Record an item: its pages and the signatures it carries, or that it is missing.",
        discussion: "Example: dossier checklist set 7 loan-contract --pages 12 --signed customer,internal --as alice"
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The dossier's number.", valueName: "dossier"))
    var dossier: Int

    @Argument(help: ArgumentHelp("The item's id.", valueName: "item"))
    var item: String

    @Option(help: "The page count.")
    var pages: Int?

    @Option(help: ArgumentHelp("Signatures present, comma-separated: customer, internal.", valueName: "who,…"))
    var signed: String?

    @Flag(help: "The item is missing.")
    var missing = false

    func validate() throws {
        if missing, pages != nil || signed != nil { throw ValidationError("--missing cannot go with --pages or --signed") }
        if !missing, pages == nil, signed == nil { throw ValidationError("say what to record: --pages N, --signed customer,internal, or --missing") }
    }

    func run() throws {
        try reportingFailures {
            let signatures = signed.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
            let pages: Int?, present: [String]
            if let remote = try acting.remote() {
                let request = RecordItemRequest(pages: self.pages, signatures: signatures, missing: missing)
                let recorded = try Blocking.run { [dossier, item] in try await remote.recordItem(dossier: dossier, item: item, request) }
                (pages, present) = (recorded.pages, recorded.signaturesPresent)
            } else {
                let record = try acting.session().recordItem(dossier: dossier, item: item, pages: self.pages, signatures: signatures, missing: missing)
                (pages, present) = (record.pages, record.signatures)
            }
            print(missing ? "dossier \(dossier): \(item) recorded as missing"
                  : "dossier \(dossier): \(item) recorded, \(pages.map { "\($0) pages" } ?? "no page count"), signed: \(present.joined(separator: ", "))")
        }
    }
}
