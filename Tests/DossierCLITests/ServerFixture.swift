import Foundation
import Testing

/// A production store served by a real `dossier serve` on a random loopback port, with alice,
/// bob and carol able to log in, each with a configuration folder of their own. The server is
/// stopped with SIGTERM when the fixture goes. Its properties are set once, before any test
/// thread reads them.
final class ServerFixture: @unchecked Sendable {
    let folder: TemporaryFolder
    let path: String
    let server: Process
    let url: String
    /// The server's standard output, kept open while it runs.
    private let output: Pipe
    static let password = "a long enough secret"
    static let login = ActorIdentityTests.defaultLogin

    /// With `tls`, the server has a self-signed certificate for 127.0.0.1 (`certificate`).
    /// `workflows`: the folder deployed (the test fixtures unless named).
    init(tls: Bool = false, workflows: String = StoreFixture.fixtures) throws {
        folder = try TemporaryFolder()
        path = folder.path("office.db")
        // The account running the tests is the store's first admin, as `init` makes it.
        let created = try DossierProcess.run(["init", "--store", path, "--workflows", workflows])
        guard created.status == 0 else { throw FixtureFailure("init failed: \(created.stderr)") }
        for (user, role) in [("alice", "handler"), ("bob", "handler"), ("carol", "archivist"), ("dan", "handler")] {
            let added = try DossierProcess.run(["staff", "add", user, "--name", user.capitalized, "--role", role, "--store", path])
            guard added.status == 0 else { throw FixtureFailure("staff add failed: \(added.stderr)") }
        }
        for user in [Self.login, "alice", "bob", "carol", "dan"] {
            let set = try DossierProcess.run(["staff", "password", user, "--password-stdin", "--store", path], input: Self.password + "\n")
            guard set.status == 0 else { throw FixtureFailure("staff password failed: \(set.stderr)") }
        }
        var arguments: [String] = []
        if tls {
            let made = try DossierProcess.runProgram("/usr/bin/openssl", [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", folder.path("key.pem"), "-out", folder.path("certificate.pem"),
            ], environment: [:])
            guard made.status == 0 else { throw FixtureFailure("openssl: \(made.stderr)") }
            arguments += ["--tls-cert", folder.path("certificate.pem"), "--tls-key", folder.path("key.pem")]
        }
        let pipe = Pipe()
        output = pipe
        (server, url) = try Self.serve(path, arguments: arguments, output: pipe, tls: tls)
    }

    /// Starts `dossier serve` on the store at `path` on a random loopback port, with `arguments`
    /// besides; answers the process and the address it listens on, once it accepts connections.
    static func serve(_ path: String, arguments: [String] = [], output: Pipe = Pipe(), tls: Bool = false) throws -> (Process, String) {
        try serve(store: ["--store", path], arguments: arguments, output: output, tls: tls)
    }

    /// Starts `dossier serve` on the store `store` names (`--store PATH` or `--database URL`).
    static func serve(store: [String], arguments: [String] = [], output: Pipe = Pipe(), tls: Bool = false) throws -> (Process, String) {
        let server = Process()
        server.executableURL = DossierProcess.executable
        server.arguments = ["serve"] + store + ["--listen", "127.0.0.1:0"] + arguments
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        server.standardInput = FileHandle.nullDevice
        try server.run()
        // The first line names the address once the server accepts connections.
        var line = Data()
        let reader = output.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = reader.availableData
            if chunk.isEmpty { throw FixtureFailure("dossier serve ended before listening") }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let start = text.range(of: tls ? "https://" : "http://"), let end = text[start.lowerBound...].firstIndex(of: ",") else {
            throw FixtureFailure("dossier serve said: \(text)")
        }
        return (server, String(text[start.lowerBound..<end]))
    }

    /// The configuration folder of `user`, where their login is kept.
    func home(_ user: String) -> String { folder.path("home-\(user)") }

    /// Runs `dossier arguments…` as `user`'s account would: their own saved login, no store named.
    @discardableResult
    func run(_ arguments: [String], as user: String, input: String? = nil, environment: [String: String] = [:]) throws -> DossierProcess.Result {
        try DossierProcess.run(arguments, in: folder.url, environment: ["XDG_CONFIG_HOME": home(user)].merging(environment) { _, new in new }, input: input)
    }

    /// The server's self-signed certificate, when it serves HTTPS.
    var certificate: String { folder.path("certificate.pem") }

    /// Logs `user` in through the CLI.
    func logIn(_ user: String, options: [String] = []) throws {
        let result = try run(["login", "--server", url, "--user", user, "--password-stdin"] + options, as: user, input: Self.password + "\n")
        guard result.status == 0 else { throw FixtureFailure("login failed: \(result.stderr)") }
    }

    /// Runs `dossier arguments…` on the store file itself, as the account running the tests.
    func local(_ arguments: [String]) throws -> DossierProcess.Result {
        try DossierProcess.run(arguments + ["--store", path])
    }

    /// Stops the server with `signal` and waits for it.
    func stop(_ signal: Int32 = SIGTERM) {
        guard server.isRunning else { return }
        kill(server.processIdentifier, signal)
        server.waitUntilExit()
    }

    deinit { stop() }
}
