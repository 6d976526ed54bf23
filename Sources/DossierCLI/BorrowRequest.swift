import ArgumentParser
import DossierAPI
import DossierService

/// `dossier borrow request ARCHIVE-NO --purpose TEXT --until DATE [--take-away]`.
struct BorrowRequest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Fill in a borrow slip for a registered dossier; it is routed to the approver its level requires.",
        discussion: """
            Refused with the reason when the dossier is reading-room only and --take-away is asked, \
            or when the return date is beyond the longest loan allowed. Prints the loan's number and \
            who acts next.
            Example: dossier borrow request GY-SH-001 --purpose "customer complaint" --until 2026-03-20 --as dan
            """
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var lending: LendingWorkflowOption

    @Argument(help: ArgumentHelp("The dossier's archive number.", valueName: "archive-no"))
    var archiveNumber: String

    @Option(help: "What the dossier is needed for.")
    var purpose: String

    @Option(help: ArgumentHelp("The date it comes back by, e.g. 2026-03-20.", valueName: "date"))
    var until: String

    @Flag(help: "Take it out of the office (otherwise it is read in the reading room).")
    var takeAway = false

    @Option(name: .customLong("material"),
            help: ArgumentHelp("A checklist item of the lending workflow to borrow (repeatable); the dossier volume when none is given. A follow-up form comes back the same day.",
                               valueName: "item"))
    var material: [String] = []

    @Option(help: ArgumentHelp("The archivist on duty who lends it (default: the one who registered the dossier).", valueName: "user"))
    var archivist: String?

    func validate() throws {
        if purpose.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--purpose needs the reason for borrowing") }
    }

    func run() throws {
        try reportingFailures {
            let slip = LoanRequestBody(archiveNumber: archiveNumber, purpose: purpose, until: until, takeAway: takeAway, material: material,
                                       archivist: archivist, workflow: lending.workflow)
            let made = try acting.perform(remote: { try await $0.requestLoan(slip) }, local: { session in
                APIBodies.body(try session.requestLoan(slip.archiveNumber, purpose: slip.purpose, until: slip.until, takeAway: slip.takeAway,
                                                       material: slip.material, archivist: slip.archivist, workflow: lending.workflow))
            })
            print(LoanText.request(made))
        }
    }
}
