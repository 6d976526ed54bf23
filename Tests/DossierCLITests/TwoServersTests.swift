import Foundation
import Synchronization
import Testing

/// Two `dossier serve` processes on one PostgreSQL store, driven by the real binary: racing
/// clients through both, registrations at once, both ticking at once, one killed mid-stream.
@Suite("Two servers, one database", .serialized, .enabled(if: SharedDatabase.available))
struct TwoServersTests {
    @Test("8 clients racing on one task through both servers: exactly one wins, the rest lose the race (75) or find it done")
    func racingThroughBoth() throws {
        let office = try SharedDatabase()
        defer { office.remove() }
        let task = try office.startPing()
        let racers = try office.concurrently((0..<8).map { (["task", "advance", String(task), "ping"], $0 % 2) })
        #expect(racers.filter { $0.status == 0 }.count == 1, "\(racers.map(\.stderr))")
        for loser in racers where loser.status != 0 {
            #expect(loser.status == 75 || (loser.status == 1 && loser.stderr.contains("is already done")), "\(loser.status) \(loser.stderr)")
        }
        #expect(try office.sql("SELECT COUNT(*) FROM event WHERE kind = 'transitioned'") == "1")
        let audit = try office.local(["audit", "verify"])
        #expect(audit.status == 0, "\(audit.stderr)")
        // Its backups are the database's own.
        let backup = try office.local(["backup", "--to", office.folder.path("copy.db"), "--as", "root"])
        #expect(backup.status == 1 && backup.stderr.contains("pg_dump"), "\(backup.stderr)")
        #expect(!FileManager.default.fileExists(atPath: office.folder.path("copy.db")))
    }

    @Test("8 registrations at once through both servers take consecutive archive numbers; both ticking at once assess each fine once")
    func registeringAndTickingThroughBoth() throws {
        let office = try SharedDatabase()
        defer { office.remove() }
        let dossiers = try (1...12).map { n in try office.start(["start", "filing", "--field", "project=P\(n)", "--assign", "clerk=alice"]) }
        let filed = try office.concurrently(dossiers.prefix(8).enumerated().map { (["task", "advance", String($1), "file"], $0 % 2) })
        #expect(filed.allSatisfy { $0.status == 0 }, "\(filed.map(\.stderr))")
        #expect(try office.sql("SELECT string_agg(number, ' ' ORDER BY number) FROM archive_number")
            == (1...8).map { String(format: "F%04d", $0) }.joined(separator: " "))

