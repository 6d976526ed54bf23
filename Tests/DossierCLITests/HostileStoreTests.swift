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
        let list = ["task", "list", "--format", "csv", "--store", store]
        let before = try DossierProcess.run(list, environment: ["DOSSIER_USER": "alice"])
        for amount in ["-5", String(repeating: "9", count: 200)] {
            let refused = try DossierProcess.run(start + ["--field", "amount=\(amount)", "--store", store, "--at", "2026-03-26T09:00"],
                                                 environment: ["DOSSIER_USER": "alice"])
            #expect(refused.status == 1, "\(amount): \(refused.stderr)")
            #expect(refused.stderr.contains("from 0 to 999999999999.99"), "\(refused.stderr)")
        }
        let listed = try DossierProcess.run(list, environment: ["DOSSIER_USER": "alice"])
        #expect(listed.stdout == before.stdout, "no task was opened: \(listed.stdout)")
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

/// Runs `dossier` as an account that owns nothing here (uid 54321), when this test runs as root
/// on a machine with `setpriv` and a checkout other accounts may read (as CI does).
enum Stranger {
    static let prefix = ["--reuid=54321", "--regid=54321", "--clear-groups", "env", "-i", "PATH=/usr/bin:/bin", "HOME=/tmp"]

    static let isAvailable: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return false }
        return (try? run(["--help"]).status) == 0
    }()

    static func run(_ arguments: [String]) throws -> DossierProcess.Result {
        try DossierProcess.runProgram("/usr/bin/setpriv", prefix + [DossierProcess.executable.path] + arguments, environment: [:])
    }
}

extension HostileStoreTests {
    @Test("a store this account may only read is opened read-only: pending and audit verify work, a write exits 77 with a sentence and changes nothing",
          .enabled(if: Stranger.isAvailable, "needs root, setpriv and a checkout other accounts may read, as in CI"))
    func readOnlyStore() throws {
        let (folder, store) = try HostileOutputTests.demo()
        defer { withExtendedLifetime(folder) {} }
        for path in [folder.url.path, store] {
            try FileManager.default.setAttributes([.posixPermissions: path == store ? 0o644 : 0o755], ofItemAtPath: path)
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: store))

        let pending = try Stranger.run(["pending", "--store", store, "--as", "gina"])
        #expect(pending.status == 0, "\(pending.stderr)")
        #expect(pending.stdout.contains("loan-intake"), "\(pending.stdout)")
        let audit = try Stranger.run(["audit", "verify", "--store", store])
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(audit.stdout.contains("hash chain verified"), "\(audit.stdout)")

        let tick = try Stranger.run(["tick", "--store", store, "--as", "gina"])
        #expect(tick.status == 77, "\(tick.stderr)")
        #expect(tick.stderr.contains("may read the store \(store) but not change it"), "\(tick.stderr)")
        #expect(!tick.stderr.contains("INSERT"), "no SQL in the sentence: \(tick.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: store)) == before, "nothing was written")
        #expect(!FileManager.default.fileExists(atPath: store + "-wal"), "reading made no journal in a folder that is not ours")

        // Where the folder is writable but the file is not, the sentence is the same.
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder.url.path)
        let writableFolder = try Stranger.run(["tick", "--store", store, "--as", "gina"])
        #expect(writableFolder.status == 77, "\(writableFolder.stderr)")
        #expect(writableFolder.stderr.contains("but not change it"), "\(writableFolder.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: store)) == before, "nothing was written")
    }
}

extension HostileStoreTests {
    @Test("init --store on a dangling symbolic link refuses with a sentence and leaves the link as it is")
    func danglingSymbolicLink() throws {
        let folder = try TemporaryFolder()
        let link = folder.path("store.db")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: folder.path("missing/elsewhere.db"))
        let result = try DossierProcess.run(["init", "--simulation", "--store", link])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("is a symbolic link (to \(folder.path("missing/elsewhere.db"))) and was left as it is"), "\(result.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == folder.path("missing/elsewhere.db"))
    }

    @Test("a file name that is not UTF-8 is refused (exit 64, its bytes shown), never silently turned into another name")
    func fileNamesNotUTF8() throws {
        let folder = try TemporaryFolder()
        // The bytes reach the binary only through a shell: Swift's own arguments are text.
        let script = #"cd "$1" && exec "$0" workflow validate "$(printf 'a\377.xml')""#
        let validate = try DossierProcess.runProgram("/bin/sh", ["-c", script, DossierProcess.executable.path, folder.url.path], environment: [:])
        #expect(validate.status == 64, "\(validate.stderr)")
        #expect(validate.stderr.contains(#"argument 3 ('a\xff.xml') is not UTF-8 text"#), "\(validate.stderr)")

        let (demoFolder, store) = try HostileOutputTests.demo()
        defer { withExtendedLifetime(demoFolder) {} }
        let render = #"cd "$1" && exec "$0" render item-list 1 --store "$2" -o "$(printf 'b\376.txt')""#
        let written = try DossierProcess.runProgram("/bin/sh", ["-c", render, DossierProcess.executable.path, folder.url.path, store], environment: [:])
        #expect(written.status == 64, "\(written.stderr)")
        #expect(written.stderr.contains(#"('b\xfe.txt') is not UTF-8 text"#), "\(written.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty, "no file under another name")
    }
}
