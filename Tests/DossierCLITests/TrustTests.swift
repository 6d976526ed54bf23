import Foundation
import Testing

/// Who may act on a production store, and who administers a store: `--as` only on simulation
/// stores, the `admin` staff role for staff and deployments, passwords kept as bcrypt hashes.
@Suite("Trust: identities, administrators, passwords")
struct TrustTests {
    static let login = ActorIdentityTests.defaultLogin

    @Test("a production store refuses --as and DOSSIER_USER with exit 64; its actor is the login",
          .enabled(if: !TrustTests.login.isEmpty, "this account has no login name"))
    func productionRefusesChosenActor() throws {
        let store = try StoreFixture(simulation: false)
        let named = try DossierProcess.run(["staff", "add", "eve", "--name", "Eve", "--role", "handler", "--as", "alice", "--store", store.path])
        #expect(named.status == 64)
        #expect(named.stderr.contains("--as is only accepted by simulation stores; on a production store you act as your own login (\(Self.login))"))
        let fromEnvironment = try store.run(["staff", "add", "eve", "--name", "Eve", "--role", "handler"], as: "alice")
        #expect(fromEnvironment.status == 64)
        #expect(fromEnvironment.stderr.contains("DOSSIER_USER is only accepted by simulation stores"))
        // Nothing was added by either.
        #expect(!(try DossierProcess.run(["staff", "list", "--store", store.path]).stdout.contains("eve")))
        // The login, the store's first admin, adds staff.
        let added = try DossierProcess.run(["staff", "add", "eve", "--name", "Eve", "--role", "handler", "--store", store.path])
        #expect(added.status == 0, "\(added.stderr)")
    }

    @Test("init --admin names the first administrator of a production store")
    func initAdmin() throws {
        let folder = try TemporaryFolder()
        let store = folder.path("d.db")
        let created = try DossierProcess.run(["init", "--store", store, "--admin", "gina", "--admin-name", "Gina Sun"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("administrator: gina (staff role admin)"))
        let shown = try DossierProcess.run(["staff", "show", "gina", "--store", store])
        #expect(shown.stdout.contains("admin"), "\(shown.stderr)")
        #expect(shown.stdout.contains("Gina Sun"))
        let alone = try DossierProcess.run(["init", "--store", folder.path("e.db"), "--admin-name", "Gina"])
        #expect(alone.status == 64)
        #expect(alone.stderr.contains("--admin-name goes with --admin USER"))
    }

    @Test("only an admin adds staff or deploys: anyone else gets exit 77 naming the role")
    func adminOnly() throws {
        let store = try StoreFixture()
        let added = try store.run(["staff", "add", "eve", "--name", "Eve", "--role", "gm", "--at", "2026-03-02T08:10"], as: "bob")
        #expect(added.status == 77)
        #expect(added.stderr == "error: bob may not add staff: that needs the staff role 'admin'\n")
        let edited = store.folder.path("ping.xml")
        try String(contentsOfFile: StoreFixture.fixtures + "/ping.xml", encoding: .utf8).replacingOccurrences(of: "</workflow>", with: "<!-- v2 --></workflow>")
            .write(toFile: edited, atomically: true, encoding: .utf8)
        let deployed = try store.run(["workflow", "deploy", edited, "--at", "2026-03-02T08:10"], as: "bob")
        #expect(deployed.status == 77)
        #expect(deployed.stderr.contains("bob may not deploy workflows or calendars: that needs the staff role 'admin'"))
        #expect(try store.run(["workflow", "show", "ping"]).stdout.contains("version 1 of 1"))
        #expect(try store.run(["staff", "add", "eve", "--name", "Eve", "--role", "gm", "--at", "2026-03-02T08:10"], as: "alice").status == 0)
        let byAdmin = try store.run(["workflow", "deploy", edited, "--at", "2026-03-02T08:11"], as: "alice")
        #expect(byAdmin.status == 0, "\(byAdmin.stderr)")
        #expect(byAdmin.stdout.contains("deployed version 2"))
    }

    @Test("passwords: one's own or, for an admin, anyone's; weak ones refused; kept only as a bcrypt hash")
    func passwords() throws {
        let store = try StoreFixture()
        let secret = "correct horse battery"
        let own = try DossierProcess.run(["staff", "password", "bob", "--password-stdin", "--store", store.path, "--at", "2026-03-02T08:10"],
                                         environment: ["DOSSIER_USER": "bob"], input: secret + "\n")
        #expect(own.status == 0, "\(own.stderr)")
        #expect(own.stdout == "password of bob set\n")
        let others = try DossierProcess.run(["staff", "password", "carol", "--password-stdin", "--store", store.path],
                                            environment: ["DOSSIER_USER": "bob"], input: secret + "\n")
        #expect(others.status == 77)
        #expect(others.stderr.contains("bob may not set carol's password: that needs the staff role 'admin'"))
        let weak = try DossierProcess.run(["staff", "password", "bob", "--password-stdin", "--store", store.path],
                                          environment: ["DOSSIER_USER": "alice"], input: "short\n")
        #expect(weak.status == 1)
        #expect(weak.stderr.contains("a password needs at least 10 characters"))
        let byAdmin = try DossierProcess.run(["staff", "password", "carol", "--password-stdin", "--store", store.path],
                                             environment: ["DOSSIER_USER": "alice"], input: "another long secret\n")
        #expect(byAdmin.status == 0, "\(byAdmin.stderr)")
        let noTerminal = try store.run(["staff", "password", "bob"], as: "bob")
        #expect(noTerminal.status == 64)
        #expect(noTerminal.stderr.contains("standard input is not a terminal; send the password with --password-stdin"))
        let hashes = try store.sqlite("SELECT staff_id || ' ' || substr(hash, 1, 4) FROM staff_password ORDER BY staff_id")
        #expect(hashes == "bob $2b$\ncarol $2b$\n")
        for file in try FileManager.default.contentsOfDirectory(atPath: store.folder.url.path) {
            #expect(try Data(contentsOf: store.folder.url.appendingPathComponent(file)).range(of: Data(secret.utf8)) == nil, "\(file) holds the password")
        }
        let events = try store.sqlite("SELECT actor || ' ' || details FROM event WHERE kind = 'password-set' ORDER BY seq")
        #expect(events == "bob {\"staff\":\"bob\"}\nalice {\"staff\":\"carol\"}\n")
    }
}

/// Signed checkpoints of the event chain: a log rewritten and re-hashed by someone who can
/// write the store but has no key is caught.
@Suite("Trust: signed checkpoints")
struct CheckpointTests {
    @Test("init makes a private signing key; a checkpoint is signed, printed and verified")
    func signAndVerify() throws {
        let store = try StoreFixture()
        let key = store.path + ".signing-key"
        let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let none = try store.run(["audit", "checkpoint"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("no checkpoint has been signed yet"))
        let signed = try store.run(["audit", "checkpoint", "--sign"])
        #expect(signed.status == 0, "\(signed.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(signed.stdout.utf8)) as? [String: Any])
        #expect(json["sequence"] as? Int == 4)
        #expect(try store.run(["audit", "checkpoint"]).stdout == signed.stdout)
        let verified = try store.run(["audit", "verify"])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("1 signed checkpoint verified"))
    }

