import ArgumentParser
import DossierOffice

/// `dossier staff password USER [--password-stdin]`.
struct StaffPassword: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "password",
        abstract: "Set the password a person logs in to the server with.",
        discussion: """
            Anyone sets their own; an admin sets anyone's. The password is asked for twice without \
            echo, or read as one line from standard input with --password-stdin; it is never a \
            command-line argument. It needs at least 10 characters and is kept only as a bcrypt hash.
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("Whose password, e.g. alice.", valueName: "user"))
    var user: String

    @Flag(help: "Read the password as one line from standard input instead of asking.")
    var passwordStdin = false

    func run() throws {
        try reportingFailures {
            if let remote = try acting.remote() {
                let password = passwordStdin ? try PasswordInput.line() : try PasswordInput.ask("New password for \(user): ", confirm: true)
                try Blocking.run { [user] in try await remote.setPassword(of: user, to: password) }
                print("password of \(user) set")
                return
            }
            let session = try acting.session()
            // Who acts and may act is settled before anyone types a secret.
            _ = try session.actor()
            let password = passwordStdin ? try PasswordInput.line() : try PasswordInput.ask("New password for \(user): ", confirm: true)
            try session.setPassword(of: user, to: password, policy: .standard)
            print("password of \(user) set")
        }
    }
}
