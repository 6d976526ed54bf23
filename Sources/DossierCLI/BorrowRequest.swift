import DossierOffice
import ArgumentParser
import DossierEngine

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
            let session = try acting.session()
            let actor = try session.actor()
            let engine = try session.engine(workflow: lending.workflow)
            let target = try Loans.target(archiveNumber, session: session, lending: engine)
            let staff = try session.staff([actor.id] + [archivist ?? target.archivist].compactMap { $0 })
            let route = try engine.route(for: actor, target: target)
            let (loan, opened) = try session.store.startDossier(at: session.moment) { id, time in
                try engine.requestLoan(id: id, target: target, purpose: purpose, until: until, takeAway: takeAway, material: material,
                                       archivist: archivist, actor: actor, staff: staff, at: time)
            }
            print("loan \(loan.id): borrow slip for \(archiveNumber) (\(target.levelID) level) by \(actor.id), until \(until)\(takeAway ? ", taken away" : ", reading room"): \(engine.loanMaterial(loan).joined(separator: ", "))")
            switch route {
            case .direct(let reason):
                print("no approval needed: \(reason)")
            case .approval(let roles):
                let local = engine.definition.confidentiality?.level(target.levelID)?.localApprovers ?? []
                let named = roles.map { local.contains($0) ? "\($0) of \(target.department ?? "its department")" : $0 }
                print("waiting for approval by a \(named.joined(separator: " or ")): dossier borrow approve \(loan.id)")
            }
            if let opened { print(TaskText.line(opened)) }
        }
    }
}
