import Foundation
import Testing

/// Listings longer than one piece of output (JSON and CSV go out in pieces of 64 KB as they
/// are rendered): every row arrives once, whole and in order, and the output stays valid.
@Suite("Long listings")
struct LongListingTests {
    /// A store whose one ping dossier has `copies` more open tasks, made with sqlite3.
    static func store(copies: Int) throws -> StoreFixture {
        let store = try StoreFixture()
        let first = try store.startPing()
        _ = try store.sqlite("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(copies))
            INSERT INTO task (dossier_id, number, workflow_id, workflow_version, state_id, role_id, assignee, opened_at, due_at)
            SELECT dossier_id, 100 + i, workflow_id, workflow_version, state_id, role_id, assignee, opened_at, due_at
            FROM task, n WHERE task.id = \(first);
            """)
        return store
    }

    @Test("pending as JSON: 1,000 tasks, in order, each once, in one valid document")
    func json() throws {
        let store = try Self.store(copies: 999)
        let listed = try store.run(["pending", "--format", "json", "--at", "2026-03-02T10:00"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.utf8.count > 3 * 64 * 1024)
        let rows = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        let ids = rows.compactMap { $0["task"] as? Int }
        #expect(ids.count == 1_000)
        #expect(ids == ids.sorted() && Set(ids).count == ids.count)
        #expect(rows.allSatisfy { $0["state"] as? String == rows.first?["state"] as? String && $0["age_days"] as? Int == 0 })
    }

    @Test("task list as CSV: a header and 1,000 rows of the same width, in order")
    func csv() throws {
        let store = try Self.store(copies: 999)
        let listed = try store.run(["task", "list", "--format", "csv"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.utf8.count > 64 * 1024)
        let lines = listed.stdout.components(separatedBy: "\r\n").dropLast()
        #expect(lines.count == 1_001)
        #expect(listed.stdout.hasSuffix("\r\n"))
        let width = lines.first?.split(separator: ",", omittingEmptySubsequences: false).count
        #expect(lines.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == width })
        let ids = lines.dropFirst().compactMap { Int($0.prefix { $0 != "," }) }
        #expect(ids.count == 1_000 && ids == ids.sorted())
    }
}