    @Test("a log rewritten and re-hashed behind Dossier's back fails verify against the kept checkpoint")
    func rewrittenLogIsCaught() throws {
        let store = try StoreFixture()
        let kept = store.folder.path("checkpoint.json")
        let signed = try store.run(["audit", "checkpoint", "--sign"])
        try signed.stdout.write(toFile: kept, atomically: true, encoding: .utf8)
        // The forger renames bob in event 2 and recomputes every hash after it, as Dossier would.
        _ = try store.sqlite("UPDATE event SET details = replace(details, 'Bob', 'Rob') WHERE seq = 2")
        try Rehash.chain(of: store)
        _ = try store.sqlite("DELETE FROM audit_checkpoint")
        let plain = try store.run(["audit", "verify", "--public-key", store.path + ".signing-key.pub"])
        #expect(plain.status == 0, "the re-hashed chain alone looks intact: \(plain.stderr)")
        let caught = try store.run(["audit", "verify", "--checkpoint", kept])
        #expect(caught.status == 1)
        #expect(caught.stderr.contains("event 4 is not the one the checkpoint given signed: the log was rewritten up to there"))
    }

    @Test("a forged checkpoint, or one signed by another key, is refused")
    func forgedCheckpoint() throws {
        let store = try StoreFixture()
        let signed = try store.run(["audit", "checkpoint", "--sign"])
        let forged = signed.stdout.replacingOccurrences(of: "\"sequence\" : 4", with: "\"sequence\" : 3")
        let file = store.folder.path("forged.json")
        try forged.write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try store.run(["audit", "verify", "--checkpoint", file])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("has a signature that does not verify"))
        let other = try StoreFixture()
        let foreign = try store.run(["audit", "verify", "--public-key", other.path + ".signing-key.pub"])
        #expect(foreign.status == 1)
        #expect(foreign.stderr.contains("was signed by another key than the one trusted"))
    }
}

/// Recomputes a store's hash chain with sqlite3 and the chain's published rule, as a forger
/// who can write the file would.
enum Rehash {
    static func chain(of store: StoreFixture) throws {
        let rows = try store.sqlite("SELECT seq FROM event ORDER BY seq").split(separator: "\n").compactMap { Int($0) }
        var previous = String(repeating: "0", count: 64)
        for seq in rows {
            let columns = ["dossier_id", "task_id", "at", "actor", "kind", "action", "from_state", "to_state", "note", "details"]
            let select = columns.map { "CASE WHEN \($0) IS NULL THEN '-' ELSE length(CAST(\($0) AS BLOB)) || ':' || \($0) END" }.joined(separator: " || char(31) || ")
            let parts = try store.sqlite("SELECT \(select) FROM event WHERE seq = \(seq)").dropLast().split(separator: "\u{1F}", omittingEmptySubsequences: false)
            var input = "dossier-event-v1|" + previous + "|" + String(seq)
            for part in parts { input += "|" + part }
            let hash = sha256(input)
            _ = try store.sqlite("UPDATE event SET prev_hash = '\(previous)', hash = '\(hash)' WHERE seq = \(seq)")
            previous = hash
        }
        _ = try store.sqlite("UPDATE chain_head SET hash = '\(previous)' WHERE id = 1")
    }

    static func sha256(_ text: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try? process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }
}
