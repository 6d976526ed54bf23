import DossierAPI
import DossierClient
import DossierOffice
import DossierService
import DossierStore
import Foundation
import Logging

/// `dossier demo --serve`: the tour's store served by a `dossier serve` inside this process on a
/// free loopback port. Every person of the tour gets a password nobody sees, logs in at the
/// step's (simulated) time, and each step goes through the API with that person's token: the
/// server alone says who acts.
final class DemoServer {
    /// The server's address, e.g. `http://127.0.0.1:53412`.
    let url: String
    private let service: Task<Void, any Error>
    private var passwords: [String: String] = [:]
    private var logins: [String: Login] = [:]

    /// A person's session as the demo keeps it: the token and when it ends unless used again.
    private struct Login {
        var token: String
        var expiresAt: Date
        var idle: TimeInterval
        var lastUsed: Date
    }

    /// Serves `storePath` (a simulation store with at least one admin, `admin`, whose password
    /// this sets at `time`).
    init(storePath: String, admin: String, at time: Date) throws {
        let password = Self.newPassword()
        let store = try SQLiteStore(openingAt: storePath)
        let office = Office(store: store, actorName: ActorName { admin }, time: time, isSimulation: true, timeIsGiven: true)
        try office.setPassword(of: admin, to: password, policy: .standard)
        passwords[admin] = password
        let keyPath = AuditSigningKey.defaultPath(forStore: storePath)
        if !FileManager.default.fileExists(atPath: keyPath) { _ = try AuditSigningKey.create(at: keyPath) }
        var configuration = ServiceConfiguration(storePath: storePath, host: "127.0.0.1", port: 0, signingKeyPath: keyPath)
        // The month's backup is made into the store's folder, as `dossier serve --backup-dir` would have it.
        let backups = URL(fileURLWithPath: storePath).deletingLastPathComponent().appendingPathComponent("backups")
        try FileManager.default.createDirectory(at: backups, withIntermediateDirectories: true)
        configuration.backupFolder = backups.path
        // The tour prints what people do; the server's request log stays quiet.
        let dossierService = try DossierService(configuration, logger: Logger(label: "dossier-demo") { _ in SwiftLogNoOpLogHandler() })
        let listening = Listening()
        service = Task.detached {
            try await dossierService.run { address in listening.heard(address) }
        }
        guard let address = listening.wait(seconds: 30) else {
            service.cancel()
            throw CommandFailure("the demo's server did not start listening on loopback within 30 seconds")
        }
        url = address
    }

    /// Gives `user`, just added by `admin`, a password of their own, at `time`.
    func addPassword(for user: String, by admin: String, at time: Date?) throws {
        let password = Self.newPassword()
        let client = ServerClient(server: url, token: try token(of: admin, at: time), simulatedTime: time.map(Session.iso))
        try Blocking.run { try await client.setPassword(of: user, to: password) }
        passwords[user] = password
    }

    /// `user`'s token at `time` (the clock when `nil`), logging them in when they have no live session.
    func token(of user: String, at time: Date?) throws -> String {
        let now = time ?? Date()
        if var login = logins[user], now < login.expiresAt, now.timeIntervalSince(login.lastUsed) < login.idle {
            login.lastUsed = now
            logins[user] = login
            return login.token
        }
        guard let password = passwords[user] else { throw CommandFailure("the demo has no password for \(user)") }
        let client = ServerClient(server: url, token: nil, simulatedTime: time.map(Session.iso))
        let opened = try Blocking.run { try await client.logIn(user: user, password: password) }
        let session = opened.session
        logins[user] = Login(token: opened.token, expiresAt: session.expiresAt, idle: session.idleExpiresAt.timeIntervalSince(session.createdAt),
                             lastUsed: now)
        return opened.token
    }

    /// Stops the server as SIGTERM would: requests finish, a last checkpoint is signed, the store closes.
    func stop() {
        service.cancel()
        _ = try? Blocking.run { [service] in try await service.value }
    }

    /// 24 random letters and digits: a password nobody types.
    private static func newPassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<24).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
    }

    /// The address the server hears it listens on, handed to the thread that waits for it.
    private final class Listening: @unchecked Sendable {
        // `address` is written once before `ready` signals and read after the wait.
        private var address: String?
        private let ready = DispatchSemaphore(value: 0)

        func heard(_ address: String) {
            self.address = address
            ready.signal()
        }

        func wait(seconds: Int) -> String? {
            ready.wait(timeout: .now() + .seconds(seconds)) == .success ? address : nil
        }
    }
}
