import Foundation

/// Runs the real `dossier` binary, as a user would, and captures what it prints.
struct DossierProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package checkout.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `dossier` binary built beside this test bundle.
    static let executable: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = beside.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("dossier")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/dossier")
    }()

    /// Runs `dossier arguments…` in `directory` with `environment` added, `input` on its
    /// standard input.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "DOSSIER_STORE")
        env.removeValue(forKey: "DOSSIER_USER")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        return try capture(process, input: input)
    }

    /// Runs `program arguments…` with exactly `environment` and captures what it prints.
    static func runProgram(_ program: String, _ arguments: [String], environment: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = environment
        return try capture(process)
    }

    /// Starts `process` and waits for it, collecting its standard output and error.
    private static func capture(_ process: Process, input: String? = nil) throws -> Result {
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let inputPipe = input.map { _ in Pipe() }
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        try process.run()
        if let inputPipe, let input {
            inputPipe.fileHandleForWriting.write(Data(input.utf8))
            try inputPipe.fileHandleForWriting.close()
        }
        // Read both pipes to the end before waiting, so a chatty command cannot block.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A temporary folder, removed when the test ends.
final class TemporaryFolder {
    let url: URL

    convenience init() throws {
        try self.init(at: FileManager.default.temporaryDirectory.appendingPathComponent("dossier-test-\(UUID().uuidString)"))
    }

    /// The folder at `url`, made now.
    init(at url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}
