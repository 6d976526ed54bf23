import DossierDefinition
import DossierEngine
import DossierOffice
import DossierStore
import Foundation
import Testing

/// The fines page's statement: priced from charges, read whole only for the page shown, and
/// costing exactly what the whole ledger says.
@Suite("A month's fine statement")
struct FineStatementTests {
    /// sam has 120 fines in March (escalating from the second; one waived) and a capped
    /// violation repeated since January; tom, in sam's department, has three; gina, in none, one.
    static func office() throws -> (store: SQLiteStore, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-statement-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let start = Self.at("2026-01-02T09:00")
        let store = try SQLiteStore(creatingAt: folder.appendingPathComponent("s.db").path, simulation: true, at: start)
        for (person, department) in [("sam", "sales"), ("tom", "sales"), ("gina", nil)] as [(String, String?)] {
            try store.addStaff(StaffMember(id: person, name: person.capitalized, roles: ["handler"], department: department), by: "gina",
                               at: .given(start))
        }
        let late = FineRule(id: "late", amount: 10, payer: "actor", violation: .accountShared, escalation: .init(fromNth: 2, factor: 2))
        let capped = FineRule(id: "kept-key", amount: 40, payer: "actor", violation: .accountShared, cap: 100)
        var fines: [(at: String, rule: FineRule, payer: String, occasion: String, repetition: Int)] = [
            ("2026-01-12T10:00", capped, "sam", "key", 0),
            ("2026-02-12T10:00", capped, "sam", "key", 1),
            ("2026-03-02T10:00", capped, "sam", "key", 2),
            ("2026-03-02T11:00", late, "tom", "t1", 0),
            ("2026-03-03T11:00", late, "tom", "t2", 0),
            ("2026-03-04T11:00", late, "tom", "t3", 0),
            ("2026-03-04T12:00", late, "gina", "g1", 0),
        ]
        for n in 0..<119 {
            fines.append((String(format: "2026-03-%02dT%02d:%02d", 5 + n / 60, 9 + (n % 60) / 10, (n % 10) * 5), late, "sam", "s\(n)", 0))
        }
        for fine in fines {
            _ = try store.recordFine(at: .given(Self.at(fine.at)), { time in
                var occurrence = FineOccurrence(dossierID: nil, taskNumber: nil, workflowID: "borrow", workflowVersion: 1, rule: fine.rule,
                                                occasion: fine.occasion, repetition: fine.repetition, payer: fine.payer, payerRole: "actor",
                                                occurredAt: time, month: String(fine.at.prefix(7)), reason: "lent the key")
                occurrence.recordedBy = "gina"
                return occurrence
            }, restoration: nil)
        }
        let waived = try #require(try store.fineEntries(payer: "sam").first { $0.occurrence.key == "-/-/late/-@s7/0" })
        try store.waiveFine(waived.id, reason: "sick leave", by: "gina", at: .given(Self.at("2026-03-31T09:00")))
        return (store, folder)
    }

    static func at(_ text: String) -> Date { Office.localTime.parse(text) ?? Date(timeIntervalSince1970: 0) }

    static func office(_ store: SQLiteStore, as person: String) -> Office {
        Office(store: store, actorName: ActorName { person }, time: at("2026-04-01T09:00"), isSimulation: true, timeIsGiven: true)
    }

    @Test("a person's month, fifty to a page, costs what their whole ledger says, page by page")
    func personsMonth() throws {
        let (store, folder) = try Self.office()
        defer { try? FileManager.default.removeItem(at: folder) }
        let office = Self.office(store, as: "sam")
        let whole = try office.fines(payers: ["sam"], month: "2026-03")
        #expect(whole.count == 120)
        var seen: [PricedFine] = []
        for page in 1...3 {
            let statement = try office.fineStatement(month: "2026-03", scope: .own, page: page, pageSize: 50)
            #expect(statement.page == page && statement.pages == 3)
            #expect(statement.payers.map(\.payer) == ["sam"] && statement.count == 120)
            #expect(statement.total == whole.reduce(Decimal(0)) { $0 + $1.priced.amount })
            #expect(statement.fines.count == (page < 3 ? 50 : 20))
            seen += statement.fines
        }
        #expect(seen == whole, "the same fines, in the same order, at the same prices and with the same waiver")
        #expect(seen.contains { $0.priced.isCapped && $0.priced.amount == 20 }, "the key's third repetition is cut to the cap's rest")
        #expect(seen.contains { $0.waiver?.by == "gina" })
        // A page past the last shows the last; an empty month has one empty page.
        #expect(try office.fineStatement(month: "2026-03", scope: .own, page: 9, pageSize: 50).page == 3)
        let empty = try office.fineStatement(month: "2026-05", scope: .own, page: 1, pageSize: 50)
        #expect(empty.payers.isEmpty && empty.fines.isEmpty && empty.pages == 1 && empty.total == 0)
    }

    @Test("a department's month lists its people by id with their own totals; someone in no department sees their own; everyone's lists all")
    func departmentsMonth() throws {
        let (store, folder) = try Self.office()
        defer { try? FileManager.default.removeItem(at: folder) }
        let statement = try Self.office(store, as: "tom").fineStatement(month: "2026-03", scope: .department, page: 3, pageSize: 50)
        #expect(statement.department == "sales")
        #expect(statement.payers.map(\.payer) == ["sam", "tom"] && statement.count == 123 && statement.pages == 3)
        #expect(statement.fines.map(\.priced.entry.occurrence.payer) == Array(repeating: "sam", count: 20) + ["tom", "tom", "tom"])
        let tom = try Self.office(store, as: "tom").fines(payers: ["tom"], month: "2026-03")
        #expect(statement.payers.last?.total == tom.reduce(Decimal(0)) { $0 + $1.priced.amount })
        #expect(statement.payers.last?.total == 50, "10, then 20 and 20 from the second on")

        let gina = try Self.office(store, as: "gina").fineStatement(month: "2026-03", scope: .department, page: 1, pageSize: 50)
        #expect(gina.department == nil && gina.scope == .own && gina.payers.map(\.payer) == ["gina"])
        let everyone = try Self.office(store, as: "gina").fineStatement(month: "2026-03", scope: .office, page: 1, pageSize: 50)
        #expect(everyone.scope == .office && everyone.payers.map(\.payer) == ["gina", "sam", "tom"] && everyone.count == 124)
    }
}
