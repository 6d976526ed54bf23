import DossierDefinition
import DossierEngine
import DossierStore
import Foundation
import Testing

/// A month's statement reads that month's fines and the months of its capped violations'
/// earlier repetitions, and prices them exactly as the whole ledger would.
@Suite("A month of the fine ledger", .serialized)
struct FineMonthTests {
    /// Fines of sam and tom from December to April: a capped violation repeated in January,
    /// February (where sam's other fines escalate it) and March, beside fines that touch no cap.
    static func ledger(_ fresh: FreshStore) throws -> any DossierStore {
        let store = try fresh.create(simulation: true, at: Self.day("2025-12-01"))
        let capped = FineRule(id: "key-kept", amount: 50, payer: "actor", violation: .accountShared, cap: 120,
                              escalation: .init(fromNth: 2, factor: 2))
        let plain = FineRule(id: "late", amount: 10, payer: "actor", violation: .accountShared, escalation: .init(fromNth: 2, factor: 3))
        let fines: [(day: String, rule: FineRule, payer: String, occasion: String, repetition: Int)] = [
            ("2025-12-10", plain, "sam", "december", 0),
            ("2026-01-10", capped, "sam", "keys", 0),
            ("2026-02-02", plain, "sam", "february", 0),
            ("2026-02-10", capped, "sam", "keys", 1),
            ("2026-03-03", capped, "tom", "keys-of-tom", 0),
            ("2026-03-10", capped, "sam", "keys", 2),
            ("2026-03-11", plain, "sam", "march", 0),
            ("2026-04-10", plain, "sam", "april", 0),
        ]
        for fine in fines {
            _ = try store.recordFine(at: .given(Self.day(fine.day)), { time in
                var occurrence = FineOccurrence(dossierID: nil, taskNumber: nil, workflowID: "borrow", workflowVersion: 1, rule: fine.rule,
                                                occasion: fine.occasion, repetition: fine.repetition, payer: fine.payer, payerRole: "actor",
                                                occurredAt: time, month: String(fine.day.prefix(7)), reason: "kept the archive key")
                occurrence.recordedBy = "gina"
                return occurrence
            }, restoration: nil)
        }
        return store
    }

    static func day(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text + "T02:00:00Z") ?? Date(timeIntervalSince1970: 0)
    }

    static func prices(_ entries: [FineLedger.Entry], month: String) -> [String: Decimal] {
        Dictionary(uniqueKeysWithValues: FineLedger.price(entries).filter { $0.entry.occurrence.month == month }
            .map { ("\($0.entry.occurrence.payer) \($0.entry.occurrence.key)", $0.amount) })
    }

    @Test("each month of a person is priced as their whole ledger prices it",
          arguments: StoreKind.available, ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04"])
    func personsMonth(kind: StoreKind, month: String) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let store = try Self.ledger(fresh)
        let whole = Self.prices(try store.fineEntries(payer: "sam"), month: month)
        #expect(!whole.isEmpty)
        #expect(Self.prices(try store.fineEntries(payer: "sam", month: month), month: month) == whole)
        #expect(Self.prices(try store.fineEntries(payer: nil, month: month), month: month)
            == Self.prices(try store.fineEntries(payer: nil), month: month))
    }

    @Test("March is priced from March and the months of its capped violation's repetitions, nothing else", arguments: StoreKind.available)
    func readsOnlyWhatPrices(kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let store = try Self.ledger(fresh)
        let march = try store.fineEntries(payer: "sam", month: "2026-03")
        #expect(Set(march.map(\.occurrence.month)) == ["2026-01", "2026-02", "2026-03"])
        #expect(march.allSatisfy { $0.occurrence.payer == "sam" })
        // The cap: 50 in January, 100 in February (sam's second fine there), so 0 is left in March.
        let priced = FineLedger.price(march).filter { $0.entry.occurrence.month == "2026-03" && $0.entry.occurrence.ruleID == "key-kept" }
        #expect(priced.map(\.amount) == [0])
        #expect(priced.map(\.isCapped) == [true])
        // April has no capped fine: April alone.
        #expect(Set(try store.fineEntries(payer: "sam", month: "2026-04").map(\.occurrence.month)) == ["2026-04"])
        #expect(try store.fineEntries(payer: "sam", month: "2026-05").isEmpty)
    }
}
