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

extension HostileStoreTests {
    @Test("a loan amount below zero or of 200 digits is refused with the field's range, and nothing is started")
    func fieldRanges() throws {
        let (folder, store) = try HostileOutputTests.demo()
        defer { withExtendedLifetime(folder) {} }
        let start = ["start", "loan-intake", "--field", "customer=Zhou", "--field", "project=P-1", "--field", "ended-on=2026-03-26",
                     "--assign", "a=alice", "--assign", "b=bob", "--assign", "archivist=carol"]
        for amount in ["-5", String(repeating: "9", count: 200)] {
            let refused = try DossierProcess.run(start + ["--field", "amount=\(amount)", "--store", store, "--at", "2026-03-26T09:00"],
                                                 environment: ["DOSSIER_USER": "alice"])
            #expect(refused.status == 1, "\(amount): \(refused.stderr)")
            #expect(refused.stderr.contains("from 0 to 999999999999.99"), "\(refused.stderr)")
        }
        let listed = try DossierProcess.run(["task", "list", "--format", "csv", "--store", store], environment: ["DOSSIER_USER": "alice"])
        #expect(listed.stdout.split(separator: "\r\n").count == 2, "only the demo's open task: \(listed.stdout)")
        let fine = try DossierProcess.run(start + ["--field", "amount=1250000.50", "--store", store, "--at", "2026-03-26T09:01"],
                                          environment: ["DOSSIER_USER": "alice"])
        #expect(fine.status == 0, "\(fine.stderr)")
    }

    @Test("a deadline of ten thousand years is refused when deployed, with the line and the limit, and nothing is stored")
    func endlessDeadline() throws {
        let (folder, store) = try HostileOutputTests.demo()
        defer { withExtendedLifetime(folder) {} }
        let path = folder.path("eternal.xml")
        try """
            <workflow xmlns="urn:dossier:workflow:1" id="eternal" title="Eternal" calendar="weekdays">
              <roles><role id="clerk" staff-role="handler"/></roles>
              <states initial="drafting">
                <state id="drafting" role="clerk">
                  <deadline within="10000000" unit="working-days"/>
                  <transition action="submit" to="filed"/>
                </state>
                <state id="filed" final="true"/>
              </states>
            </workflow>
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let refused = try DossierProcess.run(["workflow", "deploy", path, "--store", store], environment: ["DOSSIER_USER": "carol"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("eternal.xml:5:"), "\(refused.stderr)")
        #expect(refused.stderr.contains("within=\"10000000\" working days is longer than a deadline may be: at most 2500 working days"))
        let listed = try DossierProcess.run(["workflow", "list", "--store", store])
        #expect(!listed.stdout.contains("eternal"))
    }
}

extension HostileStoreTests {
    @Test("a command line of thousands of arguments is refused at once (exit 64), before the parser spends seconds on it")
    func tooManyArguments() throws {
        let (folder, store) = try HostileOutputTests.demo()
        defer { withExtendedLifetime(folder) {} }
        let fields = (0..<10_000).flatMap { ["--field", "f\($0)=v"] }
        let refused = try DossierProcess.run(["start", "loan-intake"] + fields + ["--store", store], environment: ["DOSSIER_USER": "alice"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("20004 arguments are more than any dossier command takes (at most 1000)"), "\(refused.stderr)")
    }
}

extension HostileStoreTests {
    @Test("a workflow element with 100,000 attributes is refused with its line, at once, instead of taking libxml2 seconds")
    func crowdedElement() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("crowded.xml")
        let attributes = (0..<100_000).map { "a\($0)=\"x\"" }.joined(separator: " ")
        try "<workflow xmlns=\"urn:dossier:workflow:1\" id=\"w\"\n   \(attributes)/>\n".write(toFile: path, atomically: true, encoding: .utf8)
        let refused = try DossierProcess.run(["workflow", "validate", path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("crowded.xml:1:1: error: this element has 100002 attributes"), "\(refused.stderr)")
    }
}
