import Foundation
import Testing

/// The `dossier` binary as a client of a real `dossier serve`: people log in, act as
/// themselves and nobody else, and every refusal has its exit status.
@Suite("Through the server", .serialized, .enabled(if: !ActorIdentityTests.defaultLogin.isEmpty, "this account has no login name"))
struct ServerTests {
    /// Starts a ping dossier for alice (a) and bob (b) through the server, as alice (logged in).
    static func startPing(_ fixture: ServerFixture) throws -> Int {
        let started = try fixture.run(["start", "ping", "--assign", "a=alice", "--assign", "b=bob"], as: "alice")
        guard started.status == 0, let line = started.stdout.split(separator: "\n").first(where: { $0.hasPrefix("task ") }),
              let id = Int(line.dropFirst(5).prefix { $0.isNumber }) else {
            throw FixtureFailure("start failed: \(started.stderr)")
        }
        return id
    }

    @Test("each person logs in and acts as themselves; nobody can act as another by any option")
    func actAsOneself() throws {
        let fixture = try ServerFixture()
        try fixture.logIn("alice")
        try fixture.logIn("bob")
        let credentials = fixture.home("alice") + "/dossier/credentials"
        #expect((try FileManager.default.attributesOfItem(atPath: credentials)[.posixPermissions] as? Int) == 0o600)
        let task = try Self.startPing(fixture)
        // Bob cannot take alice's step, and cannot name himself alice.
        let notBobs = try fixture.run(["task", "advance", String(task), "ping"], as: "bob")
        #expect(notBobs.status == 1)
        #expect(notBobs.stderr.contains("bob cannot take 'ping'"))
        let named = try fixture.run(["task", "advance", String(task), "ping", "--as", "alice"], as: "bob")
        #expect(named.status == 64)
        #expect(named.stderr.contains("--as is not accepted through a server"))
        let fromEnvironment = try fixture.run(["task", "advance", String(task), "ping"], as: "bob", environment: ["DOSSIER_USER": "alice"])
        #expect(fromEnvironment.status == 64)
        // Nor can anyone move a production store's clock through its server.
        let backdated = try fixture.run(["task", "advance", String(task), "ping", "--at", "2026-03-02T09:30"], as: "alice")
        #expect(backdated.status == 64)
        #expect(backdated.stderr.contains("production store"), "\(backdated.stderr)")
        let done = try fixture.run(["task", "advance", String(task), "ping"], as: "alice")
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("dossier 1: ping → two"))
        let mine = try fixture.run(["task", "list", "--mine", "--format", "json"], as: "alice")
        #expect(mine.stdout.contains("\"state\": \"two\""), "\(mine.stdout) \(mine.stderr)")
        #expect(try fixture.run(["task", "list", "--mine", "--format", "json"], as: "bob").stdout == "[]\n")
        // task show and pending print through the server what they print on the store.
        let shown = try fixture.run(["task", "show", String(task)], as: "bob")
        let shownLocally = try fixture.local(["task", "show", String(task)])
        #expect(shown.status == 0 && shown.stdout == shownLocally.stdout, "\(shown.stderr)")
        let open = try #require(try fixture.run(["task", "list", "--mine", "--format", "csv"], as: "alice").stdout
            .split(separator: "\r\n").dropFirst().first?.split(separator: ",").first.map(String.init))
        let openShown = try fixture.run(["task", "show", open], as: "bob")
        #expect(openShown.stdout.contains("action pong → one (by a)"), "\(openShown.stdout)\(openShown.stderr)")
        let openShownLocally = try fixture.local(["task", "show", open])
        #expect(openShown.stdout == openShownLocally.stdout)
        let remote = try fixture.run(["pending", "--user", "alice", "--format", "csv"], as: "bob")
        let local = try fixture.local(["pending", "--user", "alice", "--format", "csv"])
        #expect(remote.status == 0 && remote.stdout == local.stdout, "\(remote.stdout)\(remote.stderr) vs \(local.stdout)")
        // The store's log names the person logged in.
        let history = try fixture.local(["history", "1"])
        #expect(history.stdout.contains("alice"))
    }

    @Test("no login, a forged token, a revoked session: exit 77; a non-admin adding staff: exit 77")
    func refusals() throws {
        let fixture = try ServerFixture()
        let anonymous = try fixture.run(["task", "list", "--server", fixture.url], as: "nobody")
        #expect(anonymous.status == 77)
        #expect(anonymous.stderr.contains("this needs a login"))
        try fixture.logIn("alice")
        let credentials = fixture.home("alice") + "/dossier/credentials"
        let saved = try String(contentsOfFile: credentials, encoding: .utf8)
        let token = try #require(saved.range(of: "\"token\":\"").map { saved[$0.upperBound...].prefix { $0 != "\"" } })
        try saved.replacingOccurrences(of: String(token), with: String(token.reversed())).write(toFile: credentials, atomically: true, encoding: .utf8)
        let forged = try fixture.run(["task", "list"], as: "alice")
        #expect(forged.status == 77)
        try fixture.logIn("alice")
        let staff = try fixture.run(["staff", "add", "eve", "--name", "Eve", "--role", "gm"], as: "alice")
        #expect(staff.status == 77)
        #expect(staff.stderr.contains("alice may not add staff: that needs the staff role 'admin'"))
        // The admin ends alice's session; her next command is refused.
        try fixture.logIn(ServerFixture.login)
        let sessions = try fixture.run(["session", "list", "--all", "--format", "csv"], as: ServerFixture.login)
        let aliceSession = try #require(sessions.stdout.split(separator: "\r\n").last { $0.contains(",alice,") }?.split(separator: ",").first)
        #expect(try fixture.run(["session", "revoke", String(aliceSession)], as: ServerFixture.login).status == 0)
        let revoked = try fixture.run(["task", "list"], as: "alice")
        #expect(revoked.status == 77)
        // Passwords through the server: the admin sets alice's; bob may not.
        try fixture.logIn("bob")
        let byBob = try fixture.run(["staff", "password", "alice", "--password-stdin"], as: "bob", input: "a new long secret\n")
        #expect(byBob.status == 77)
        #expect(byBob.stderr.contains("bob may not set alice's password: that needs the staff role 'admin'"))
        try fixture.logIn("alice")
        #expect(try fixture.run(["task", "list"], as: "alice").status == 0)
        let byAdmin = try fixture.run(["staff", "password", "alice", "--password-stdin"], as: ServerFixture.login, input: "a new long secret\n")
        #expect(byAdmin.status == 0, "\(byAdmin.stderr)")
        // A changed password ends the sessions opened with the old one.
        let afterReset = try fixture.run(["task", "list"], as: "alice")
        #expect(afterReset.status == 77, "\(afterReset.stdout)")
        let weak = try fixture.run(["staff", "password", "alice", "--password-stdin"], as: ServerFixture.login, input: "short\n")
        #expect(weak.status == 1)
        #expect(weak.stderr.contains("at least 10 characters"))
        let logout = try fixture.run(["logout"], as: ServerFixture.login)
        #expect(logout.status == 0)
        #expect(!FileManager.default.fileExists(atPath: fixture.home(ServerFixture.login) + "/dossier/credentials"))
    }

    @Test("five wrong passwords lock the login; the right one then also waits")
    func lockout() throws {
        let fixture = try ServerFixture()
        for _ in 0..<5 {
            let wrong = try fixture.run(["login", "--server", fixture.url, "--user", "bob", "--password-stdin"], as: "bob", input: "not the password\n")
            #expect(wrong.status == 77)
        }
        let locked = try fixture.run(["login", "--server", fixture.url, "--user", "bob", "--password-stdin"], as: "bob", input: ServerFixture.password + "\n")
        #expect(locked.status == 77)
        #expect(locked.stderr.contains("too many failed logins for bob"))
    }

    @Test("50 clients advancing 50 tasks at once all succeed; 8 racing on one task: exactly one wins")
    func concurrency() throws {
        let fixture = try ServerFixture()
        try fixture.logIn("alice")
        let tasks = try (0..<50).map { _ in try Self.startPing(fixture) }
        let results = try Self.concurrently(tasks.map { ["task", "advance", String($0), "ping"] }, fixture: fixture, as: "alice")
        #expect(results.filter { $0.status == 0 }.count == 50, "\(results.filter { $0.status != 0 }.map(\.stderr))")
        let race = try Self.startPing(fixture)
        let racers = try Self.concurrently(Array(repeating: ["task", "advance", String(race), "ping"], count: 8), fixture: fixture, as: "alice")
        #expect(racers.filter { $0.status == 0 }.count == 1)
        // A loser either lost the race (75) or arrived after the winner closed the task (1).
        for loser in racers where loser.status != 0 {
            #expect(loser.status == 75 || (loser.status == 1 && loser.stderr.contains("is already done")), "\(loser.status) \(loser.stderr)")
        }
        fixture.stop()
        let store = try StoreFixture.adopting(fixture.path, folder: fixture.folder)
        #expect(try store.sqlite("SELECT COUNT(*) FROM event WHERE dossier_id = 51 AND kind = 'transitioned'") == "1\n")
        #expect(try store.sqlite("SELECT COUNT(*) FROM event WHERE kind = 'transitioned'") == "51\n")
        let audit = try fixture.local(["audit", "verify"])
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(audit.stdout.contains("signed checkpoint"))
    }

    @Test("SIGTERM in the middle of a stream of writes loses no acknowledged write; the chain and checkpoints verify")
    func gracefulShutdown() throws {
        let fixture = try ServerFixture()
        try fixture.logIn("alice")
        let tasks = try (0..<30).map { _ in try Self.startPing(fixture) }
        let acknowledged = Acknowledged()
        let writer = Thread {
            for task in tasks {
                guard let result = try? fixture.run(["task", "advance", String(task), "ping"], as: "alice") else { continue }
                if result.status == 0 { acknowledged.add(task) }
            }
        }
        writer.start()
        Thread.sleep(forTimeInterval: 1.0)
        fixture.stop(SIGTERM)
        while !writer.isFinished { Thread.sleep(forTimeInterval: 0.05) }
        #expect(fixture.server.terminationReason == .exit && fixture.server.terminationStatus == 0)
        let done = acknowledged.tasks
        #expect(!done.isEmpty, "no write was acknowledged before the stop")
        for task in done {
            let shown = try fixture.local(["task", "show", String(task)])
            #expect(shown.stdout.contains("closed") && shown.stdout.contains("'ping'"), "acknowledged task \(task) was lost: \(shown.stdout)")
        }
        let audit = try fixture.local(["audit", "verify"])
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(audit.stdout.contains("signed checkpoint"))
    }

    @Test("a store edited and re-hashed behind the service's back fails verify against the service's last checkpoint")
    func rewrittenBehindTheService() throws {
        let fixture = try ServerFixture()
        try fixture.logIn("alice")
        fixture.stop()
        let kept = fixture.folder.path("checkpoint.json")
        let checkpoint = try fixture.local(["audit", "checkpoint"])
        #expect(checkpoint.status == 0, "the service signs a checkpoint when it stops: \(checkpoint.stderr)")
        try checkpoint.stdout.write(toFile: kept, atomically: true, encoding: .utf8)
        let store = try StoreFixture.adopting(fixture.path, folder: fixture.folder)
        _ = try store.sqlite("UPDATE event SET actor = 'mallory' WHERE seq = 2")
        try Rehash.chain(of: store)
        _ = try store.sqlite("DELETE FROM audit_checkpoint")
        let caught = try fixture.local(["audit", "verify", "--checkpoint", kept])
        #expect(caught.status == 1)
        #expect(caught.stderr.contains("the log was rewritten up to there"))
    }

    @Test("HTTPS: the client trusts the authority given at login, and refuses a certificate it does not know",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "needs openssl to make a certificate"))
    func tls() throws {
        let fixture = try ServerFixture(tls: true)
        #expect(fixture.url.hasPrefix("https://127.0.0.1:"))
        let unknown = try fixture.run(["login", "--server", fixture.url, "--user", "alice", "--password-stdin"], as: "alice",
                                      input: ServerFixture.password + "\n")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("cannot reach the server at \(fixture.url): its TLS certificate is not trusted"))
        #expect(unknown.stderr.contains("--ca-file FILE"))
        try fixture.logIn("alice", options: ["--ca-file", fixture.certificate])
        let listed = try fixture.run(["staff", "list", "--format", "csv"], as: "alice")
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("alice,Alice,handler"))
    }

    @Test("intake through the server: A records the checklist, the engine's rules hold, only the dossier's people read it, the sweep fines")
    func checklist() throws {
        let fixture = try ServerFixture(workflows: DossierProcess.packageRoot.appendingPathComponent("Workflows").path)
        for user in ["alice", "bob", "dan"] { try fixture.logIn(user) }
        let started = try fixture.run(["start", "loan-intake", "--field", "customer=Hongda", "--field", "project=HD-1",
                                       "--field", "ended-on=2026-03-02", "--assign", "a=alice", "--assign", "b=bob",
                                       "--assign", "archivist=carol"], as: "alice")
        #expect(started.status == 0, "\(started.stderr)")
        let recorded = try fixture.run(["checklist", "set", "1", "loan-application", "--pages", "3", "--signed", "customer"], as: "alice")
        #expect(recorded.stdout == "dossier 1: loan-application recorded, 3 pages, signed: customer\n", "\(recorded.stderr)")
        // While A compiles the dossier, B does not check items yet: the engine's refusal comes back whole.
        let early = try fixture.run(["checklist", "verify", "1", "loan-application", "--ok"], as: "bob")
        #expect(early.status == 1)
        #expect(early.stderr == "error: bob cannot take 'verify items': it is for a (alice); only they can take it\n")
        let remote = try fixture.run(["checklist", "show", "1", "--format", "csv"], as: "bob")
        let local = try fixture.local(["checklist", "show", "1", "--format", "csv"])
        #expect(remote.status == 0 && remote.stdout == local.stdout, "\(remote.stderr)")
        #expect(remote.stdout.contains("loan-application"))
        let outsider = try fixture.run(["checklist", "show", "1"], as: "dan")
        #expect(outsider.status == 77)
        #expect(outsider.stderr.contains("dan may not read dossier 1: they hold no role in it"))
        // The certificate hand-over list through the server: A fills it, each signing role signs.
        let added = try fixture.run(["certificates", "add", "1", "other-rights-certificate", "--number", "沪(2026)他项第0042号"], as: "alice")
        #expect(added.stdout.contains("dossier 1: certificate list 1, 1 line, 1 certificate"), "\(added.stdout)\(added.stderr)")
        let signedByA = try fixture.run(["certificates", "sign", "1"], as: "alice")
        #expect(signedByA.stdout.hasPrefix("alice signed certificate list 1 of dossier 1 as a"), "\(signedByA.stdout)\(signedByA.stderr)")
        #expect(signedByA.stdout.contains("waiting for the signature of b (bob), archivist (carol)"))
        // The dossier's hand-over was due in March: acting on it in December assessed the fine
        // already, so the sweep through the server finds nothing more to fine.
        let tick = try fixture.run(["tick"], as: "alice")
        #expect(tick.status == 0, "\(tick.stderr)")
        #expect(tick.stdout.contains("0 fines recorded"), "\(tick.stdout)")
        let fines = try fixture.run(["fines", "list", "--format", "csv"], as: "bob")
        #expect(fines.stdout.contains(",alice,"), "\(fines.stdout)")
        let localFines = try fixture.local(["fines", "list", "--format", "csv"])
        #expect(fines.status == 0 && fines.stdout == localFines.stdout, "\(fines.stderr)")
        let statement = try fixture.run(["fines", "statement", "alice", "--month", "2026-03"], as: "bob")
        #expect(statement.stdout == (try fixture.local(["fines", "statement", "alice", "--month", "2026-03"])).stdout, "\(statement.stderr)")
        let waive = try fixture.run(["fines", "waive", "1", "--reason", "system outage"], as: "bob")
        #expect(waive.status == 77)
        #expect(waive.stderr.contains("bob may not waive fines of loan-intake"))
        let extend = try fixture.run(["task", "extend", "1", "--until", "2026-12-31", "--reason", "customer abroad"], as: "bob")
        #expect(extend.status == 1)
        #expect(extend.stderr.contains("bob"), "\(extend.stderr)")
        let register = try fixture.run(["register", "--format", "csv"], as: "bob")
        let localRegister = try fixture.local(["register", "--format", "csv"])
        #expect(register.status == 0 && register.stdout == localRegister.stdout, "\(register.stderr)")
        // The history through the server is the log as it was; the log then holds the read too.
        let history = try fixture.run(["history", "1"], as: "bob")
        #expect(history.status == 0, "\(history.stderr)")
        let logged = try fixture.local(["history", "1"])
        #expect(logged.stdout.hasPrefix(history.stdout))
        #expect(logged.stdout.split(separator: "\n").last?.contains("bob  read it (GET /api/v1/dossiers/1/history)") == true, "\(logged.stdout)")
        fixture.stop()
        let store = try StoreFixture.adopting(fixture.path, folder: fixture.folder)
        #expect(try store.sqlite("SELECT actor FROM event WHERE kind = 'read' AND dossier_id = 1") == "bob\nbob\n")
    }

    @Test("audit through the server: an admin signs and verifies; anyone reads the latest checkpoint; others may not audit")
    func audit() throws {
        let fixture = try ServerFixture()
        try fixture.logIn(ServerFixture.login)
        try fixture.logIn("alice")
        let signed = try fixture.run(["audit", "checkpoint", "--sign"], as: ServerFixture.login)
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(try fixture.run(["audit", "checkpoint"], as: "alice").stdout == signed.stdout)
        let verified = try fixture.run(["audit", "verify"], as: ServerFixture.login)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("signed checkpoint") && verified.stdout.contains("verified against the service's key"))
        let kept = fixture.folder.path("kept.json")
        try signed.stdout.write(toFile: kept, atomically: true, encoding: .utf8)
        #expect(try fixture.run(["audit", "verify", "--checkpoint", kept], as: ServerFixture.login).status == 0)
        let byAlice = try fixture.run(["audit", "verify"], as: "alice")
        #expect(byAlice.status == 77)
        #expect(byAlice.stderr.contains("alice may not audit the store: that needs the staff role 'admin'"))
        let signByAlice = try fixture.run(["audit", "checkpoint", "--sign"], as: "alice")
        #expect(signByAlice.status == 77)
    }

    @Test("deployment through the server: an admin deploys, errors come back as file:line:col, others get 77")
    func deploy() throws {
        let fixture = try ServerFixture()
        try fixture.logIn(ServerFixture.login)
        try fixture.logIn("alice")
        let edited = fixture.folder.path("ping.xml")
        let source = try String(contentsOfFile: StoreFixture.fixtures + "/ping.xml", encoding: .utf8)
        try source.replacingOccurrences(of: "</workflow>", with: "<!-- v2 --></workflow>").write(toFile: edited, atomically: true, encoding: .utf8)
        let byAlice = try fixture.run(["workflow", "deploy", edited], as: "alice")
        #expect(byAlice.status == 77)
        #expect(byAlice.stderr.contains("alice may not deploy workflows or calendars: that needs the staff role 'admin'"))
        let deployed = try fixture.run(["workflow", "deploy", edited], as: ServerFixture.login)
        #expect(deployed.stdout == "workflow ping: deployed version 2\n", "\(deployed.stderr)")
        let again = try fixture.run(["workflow", "deploy", edited], as: ServerFixture.login)
        #expect(again.stdout == "workflow ping: unchanged (version 2)\n")
        let broken = fixture.folder.path("broken.xml")
        try source.replacingOccurrences(of: "to=\"two\"", with: "to=\"tw\"").write(toFile: broken, atomically: true, encoding: .utf8)
        let refused = try fixture.run(["workflow", "deploy", broken], as: ServerFixture.login)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(broken):"), "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing was deployed"))
        let listed = try fixture.run(["workflow", "list", "--format", "csv"], as: "alice")
        let local = try fixture.local(["workflow", "list", "--format", "csv"])
        #expect(listed.status == 0 && listed.stdout == local.stdout, "\(listed.stderr)")
    }

    /// Runs each command line at once as `user`, and their results in order.
    static func concurrently(_ commands: [[String]], fixture: ServerFixture, as user: String) throws -> [DossierProcess.Result] {
        let results = Results(count: commands.count)
        DispatchQueue.concurrentPerform(iterations: commands.count) { index in
            results.set(index, try? fixture.run(commands[index], as: user))
        }
        return results.all
    }
}

