import DossierOffice
import ArgumentParser
import DossierEngine
import Foundation

/// `dossier fines statement USER --month YYYY-MM`.
struct FinesStatementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement",
        abstract: "One person's fines for a month, each explained, with the total.",
        discussion: """
            Example: dossier fines statement alice --month 2026-03
            In table format the statement is a readable document; json and csv list the same \
            fines as `fines list`.
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The person.", valueName: "user"))
    var person: String

    @OptionGroup var month: MonthOption

    @Option(help: "table (a readable statement), json or csv.")
    var format: ListingFormat = .table

    func run() throws {
        try reportingFailures {
            let session = try acting.session()
            guard let member = try session.store.staffMember(person) else {
                throw CommandFailure("\(person) is not in the staff directory; see `dossier staff list`")
            }
            let ledger = try FineStatement(store: session.store, payers: [person])
            let fines = ledger.priced.filter { $0.entry.occurrence.month == month.month }
            guard format == .table else {
                print(FineStatement.listing(fines, format: format).render(format), terminator: "")
                return
            }
            var text = "Fines statement (罚款通知) — \(member.name) (\(member.id))"
            if let department = member.department { text += ", \(department)" }
            text += ", \(month.month)\n\n"
            if fines.isEmpty { text += "No fines this month.\n" }
            for fine in fines {
                let occurrence = fine.entry.occurrence
                text += "#\(fine.entry.id)  \(Session.local(occurrence.occurredAt))  \(occurrence.ruleTitle)\n"
                text += "    \(occurrence.reason)\n"
                var terms = "    rule \(occurrence.ruleID) of \(occurrence.workflowID)@\(occurrence.workflowVersion)"
                if let calendar = occurrence.calendar { terms += ", calendar \(calendar)\(occurrence.isProvisional ? " (provisional)" : "")" }
                text += terms + "\n"
                if let waiver = try session.store.waiver(of: fine.entry.id) {
                    text += "    waived by \(waiver.by) on \(Session.local(waiver.at)): \(waiver.reason) — 0\n"
                } else {
                    var price = "    \(occurrence.baseAmount)"
                    if let nth = fine.nth, occurrence.escalationFromNth != nil { price += ", \(Ordinal.english(nth)) in the month" }
                    if fine.factor != 1 { price += ", ×\(fine.factor)" }
                    if fine.isCapped { price += ", capped" }
                    text += price + " = \(fine.amount)\n"
                }
            }
            let total = fines.reduce(Decimal(0)) { $0 + $1.amount }
            text += "\nTotal: \(total)\n"
            print(text, terminator: "")
        }
    }
}
