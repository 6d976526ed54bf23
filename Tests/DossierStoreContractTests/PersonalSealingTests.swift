import DossierEngine
import DossierStore
import Foundation
import Testing

/// Personal fields in the store: sealed under the customer's key in the file, opened when read,
/// found by the customer's name however it is written, and erased by destroying the key while
/// the chain still verifies.
@Suite("Personal fields sealed in the store", .serialized)
struct PersonalSealingTests {
    /// A fresh store with the customer dossier deployed as version 1, its `customer` personal.
    static func store(_ fresh: FreshStore) throws -> any DossierStore {
        let store = try FineReplayTests.freshStore(fresh)
        try deployCustomerDossier(store)
        return store
    }

    /// Deploys the customer dossier, its `customer` personal.
    static func deployCustomerDossier(_ store: any DossierStore) throws {
        let source = try String(contentsOf: FineReplayTests.workflows.appendingPathComponent("generic-customer.xml"), encoding: .utf8)
        _ = try store.deploy([DefinitionSubmission(kind: .workflow, id: "generic-customer", title: "Customer", source: source,
                                                   personalFields: ["customer"])], at: FineReplayTests.at("2026-03-01T08:00"))
    }

    static func start(_ store: any DossierStore, _ customer: String, at time: String) throws -> Dossier {
        let engine = try FineReplayTests.engine("generic-customer")
        return try store.startDossier(at: .given(FineReplayTests.at(time))) { id, time in
            try engine.start(id: id, fields: ["customer": customer, "first-contact-on": "2026-03-02"],
                             assignments: ["handler": "alice", "head": "mona"], actor: FineReplayTests.staff["alice"]!,
                             staff: FineReplayTests.staff, at: time)
        }.0
    }

    @Test("the name is nowhere in the file, reads back in clear, and finds the customer's dossiers however it is spaced or cased", arguments: StoreKind.available)
    func sealedAndOpened(kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let store = try Self.store(fresh)
        let first = try Self.start(store, "Zhou Min", at: "2026-03-02T09:00")
        let second = try Self.start(store, "Zhou Min", at: "2026-03-02T09:01")
        _ = try Self.start(store, "Li Lei", at: "2026-03-02T09:02")

        #expect(try !fresh.holds("Zhou Min"))
        #expect(try store.dossier(first.id)?.fields["customer"] == "Zhou Min")
        #expect(try store.events(dossier: first.id).first?.details["field:customer"] == "Zhou Min")
        #expect(try store.dossiers(ofCustomer: "  zhou MIN ").map(\.id) == [first.id, second.id])

        let erased = try store.eraseCustomer(dossiers: [(first.id, first.revision), (second.id, second.revision)], request: "R-1", on: "2026-03-10",
                                             by: "carol", at: .given(FineReplayTests.at("2026-03-10T09:00")))
        #expect(erased.journalEmptied)
        #expect(try !fresh.holds("Zhou Min"))
        #expect(erased.dossiers == [first.id, second.id] && erased.keys == 1)
        let sentence = "erased on 2026-03-10 by carol under request R-1"
        #expect(try store.dossier(second.id)?.fields["customer"] == sentence)
        #expect(try store.events(dossier: first.id).first?.details["field:customer"] == sentence)
        #expect(try store.events(dossier: first.id).last?.kind == "customer-erased")
        #expect(try store.dossiers(ofCustomer: "Li Lei").first?.fields["customer"] == "Li Lei")
        #expect(try store.dossiers(ofCustomer: "Zhou Min").isEmpty, "no name finds an erased customer's keys again")
        #expect(try store.verifyAudit().problems.isEmpty)
        #expect(throws: StoreError.self) {
            try store.eraseCustomer(dossiers: [(first.id, first.revision), (second.id, second.revision)], request: "R-2", on: "2026-03-11",
                                    by: "carol", at: .given(FineReplayTests.at("2026-03-11T09:00")))
        }
    }

    @Test("a dossier started for the customer after the check is not erased unchecked: the erasure is refused as a lost race", arguments: StoreKind.available)
    func raceWithANewDossier(kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let store = try Self.store(fresh)
        let checked = try Self.start(store, "Zhou Min", at: "2026-03-02T09:00")
        _ = try Self.start(store, "Zhou Min", at: "2026-03-02T09:05")
        #expect(throws: StoreError.conflict("dossier 2 (sealed under the same customer's key, started a moment ago)")) {
            try store.eraseCustomer(dossiers: [(checked.id, checked.revision)], request: "R-1", on: "2026-03-10", by: "carol",
                                    at: .given(FineReplayTests.at("2026-03-10T09:00")))
        }
        #expect(try store.dossier(checked.id)?.fields["customer"] == "Zhou Min")
    }
    @Test("a dossier changed since the office checked it (a legal hold placed meanwhile) is not erased: a lost race, nothing erased", arguments: StoreKind.available)
    func changedSinceChecked(kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let store = try Self.store(fresh)
        let checked = try Self.start(store, "Zhou Min", at: "2026-03-02T09:00")
        let engine = try FineReplayTests.engine("generic-customer")
        let held = try engine.hold(checked, placing: true, reason: "court", actor: FineReplayTests.staff["carol"]!, at: FineReplayTests.at("2026-03-03T09:00"))
        _ = try store.commit(held, readAt: checked.revision, at: .given(FineReplayTests.at("2026-03-03T09:00")), archiveNumbers: nil)
        #expect(throws: StoreError.conflict("dossier \(checked.id)")) {
            try store.eraseCustomer(dossiers: [(checked.id, checked.revision)], request: "R-1", on: "2026-03-10", by: "carol",
                                    at: .given(FineReplayTests.at("2026-03-10T09:00")))
        }
        #expect(try store.dossier(checked.id)?.fields["customer"] == "Zhou Min")
    }
}
