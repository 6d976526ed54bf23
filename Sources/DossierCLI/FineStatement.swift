import DossierAPI
import DossierClient
import DossierService
import Foundation

/// The priced fine ledger as the fines commands show it, from the office locally or from the
/// server: the same rows either way.
enum FineStatement {
    /// The fines of `payers` (everyone's when `nil`), only `month`'s when given.
    static func fines(_ acting: ActingOptions, payers: [String]?, month: String?) throws -> [FineBody] {
        if let remote = try acting.remote() {
            let person = payers?.first
            return try Blocking.run { try await remote.fines(person: person, month: month) }
        }
        return try acting.session().fines(payers: payers, month: month).map(APIBodies.body)
    }

    /// `50`, `12.5`.
    static func money(_ amount: Decimal) -> String { "\(amount)" }

    /// The columns of `fines list` and `fines statement`.
    static func listing(_ fines: [FineBody], format: ListingFormat) -> Listing {
        let columns: [(key: String, header: String)] = [
            ("fine", "FINE"), ("occurred_at", "OCCURRED"), ("payer", "PAYER"), ("rule", "RULE"), ("dossier", "DOSSIER"),
            ("task", "TASK"), ("item", "ITEM"), ("amount", "AMOUNT"), ("base_amount", "BASE"), ("nth_in_month", "NTH"),
            ("factor", "FACTOR"), ("status", "STATUS"), ("workflow", "WORKFLOW"), ("calendar", "CALENDAR"), ("due_at", "DUE"),
            ("recorded_by", "RECORDED BY"), ("reason", "WHY"),
        ]
        let rows = fines.map { fine -> [Listing.Value] in
            [.integer(fine.fine), .moment(fine.occurredAt), .text(fine.payer), .text(fine.rule), fine.dossier.map(Listing.Value.integer) ?? .null,
             fine.task.map(Listing.Value.integer) ?? .null, fine.item.map(Listing.Value.text) ?? .null,
             .decimal(fine.amount), .decimal(fine.baseAmount), fine.nth.map(Listing.Value.integer) ?? .null,
             .decimal(fine.factor), .text(fine.status), .text("\(fine.workflow)@\(fine.workflowVersion)"),
             fine.calendar.map { .text($0 + (fine.provisional ? " (provisional)" : "")) } ?? .null,
             fine.dueAt.map { Listing.Value.moment($0.addingTimeInterval(format == .table ? -60 : -1)) } ?? .null,
             fine.recordedBy.map(Listing.Value.text) ?? .null, .text(fine.reason)]
        }
        return Listing(columns: columns, rows: rows)
    }
}
