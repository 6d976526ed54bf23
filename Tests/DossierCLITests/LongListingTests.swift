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

    @Test("--limit keeps the first tasks of the listing's order, with and without --user")
    func limit() throws {
        let store = try Self.store(copies: 99)
        // Three of the first tasks wait for bob, so alice's first five come later.
        _ = try store.sqlite("UPDATE task SET assignee = 'bob' WHERE number BETWEEN 101 AND 103")
        let all = try store.run(["task", "list", "--format", "json"])
        #expect(all.status == 0)
        let rows = try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]] ?? []
        let allIDs = rows.compactMap { $0["task"] as? Int }
        let aliceIDs = rows.filter { $0["assignee"] as? String == "alice" }.compactMap { $0["task"] as? Int }
        #expect(allIDs.count == 100 && aliceIDs.count == 97)
        #expect(Array(allIDs.prefix(5)) != Array(aliceIDs.prefix(5)))
        for (arguments, expected) in [(["task", "list", "--limit", "5"], allIDs), (["pending", "--limit", "5", "--at", "2026-03-02T10:00"], allIDs),
                                      (["pending", "--limit", "5", "--user", "alice", "--at", "2026-03-02T10:00"], aliceIDs)] {
            let listed = try store.run(arguments + ["--format", "json"])
            #expect(listed.status == 0, "\(arguments): \(listed.stderr)")
            let ids = try (JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []).compactMap { $0["task"] as? Int }
            #expect(ids == Array(expected.prefix(5)), "\(arguments)")
        }
    }

    @Test("--limit below 1 is a usage error that says what to give", arguments: [["task", "list"], ["pending"]])
    func badLimit(command: [String]) throws {
        let store = try Self.store(copies: 1)
        let refused = try store.run(command + ["--limit", "0"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--limit 0 is not a number of tasks; give 1 or more"))
    }

    /// Runs `script` with bash, `$DOSSIER` naming the built binary.
    static func bash(_ script: String, store: StoreFixture) throws -> DossierProcess.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["DOSSIER"] = DossierProcess.executable.path
        environment["DOSSIER_STORE"] = store.path
        environment["DOSSIER_USER"] = "alice"
        return try DossierProcess.runProgram("/bin/bash", ["-c", script], environment: environment)
    }

    @Test("output that cannot be written (a full disk) fails the command with a sentence, not exit 0", arguments: ["json", "csv"])
    func fullDisk(format: String) throws {
        let store = try Self.store(copies: 999)
        let result = try Self.bash("\"$DOSSIER\" task list --format \(format) > /dev/full", store: store)
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write the listing to standard output: No space left on device; the listing is incomplete"))
    }

    @Test("a reader that goes away ends the listing quietly, also with SIGPIPE ignored")
    func closedPipe() throws {
        let store = try Self.store(copies: 999)
        let result = try Self.bash("trap '' PIPE; \"$DOSSIER\" task list --format json | head -c 100 > /dev/null; echo \"status ${PIPESTATUS[0]}\"", store: store)
        #expect(result.stdout == "status 0\n")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }
}

