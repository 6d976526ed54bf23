import DossierEngine
import DossierStore
import Foundation
import Testing

/// A step that acts on other dossiers (a destruction list destroying the dossiers it names) is
/// stored with their steps in one transaction: all of them, or none when any dossier changed.
@Suite("Steps committed together", .serialized)
struct CommitTogetherTests {
    static func loans(_ store: any DossierStore, count: Int) throws -> [Dossier] {
        let engine = try FineReplayTests.engine("loan-intake")
        return try (1...count).map { n in
            try store.startDossier(at: .given(FineReplayTests.at("2026-03-02T09:0\(n)"))) { id, time in
                try engine.start(id: id, fields: ["customer": "C\(n)", "project": "P\(n)", "ended-on": "2026-03-02"],
                                 assignments: ["a": "alice", "b": "bob", "archivist": "carol"], actor: FineReplayTests.staff["alice"]!,
                                 staff: FineReplayTests.staff, at: time)
            }.0
        }
    }

    static func hold(_ dossier: Dossier, reason: String) throws -> WorkflowEngine.Step {
        try FineReplayTests.engine("loan-intake").hold(dossier, placing: true, reason: reason, actor: FineReplayTests.staff["carol"]!,
                                                       at: FineReplayTests.at("2026-03-03T09:00"))
    }

    @Test("all dossiers change in one transaction; if one was changed since it was read, none does and the log is untouched",
          arguments: StoreKind.available)
    func allOrNothing(kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let store = try FineReplayTests.freshStore(fresh)
        let dossiers = try Self.loans(store, count: 3)
        let moment = Moment.given(FineReplayTests.at("2026-03-03T09:00"))

        // Dossier 3 moved on since it was read: nothing is written.
        let stale = dossiers[2]
        _ = try store.commit(try Self.hold(stale, reason: "first"), readAt: stale.revision, at: moment, archiveNumbers: nil)
        let events = try store.events(dossier: nil).count
        #expect(throws: StoreError.self) {
            try store.commit(try Self.hold(dossiers[0], reason: "list"), readAt: dossiers[0].revision, at: moment, archiveNumbers: nil,
                             together: [(try Self.hold(dossiers[1], reason: "list"), dossiers[1].revision),
                                        (try Self.hold(stale, reason: "list"), stale.revision)])
        }
        #expect(try store.events(dossier: nil).count == events)
        #expect(try store.dossier(1)?.legalHold == nil && store.dossier(2)?.legalHold == nil)

        // Read afresh, all three change together.
        let reread = try (1...3).map { try #require(try store.dossier($0)) }
        _ = try store.commit(try Self.hold(reread[0], reason: "list"), readAt: reread[0].revision, at: moment, archiveNumbers: nil,
                             together: [(try Self.hold(reread[1], reason: "list"), reread[1].revision)])
        #expect(try store.dossier(1)?.legalHold?.reason == "list" && store.dossier(2)?.legalHold?.reason == "list")
        #expect(try store.events(dossier: nil).count == events + 2)
        #expect(try store.verifyAudit().problems.isEmpty)
    }

    @Test("a dossier named twice in one transaction: the second step was read before the first changed it, and nothing is written",
          arguments: StoreKind.available)
    func sameDossierTwice(kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let store = try FineReplayTests.freshStore(fresh)
        let dossiers = try Self.loans(store, count: 2)
        let moment = Moment.given(FineReplayTests.at("2026-03-03T09:00"))
        let events = try store.events(dossier: nil)
        #expect {
            try store.commit(try Self.hold(dossiers[0], reason: "twice"), readAt: dossiers[0].revision, at: moment, archiveNumbers: nil,
                             together: [(try Self.hold(dossiers[1], reason: "list"), dossiers[1].revision),
                                        (try Self.hold(dossiers[0], reason: "once"), dossiers[0].revision)])
        } throws: { error in
            if case StoreError.conflict = error { true } else { false }
        }
        #expect(try store.events(dossier: nil) == events)
        #expect(try store.dossier(1)?.legalHold == nil && store.dossier(2)?.legalHold == nil)
    }
}
