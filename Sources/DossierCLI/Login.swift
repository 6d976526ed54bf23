import ArgumentParser
import DossierClient
import Foundation

/// `dossier login --server URL [--user U] [--password-stdin]`.
struct Login: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log in to a `dossier serve` and keep the session for the commands that follow.",
        discussion: """
            The session's token is kept in $XDG_CONFIG_HOME/dossier/credentials (else \
            ~/.config/dossier/credentials), readable by you alone. Afterwards every command that \
            names no store (--store, DOSSIER_STORE) goes to that server and acts as you. The password \
            is asked for without echo, or read as one line from standard input with --password-stdin; \
            five wrong passwords in a minute lock the login for a while.
            """
    )

    @Option(help: ArgumentHelp("The server, e.g. http://127.0.0.1:8470.", valueName: "url"))
    var server: String

    @Option(help: ArgumentHelp("Who logs in (default: your login).", valueName: "user"))
    var user: String?

    @Flag(help: "Read the password as one line from standard input instead of asking.")
    var passwordStdin = false

    @Option(help: ArgumentHelp("Trust the certificate authority in this PEM file for an HTTPS server (kept with the login).", valueName: "file"))
    var caFile: String?

    func validate() throws {
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ValidationError("--ca-file \(caFile) cannot be read")
        }
        guard server.hasPrefix("http://") || server.hasPrefix("https://"), URL(string: server)?.host != nil else {
            throw ValidationError("--server \(server) is not a URL such as http://127.0.0.1:8470")
        }
    }

    func run() throws {
        try reportingFailures {
            let user = self.user ?? ActingOptions.login
            guard !user.isEmpty else { throw CommandFailure("this account has no login name; say who logs in with --user USER", status: .usage) }
            guard let path = SavedLogin.path(environment: ProcessInfo.processInfo.environment) else {
                throw CommandFailure("neither XDG_CONFIG_HOME nor HOME says where to keep the login", status: .usage)
            }
            let password = passwordStdin ? try PasswordInput.line() : try PasswordInput.ask("Password for \(user) at \(server): ", confirm: false)
            let caFile = self.caFile.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            let client = ServerClient(server: server, token: nil, caFile: caFile)
            let answer = try Blocking.run { try await client.logIn(user: user, password: password) }
            try SavedLogin(server: client.server, user: user, token: answer.token, caFile: caFile).save(to: path)
            print("logged in to \(client.server) as \(user); session \(answer.session.id) ends after \(Session.local(answer.session.idleExpiresAt)) unless used, at \(Session.local(answer.session.expiresAt)) at the latest")
        }
    }
}

/// `dossier logout`.
struct Logout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "End the saved session on its server and forget it."
    )

    func run() throws {
        try reportingFailures {
            guard let path = SavedLogin.path(environment: ProcessInfo.processInfo.environment), let saved = try SavedLogin.load(from: path) else {
                throw CommandFailure("there is no saved login; `dossier login --server URL` makes one")
            }
            let client = ServerClient(server: saved.server, token: saved.token, caFile: saved.caFile)
            do {
                try Blocking.run { try await client.logOut() }
            } catch let failure as RemoteFailure where failure.exitStatus == 77 {
                // The session had already ended on the server: forgetting it is all that is left.
            }
            SavedLogin.remove(at: path)
            print("logged out of \(saved.server)")
        }
    }
}