        // Four dossiers stay open past their deadline; both servers sweep the same days at once
        // (alice logs in again: her sessions ended with the days the clock moved on).
        try office.check(office.local(["clock", "advance", "5d"]), "clock advance")
        try office.logIn()
        let ticks = try office.concurrently([(["tick"], 0), (["tick"], 1)])
        #expect(ticks.allSatisfy { $0.status == 0 }, "\(ticks.map(\.stderr))")
        let fines = try office.sql("SELECT COUNT(*) || ' ' || COUNT(DISTINCT key) || ' ' || COUNT(DISTINCT dossier_id) FROM fine")
        let counts = fines.split(separator: " ")
        #expect(counts.count == 3 && counts[0] == counts[1] && counts[2] == "4", "fines, distinct keys, dossiers: \(fines)")
        #expect(try office.sql("SELECT COUNT(*) FROM event WHERE kind = 'fine-assessed'") == String(counts.first ?? ""))
        let again = try office.through(0, ["tick"])
        #expect(again.status == 0 && again.stdout.contains("0 fines recorded"), "\(again.stdout)")
        let audit = try office.local(["audit", "verify"])
        #expect(audit.status == 0, "\(audit.stderr)")
    }

    @Test("one server killed with SIGKILL mid-stream: the other carries on, no acknowledged write is lost, the chain verifies")
    func oneServerKilled() throws {
        let office = try SharedDatabase()
        defer { office.remove() }
        let tasks = try (0..<30).map { _ in try office.startPing() }
        let acknowledged = Mutex<[Int]>([])
        let writer = Thread {
            for task in tasks.prefix(20) {
                guard let result = try? office.through(0, ["task", "advance", String(task), "ping"]) else { continue }
                if result.status == 0 { acknowledged.withLock { $0.append(task) } }
            }
        }
        writer.start()
        Thread.sleep(forTimeInterval: 1.0)
        office.kill(0)
        while !writer.isFinished { Thread.sleep(forTimeInterval: 0.05) }
        // The other server carries on.
        for task in tasks.suffix(10) {
            let result = try office.through(1, ["task", "advance", String(task), "ping"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let done = acknowledged.withLock { $0 }
        #expect(!done.isEmpty, "no write was acknowledged before the kill")
        for task in done {
            let shown = try office.local(["task", "show", String(task)])
            #expect(shown.stdout.contains("closed") && shown.stdout.contains("'ping'"), "acknowledged task \(task) was lost: \(shown.stdout)")
        }
        let audit = try office.local(["audit", "verify"])
        #expect(audit.status == 0, "\(audit.stderr)")
    }
}

/// `dossier store copy`: an office that outgrew its file moves it into PostgreSQL.
@Suite("Copying a store into PostgreSQL", .serialized, .enabled(if: SharedDatabase.available))
struct StoreCopyCommandTests {
    @Test("a SQLite store copied with `dossier store copy` reads and verifies the same from PostgreSQL; a database not empty is refused")
    func copyIntoPostgres() throws {
        let store = try StoreFixture()
        let task = try store.startPing()
        #expect(try store.run(["task", "advance", String(task), "ping", "--at", "2026-03-02T10:00"]).status == 0)
        _ = try store.startPing(at: "2026-03-02T11:00")
        let (name, url) = try SharedDatabase.emptyDatabase()
        defer { SharedDatabase.drop(name) }
        let copied = try DossierProcess.run(["store", "copy", "--from", store.path, "--to", url], environment: ["DOSSIER_USER": "alice"])
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stdout.contains("audit intact"), "\(copied.stdout)")
        for command in [["task", "list", "--format", "json"], ["history", "1"], ["audit", "verify", "--public-key", store.path + ".signing-key.pub"]] {
            let fromFile = try DossierProcess.run(command + ["--store", store.path], environment: ["DOSSIER_USER": "alice"])
            let fromDatabase = try DossierProcess.run(command + ["--database", url], environment: ["DOSSIER_USER": "alice"])
            #expect(fromFile.status == 0 && fromDatabase.status == 0, "\(command): \(fromFile.stderr) \(fromDatabase.stderr)")
            #expect(fromDatabase.stdout == fromFile.stdout, "\(command)")
        }
        let again = try DossierProcess.run(["store", "copy", "--from", store.path, "--to", url], environment: ["DOSSIER_USER": "alice"])
        #expect(again.status == 1 && again.stderr.contains("already"), "\(again.status) \(again.stderr)")
        let bob = try DossierProcess.run(["store", "copy", "--from", store.path, "--to", url], environment: ["DOSSIER_USER": "bob"])
        #expect(bob.status == 77, "only an administrator copies: \(bob.stderr)")
    }
}

/// A simulation store in a PostgreSQL database of its own on the test server
/// (`DOSSIER_TEST_DATABASE`, which `.ci/with-postgres` starts), served by two `dossier serve`
/// processes with one signing key, alice logged in to each.
final class SharedDatabase: @unchecked Sendable {
    /// The test server's URL; under CI a missing one fails the tests instead of skipping them.
    static let server = ProcessInfo.processInfo.environment["DOSSIER_TEST_DATABASE"]
    static let available = server != nil || ProcessInfo.processInfo.environment["CI"] != nil

    let folder: TemporaryFolder
    let url: String
    private let name: String
    private var servers: [(process: Process, url: String, output: Pipe)] = []

    init() throws {
        guard let server = Self.server, var parts = URLComponents(string: server) else {
            throw FixtureFailure("DOSSIER_TEST_DATABASE names no PostgreSQL server (run the tests through .ci/with-postgres)")
        }
        folder = try TemporaryFolder()
        name = "dossier_office_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try Self.psql(server, "CREATE DATABASE \(name)")
        parts.path = "/" + name
        url = parts.string ?? server
        let key = folder.path("signing-key")
        try check(local(["init", "--simulation", "--admin", "root", "--signing-key", key, "--workflows", StoreFixture.fixtures]), "init")
        let filing = DossierProcess.packageRoot.appendingPathComponent("Tests/DossierCLITests/SharedStore/filing.xml").path
        try check(local(["workflow", "deploy", filing, "--as", "root"]), "deploy")
        for user in ["alice", "bob"] {
            try check(local(["staff", "add", user, "--name", user.capitalized, "--role", "handler", "--as", "root"]), "staff add")
            try check(local(["staff", "password", user, "--password-stdin", "--as", "root"], input: ServerFixture.password + "\n"), "staff password")
        }
        for _ in 0..<2 {
            let output = Pipe()
            let (process, address) = try ServerFixture.serve(store: ["--database", url], arguments: ["--signing-key", key], output: output)
            servers.append((process, address, output))
        }
        try logIn()
    }

    /// Logs alice in to each server.
    func logIn() throws {
        for (index, server) in servers.enumerated() {
            try check(DossierProcess.run(["login", "--server", server.url, "--user", "alice", "--password-stdin"],
                                         environment: ["XDG_CONFIG_HOME": home(index)], input: ServerFixture.password + "\n"), "login")
        }
    }

    func check(_ result: DossierProcess.Result, _ what: String) throws {
        guard result.status == 0 else { throw FixtureFailure("\(what) failed: \(result.stderr)") }
    }

    /// Alice's configuration folder for server `index`, where her login to it is kept.
    func home(_ index: Int) -> String { folder.path("home-\(index)") }

    /// Runs a command on the database itself, as the administrator's account.
    func local(_ arguments: [String], input: String? = nil) throws -> DossierProcess.Result {
        try DossierProcess.run(arguments, environment: ["DOSSIER_DATABASE": url], input: input)
    }

    /// Runs a command as alice through server `index`.
    func through(_ index: Int, _ arguments: [String]) throws -> DossierProcess.Result {
        try DossierProcess.run(arguments, in: folder.url, environment: ["XDG_CONFIG_HOME": home(index)])
    }

    /// Runs each command through its server, all at once.
    func concurrently(_ commands: [([String], Int)]) throws -> [DossierProcess.Result] {
        let results = Mutex<[Int: DossierProcess.Result]>([:])
        DispatchQueue.concurrentPerform(iterations: commands.count) { index in
            if let result = try? through(commands[index].1, commands[index].0) { results.withLock { $0[index] = result } }
        }
        let collected = results.withLock { $0 }
        return (0..<commands.count).compactMap { collected[$0] }
    }

    /// Starts a dossier through server 0; answers its first task.
    func start(_ arguments: [String]) throws -> Int {
        let started = try through(0, arguments)
        guard started.status == 0, let line = started.stdout.split(separator: "\n").first(where: { $0.hasPrefix("task ") }),
              let id = Int(line.dropFirst(5).prefix { $0.isNumber }) else {
            throw FixtureFailure("start failed: \(started.stderr)")
        }
        return id
    }

    func startPing() throws -> Int { try start(["start", "ping", "--assign", "a=alice", "--assign", "b=bob"]) }

    /// The one value a query answers, as psql prints it.
    func sql(_ query: String) throws -> String {
        try Self.psql(url, query).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops server `index` at once, as a crash would.
    func kill(_ index: Int) {
        let server = servers[index].process
        guard server.isRunning else { return }
        Foundation.kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
    }

    func remove() {
        for server in servers where server.process.isRunning {
            Foundation.kill(server.process.processIdentifier, SIGTERM)
            server.process.waitUntilExit()
        }
        Self.drop(name)
    }

    /// A new, empty database on the test server: its name and URL.
    static func emptyDatabase() throws -> (name: String, url: String) {
        guard let server, var parts = URLComponents(string: server) else {
            throw FixtureFailure("DOSSIER_TEST_DATABASE names no PostgreSQL server (run the tests through .ci/with-postgres)")
        }
        let name = "dossier_copy_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try psql(server, "CREATE DATABASE \(name)")
        parts.path = "/" + name
        return (name, parts.string ?? server)
    }

    static func drop(_ name: String) {
        if let server { _ = try? psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }

    @discardableResult
    static func psql(_ url: String, _ command: String) throws -> String {
        let environment = ProcessInfo.processInfo.environment.filter { $0.key == "PGPASSWORD" || $0.key == "PATH" || $0.key == "HOME" }
        let result = try DossierProcess.runProgram("/usr/bin/psql", [url, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", command],
                                                   environment: environment)
        guard result.status == 0 else { throw FixtureFailure("psql \(command): \(result.stderr)") }
        return result.stdout
    }
}
