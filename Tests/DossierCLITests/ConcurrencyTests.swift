import Foundation
import Testing

/// Optimistic concurrency through real processes on one SQLite file.
@Suite("Concurrent advances", .serialized)
struct ConcurrencyTests {
    /// A `sqlite3` process holding the write lock until released: every `dossier` process reads
    /// the open task, computes its step, then queues for the lock, so all of them race with a
    /// stale read, as two people pressing enter at once do.
    final class WriteLockBarrier {
        let process = Process()
        let input = Pipe()
        let output = Pipe()

        init(store: String) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = [store]
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            try process.run()
            input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 'locked';\n".utf8))
            var seen = ""
            while !seen.contains("locked") {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                seen += String(decoding: chunk, as: UTF8.self)
            }
        }

        func release() {
            input.fileHandleForWriting.write(Data("COMMIT;\n.quit\n".utf8))
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    static func spawn(_ arguments: [String], store: String, user: String) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = DossierProcess.executable
        process.arguments = arguments + ["--store", store]
        var environment = ProcessInfo.processInfo.environment
        environment["DOSSIER_USER"] = user
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return (process, errors)
    }

    @Test("8 processes advance the same task, 100 times: exactly one wins, the rest exit 75, the chain verifies")
    func eightRacers() throws {
        let store = try StoreFixture()
        var losersSaid = Set<String>()
        for round in 0..<100 {
            let task = try store.startPing(at: nil)
            let barrier = try WriteLockBarrier(store: store.path)
            let racers = try (0..<8).map { _ in try Self.spawn(["task", "advance", String(task), "ping"], store: store.path, user: "alice") }
            Thread.sleep(forTimeInterval: 0.4)
            barrier.release()
            var statuses: [Int32] = []
            for (process, errors) in racers {
                let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                statuses.append(process.terminationStatus)
                if process.terminationStatus == 75 { losersSaid.insert(said) }
            }
            #expect(statuses.filter { $0 == 0 }.count == 1, "round \(round): \(statuses)")
            #expect(statuses.filter { $0 == 75 }.count == 7, "round \(round): \(statuses)")
        }
        #expect(losersSaid.allSatisfy { $0.contains("changed while this command ran") })
        // One ping per dossier: no event lost or duplicated.
        #expect(try store.sqlite("SELECT COUNT(*) FROM event WHERE kind = 'transitioned';").trimmingCharacters(in: .whitespacesAndNewlines) == "100")
        #expect(try store.sqlite("SELECT COUNT(*) FROM task WHERE closed_at IS NOT NULL;").trimmingCharacters(in: .whitespacesAndNewlines) == "100")
        let audit = try store.run(["audit", "verify"])
        #expect(audit.status == 0, "\(audit.stderr)")
    }
}
