import DossierDefinition
import DossierEngine
import Foundation

/// One loan as the ledger (借阅台帐) and the borrow slip (档案资料出借单) show it: who borrowed
/// which dossier for what and until when, who approved it (or why nobody had to), who lent it
/// and when, renewals, and how it came back. Read from the loan and its events, which are the
/// record; nothing here is stored.
public struct LoanLedgerLine: Sendable, Hashable {
    /// The loan's number.
    public var loan: Int
    /// The borrowed dossier's archive number.
    public var archiveNumber: String
    /// Its confidentiality level.
    public var level: String
    /// Who borrows.
    public var borrower: String
    /// What for.
    public var purpose: String
    /// Whether it leaves the office (otherwise the reading room).
    public var takeAway: Bool
    /// The material lent, by checklist title.
    public var material: [String]
    /// When the slip was filled in.
    public var requestedAt: Date
    /// The return date on the slip (after renewals).
    public var until: String
    /// Who approved.
    public var approvedBy: String?
    /// When.
    public var approvedAt: Date?
    /// Why no approval was needed, for direct borrowing.
    public var directReason: String?
    /// Who rejected it and why.
    public var rejection: String?
    /// The archivist who lent it.
    public var lentBy: String?
    /// When it was lent.
    public var lentAt: Date?
    /// Renewals: the new date and who granted it.
    public var renewals: [String]
    /// When it came back, and who checked it.
    public var returnedAt: Date?
    /// The archivist who checked the return.
    public var receivedBy: String?
    /// What the return check found missing or damaged.
    public var findings: String?
    /// When the missing material was restored and the entry closed.
    public var closedAt: Date?
    /// The loan's state.
    public var state: String
    /// The title of the loan's state.
    public var stateTitle: String

    /// The line of `loan` (run by the lending workflow `definition`) from its `events`.
    public init(loan: Dossier, definition: WorkflowDefinition, events: [DossierEvent]) {
        self.loan = loan.id
        archiveNumber = loan.fields["archive-number"] ?? "-"
        level = loan.fields["level"] ?? "-"
        borrower = definition.roles.first { $0.binding == .starter }.flatMap { loan.assignments[$0.id] } ?? loan.startedBy
        purpose = loan.fields["purpose"] ?? ""
        takeAway = loan.fields["take-away"] == "true"
        let items = definition.checklist?.items ?? []
        let chosen = loan.fields["material"].map { $0.split(separator: " ").map(String.init) } ?? items.filter(\.isRequired).map(\.id)
        material = chosen.map { id in items.first { $0.id == id }?.title ?? id }
        requestedAt = loan.startedAt
        until = loan.fields["until"] ?? "-"
        renewals = []
        state = loan.stateID
        stateTitle = definition.state(loan.stateID)?.title ?? loan.stateID
        for event in events {
            switch (event.kind, event.action) {
            case (.transitioned, _) where event.details["direct"] == "true":
                directReason = event.note
            case (.transitioned, "approve"):
                approvedBy = event.actor
                approvedAt = event.at
            case (.transitioned, "reject"):
                rejection = "\(event.actor): \(event.note ?? "")"
            case (.transitioned, "lend"):
                lentBy = event.actor
                lentAt = event.at
            case (.transitioned, "return"), (.transitioned, "return-incomplete"):
                returnedAt = event.at
                receivedBy = event.actor
                if event.action == "return-incomplete" { findings = event.note }
            case (.transitioned, "complete"):
                closedAt = event.at
            case (.deadlineExtended, "renew"):
                renewals.append("until \(event.details["until"] ?? "?") (\(event.details["renewal"] ?? event.actor); \(event.note ?? ""))")
            default:
                break
            }
        }
    }

    /// The values the `borrow-slip` template reads for this loan; times as `local` prints them.
    public func slipValues(borrowerName: String, dossierTitle: String, printedAt: String, local: (Date) -> String) -> [String: Any] {
        var values = ledgerValues(local: local)
        values["borrower_name"] = borrowerName
        values["dossier_title"] = dossierTitle
        values["printed"] = printedAt
        values["material_list"] = material.enumerated().map { ["number": $0.offset + 1, "title": $0.element] }
        return values
    }

    /// The values the `loan-ledger` template reads for a page of `lines` under `heading`.
    public static func pageValues(_ lines: [LoanLedgerLine], heading: String, printedAt: String, local: (Date) -> String) -> [String: Any] {
        var values: [String: Any] = ["heading": heading, "printed": printedAt, "count": lines.count == 1 ? "1 loan" : "\(lines.count) loans"]
        if !lines.isEmpty { values["lines"] = lines.map { $0.ledgerValues(local: local) } }
        return values
    }

    /// The values of this line in the ledger; times as `local` prints them. Keys of facts not
    /// (yet) there are left out, so the templates can test them.
    public func ledgerValues(local: (Date) -> String) -> [String: Any] {
        var values: [String: Any] = [
            "loan": loan, "archive_number": archiveNumber, "level": level, "borrower": borrower, "purpose": purpose,
            "place": takeAway ? "taken away (带出)" : "reading room (室内阅览)", "material": material.joined(separator: ", "),
            "requested_at": local(requestedAt), "until": until, "state": stateTitle,
        ]
        if let approvedBy, let approvedAt { values["approval"] = "\(approvedBy), \(local(approvedAt))" }
        if let directReason { values["approval"] = "not needed: \(directReason)" }
        if let rejection { values["approval"] = "rejected by \(rejection)" }
        if let lentBy, let lentAt { values["lent"] = "\(lentBy), \(local(lentAt))" }
        if !renewals.isEmpty { values["renewals"] = renewals.map { ["renewal": $0] } }
        if let returnedAt, let receivedBy { values["returned"] = "\(local(returnedAt)), checked by \(receivedBy)" }
        if let findings { values["findings"] = findings }
        if let closedAt { values["closed"] = local(closedAt) }
        return values
    }
}
