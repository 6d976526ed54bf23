import DossierOffice
import ArgumentParser
import DossierDocuments
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
            let member: StaffMember?
            if let remote = try acting.remote() {
                member = try Blocking.run { try await remote.staff() }.map(StaffMember.init).first { $0.id == person }
            } else {
                member = try acting.session().store.staffMember(person)
            }
            guard let member else {
                throw CommandFailure("\(person) is not in the staff directory; see `dossier staff list`")
            }
            let fines = try FineStatement.fines(acting, payers: [person], month: month.month)
            guard format == .table else {
                print(FineStatement.listing(fines, format: format).render(format), terminator: "")
                return
            }
            var text = "Fines statement (罚款通知) — \(member.name) (\(member.id))"
            if let department = member.department { text += ", \(department)" }
            text += ", \(month.month)\n\n"
            if fines.isEmpty { text += "No fines this month.\n" }
            for fine in fines {
                text += "#\(fine.fine)  \(Session.local(fine.occurredAt))  \(fine.ruleTitle)\n"
                text += fine.recordedBy.map { "    recorded by \($0): \(fine.reason)\n" } ?? "    \(fine.reason)\n"
                if let dossier = fine.dossier, fine.recordedBy != nil { text += "    on dossier \(dossier)\n" }
                var terms = "    rule \(fine.rule) of \(fine.workflow)@\(fine.workflowVersion)"
                if let calendar = fine.calendar { terms += ", calendar \(calendar)\(fine.provisional ? " (provisional)" : "")" }
                text += terms + "\n"
                if let by = fine.waivedBy, let at = fine.waivedAt {
                    text += "    waived by \(by) on \(Session.local(at)): \(fine.waiverReason ?? "") — 0\n"
                } else {
                    var price = "    \(fine.baseAmount)"
                    if let nth = fine.nth, fine.escalates { price += ", \(Ordinal.english(nth)) in the month" }
                    if fine.factor != 1 { price += ", ×\(fine.factor)" }
                    if fine.status == "capped" { price += ", capped" }
                    text += price + " = \(fine.amount)\n"
                }
            }
            let total = fines.reduce(Decimal(0)) { $0 + $1.amount }
            text += "\nTotal: \(total)\n"
            print(VisibleText.escaped(text, keeping: ["\n"]), terminator: "")
        }
    }
}
