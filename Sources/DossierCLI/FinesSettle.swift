import ArgumentParser
import DossierAPI
import DossierService

/// `dossier fines settle [FINE…] [--person USER [--through YYYY-MM]] --note TEXT`.
struct FinesSettle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle",
        abstract: "Record fines as settled (paid, or deducted from pay), as a departure does with the leaver's.",
        discussion: """
            A fine neither waived nor settled keeps its payer's departure open: their account is \
            deactivated only once every one is settled. An administrator settles, or the successor \
            or supervisor of the payer's departure; each settlement is an event in the log. Name \
            the fines by number, or all of one person's with --person (up to a month with --through).
            Example: dossier fines settle --person sam --note "deducted from the March pay" --as mia
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The fines' numbers, from `dossier fines list`.", valueName: "fine"))
    var ids: [Int] = []

    @Option(help: ArgumentHelp("Settle every fine of this person neither waived nor settled.", valueName: "user"))
    var person: String?

    @Option(help: ArgumentHelp("With --person: only fines of months up to this one.", valueName: "yyyy-mm"))
    var through: String?

    @Option(help: "How they were settled.")
    var note: String

    func validate() throws {
        if note.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--note must say how the fines were settled") }
        if ids.isEmpty == (person == nil) { throw ValidationError("name the fines by number, or all of one person's with --person USER") }
        if through != nil, person == nil { throw ValidationError("--through goes with --person") }
    }

    func run() throws {
        try reportingFailures {
            let request = SettlementRequest(fines: ids.isEmpty ? nil : ids, person: person, through: through, note: note)
            let settled = try acting.perform(remote: { try await $0.settleFines(request) }, local: { office in
                try office.settleFines(request.fines ?? [], person: request.person, through: request.through, note: request.note)
                    .map { FineSettlementBody(fine: $0.fine, at: $0.at, by: $0.by, note: $0.note) }
            })
            for fine in settled { print("fine \(fine.fine) settled by \(fine.by) — \(fine.note)") }
        }
    }
}
