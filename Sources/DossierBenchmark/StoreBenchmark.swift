import DossierDefinition
import DossierEngine
import DossierStore
import DossierXML
import Foundation

/// `dossier tick`, `dossier task advance` and `dossier pending` on a store of a million tasks,
/// against the sqlite3 CLI running the equivalent statements on the same file.
///
/// Each dossier's deadline is 5 calendar days from its `base` date, and the base dates are
/// spread over 100 days, so each day 1% of the open tasks fall due: with a million tasks, each
/// tick finds 10,000 due among 1,000,000 open.
struct StoreBenchmark {
    var dossier: String
    var tasks: Int
    var runs: Int
    /// Only the sweep, leaving the store at the swept days.
    var tickOnly = false
    /// A store kept by an earlier run (`DOSSIER_BENCHMARK_KEEP=1`) to measure `advance` and
    /// `pending` on again, without building a new one; the sweep is not run on it.
    var reuse: String?

    static let roles = 500
    static let start = Timestamps.parse("2026-01-05T09:00") ?? Date(timeIntervalSince1970: 0)
    static let firstBase = CalendarDate(year: 2026, month: 1, day: 5) ?? CalendarDate(dayNumber: 0)
    static let baseDays = 100

    static func workflow(_ index: Int) -> String {
        """
        <workflow xmlns="urn:dossier:workflow:1" id="bench-\(index)" title="Benchmark \(index)">
          <roles><role id="r\(index)" staff-role="handler"/></roles>
          <fields><field id="base" type="date"/></fields>
          <states initial="work">
            <state id="work" role="r\(index)">
              <deadline within="5" unit="calendar-days" from="field:base" fine="late"/>
              <transition action="finish" to="done"/>
            </state>
            <state id="done" final="true"/>
          </states>
          <fines><fine id="late" amount="50" payer="r\(index)"/></fines>
        </workflow>

        """
    }

