import Foundation
import Testing

/// `dossier` finds its shipped folders from where the executable really is, also when it was
/// started by a bare name found in `$PATH` (then its first argument says only "dossier").
@Suite("Finding the shipped folders")
struct ExecutablePathTests {
    @Test("started as plain `dossier` from another folder, init still finds the shipped workflows")
    func bareName() throws {
        let folder = try TemporaryFolder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "cd \"$1\" && exec -a dossier \"$2\" init --simulation --store s.db", "bash", folder.url.path, DossierProcess.executable.path]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DOSSIER_HOME")
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(message)")
        #expect(FileManager.default.fileExists(atPath: folder.path("s.db")))
    }
}
