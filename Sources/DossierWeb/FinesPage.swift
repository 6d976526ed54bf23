import DossierOffice
import Foundation

/// The fines of a month: a person's statement, or a department's by person, each fine with its
/// rule, dossier, amount and waiver, and a form to waive it with a reason (the workflow decides
/// who may).
package struct FinesPage {
    package var statement: FineStatement
    /// Who looks.
    package var person: String
    package var dates: PageDates

    package init(statement: FineStatement, person: String, dates: PageDates) {
        self.statement = statement
        self.person = person
        self.dates = dates
    }

    /// The page's values for its template.
    package func values() -> [String: Any] {
        // By payer, each payer's in the order they occurred; each payer's heading with their
        // month's count and total.
        let month = statement.month
        let totals = Dictionary(uniqueKeysWithValues: statement.payers.map { ($0.payer, $0) })
        let payers = statement.fines.map(\.priced.entry.occurrence.payer).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        let groups: [[String: Any]] = payers.map { payer in
            [
                "payer": payer,
                "total": Self.yuan(totals[payer]?.total ?? 0),
                "count": totals[payer]?.count ?? 0,
                "fines": statement.fines.filter { $0.priced.entry.occurrence.payer == payer }.map(line),
            ]
        }
        let scope = statement.scope == .own ? "" : "&scope=\(statement.scope.rawValue)"
        let views: [[String: Any]] = FineStatement.Scope.allCases.filter { $0 != statement.scope }.map { other in
            ["href": "/fines?month=\(month)" + (other == .own ? "" : "&scope=\(other.rawValue)"),
             "to_own": other == .own, "to_department": other == .department, "to_office": other == .office]
        }
        var values: [String: Any] = [
            "month": month,
            "month_name": dates.month(month),
            "groups": groups,
            "empty": statement.payers.isEmpty,
            "total": Self.yuan(statement.total),
            "previous_month": Self.month(month, adding: -1),
            "next_month": Self.month(month, adding: 1),
            "pagination": PageLinks.pagination(page: statement.page, pages: statement.pages) { "/fines?month=\(month)\(scope)&page=\($0)" },
            "scope": scope,
            "views": views,
            "whole_office": statement.scope == .office,
            "back": "/fines?month=\(month)\(scope)&page=\(statement.page)",
        ]
        if let department = statement.department { values["department"] = department }
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
