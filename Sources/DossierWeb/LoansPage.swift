import DossierOffice
import Foundation

/// Loans out and overdue, and borrow slips waiting for approval.
package struct LoansPage {
    package var loans: [LoanLine]
    /// The slips the person may approve now.
    package var slips: [PendingLine]
    package var overdueOnly: Bool
    package var dates: PageDates

    package init(loans: [LoanLine], slips: [PendingLine], overdueOnly: Bool, dates: PageDates) {
        self.loans = loans
        self.slips = slips
        self.overdueOnly = overdueOnly
        self.dates = dates
    }

    /// The page's values for its template.
    package func values() -> [String: Any] {
        let shown = overdueOnly ? loans.filter(\.isOverdue) : loans
        return [
            "loans": shown.prefix(WaitingPage.pageSize * 4).map(row),
            "count": shown.count,
            "count_overdue": loans.filter(\.isOverdue).count,
            "overdue_only": overdueOnly,
            "empty": shown.isEmpty,
            "slips": slips.map { slip -> [String: Any] in
                ["task": slip.task.id, "dossier": slip.task.dossierID, "state": slip.task.stateID, "opened": dates.moment(slip.task.openedAt),
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
