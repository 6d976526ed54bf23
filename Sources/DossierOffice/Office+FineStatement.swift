import DossierEngine
import DossierStore
import Foundation

/// A month's fines of one person or of their department, priced whole and shown a page at a
/// time: each payer's count and total, and the page's fines with their facts.
package struct FineStatement: Sendable, Hashable {
    /// Whose fines: the actor's, their department's, or everyone's (the ledger is the office's).
    package enum Scope: String, Sendable, Hashable, CaseIterable {
        case own, department, office
    }

    /// One payer's month.
    package struct Payer: Sendable, Hashable {
        package var payer: String
        package var count: Int
        package var total: Decimal
    }

    /// `YYYY-MM`.
    package var month: String
    /// Whose fines it shows: a department's only for someone in one.
    package var scope: Scope
    /// The department, when the statement is the actor's department's.
    package var department: String?
    /// Every payer with fines that month, by id.
    package var payers: [Payer]
    /// The page's fines, by payer and then in the order they occurred.
    package var fines: [PricedFine]
    /// The page shown (from 1) and how many there are.
    package var page: Int
    package var pages: Int

    package var count: Int { payers.reduce(0) { $0 + $1.count } }
    package var total: Decimal { payers.reduce(Decimal(0)) { $0 + $1.total } }
}

extension Office {
    /// The actor's fines of `month`, their department's or everyone's by person, priced: each
    /// payer's month from charges alone, and only the `page`'s fines (`pageSize` to a page) read
    /// whole.
    package func fineStatement(month: String, scope asked: FineStatement.Scope, page: Int, pageSize: Int) throws -> FineStatement {
        let actor = try actor()
        var scope = FineStatement.Scope.own, payers = [actor.id], department: String?
        switch asked {
        case .own: break
        case .department:
            if let own = actor.department {
                (scope, department) = (.department, own)
                payers = try store.staffDirectory().filter { $0.department == own }.map(\.id).sorted()
            }
        case .office:
            scope = .office
            payers = try store.staffDirectory().map(\.id).sorted()
        }
        var totals: [FineStatement.Payer] = []
        var prices: [(payer: String, price: FineLedger.Price)] = []
        for payer in payers {
            let charges = try store.fineCharges(payer: payer, month: month)
            let own = zip(charges, FineLedger.price(ordered: charges)).filter { $0.0.month == month }.map(\.1)
            guard !own.isEmpty else { continue }
            totals.append(FineStatement.Payer(payer: payer, count: own.count, total: own.reduce(Decimal(0)) { $0 + $1.amount }))
            prices += own.map { (payer, $0) }
        }
        let pages = max(1, (prices.count + pageSize - 1) / pageSize)
        let shownPage = min(max(1, page), pages)
        let shown = prices.dropFirst((shownPage - 1) * pageSize).prefix(pageSize).map(\.price)
        let entries = Dictionary(uniqueKeysWithValues: try store.fineEntries(ids: shown.map(\.id)).map { ($0.id, $0) })
        let fines = try shown.compactMap { price -> PricedFine? in
            guard let entry = entries[price.id] else { return nil }
            return PricedFine(priced: FineLedger.Priced(entry: entry, price: price), waiver: entry.isWaived ? try store.waiver(of: entry.id) : nil)
        }
        return FineStatement(month: month, scope: scope, department: department, payers: totals, fines: fines, page: shownPage, pages: pages)
    }
}
