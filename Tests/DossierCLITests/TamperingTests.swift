import Foundation
import Testing

/// Editing, deleting or inserting event rows behind Dossier's back is found by `audit verify`.
@Suite("Tampering with the event log")
struct TamperingTests {
    static func store() throws -> StoreFixture {
        let store = try StoreFixture()
        let first = try store.startPing()
        #expect(try store.run(["task", "advance", String(first), "ping", "--at", "2026-03-02T10:00"]).status == 0)
        #expect(try store.run(["audit", "verify"]).status == 0)
        return store
    }

    @Test("an edited event is named")
    func edited() throws {
        let store = try Self.store()
        _ = try store.sqlite("UPDATE event SET actor = 'mallory' WHERE seq = 6;")
        let audit = try store.run(["audit", "verify"])
        #expect(audit.status == 1)
        #expect(audit.stderr.contains("event 6 was edited: its content no longer matches its hash"), "\(audit.stderr)")
    }

    @Test("a deleted event is named")
    func deleted() throws {
        let store = try Self.store()
        _ = try store.sqlite("DELETE FROM event WHERE seq = 6;")
        let audit = try store.run(["audit", "verify"])
        #expect(audit.status == 1)
        #expect(audit.stderr.contains("event 6 is missing: deleted from the log"), "\(audit.stderr)")
    }

    @Test("deleting the last events is found through the chain head")
    func deletedAtEnd() throws {
        let store = try Self.store()
        let last = Int(try store.sqlite("SELECT MAX(seq) FROM event;").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        _ = try store.sqlite("DELETE FROM event WHERE seq = \(last);")
        let audit = try store.run(["audit", "verify"])
        #expect(audit.status == 1)
        #expect(audit.stderr.contains("the last 1 were deleted"), "\(audit.stderr)")
    }

    @Test("an inserted event is named")
    func inserted() throws {
        let store = try Self.store()
        let last = Int(try store.sqlite("SELECT MAX(seq) FROM event;").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        _ = try store.sqlite("""
            INSERT INTO event (seq, dossier_id, at, actor, kind, details, prev_hash, hash)
            SELECT \(last + 1), 1, at, 'mallory', 'transitioned', '{}', hash, hash FROM event WHERE seq = \(last);
            """)
        let audit = try store.run(["audit", "verify"])
        #expect(audit.status == 1)
        #expect(audit.stderr.contains("event \(last + 1) was edited") || audit.stderr.contains("inserted"), "\(audit.stderr)")
        #expect(audit.stderr.contains("they were inserted"), "\(audit.stderr)")
    }

    @Test("a state changed behind the log's back is found")
    func derivedState() throws {
        let store = try Self.store()
        _ = try store.sqlite("UPDATE dossier SET state_id = 'done' WHERE id = 1;")
        let audit = try store.run(["audit", "verify"])
        #expect(audit.status == 1)
        #expect(audit.stderr.contains("dossier 1 is in state 'done' but its log says 'two'"), "\(audit.stderr)")
    }
}
