import Foundation
import Testing

/// What a hostile or careless user did to the store (issue #22), through the binary.
@Suite("Hostile input: the store")
struct HostileStoreTests {
    @Test("a writer that finds the store locked by another process for too long exits 75 (try again), not 1, and writes nothing")
    func busyStore() throws {
        let (folder, store) = try HostileOutputTests.demo()
        defer { withExtendedLifetime(folder) {} }
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        holder.arguments = [store]
        let input = Pipe()
        holder.standardInput = input
        holder.standardOutput = FileHandle.nullDevice
        try holder.run()
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\n".utf8))
        Thread.sleep(forTimeInterval: 0.5)
        let blocked = try DossierProcess.run(["staff", "add", "zoe", "--name", "Zoe", "--role", "handler", "--store", store, "--at", "2026-03-26T09:00"],
                                             environment: ["DOSSIER_USER": "carol"])
        input.fileHandleForWriting.write(Data("COMMIT;\n.quit\n".utf8))
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        #expect(blocked.status == 75, "\(blocked.stderr)")
        #expect(blocked.stderr.contains("is busy"), "\(blocked.stderr)")
        let staff = try DossierProcess.run(["staff", "list", "--store", store])
        #expect(!staff.stdout.contains("zoe"), "nothing was written")
        #expect(try DossierProcess.run(["staff", "add", "zoe", "--name", "Zoe", "--role", "handler", "--store", store, "--at", "2026-03-26T09:00"],
                                       environment: ["DOSSIER_USER": "carol"]).status == 0, "once the lock is gone, the same command succeeds")
    }
}

extension HostileStoreTests {
    @Test("an offset no zone has (+99:00) is refused in --at (exit 64, a sentence); the farthest real one is accepted")
    func impossibleOffsets() throws {
        let (folder, store) = try HostileOutputTests.demo()
        defer { withExtendedLifetime(folder) {} }
        let at = try DossierProcess.run(["pending", "--store", store, "--at", "2026-03-26T09:00+99:00"], environment: ["DOSSIER_USER": "carol"])
        #expect(at.status == 64)
        #expect(at.stderr.contains("--at 2026-03-26T09:00+99:00 is not a time"), "\(at.stderr)")
        let accepted = try DossierProcess.run(["pending", "--store", store, "--at", "2026-03-26T09:00+14:00"], environment: ["DOSSIER_USER": "carol"])
        #expect(accepted.status == 0, "the farthest zone there is: \(accepted.stderr)")
    }
}