    func run() {
        guard let sqlite3 = Stopwatch.find("sqlite3") else {
            DossierBenchmark.fail("sqlite3 is not installed (apt-get install sqlite3); it is the floor this benchmark compares with")
        }
        if let reuse {
            guard FileManager.default.fileExists(atPath: reuse) else { DossierBenchmark.fail("there is no benchmark store at \(reuse)") }
            print("store: \(reuse), kept by an earlier run; median of \(runs) runs")
            measureCommands(store: reuse, sqlite3: sqlite3)
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-store-bench-\(ProcessInfo.processInfo.processIdentifier)")
        let workflows = folder.appendingPathComponent("workflows")
        defer {
            if ProcessInfo.processInfo.environment["DOSSIER_BENCHMARK_KEEP"] == nil {
                try? FileManager.default.removeItem(at: folder)
            } else {
                print("  store kept in \(folder.path)")
            }
        }
        do {
            try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
            for index in 0..<Self.roles {
                try Self.workflow(index).write(to: workflows.appendingPathComponent("bench-\(index).xml"), atomically: true, encoding: .utf8)
            }
        } catch {
            DossierBenchmark.fail("cannot write the benchmark workflows: \(error)")
        }
        let store = makeStore(in: folder, workflows: workflows)

        tick(store: store, sqlite3: sqlite3)
        if tickOnly { return }
        measureCommands(store: store, sqlite3: sqlite3)
    }

    /// Builds the million-task store in `folder` (the workflows already written to `workflows`)
    /// and returns its path.
    func makeStore(in folder: URL, workflows: URL) -> String {
        let store = folder.appendingPathComponent("bench.db").path
        let initialised = Stopwatch.time(dossier, ["init", "--simulation", "--store", store, "--workflows", workflows.path])
        guard initialised.status == 0 else { DossierBenchmark.fail("dossier init failed") }

        // Load the tasks through the store's bulk path, each dossier started by the engine.
        let loadStart = ContinuousClock.now
        do {
            let opened = try SQLiteStore(openingAt: store)
            let alice = StaffMember(id: "alice", name: "Alice Wang", roles: ["handler"])
            try opened.addStaff(alice, by: "alice", at: .given(Self.start))
            var engines: [WorkflowEngine] = []
            for index in 0..<Self.roles {
                guard let stored = try opened.version(of: .workflow, id: "bench-\(index)", version: nil),
                      let tree = XMLTree.parse(Array(stored.source.utf8), file: "bench-\(index)").tree,
                      let definition = WorkflowCompiler().compile(tree).definition else {
                    DossierBenchmark.fail("benchmark workflow \(index) did not load")
                }
                engines.append(WorkflowEngine(definition: definition, version: stored.version))
            }
            try opened.importDossiers(count: tasks, at: Self.start) { id in
                let index = id % Self.roles
                let base = Self.firstBase.adding(days: id % Self.baseDays)
                return try engines[index].start(id: id, fields: ["base": base.description], assignments: ["r\(index)": "alice"], actor: alice,
                                                staff: ["alice": alice], at: Self.start.addingTimeInterval(Double(id) / 1000))
            }
            try opened.checkpoint()
        } catch {
            DossierBenchmark.fail("loading \(tasks) tasks failed: \(error)")
        }
        let loadSeconds = Double((ContinuousClock.now - loadStart).components.seconds)
        let size = (try? FileManager.default.attributesOfItem(atPath: store)[.size] as? Int) ?? 0
        print("store: \(tasks.formatted()) open tasks in \(tasks.formatted()) dossiers over \(Self.roles) roles, loaded in \(Int(loadSeconds)) s "
              + "through SQLiteStore.importDossiers, file \(size / 1_048_576) MB; median of \(runs) runs")

        return store
    }

    /// Random dossiers whose first task is still open, from the store itself (a kept store has
    /// dossiers finished by earlier runs).
    func openDossiers(_ count: Int, store: String, sqlite3: String) -> [Int] {
        let file = store + ".open-dossiers"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let query = Stopwatch.time(sqlite3, [store, "SELECT dossier_id FROM task WHERE closed_at IS NULL AND number = 1 ORDER BY random() LIMIT \(count)"],
                                   output: file)
        let ids = ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { Int($0) }
        guard query.status == 0, ids.count == count else {
            DossierBenchmark.fail("the store has fewer than \(count) open dossiers to advance")
        }
        return ids
    }

    /// `task advance` and `pending`, each alternating with its floor, which goes first every
    /// other run.
    func measureCommands(store: String, sqlite3: String) {
        // Let the disk finish writing what building the store and the sweeps left behind, so
        // that no command's commit waits for it.
        sync()
        var fresh = openDossiers(2 * runs, store: store, sqlite3: sqlite3).makeIterator()
        func freshDossier() -> Int { fresh.next() ?? 0 }

        // advance: one random open task each run; sqlite3 does the same writes in one
        // transaction on another random dossier (both read pages no run has read before).
        var ours: [Double] = []
        var floor: [Double] = []
        var advanceMemory = 0
        for run in 0..<runs {
            let id = freshDossier()
            let other = freshDossier()
            func measureOurs() {
                let result = Stopwatch.time(dossier, ["task", "advance", String(id), "finish", "--store", store, "--as", "alice"])
                if result.status != 0 { DossierBenchmark.fail("dossier task advance \(id) failed with exit \(result.status)") }
                ours.append(result.seconds)
                advanceMemory = max(advanceMemory, result.peakMemory)
            }
            func measureFloor() { floor.append(Self.floor(sqlite3, [store, Self.equivalentAdvance(dossier: other)])) }
            if run.isMultiple(of: 2) { measureOurs(); measureFloor() } else { measureFloor(); measureOurs() }
        }
        let advanceRatio = Stopwatch.median(ours) / Stopwatch.median(floor)
        print("  dossier task advance ID finish (process start included) \(Stopwatch.milliseconds(Stopwatch.median(ours)))")
        print("  sqlite3: the same fine, UPDATEs and INSERTs in one transaction \(Stopwatch.milliseconds(Stopwatch.median(floor)))")
        print("  ratio \(String(format: "%.2f", advanceRatio))× (target ≤ 3×)")

        // pending: the open tasks of one role, as JSON.
        ours = []
        floor = []
        var pendingMemory = 0
        for run in 0..<runs {
            let role = "r\((run * 37) % Self.roles)"
            let query = """
                SELECT id AS task, dossier_id AS dossier, workflow_id AS workflow, state_id AS state, role_id AS role, assignee,
                       opened_at, due_at FROM task WHERE closed_at IS NULL AND role_id = '\(role)' ORDER BY opened_at, id
                """
            // The same rows for both: read once, untimed, so that neither pays for bringing
            // them from disk (the store is larger than the page cache may keep).
            _ = Stopwatch.time(sqlite3, ["-json", store, query])
            func measureOurs() {
                let pending = Stopwatch.time(dossier, ["pending", "--role", role, "--format", "json", "--store", store, "--as", "alice"])
                if pending.status != 0 { DossierBenchmark.fail("dossier pending failed with exit \(pending.status)") }
                ours.append(pending.seconds)
                pendingMemory = max(pendingMemory, pending.peakMemory)
            }
            func measureFloor() { floor.append(Self.floor(sqlite3, ["-json", store, query])) }
            if run.isMultiple(of: 2) { measureOurs(); measureFloor() } else { measureFloor(); measureOurs() }
        }
        let pendingRatio = Stopwatch.median(ours) / Stopwatch.median(floor)
        print("  dossier pending --role R --format json (\((tasks / Self.roles).formatted()) rows) \(Stopwatch.milliseconds(Stopwatch.median(ours)))")
        print("  sqlite3 -json: the same indexed SELECT                  \(Stopwatch.milliseconds(Stopwatch.median(floor)))")
        print("  ratio \(String(format: "%.2f", pendingRatio))× (target ≤ 2×)")

        print("  peak RSS: advance \(advanceMemory / 1024) MB, pending \(pendingMemory / 1024) MB (target < 50 MB)")
    }

    /// `dossier tick` on day after day's batch of due tasks, alternating with sqlite3 doing the
    /// same indexed select, fine and event inserts and task updates on the next day's batch.
    func tick(store: String, sqlite3: String) {
        var ours: [Double] = []
        var floor: [Double] = []
        var memory = 0
        var recorded = 0
        for run in 0..<min(runs, Self.baseDays / 2 - 3) {
            // Batch b (base date firstBase + b) is due at the end of firstBase + b + 5.
            let ourDay = Self.firstBase.adding(days: 6 + 2 * run)
            let outputFile = store + ".tick-output"
            let tick = Stopwatch.time(dossier, ["tick", "--at", "\(ourDay)T01:00", "--store", store], output: outputFile)
            let output = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
            if tick.status != 0 { DossierBenchmark.fail("dossier tick failed with exit \(tick.status): \(output.prefix(500))") }
            if run == 0 {
                // "swept to …: N tasks assessed, M newly overdue, F fines recorded"
                recorded = output.split(separator: "\n").first.flatMap { line in
                    line.split(separator: ",").last?.split(separator: " ").first.flatMap { Int($0) }
                } ?? 0
            }
            ours.append(tick.seconds)
            memory = max(memory, tick.peakMemory)
            let floorDay = Self.firstBase.adding(days: 7 + 2 * run)
            floor.append(Self.floor(sqlite3, [store, Self.equivalentTick(before: "\(floorDay)T00:00:00.000Z")]))
        }
        let ratio = Stopwatch.median(ours) / Stopwatch.median(floor)
        print("  dossier tick (\(recorded.formatted()) fines for the tasks due among \(tasks.formatted()) open) \(Stopwatch.milliseconds(Stopwatch.median(ours)))")
        print("  sqlite3: the same indexed SELECT, INSERTs and UPDATEs in one transaction \(Stopwatch.milliseconds(Stopwatch.median(floor)))")
        print("  ratio \(String(format: "%.2f", ratio))× (target ≤ 2×), peak RSS \(memory / 1024) MB")
    }

    /// The seconds sqlite3 takes for `arguments`; a floor that fails would time nothing.
    static func floor(_ sqlite3: String, _ arguments: [String]) -> Double {
        let run = Stopwatch.time(sqlite3, arguments)
        guard run.status == 0 else {
            DossierBenchmark.fail("the sqlite3 floor failed with exit \(run.status): \(Stopwatch.output(sqlite3, arguments).prefix(500))")
        }
        return run.seconds
    }

    /// The INSERT of the `late` fine for each task of `source` (named `due`) not fined yet, as
    /// Dossier records it.
    static func lateFine(from source: String, at now: String) -> String {
        """
        INSERT INTO fine (key, dossier_id, task_number, workflow_id, workflow_version, rule_id, rule_title, violation, item_id, repetition,
                          payer, payer_role, occurred_at, month, due_at, calendar, provisional, base_amount, escalation_from,
                          escalation_factor, escalation_scope, cap, reason, assessed_at)
          SELECT dossier_id || '/' || number || '/late/-/0', dossier_id, number, workflow_id, workflow_version, 'late', 'late',
                 'deadline-missed', NULL, 0, assignee, role_id, due_at, substr(due_at, 1, 7), due_at, NULL, 0, '50', NULL, NULL,
                 workflow_id, NULL, 'task ' || dossier_id || '.' || number || ' (' || state_id || ') was due by the end of '
                 || substr(due_at, 1, 10) || ' and was still open then', '\(now)'
          FROM \(source) WHERE NOT EXISTS (SELECT 1 FROM fine f WHERE f.key = due.dossier_id || '/' || due.number || '/late/-/0');
        """
    }

    /// What `tick` writes for a batch of due tasks with one fine each, as plain SQL.
    static func equivalentTick(before moment: String) -> String {
        let now = moment
        let hash = String(repeating: "ab", count: 32)
        return """
            BEGIN IMMEDIATE;
            CREATE TEMP TABLE due AS
              SELECT id, dossier_id, number, workflow_id, workflow_version, state_id, role_id, assignee, due_at FROM task
              WHERE closed_at IS NULL AND fine_next_at IS NOT NULL AND fine_next_at < '\(moment)';
            \(lateFine(from: "due", at: now))
            INSERT INTO event (seq, dossier_id, task_id, at, actor, kind, action, from_state, to_state, note, details, prev_hash, hash)
              SELECT (SELECT seq FROM chain_head) + row_number() OVER (ORDER BY due.id), due.dossier_id, due.id, '\(now)', 'dossier',
                     'fine-assessed', NULL, due.state_id, due.state_id, fine.reason,
                     json_object('fine', fine.id, 'rule', 'late', 'payer', fine.payer, 'amount', '50', 'occurred', fine.occurred_at,
                                 'key', fine.key), '\(hash)', '\(hash)'
              FROM due JOIN fine ON fine.key = due.dossier_id || '/' || due.number || '/late/-/0';
            UPDATE task SET fine_next_at = NULL, overdue_since = COALESCE(overdue_since, due_at) WHERE id IN (SELECT id FROM due);
            UPDATE chain_head SET seq = (SELECT MAX(seq) FROM event), hash = '\(hash)', at = '\(now)';
            DROP TABLE due;
            COMMIT;
            """
    }

    /// What `task advance` writes for a one-step finish of a task past its deadline, as plain
    /// SQL: the fine for the missed deadline (unless the sweep recorded it), the dossier, the
    /// task, four chained events (the fine's, the task's closing, the transition, the end).
    static func equivalentAdvance(dossier id: Int) -> String {
        let now = "2026-11-23T09:00:00.000Z"
        let hash = String(repeating: "ab", count: 32)
        let snapshot = String(repeating: "x", count: 420)
        func event(_ offset: Int, _ task: String, _ kind: String, _ action: String, _ from: String, _ details: String) -> String {
            """
            INSERT INTO event (seq, dossier_id, task_id, at, actor, kind, action, from_state, to_state, note, details, prev_hash, hash)
              SELECT seq + \(offset), \(id), \(task), '\(now)', 'alice', '\(kind)', \(action), \(from), 'done', NULL, '\(details)', hash, '\(hash)' FROM chain_head;
            """
        }
        return """
            BEGIN IMMEDIATE;
            \(lateFine(from: "(SELECT * FROM task WHERE dossier_id = \(id) AND number = 1) AS due", at: now))
            UPDATE dossier SET state_id = 'done', finished = 1, updated_at = '\(now)', revision = revision + 1, snapshot = '\(snapshot)'
              WHERE id = \(id) AND revision = 1;
            UPDATE task SET closed_at = '\(now)', closed_by = 'alice', action = 'finish' WHERE dossier_id = \(id) AND number = 1 AND closed_at IS NULL;
            \(event(1, String(id), "fine-assessed", "NULL", "'work'", "{\"fine\":\"1\",\"rule\":\"late\",\"payer\":\"alice\"}"))
            \(event(2, String(id), "task-closed", "'finish'", "'work'", "{}"))
            \(event(3, String(id), "transitioned", "'finish'", "'work'", "{}"))
            \(event(4, "NULL", "finished", "NULL", "NULL", "{}"))
            UPDATE chain_head SET seq = seq + 4, hash = '\(hash)', at = '\(now)';
            COMMIT;
            """
    }
}
