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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=54321", "--regid=54321", "--clear-groups", DossierProcess.executable.path] + arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { mine, _ in mine }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return DossierProcess.Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                                     stderr: String(decoding: errData, as: UTF8.self))
    }

    @Test("--as wins over DOSSIER_USER, which wins over the login")
    func order() throws {
        let store = try StoreFixture()
        let named = try DossierProcess.run(Self.start + ["--store", store.path, "--as", "zed"], environment: ["DOSSIER_USER": "alice"])
        #expect(named.status == 1)
        #expect(named.stderr.contains("zed is not in the staff directory"))
        let fromEnvironment = try DossierProcess.run(Self.start + ["--store", store.path], environment: ["DOSSIER_USER": "yves"])
        #expect(fromEnvironment.status == 1)
        #expect(fromEnvironment.stderr.contains("yves is not in the staff directory"))
        let login = ProcessInfo.processInfo.userName
        let fromLogin = try DossierProcess.run(Self.start + ["--store", store.path])
        #expect(fromLogin.status == 1)
        #expect(fromLogin.stderr.contains("\(login) is not in the staff directory"))
    }

    @Test("An account without a login name acts as $USER, else $LOGNAME, or is told to name itself",
          .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "needs root to take another uid"))
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
    }
}
