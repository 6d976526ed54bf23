import DossierOffice
import ArgumentParser
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
            let session = try acting.session()
            let actor = try session.actor()
            guard let entry = try session.store.fineEntry(id) else {
                throw CommandFailure("there is no fine \(id); see `dossier fines list`")
            }
            let fine = entry.occurrence
            let engine = try session.engine(workflow: fine.workflowID, version: fine.workflowVersion)
            let roles = engine.definition.fineWaiverRoleIDs.compactMap { engine.definition.role($0) }
            guard !roles.isEmpty else {
                throw CommandFailure("workflow \(fine.workflowID)@\(fine.workflowVersion) names no role that may waive its fines (<fines waive-by=\"…\">)")
            }
            let staffRoles = roles.flatMap(\.staffRoles)
            guard actor.holdsAny(of: staffRoles) else {
                throw CommandFailure("\(actor.id) may not waive fines of \(fine.workflowID): that takes one of the staff roles \(staffRoles.joined(separator: ", ")) (waive-by \(roles.map(\.id).joined(separator: ", ")))")
            }
            guard actor.id != fine.payer else {
                throw CommandFailure("\(actor.id) cannot waive their own fine; another manager must")
            }
            try session.store.waiveFine(id, reason: reason, by: actor.id, at: session.moment)
            print("fine \(id) waived: \(fine.ruleID), \(fine.payer), dossier \(fine.dossierID) — \(reason)")
        }
    }
}
