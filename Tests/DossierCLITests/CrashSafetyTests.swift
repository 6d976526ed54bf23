import Foundation
import Testing

/// `kill -9` at random moments never leaves a half-written store.
@Suite("Crash safety")
struct CrashSafetyTests {
    @Test("100 advances killed at random points: the store opens, the chain verifies, every task is old or new")
    func killNine() throws {
        let store = try StoreFixture()
        _ = try store.startPing(at: nil)
        var generator = SystemRandomNumberGenerator()
        var completed = 0
        for _ in 0..<100 {
            guard let task = try store.openTask(of: 1) else { break }
            let action = try store.run(["task", "show", String(task)]).stdout.contains("action ping") ? "ping" : "pong"
            let process = Process()
            process.executableURL = DossierProcess.executable
            process.arguments = ["task", "advance", String(task), action, "--store", store.path]
            var environment = ProcessInfo.processInfo.environment
            environment["DOSSIER_USER"] = "alice"
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: Double(Int.random(in: 0...60, using: &generator)) / 1000)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .exit, process.terminationStatus == 0 { completed += 1 }
        }
        let audit = try store.run(["audit", "verify"])
        #expect(audit.status == 0, "\(audit.stderr)")
        // Every task is either closed with the action that closed it, or the one open task.
        let open = try store.sqlite("SELECT COUNT(*) FROM task WHERE closed_at IS NULL;").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(open == "1")
        let halfClosed = try store.sqlite("SELECT COUNT(*) FROM task WHERE closed_at IS NOT NULL AND action IS NULL;")
        #expect(halfClosed.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let transitions = Int(try store.sqlite("SELECT COUNT(*) FROM event WHERE kind = 'transitioned';").trimmingCharacters(in: .whitespacesAndNewlines))
        let closed = Int(try store.sqlite("SELECT COUNT(*) FROM task WHERE closed_at IS NOT NULL;").trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(transitions == closed)
        #expect((transitions ?? 0) >= completed)
        // The store still works.
        if let task = try store.openTask(of: 1) {
            let action = try store.run(["task", "show", String(task)]).stdout.contains("action ping") ? "ping" : "pong"
            #expect(try store.run(["task", "advance", String(task), action]).status == 0)
        }
    }
}
