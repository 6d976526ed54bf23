import ArgumentParser
import DossierAPI
import DossierService

/// `dossier borrow renew LOAN --until DATE --reason TEXT`.
struct BorrowRenew: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renew",
        abstract: "Renew a loan to a later return date; it needs the same approval as the slip.",
        discussion: """
            Granted by one of the approvers of the dossier's level (a department manager only for \
            their own department), or by the borrower alone when they borrow directly (an \
            executive, a reader of the level). Refused once the loan is overdue (the late fine \
            stands: return it and borrow again), for follow-up forms (back the same day), and \
            beyond the longest loan counted from the day it was lent. The renewal is an event with its reason.
            Example: dossier borrow renew 5 --until 2026-04-10 --reason "audit extended" --as gina
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The loan's number.", valueName: "loan"))
    var loan: Int

    @Option(help: ArgumentHelp("The new return date, e.g. 2026-04-10.", valueName: "date"))
    var until: String

    @Option(help: "Why the loan runs longer (kept in the log).")
    var reason: String

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason needs the reason for the renewal") }
    }

    func run() throws {
        try reportingFailures {
            let change = try acting.perform(remote: { [loan, until, reason] in try await $0.renew(loan: loan, RenewRequest(until: until, reason: reason)) },
                                            local: { APIBodies.body(try $0.renew(loan: loan, until: until, reason: reason)) })
            print(LoanText.change(change))
        }
    }
}
