import DossierOffice
import DossierPostgres
import DossierStore
import Foundation

/// `dossier-benchmark serve --database URL`: the million-task store in PostgreSQL, served by one
/// `dossier serve` and then by two, each loaded by 16 keep-alive clients as on SQLite; the floor,
/// in the same run, is `pgbench` running the same SQL transactions with 16 clients.
///
/// The database must be empty (the benchmark copies its million-task SQLite store into it, or
/// the one `--reuse` names) or hold a store an earlier run copied.
extension ServeBenchmark {
    func runOnPostgres(_ url: String) {
        guard let pgbench = Stopwatch.find("pgbench"), let psql = Stopwatch.find("psql") else {
            DossierBenchmark.fail("pgbench and psql are not installed (apt-get install postgresql-client); pgbench is the floor this benchmark compares with")
        }
        let environment = ProcessInfo.processInfo.environment
        let location: PostgresLocation
        do {
            location = try PostgresLocation(url: url, environment: environment, home: environment["HOME"])
        } catch {
            DossierBenchmark.fail("\(error)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-serve-pg-bench-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            DossierBenchmark.fail("cannot make the folder \(folder.path): \(error)")
        }
        prepareDatabase(location, folder: folder)
        let key = folder.appendingPathComponent("signing-key").path
        do { _ = try AuditSigningKey.create(at: key) } catch { DossierBenchmark.fail("cannot make a signing key: \(error)") }

        // The task table as autovacuum keeps it in an office (an earlier run's floor rewrote
        // thousands of its rows): `pending` reads a role's open tasks from the index alone.
        let vacuum = Stopwatch.time(psql, [url, "-X", "-q", "-c", "VACUUM (ANALYZE) task"], output: "/dev/null")
        guard vacuum.status == 0 else { DossierBenchmark.fail("cannot vacuum the task table of \(location.description)") }

        let perClient = max(runs * 5, 20)
        let open = openTasks(2 * clients * perClient, psql: psql, url: url)
        print("  PostgreSQL \(location.description), \((tasks).formatted()) tasks")
        var throughputs: [Double] = []
        for servers in [1, 2] {
            let started = (0..<servers).map { _ in
                ServerProcess.start(dossier: dossier, arguments: ["--database", url, "--signing-key", key])
            }
            let mine = Array(open[((servers - 1) * clients * perClient)..<(servers * clients * perClient)])
            let (advance, seconds, pending) = load(servers: started.map(\.url), tasks: mine, perClient: perClient)
            let memory = started.map { $0.peakMemoryKB() }.max() ?? 0
            started.forEach { $0.stop() }
            let throughput = Double(advance.count) / seconds
            throughputs.append(throughput)
            print("  \(servers) dossier serve, \(clients) clients: advance \(String(format: "%.0f", throughput))/s, p50 \(Self.ms(Self.percentile(advance, 0.5))), "
                  + "p99 \(Self.ms(Self.percentile(advance, 0.99))); GET pending (\((tasks / StoreBenchmark.roles).formatted()) rows): "
                  + "p50 \(Self.ms(Self.percentile(pending, 0.5))), p99 \(Self.ms(Self.percentile(pending, 0.99))) (target p99 ≤ 50 ms); "
                  + "peak RSS \(memory / 1024) MB")
        }

        // The floor: pgbench, 16 clients, the same transaction as an advance, for as long as one server's advances took.
        let script = folder.appendingPathComponent("advance.sql").path
        do { try Self.pgbenchAdvance(dossiers: tasks).write(toFile: script, atomically: true, encoding: .utf8) } catch {
            DossierBenchmark.fail("cannot write the floor's script: \(error)")
        }
        let output = folder.appendingPathComponent("pgbench.out").path
        let floor = Stopwatch.time(pgbench, ["-n", "-c", String(clients), "-j", "2", "-T", "15", "-f", script, url], output: output)
        let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard floor.status == 0, let tps = Self.tps(printed) else {
            DossierBenchmark.fail("the pgbench floor failed with exit \(floor.status): \(printed)")
        }
        print("  pgbench, \(clients) clients, the same transactions: \(String(format: "%.0f", tps))/s")
        print("  ratio \(String(format: "%.2f", throughputs[0] / tps))× of the floor's throughput with one server (target ≥ 0.4×); "
              + "two servers \(String(format: "%.2f", throughputs[1] / throughputs[0]))× one (target > 1)")
    }

    /// The store in the database, copied from the million-task SQLite store the first time;
    /// alice's password set.
    private func prepareDatabase(_ location: PostgresLocation, folder: URL) {
        let store: PostgresStore
        if let opened = try? PostgresStore(openingAt: location) {
            store = opened
            print("store: \(location.description), copied by an earlier run")
        } else {
            let file = prepareStore(in: folder)
            let started = ContinuousClock.now
            do {
                let source = try SQLiteStore(openingAt: file)
                store = try PostgresStore.copy(source, to: location).0
            } catch {
                DossierBenchmark.fail("cannot copy the benchmark store into \(location.description): \(error)")
            }
            print("store: copied \(file) into \(location.description) in \(String(format: "%.0f", Self.seconds(ContinuousClock.now - started))) s")
        }
        do {
            try store.setPasswordHash(Credentials.hash(Self.password, cost: 10), of: "alice", by: "alice", at: .clock(Date()))
        } catch {
            DossierBenchmark.fail("cannot set alice's password in the benchmark store: \(error)")
        }
        store.close()
    }

    /// Random open first tasks of the store.
    private func openTasks(_ count: Int, psql: String, url: String) -> [Int] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-pg-open-tasks-\(ProcessInfo.processInfo.processIdentifier)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = Stopwatch.time(psql, [url, "-X", "-A", "-t", "-c", "SELECT id FROM task WHERE closed_at IS NULL AND number = 1 ORDER BY random() LIMIT \(count)"],
                           output: file)
        let ids = ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { Int($0) }
        guard ids.count == count else { DossierBenchmark.fail("the store has fewer than \(count) open tasks to advance") }
        return ids
    }

