import DossierOffice
import DossierService
import DossierStore
import Foundation
import Logging
import Testing

/// A fresh copy of the store `dossier demo` leaves (made once per test run by the real binary),
/// everyone in it with a password, and the service's router over it.
final class DemoStoreFixture {
    let folder: URL
    /// Where the service writes backups.
    let backupFolder: URL
    let store: SQLiteStore
    let service: DossierService
    static let password = "a long enough secret"

    /// A workflow with a deadline the GM may extend, for the task endpoints.
    static let errand = """
        <workflow xmlns="urn:dossier:workflow:1" id="errand" title="Errand" calendar="cn">
          <roles>
            <role id="a" staff-role="handler"/>
            <role id="b" staff-role="handler" distinct-from="a"/>
            <role id="boss" staff-role="gm" distinct-from="a"/>
          </roles>
          <states initial="one">
            <state id="one" role="a">
              <deadline within="3" unit="working-days" extend-by="boss"/>
              <transition action="ping" to="two"/>
            </state>
            <state id="two" role="b">
              <transition action="pong" to="one"/>
              <transition action="stop" to="done"/>
            </state>
            <state id="done" final="true"/>
          </states>
        </workflow>
        """

    init() throws {
        let demo = try Self.demoStore.get()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-service-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("d.db").path
        for suffix in ["", ".signing-key", ".signing-key.pub"] {
            try FileManager.default.copyItem(atPath: demo + suffix, toPath: path + suffix)
        }
        store = try SQLiteStore(openingAt: path)
        let before = Office.localTime.parse("2026-03-26T08:00") ?? Date()
        for member in try store.staffDirectory() {
            try store.setPasswordHash(Credentials.hash(Self.password, cost: 4), of: member.id, by: "carol", at: .given(before))
        }
        backupFolder = folder.appendingPathComponent("backups")
        try FileManager.default.createDirectory(at: backupFolder, withIntermediateDirectories: true)
        service = try DossierService(ServiceConfiguration(storePath: path, signingKeyPath: path + ".signing-key", checkpointInterval: 1000,
                                                          policy: AccessPolicy(passwordCost: 4), backupFolder: backupFolder.path),
                                     logger: Logger(label: "dossier-test"))
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// The demo's store, made once by `dossier demo` (a checkpointed WAL, so one file holds it).
    /// Removed when the test process exits.
    static let demoStore: Result<String, any Error> = Result {
        let folder = demoFolder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: DemoStoreFixture.demoFolder) }
        let path = folder.appendingPathComponent("demo.db").path
        let process = Process()
        process.executableURL = executable
        process.arguments = ["demo", "--store", path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureFailure("dossier demo failed with \(process.terminationStatus)") }
        return path
    }

    static let demoFolder = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-demo-fixture-\(UUID().uuidString)")

    /// The `dossier` binary built beside this test bundle.
    static let executable: URL = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("dossier")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/dossier")
    }()
}

struct FixtureFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
