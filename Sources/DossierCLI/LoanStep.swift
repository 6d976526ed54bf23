import DossierAPI
import DossierService
import DossierStore

/// The steps of a loan that are plain actions of the lending workflow, each by the role its
/// state names: approve and reject (an approver of the level), complete (the archivist).
/// Each has its command in its own file (`BorrowApprove`, `BorrowReject`, `BorrowComplete`).
enum LoanStep {
    static func take(_ action: String, loan id: Int, note: String?, acting: ActingOptions) throws {
        try reportingFailures {
            let change = try acting.perform(remote: { try await $0.takeLoanStep(action, loan: id, note: note) },
                                            local: { APIBodies.body(try $0.takeLoanStep(action, loan: id, note: note)) })
            print(LoanText.change(change))
        }
    }
}

/// How borrow slips and loan steps read in command output, the same through a server and locally.
enum LoanText {
    static func request(_ made: LoanRequestResponse) -> String {
        var lines = ["loan \(made.loan): borrow slip for \(made.archiveNumber) (\(made.level) level) by \(made.borrower), until \(made.until)"
            + (made.takeAway ? ", taken away" : ", reading room") + ": " + made.material.joined(separator: ", ")]
        if let reason = made.directReason {
            lines.append("no approval needed: \(reason)")
        } else {
            lines.append("waiting for approval by a \(made.approvers.joined(separator: " or "))" + (made.approvalStep.map { ", \($0)" } ?? "")
                + ": dossier borrow approve \(made.loan)")
        }
        if let opened = made.openedTask { lines.append(TaskText.line(TaskSummary(opened))) }
        return lines.joined(separator: "\n")
    }

    static func change(_ change: LoanChangeResponse) -> String {
        var lines: [String] = []
        if let until = change.renewedUntil {
            lines.append("loan \(change.loan): renewed until \(until) (\(change.renewal ?? ""))")
            if let opened = change.openedTask { lines.append(TaskText.line(TaskSummary(opened))) }
            return lines.joined(separator: "\n")
        }
        if let step = change.approvalStep, let approvers = change.approvers {
            lines.append("loan \(change.loan): \(change.action) signed; now waiting for a \(approvers.joined(separator: " or ")), \(step): dossier borrow approve \(change.loan)")
            return lines.joined(separator: "\n")
        }
        lines.append("loan \(change.loan): \(change.action) → \(change.state)")
        if let opened = change.openedTask {
            lines.append(TaskText.line(TaskSummary(opened)))
        } else if change.closed {
            lines.append("loan \(change.loan) is closed")
        }
        for fine in change.fines { lines.append("fined \(fine.payer) \(fine.amount) under \(fine.rule): \(fine.reason)") }
        return lines.joined(separator: "\n")
    }
}
