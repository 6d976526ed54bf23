import DossierOffice
import Foundation

/// Loans out and overdue, and borrow slips waiting for approval.
package struct LoansPage {
    package var loans: [LoanLine]
    /// The slips the person may approve now.
    package var slips: [PendingLine]
    package var overdueOnly: Bool
    package var page: Int
    package var dates: PageDates

    package init(loans: [LoanLine], slips: [PendingLine], overdueOnly: Bool, page: Int = 1, dates: PageDates) {
        self.loans = loans
        self.slips = slips
        self.overdueOnly = overdueOnly
        self.page = max(1, page)
        self.dates = dates
    }

    /// The page's values for its template.
    package func values() -> [String: Any] {
        // Overdue first, then by when they were asked for.
        let listed = (overdueOnly ? loans.filter(\.isOverdue) : loans).enumerated()
            .sorted { ($0.element.isOverdue ? 0 : 1, $0.offset) < ($1.element.isOverdue ? 0 : 1, $1.offset) }.map(\.element)
        let pages = max(1, (listed.count + WaitingPage.pageSize - 1) / WaitingPage.pageSize)
        let page = min(self.page, pages)
        let shown = listed.dropFirst((page - 1) * WaitingPage.pageSize).prefix(WaitingPage.pageSize)
        let overdueOnly = self.overdueOnly
        return [
            "pagination": PageLinks.pagination(page: page, pages: pages) { "/loans?" + (overdueOnly ? "overdue=1&" : "") + "page=\($0)" },
            "loans": shown.map(row),
            "count": listed.count,
            "count_overdue": loans.filter(\.isOverdue).count,
            "overdue_only": overdueOnly,
            "empty": listed.isEmpty,
            "slips": slips.map { slip -> [String: Any] in
                ["task": slip.task.id, "dossier": slip.task.dossierID, "state": slip.stateTitle ?? slip.task.stateID, "opened": dates.moment(slip.task.openedAt),
                 "approvers": slip.approvers.joined(separator: ", ")]
            },
            "has_slips": !slips.isEmpty,
        ]
    }

    private func row(_ loan: LoanLine) -> [String: Any] {
        var row: [String: Any] = [
            "loan": loan.loanID,
            "number": loan.archiveNumber ?? "",
            "level": loan.levelID ?? "",
            "borrower": loan.borrower,
            "approver": loan.approver ?? "",
            "state": loan.state,
            "take_away": loan.takeAway,
            "purpose": loan.purpose,
            "requested": dates.moment(loan.requestedAt),
            "overdue": loan.isOverdue,
        ]
        if let due = loan.dueAt { row["due"] = dates.deadlineDay(due) }
        return row
    }
}
