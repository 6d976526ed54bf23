import Foundation
import Testing

/// Who acts: `--as USER`, else `$DOSSIER_USER`, else the account's login name, else `$USER` or
/// `$LOGNAME` for an account the system's user database does not know (a container's user).
@Suite("Who acts")
struct ActorIdentityTests {
    /// `dossier start` acts, so it names whoever the command took to be acting.
    static let start = ["start", "ping", "--assign", "a=alice", "--assign", "b=bob", "--at", "2026-03-02T09:00"]

    /// Runs the built binary as the numeric `uid`, which has no passwd entry, with `environment`
    /// as its whole environment (besides PATH).
    static func runAsStranger(_ arguments: [String], environment: [String: String]) throws -> DossierProcess.Result {
        try runProgramAsStranger(DossierProcess.executable.path, arguments, environment: environment)
    }

    /// Runs `program arguments…` as the stranger.
    static func runProgramAsStranger(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> DossierProcess.Result {
        try DossierProcess.runProgram("/usr/bin/setpriv", ["--reuid=54321", "--regid=54321", "--clear-groups", program] + arguments,
                                      environment: environment.merging(["PATH": "/usr/bin:/bin"]) { mine, _ in mine })
    }

    /// Whether the stranger can run the binary and write in the temporary folder: needs root
    /// (to take another uid), setpriv, and folders the stranger may enter.
    static let strangerCanRun: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return false }
        let folder = FileManager.default.temporaryDirectory.path
        guard let probe = try? runAsStranger(["--help"], environment: [:]), probe.status == 0,
              let writes = try? runProgramAsStranger("/usr/bin/test", ["-w", folder, "-a", "-x", folder]), writes.status == 0 else { return false }
        return true
    }()

    /// The login this account acts as when nothing else is said, by Dossier's rule.
    static var defaultLogin: String {
        let login = ProcessInfo.processInfo.userName
        return login.isEmpty ? ProcessInfo.processInfo.environment["LOGNAME"] ?? "" : login
    }

    @Test("--as wins over DOSSIER_USER, which wins over the login; an empty DOSSIER_USER counts as unset",
          .enabled(if: !ActorIdentityTests.defaultLogin.isEmpty, "this account has no login name"))
    func order() throws {
        let store = try StoreFixture()
        let named = try DossierProcess.run(Self.start + ["--store", store.path, "--as", "zed"], environment: ["DOSSIER_USER": "alice"])
        #expect(named.status == 1)
        #expect(named.stderr.contains("zed is not in the staff directory"))
        let fromEnvironment = try DossierProcess.run(Self.start + ["--store", store.path], environment: ["DOSSIER_USER": "yves"])
        #expect(fromEnvironment.status == 1)
        #expect(fromEnvironment.stderr.contains("yves is not in the staff directory"))
        let login = Self.defaultLogin
        let fromLogin = try DossierProcess.run(Self.start + ["--store", store.path])
        #expect(fromLogin.status == 1)
        #expect(fromLogin.stderr.contains("\(login) is not in the staff directory"))
        let emptyVariable = try DossierProcess.run(Self.start + ["--store", store.path], environment: ["DOSSIER_USER": ""])
        #expect(emptyVariable.status == 1)
        #expect(emptyVariable.stderr.contains("\(login) is not in the staff directory"))
    }

    @Test("--as with an empty name is a usage error")
    func emptyAs() throws {
        let store = try StoreFixture()
        let refused = try DossierProcess.run(Self.start + ["--store", store.path, "--as", ""])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--as needs a user name"))
    }

    @Test("An account without a login name acts as $USER, else $LOGNAME, or is told to name itself",
          .enabled(if: ActorIdentityTests.strangerCanRun, "needs root, setpriv, and a binary and temporary folder another uid can reach"))
    func stranger() throws {
        let store = try StoreFixture()
        // The stranger must be able to write the store, its journal and the folder they are in.
        for path in [store.folder.url.path, store.path] + ["-wal", "-shm"].map({ store.path + $0 }) where FileManager.default.fileExists(atPath: path) {
            try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: path)
        }
        let user = try Self.runAsStranger(Self.start + ["--store", store.path], environment: ["USER": "zed", "LOGNAME": "alice"])
        #expect(user.status == 1)
        #expect(user.stderr.contains("zed is not in the staff directory"))
        let logname = try Self.runAsStranger(Self.start + ["--store", store.path], environment: ["LOGNAME": "alice"])
        #expect(logname.status == 0, "\(logname.stderr)")
        #expect(logname.stdout.contains("task "))
        let nobody = try Self.runAsStranger(Self.start + ["--store", store.path], environment: [:])
        #expect(nobody.status == 1)
        #expect(nobody.stderr.contains("who acts is unknown"))
        #expect(nobody.stderr.contains("--as USER"))
        let mine = try Self.runAsStranger(["task", "list", "--mine", "--store", store.path], environment: [:])
        #expect(mine.status == 1)
        #expect(mine.stderr.contains("who acts is unknown"))
        // A listing that does not ask who acts works without a login name.
        let pending = try Self.runAsStranger(["pending", "--store", store.path], environment: [:])
        #expect(pending.status == 0, "\(pending.stderr)")
    }
}
