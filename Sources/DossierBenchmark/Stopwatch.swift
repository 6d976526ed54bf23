import Foundation

/// Runs commands and times them, wall clock, process start included.
enum Stopwatch {
    struct Run {
        var seconds: Double
        var status: Int32
    }

    /// Runs `executable arguments…` with output discarded.
    static func time(_ executable: String, _ arguments: [String]) -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = ContinuousClock.now
        do {
            try process.run()
        } catch {
            DossierBenchmark.fail("cannot run \(executable): \(error)")
        }
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Run(seconds: seconds, status: process.terminationStatus)
    }

    /// What `executable arguments…` prints on standard error, for explaining a failure.
    static func output(_ executable: String, _ arguments: [String]) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    /// `which`-style lookup on PATH.
    static func find(_ tool: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(folder)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func milliseconds(_ seconds: Double) -> String {
        String(format: "%8.1f ms", seconds * 1000)
    }
}
