import DossierEngine
import DossierStore
import Foundation

/// The priced fine ledger of some payers (or everyone), as the fines commands show it.
struct FineStatement {
    /// Every priced entry, oldest first.
    let priced: [FineLedger.Priced]
    private let byID: [Int: FineLedger.Priced]

    /// Reads and prices every entry of `payers` (everyone's when `nil`): a fine's price
    /// depends on the payer's other fines, so whole payers are priced.
    init(store: SQLiteStore, payers: [String]?) throws {
        let entries: [FineLedger.Entry]
        if let payers {
            entries = try payers.flatMap { try store.fineEntries(payer: $0) }
        } else {
            entries = try store.fineEntries(payer: nil)
        }
        priced = FineLedger.price(entries)
        byID = Dictionary(priced.map { ($0.entry.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func fine(_ id: Int) -> FineLedger.Priced? { byID[id] }

    /// `50`, `12.5`.
    static func money(_ amount: Decimal) -> String { "\(amount)" }

    /// The columns of `fines list` and `fines statement`.
    static func listing(_ fines: [FineLedger.Priced], format: ListingFormat) -> Listing {
        let columns: [(key: String, header: String)] = [
            ("fine", "FINE"), ("occurred_at", "OCCURRED"), ("payer", "PAYER"), ("rule", "RULE"), ("dossier", "DOSSIER"),
            ("task", "TASK"), ("item", "ITEM"), ("amount", "AMOUNT"), ("base_amount", "BASE"), ("nth_in_month", "NTH"),
            ("factor", "FACTOR"), ("status", "STATUS"), ("workflow", "WORKFLOW"), ("calendar", "CALENDAR"), ("due_at", "DUE"),
            ("reason", "WHY"),
        ]
        let rows = fines.map { priced -> [Listing.Value] in
            let fine = priced.entry.occurrence
            let status = priced.entry.isWaived ? "waived" : (priced.isCapped ? "capped" : "due")
            return [.integer(priced.entry.id), .moment(fine.occurredAt), .text(fine.payer), .text(fine.ruleID), .integer(fine.dossierID),
                    fine.taskNumber.map { .text("\(fine.dossierID).\($0)") } ?? .null, fine.itemID.map(Listing.Value.text) ?? .null,
                    .decimal(priced.amount), .decimal(fine.baseAmount), priced.nth.map(Listing.Value.integer) ?? .null,
                    .decimal(priced.factor), .text(status), .text("\(fine.workflowID)@\(fine.workflowVersion)"),
                    fine.calendar.map { .text($0 + (fine.isProvisional ? " (provisional)" : "")) } ?? .null,
                    fine.dueAt.map { Listing.Value.moment($0.addingTimeInterval(format == .table ? -60 : -1)) } ?? .null, .text(fine.reason)]
        }
        return Listing(columns: columns, rows: rows)
    }
}
