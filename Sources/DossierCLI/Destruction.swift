import ArgumentParser
import DossierAPI
import DossierOffice
import DossierService
import Foundation

/// `dossier destruction …`: retention and destruction (销毁).
struct DestructionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destruction",
        abstract: "Dossiers past their retention, to be destroyed by an approved destruction list.",
        discussion: """
            Each intake workflow says how long its registered dossiers are kept (<retention>). A \
            destruction list is a dossier of Workflows/destruction.xml: `dossier start destruction \
            --field archive-numbers="NO NO…" --field method=shred --field reason=… --assign approver=… \
            --assign witness-1=… --assign witness-2=…`; once approved and signed by both witnesses, \
            every dossier it names ends in state destroyed, or none does.
            Example: dossier destruction candidates
            """,
        subcommands: [DestructionCandidates.self]
    )
}

/// `dossier destruction candidates [--format …]`.
struct DestructionCandidates: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "candidates",
        abstract: "Registered dossiers past their retention, with what still keeps each from being destroyed.",
        discussion: """
            A dossier is listed once the last day of its retention has passed. OBSTACLES names what \
            must happen first: a legal hold released, title certificates returned, a loan back. Read \
            by an administrator or whoever may propose a destruction list.
            Example: dossier destruction candidates --format csv
            """
    )

    @OptionGroup var acting: ActingOptions

    @Option(help: ArgumentHelp("The destruction workflow.", valueName: "workflow"))
    var workflow = Office.destructionWorkflow

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func run() throws {
        try reportingFailures {
            let candidates = try acting.perform(remote: { [workflow] in try await $0.destructionCandidates(workflow: workflow) },
                                                local: { [workflow] in try $0.destructionCandidates(workflow: workflow).map(APIBodies.body) })
            let columns: [(key: String, header: String)] = [
                ("archive_number", "ARCHIVE NO"), ("dossier", "DOSSIER"), ("workflow", "WORKFLOW"), ("registered_at", "REGISTERED"),
                ("kept_until", "KEPT UNTIL"), ("obstacles", "OBSTACLES"),
            ]
            let rows: [[Listing.Value]] = candidates.map { candidate in
                [.text(candidate.archiveNumber), .integer(candidate.dossier), .text(candidate.workflow), .moment(candidate.registeredAt),
                 .text(candidate.keptUntil), candidate.obstacles.isEmpty ? .null : .text(candidate.obstacles.joined(separator: "; "))]
            }
            print(Listing(columns: columns, rows: rows).render(format), terminator: "")
        }
    }
}

/// `dossier hold ARCHIVE-NO --reason TEXT [--release]`.
struct Hold: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Place a legal hold on a registered dossier (诉讼保全), or release it: a held dossier is never destroyed.",
        discussion: """
            Administrators only; the reason goes into the dossier's history. A destruction list \
            naming a held dossier is refused, when proposed and when carried out.
            Example: dossier hold 鸿借字第001号 --reason "court order 2031-17"
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The dossier's archive number.", valueName: "archive-no"))
    var archiveNumber: String

    @Option(help: "Why it is held or released.")
    var reason: String

    @Flag(help: "Release the hold instead of placing one.")
    var release = false

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason: say why") }
    }

    func run() throws {
        try reportingFailures {
            let request = LegalHoldRequest(reason: reason, release: release)
            let held = try acting.perform(remote: { [archiveNumber] in try await $0.hold(archiveNumber, request) },
                                          local: { [archiveNumber, release, reason] in
                                              LegalHoldBody(archiveNumber: archiveNumber,
                                                            dossier: try $0.hold(archiveNumber, placing: !release, reason: reason), held: !release)
                                          })
            print(held.held ? "\(held.archiveNumber) (dossier \(held.dossier)) is under a legal hold: nothing destroys it until it is released"
                            : "\(held.archiveNumber) (dossier \(held.dossier)) is no longer under a legal hold")
        }
    }
}