/// Tasks whose advance was acknowledged, collected from another thread.
private final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var done: [Int] = []
    func add(_ task: Int) { lock.withLock { done.append(task) } }
    var tasks: [Int] { lock.withLock { done } }
}

/// Results filled in from several threads.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [DossierProcess.Result?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: DossierProcess.Result?) { lock.withLock { values[index] = value } }
    var all: [DossierProcess.Result] {
        lock.withLock { values.map { $0 ?? DossierProcess.Result(status: -1, stdout: "", stderr: "did not run") } }
    }
}

/// Starting the service on wrong ground.
@Suite("dossier serve refusals")
struct ServeRefusalTests {
    @Test("a store without a signing key gets one; a port in use is a sentence, exit 1; --listen must be HOST:PORT")
    func refusals() throws {
        let fixture = try ServerFixture()
        let busy = try DossierProcess.run(["serve", "--store", fixture.path, "--listen", String(fixture.url.dropFirst("http://".count))])
        #expect(busy.status == 1)
        #expect(busy.stderr.contains("cannot listen on 127.0.0.1:"))
        #expect(busy.stderr.contains("choose another address with --listen"))
        let malformed = try DossierProcess.run(["serve", "--store", fixture.path, "--listen", "8470"])
        #expect(malformed.status == 64)
        #expect(malformed.stderr.contains("--listen 8470 is not HOST:PORT"))
        let halfTLS = try DossierProcess.run(["serve", "--store", fixture.path, "--tls-key", "key.pem"])
        #expect(halfTLS.status == 64)
        let proxyAlone = try DossierProcess.run(["serve", "--store", fixture.path, "--trust-proxy-header", "X-Remote-User"])
        #expect(proxyAlone.status == 64)
        #expect(proxyAlone.stderr.contains("--trust-proxy-header needs --trusted-proxy"))
        fixture.stop()
        // A store made before stores had keys: serve makes the key beside it before listening.
        for suffix in [".signing-key", ".signing-key.pub"] { try FileManager.default.removeItem(atPath: fixture.path + suffix) }
        let restarted = Process()
        restarted.executableURL = DossierProcess.executable
        restarted.arguments = ["serve", "--store", fixture.path, "--listen", "127.0.0.1:0"]
        let output = Pipe()
        restarted.standardOutput = output
        restarted.standardError = FileHandle.nullDevice
        try restarted.run()
        var said = Data()
        while !String(decoding: said, as: UTF8.self).contains("listening on") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said += chunk
        }
        restarted.terminate()
        restarted.waitUntilExit()
        #expect(String(decoding: said, as: UTF8.self).hasPrefix("dossier serve: created the signing key \(fixture.path).signing-key"))
        #expect((try FileManager.default.attributesOfItem(atPath: fixture.path + ".signing-key")[.posixPermissions] as? Int) == 0o600)
    }
}
