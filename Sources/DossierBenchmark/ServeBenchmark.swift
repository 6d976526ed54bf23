import DossierAPI
import DossierClient
import DossierOffice
import DossierStore
import Foundation

/// `dossier serve` on the million-task store: 16 keep-alive clients on loopback doing `advance`
/// (each on its own task) and `GET pending` (2,000 rows), throughput and p50/p99; the floor,
/// in the same run, is one sqlite3 process executing the same SQL transactions back to back.
struct ServeBenchmark {
    var dossier: String
    var tasks: Int
    var runs: Int
    var reuse: String?
    var clients = 16
    static let password = "benchmark password"

    func run() {
        guard let sqlite3 = Stopwatch.find("sqlite3") else {
            DossierBenchmark.fail("sqlite3 is not installed (apt-get install sqlite3); it is the floor this benchmark compares with")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-serve-bench-\(ProcessInfo.processInfo.processIdentifier)")
        defer {
            if reuse == nil, ProcessInfo.processInfo.environment["DOSSIER_BENCHMARK_KEEP"] == nil {
                try? FileManager.default.removeItem(at: folder)
            } else if reuse == nil {
                print("  store kept in \(folder.path)")
            }
        }
        let store = prepareStore(in: folder)
        sync()
        let perClient = max(runs * 5, 20)
        let taskIDs = openTasks(clients * perClient, store: store, sqlite3: sqlite3)
        let floorDossiers = StoreBenchmark(dossier: dossier, tasks: tasks, runs: runs).openDossiers(clients * perClient, store: store, sqlite3: sqlite3)
            .filter { id in !taskIDs.contains { $0.dossier == id } }

        let server = ServerProcess.start(dossier: dossier, store: store)
        defer { server.stop() }
        let (advanceLatencies, advanceSeconds, pendingLatencies) = load(servers: [server.url], tasks: taskIDs.map(\.task), perClient: perClient)
        let memory = server.peakMemoryKB()

        // The floor: the same transactions, one sqlite3 process, back to back.
        let script = floorDossiers.prefix(advanceLatencies.count).map { StoreBenchmark.equivalentAdvance(dossier: $0) }.joined(separator: "\n")
        let scriptFile = store + ".serve-floor.sql"
        defer { try? FileManager.default.removeItem(atPath: scriptFile) }
        do { try script.write(toFile: scriptFile, atomically: true, encoding: .utf8) } catch {
            DossierBenchmark.fail("cannot write the floor's script: \(error)")
        }
        let floor = Stopwatch.time("/bin/sh", ["-c", "\"$0\" \"$1\" < \"$2\"", sqlite3, store, scriptFile])
        guard floor.status == 0 else { DossierBenchmark.fail("the sqlite3 floor failed with exit \(floor.status)") }
        let ours = Double(advanceLatencies.count) / advanceSeconds
        let theirs = Double(min(floorDossiers.count, advanceLatencies.count)) / floor.seconds
        print("  dossier serve, \(clients) clients: advance \(String(format: "%.0f", ours))/s, p50 \(Self.ms(Self.percentile(advanceLatencies, 0.5))), "
              + "p99 \(Self.ms(Self.percentile(advanceLatencies, 0.99)))")
        print("  sqlite3, one process, the same transactions back to back: \(String(format: "%.0f", theirs))/s")
        print("  ratio \(String(format: "%.2f", ours / theirs))× of the floor's throughput (target ≥ 0.4×)")
        print("  GET pending (\((tasks / StoreBenchmark.roles).formatted()) rows): p50 \(Self.ms(Self.percentile(pendingLatencies, 0.5))), "
              + "p99 \(Self.ms(Self.percentile(pendingLatencies, 0.99))) (target p99 ≤ 50 ms)")
        print("  server peak RSS \(memory / 1024) MB (target < 200 MB)")
    }

    /// 16 keep-alive clients, spread over `servers`: each logs in to its server and advances its
    /// own `perClient` of `tasks`, one request after another; then each asks for one role's
    /// pending tasks five times. The latencies of each, and the advances' wall time.
    func load(servers: [String], tasks: [Int], perClient: Int) -> (advance: [Double], advanceSeconds: Double, pending: [Double]) {
        let clients = self.clients
        let result = Self.wait {
            var apis: [ServerClient] = []
            for client in 0..<clients {
                let url = servers[client % servers.count]
                let token = try await ServerClient(server: url, token: nil).logIn(user: "alice", password: Self.password).token
                apis.append(ServerClient(server: url, token: token))
            }
            // advance: each client finishes its own tasks, one request after another.
            let advanceStart = ContinuousClock.now
            let advanceLatencies = try await withThrowingTaskGroup(of: [Double].self) { group in
                for client in 0..<clients {
                    let mine = Array(tasks[(client * perClient)..<((client + 1) * perClient)])
                    let api = apis[client]
                    group.addTask {
                        var latencies: [Double] = []
                        for task in mine {
                            let start = ContinuousClock.now
                            _ = try await api.advance(task: task, AdvanceRequest(action: "finish", note: nil, fields: nil))
                            latencies.append(Self.seconds(ContinuousClock.now - start))
                        }
                        return latencies
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let advanceSeconds = Self.seconds(ContinuousClock.now - advanceStart)
            // pending: each client asks for one role's open tasks, again and again.
            let pendingLatencies = try await withThrowingTaskGroup(of: [Double].self) { group in
                for client in 0..<clients {
                    let api = apis[client]
                    group.addTask {
                        var latencies: [Double] = []
                        for run in 0..<5 {
                            let role = "r\((client * 31 + run * 7) % StoreBenchmark.roles)"
                            let start = ContinuousClock.now
                            _ = try await api.fetch("/pending?role=\(role)")
                            latencies.append(Self.seconds(ContinuousClock.now - start))
                        }
                        return latencies
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            return (advanceLatencies, advanceSeconds, pendingLatencies)
        }
        switch result {
        case .success(let measured): return measured
        case .failure(let error): DossierBenchmark.fail("a request to the server failed: \(error)")
        }
    }

    /// The million-task store (or the one `--reuse` names), with alice's password set.
    func prepareStore(in folder: URL) -> String {
        let store: String
        if let reuse {
            guard FileManager.default.fileExists(atPath: reuse) else { DossierBenchmark.fail("there is no benchmark store at \(reuse)") }
            store = reuse
            print("store: \(reuse), kept by an earlier run")
        } else {
            let workflows = folder.appendingPathComponent("workflows")
            do {
                try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
                for index in 0..<StoreBenchmark.roles {
                    try StoreBenchmark.workflow(index).write(to: workflows.appendingPathComponent("bench-\(index).xml"), atomically: true, encoding: .utf8)
                }
            } catch {
                DossierBenchmark.fail("cannot write the benchmark workflows: \(error)")
            }
            store = StoreBenchmark(dossier: dossier, tasks: tasks, runs: runs).makeStore(in: folder, workflows: workflows)
        }
        do {
            try SQLiteStore(openingAt: store).setPasswordHash(Credentials.hash(Self.password, cost: 10), of: "alice", by: "alice",
                                                              at: .clock(Date()))
        } catch {
            DossierBenchmark.fail("cannot set alice's password in the benchmark store: \(error)")
        }
        return store
    }

    /// Random open first tasks: their ids and dossiers.
    func openTasks(_ count: Int, store: String, sqlite3: String) -> [(task: Int, dossier: Int)] {
        let file = store + ".open-tasks"
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = Stopwatch.time(sqlite3, [store, "SELECT id || ' ' || dossier_id FROM task WHERE closed_at IS NULL AND number = 1 ORDER BY random() LIMIT \(count)"],
                           output: file)
        let output = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        let pairs = output.split(separator: "\n").compactMap { line -> (Int, Int)? in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let task = Int(parts[0]), let dossier = Int(parts[1]) else { return nil }
            return (task, dossier)
        }
        guard pairs.count == count else { DossierBenchmark.fail("the store has fewer than \(count) open tasks to advance") }
        return pairs
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
    }

    static func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }

    /// Runs async work from the benchmark's synchronous main and waits for it.
    static func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
        let finished = DispatchSemaphore(value: 0)
        let box = Box<T>()
        Task.detached {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            finished.signal()
        }
        finished.wait()
        return box.result ?? .failure(CancellationError())
    }

    private final class Box<T: Sendable>: @unchecked Sendable {
        // Written by the task before it signals; read after the wait.
        var result: Result<T, any Error>?
    }
}

/// A `dossier serve` child on a free loopback port.
struct ServerProcess {
    let process: Process
    let url: String

    static func start(dossier: String, store: String) -> ServerProcess {
        start(dossier: dossier, arguments: ["--store", store])
    }

    /// Starts `dossier serve` with `arguments` naming its store (and key).
    static func start(dossier: String, arguments: [String]) -> ServerProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dossier)
        process.arguments = ["serve", "--listen", "127.0.0.1:0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { DossierBenchmark.fail("cannot start dossier serve: \(error)") }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { DossierBenchmark.fail("dossier serve ended before listening") }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let start = text.range(of: "http://"), let end = text[start.lowerBound...].firstIndex(of: ",") else {
            DossierBenchmark.fail("dossier serve said: \(text)")
        }
        return ServerProcess(process: process, url: String(text[start.lowerBound..<end]))
    }

    /// The server's peak resident memory so far, in KB.
    func peakMemoryKB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
