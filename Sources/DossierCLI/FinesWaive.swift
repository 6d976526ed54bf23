import DossierOffice
import ArgumentParser
import DossierAPI
import DossierService
import DossierEngine

/// `dossier fines waive FINE --reason TEXT`.
struct FinesWaive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waive",
        abstract: "Waive a fine, with the reason; it stays in the ledger at 0.",
        discussion: """
            Only staff holding a staff role of a workflow role named in the workflow's \
            <fines waive-by="…"> may waive (for the car workflows: the manager), and nobody waives \
            their own fine. The waiver is an event in the log.
            Example: dossier fines waive 7 --reason "system outage on the 5th" --as mona
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The fine's number, from `dossier fines list`.", valueName: "fine"))
    var id: Int

    @Option(help: "Why the fine is waived.")
    var reason: String

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason must say why the fine is waived") }
    }

    func run() throws {
        try reportingFailures {
            let fine: FineBody
            if let remote = try acting.remote() {
                fine = try Blocking.run { [id, reason] in try await remote.waiveFine(id, reason: reason) }
            } else {
                fine = APIBodies.body(try acting.session().waiveFine(id, reason: reason))
            }
            print("fine \(id) waived: \(fine.rule), \(fine.payer)" + (fine.dossier.map { ", dossier \($0)" } ?? "") + " — \(reason)")
        }
    }
}
