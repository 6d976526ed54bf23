#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Runs commands and times them: wall clock from `posix_spawn` to `wait4`, process start
/// included, with the child's peak resident memory from its resource usage. (Foundation's
/// `Process` adds tens of milliseconds of its own to every run, which would hide the figures.)
enum Stopwatch {
    struct Run {
        var seconds: Double
        var status: Int32
        /// Peak resident set size, KiB.
        var peakMemory: Int
    }

    /// Runs `executable arguments…` with output discarded (or to `output`, a file path).
    static func time(_ executable: String, _ arguments: [String], output: String = "/dev/null") -> Run {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, output == "/dev/null" ? "/dev/null" : output + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { DossierBenchmark.fail("cannot run \(executable): error \(spawned)") }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let exited = status & 0x7f == 0
        return Run(seconds: seconds, status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), peakMemory: Int(usage.ru_maxrss))
    }

    /// What `executable arguments…` prints on standard error, for explaining a failure.
    static func output(_ executable: String, _ arguments: [String]) -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-bench-output-\(getpid())").path
        _ = time(executable, arguments, output: file)
        defer {
            try? FileManager.default.removeItem(atPath: file)
            try? FileManager.default.removeItem(atPath: file + ".err")
        }
        return (try? String(contentsOfFile: file + ".err", encoding: .utf8)) ?? ""
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