    /// What an advance writes, as one pgbench transaction on a random dossier: the chain head
    /// locked, the late fine, the dossier and its task, four events, the head moved on.
    static func pgbenchAdvance(dossiers: Int) -> String {
        let now = "2026-11-23T09:00:00.000Z"
        let hash = String(repeating: "ab", count: 32)
        let snapshot = String(repeating: "x", count: 420)
        func event(_ offset: Int, _ task: String, _ kind: String, _ action: String, _ from: String, _ details: String) -> String {
            """
            INSERT INTO event (seq, dossier_id, task_id, at, actor, kind, action, from_state, to_state, note, details, prev_hash, hash) \
            SELECT seq + \(offset), :d, \(task), '\(now)', 'alice', '\(kind)', \(action), \(from), 'done', NULL, '\(details)', hash, '\(hash)' FROM chain_head;
            """
        }
        return """
            \\set d random(1, \(dossiers))
            \\set k random(1, 1000000000)
            BEGIN;
            SELECT seq, hash, at FROM chain_head WHERE id = 1 FOR UPDATE;
            SELECT snapshot, revision FROM dossier WHERE id = :d;
            INSERT INTO fine (id, key, dossier_id, task_number, workflow_id, workflow_version, rule_id, rule_title, violation, repetition, payer, payer_role, occurred_at, month, provisional, base_amount, escalation_scope, reason, assessed_at) SELECT (SELECT COALESCE(MAX(id), 0) + 1 FROM fine), 'bench/' || :d || '/' || :k, :d, 1, 'bench-0', 1, 'late', 'late', 'deadline-missed', 0, 'alice', 'r0', '\(now)', '2026-11', false, '50', 'bench-0', 'late', '\(now)';
            UPDATE dossier SET state_id = 'done', finished = true, updated_at = '\(now)', revision = revision + 1, snapshot = '\(snapshot)' WHERE id = :d;
            UPDATE task SET closed_at = '\(now)', closed_by = 'alice', action = 'finish' WHERE dossier_id = :d AND number = 1;
            \(event(1, ":d", "fine-assessed", "NULL", "'work'", "{\"fine\":\"1\",\"rule\":\"late\",\"payer\":\"alice\"}"))
            \(event(2, ":d", "task-closed", "'finish'", "'work'", "{}"))
            \(event(3, ":d", "transitioned", "'finish'", "'work'", "{}"))
            \(event(4, "NULL", "finished", "NULL", "NULL", "{}"))
            UPDATE chain_head SET seq = seq + 4, hash = '\(hash)', at = '\(now)' WHERE id = 1;
            COMMIT;

            """
    }

    /// The transactions per second pgbench reports.
    static func tps(_ output: String) -> Double? {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }) else { return nil }
        return Double(line.dropFirst("tps = ".count).prefix { $0.isNumber || $0 == "." })
    }
}
