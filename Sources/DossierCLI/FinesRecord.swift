import ArgumentParser
import DossierAPI
import DossierService
import DossierEngine
import DossierStore
import Foundation

/// `dossier fines record RULE --person U --reason TEXT [--amount X] [--dossier N] [--workflow W] [--assign ROLE=USER…]`.
struct FinesRecord: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a fine that only people see: an account lent, a dossier copied or taken away, material lost.",
        discussion: """
            The rule is one with record-by="…" in a workflow's <fines>; only staff of a role it names \
            record it, never on themselves. A rule with min= and max= takes --amount within that \
            range; a rule with restore="…" also starts a dossier of that workflow in which the person \
            restores what was lost, open until it is confirmed (give its roles with --assign). The \
            fine is priced and escalated like every other, and the recording is an event in the log.
            Example: dossier fines record lost-or-damaged --person sam --amount 200 --dossier 3 \\
                       --reason "contract pages torn out" --assign archivist=carol --as gina
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The fine rule's id, e.g. account-shared.", valueName: "rule"))
    var rule: String

    @Option(help: ArgumentHelp("Who committed the violation and pays.", valueName: "user"))
    var person: String

    @Option(help: "What happened, in your words.")
    var reason: String

    @Option(help: ArgumentHelp("The amount, for a rule of a range (min= to max=), such as 200 or 120.50.", valueName: "amount"))
    var amount: String?

    /// `--amount` as a number: digits, and at most two decimals.
    var charged: Decimal? {
        guard let amount, amount.wholeMatch(of: /[0-9]{1,12}(\.[0-9]{1,2})?/) != nil else { return nil }
        return Decimal(string: amount, locale: Locale(identifier: "en_US_POSIX"))
    }

    @Option(help: ArgumentHelp("The dossier concerned, if any.", valueName: "dossier"))
    var dossier: Int?

    @Option(help: ArgumentHelp("The workflow whose rule it is, when more than one records a fine of that id.", valueName: "workflow"))
    var workflow: String?

    @Option(name: .customLong("assign"), help: ArgumentHelp("A restoration role's person, as ROLE=USER; repeat for several.", valueName: "role=user"))
    var assignments: [KeyValue] = []

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason must say what happened") }
        if let amount, charged == nil || charged == 0 { throw ValidationError("--amount \(amount) is not an amount such as 200 or 120.50") }
        _ = try KeyValue.dictionary(assignments, option: "assign")
    }

    func run() throws {
        try reportingFailures {
            let assigned = try KeyValue.dictionary(assignments, option: "assign")
            let recorded: RecordedFineBody
            if let remote = try acting.remote() {
                let request = RecordFineRequest(rule: rule, workflow: workflow, person: person, reason: reason, amount: charged,
                                                dossier: dossier, assignments: assigned.isEmpty ? nil : assigned)
                recorded = try Blocking.run { try await remote.recordFine(request) }
            } else {
                recorded = APIBodies.body(try acting.session().recordFine(rule, workflow: workflow, person: person, amount: charged, reason: reason,
                                                                          dossier: dossier, assignments: assigned))
            }
            let fine = recorded.fine
            print("fine \(fine.fine) recorded: \(fine.rule) (\(fine.workflow)@\(fine.workflowVersion)), \(fine.payer), \(FineStatement.money(fine.amount))"
                + (fine.dossier.map { ", dossier \($0)" } ?? "") + " — \(fine.reason)")
            if let nth = fine.nth, fine.factor != 1 {
                print("  \(fine.payer)'s \(Ordinal.english(nth)) fine this month, so ×\(fine.factor) of \(FineStatement.money(fine.baseAmount))")
            }
            if let restoration = recorded.restoration {
                print("started dossier \(restoration.dossier) (\(restoration.workflow) version \(restoration.workflowVersion)) for \(fine.payer) to restore what was lost")
                if let task = restoration.task { print(TaskText.line(TaskSummary(task))) }
            }
        }
    }
}
