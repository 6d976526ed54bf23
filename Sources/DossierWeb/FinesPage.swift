import DossierOffice
import Foundation

/// The fines of a month: a person's statement, or a department's by person, each fine with its
/// rule, dossier, amount and waiver, and a form to waive it with a reason (the workflow decides
/// who may).
package struct FinesPage {
    package var fines: [PricedFine]
    /// `YYYY-MM`.
    package var month: String
    /// Whose fines: one person, or the people of a department.
    package var department: String?
    package var person: String
    package var page: Int
    package var dates: PageDates

    package init(fines: [PricedFine], month: String, department: String?, person: String, page: Int = 1, dates: PageDates) {
        self.fines = fines
        self.month = month
        self.department = department
        self.person = person
        self.page = max(1, page)
        self.dates = dates
    }

    /// The page's values for its template.
    package func values() -> [String: Any] {
        // By payer, each payer's in the order they occurred; fifty fines to a page, each
        // payer's heading with their month's count and total.
        let ordered = fines.enumerated().sorted { left, right in
            let (a, b) = (left.element.priced.entry.occurrence.payer, right.element.priced.entry.occurrence.payer)
            return a != b ? a < b : left.offset < right.offset
        }.map(\.element)
        let pages = max(1, (ordered.count + WaitingPage.pageSize - 1) / WaitingPage.pageSize)
        let page = min(self.page, pages)
        let shown = ordered.dropFirst((page - 1) * WaitingPage.pageSize).prefix(WaitingPage.pageSize)
        let payers = shown.map(\.priced.entry.occurrence.payer).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        let groups: [[String: Any]] = payers.map { payer in
            let own = fines.filter { $0.priced.entry.occurrence.payer == payer }
            return [
                "payer": payer,
                "total": Self.yuan(own.reduce(Decimal(0)) { $0 + $1.priced.amount }),
                "count": own.count,
                "fines": shown.filter { $0.priced.entry.occurrence.payer == payer }.map(line),
            ]
        }
        let scope = department == nil ? "" : "&scope=department"
        var values: [String: Any] = [
            "month": month,
            "month_name": dates.month(month),
            "groups": groups,
            "empty": fines.isEmpty,
            "total": Self.yuan(fines.reduce(Decimal(0)) { $0 + $1.priced.amount }),
            "previous_month": Self.month(month, adding: -1),
            "next_month": Self.month(month, adding: 1),
            "pagination": PageLinks.pagination(page: page, pages: pages) { "/fines?month=\(month)\(scope)&page=\($0)" },
        ]
        if let department { values["department"] = department }
        return values
    }

    private func line(_ fine: PricedFine) -> [String: Any] {
        let occurrence = fine.priced.entry.occurrence
        var line: [String: Any] = [
            "fine": fine.priced.entry.id,
            "rule": occurrence.ruleTitle,
            "workflow": occurrence.workflowID,
            "at": dates.moment(occurrence.occurredAt),
            "amount": Self.yuan(fine.priced.amount),
            "own": occurrence.payer == person,
        ]
        if let dossier = occurrence.dossierID { line["dossier"] = dossier }
        if let nth = fine.priced.nth, nth > 1 { line["nth"] = nth }
        if fine.priced.isCapped { line["capped"] = true }
        if let waiver = fine.waiver {
            line["waiver"] = ["by": waiver.by, "reason": waiver.reason, "at": dates.moment(waiver.at)]
        }
        return line
    }

    /// An amount in yuan with two decimals: `¥50.00`.
    static func yuan(_ amount: Decimal) -> String {
        var rounded = Decimal(), value = amount
        NSDecimalRound(&rounded, &value, 2, .plain)
        let number = NSDecimalNumber(decimal: rounded).doubleValue
        return "¥" + String(format: "%.2f", number)
    }

    /// The month `months` after `YYYY-MM`.
    package static func month(_ month: String, adding months: Int) -> String {
        let parts = month.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2 else { return month }
        let index = parts[0] * 12 + (parts[1] - 1) + months
        return String(format: "%04d-%02d", index / 12, index % 12 + 1)
    }
}
