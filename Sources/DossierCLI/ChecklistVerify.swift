import DossierOffice
import ArgumentParser
import DossierAPI

/// `dossier checklist verify INSTANCE ITEM --ok | --defect TEXT`.
struct ChecklistVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check an item: in order (--ok), or with a defect that goes on the supplementary list."
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The dossier's number.", valueName: "dossier"))
    var dossier: Int

    @Argument(help: ArgumentHelp("The item's id.", valueName: "item"))
    var item: String

    @Flag(help: "The item is in order.")
    var ok = false

    @Option(help: "What is wrong with it.")
    var defect: String?

    func validate() throws {
        if ok == (defect != nil) { throw ValidationError("give exactly one of --ok or --defect TEXT") }
        if let defect, defect.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--defect needs a description of what is wrong") }
    }

    func run() throws {
        try reportingFailures {
            if let remote = try acting.remote() {
                _ = try Blocking.run { [dossier, item, defect] in try await remote.verifyItem(dossier: dossier, item: item, VerifyItemRequest(defect: defect)) }
            } else {
                _ = try acting.session().verifyItem(dossier: dossier, item: item, defect: defect)
            }
            print("dossier \(dossier): \(item) " + (defect.map { "has a defect: \($0)" } ?? "verified"))
        }
    }
}
