import Foundation
import Testing

/// Dossiers a workflow's `<schedule>` starts (the shipped monthly department hand-over, due by
/// the 10th), through the built binary on a simulation store.
@Suite("Scheduled dossiers through the binary")
struct ScheduleCommandTests {
    /// A simulation store with the central archivist carol (who administers it) and the
    /// department archivists dora (loans) and `more` others, as (user, department).
    final class Office {
        let folder: TemporaryFolder
        let path: String

        init(archivists: [(String, String)] = [("dora", "loans")]) throws {
            folder = try TemporaryFolder()
            path = folder.path("office.db")
            let created = try DossierProcess.run(["init", "--store", path, "--simulation"])
            guard created.status == 0, created.stdout.contains("workflow department-handover: deployed version 1") else {
                throw FixtureFailure("init failed: \(created.stderr)")
            }
            try step(["staff", "add", "carol", "--name", "Carol Zhao", "--role", "archivist,admin"], as: "carol", at: "2025-12-01T08:00")
            for (user, department) in archivists {
                try step(["staff", "add", user, "--name", user.capitalized, "--role", "dept-archivist", "--department", department],
                         as: "carol", at: "2025-12-01T08:00")
            }
        }

        @discardableResult
        func run(_ arguments: [String], as user: String = "carol", at time: String? = nil) throws -> DossierProcess.Result {
            try DossierProcess.run(arguments + (time.map { ["--at", $0] } ?? []) + ["--store", path], environment: ["DOSSIER_USER": user])
        }

        func step(_ arguments: [String], as user: String = "carol", at time: String) throws {
            let result = try run(arguments, as: user, at: time)
            guard result.status == 0 else { throw FixtureFailure("`dossier \(arguments.joined(separator: " "))` failed: \(result.stderr)") }
        }

        func json(_ arguments: [String]) throws -> [[String: Any]] {
            let result = try run(arguments + ["--format", "json"])
            guard result.status == 0, let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] else {
                throw FixtureFailure("`dossier \(arguments.joined(separator: " "))` gave no JSON array: \(result.stderr)")
            }
            return rows
        }

        /// The open department hand-over tasks, as "dossier/task state assignee due".
        func handOvers() throws -> [String] {
            try json(["task", "list"]).filter { $0["workflow"] as? String == "department-handover" }.map {
                "\($0["dossier"] ?? "?")/\($0["task"] ?? "?") \($0["state"] ?? "?") \($0["assignee"] ?? "-") \($0["due_at"] ?? "-")"
            }
        }

        /// Dora hands over the month's files of `dossier` (task `task`) at `time`; carol checks and both sign.
        func handOver(dossier: Int, task: Int, at day: String) throws {
            for (index, item) in ["contracts", "approvals", "minutes", "file-list"].enumerated() {
                try step(["checklist", "set", String(dossier), item, "--pages", "2", "--signed", "internal"], as: "dora", at: "\(day)T09:0\(index)")
            }
            try step(["task", "advance", String(task), "hand-over"], as: "dora", at: "\(day)T09:10")
            for item in ["contracts", "approvals", "minutes", "file-list"] {
                try step(["checklist", "verify", String(dossier), item, "--ok"], as: "carol", at: "\(day)T10:00")
            }
            // Not always task + 1: the month's backup duty may have taken a number in between.
            guard let receiving = try json(["task", "list", "--dossier", String(dossier)]).first(where: { $0["state"] as? String == "receiving" })?["task"] as? Int else {
                throw FixtureFailure("dossier \(dossier) has no receiving task")
            }
            try step(["task", "advance", String(receiving), "accept"], as: "carol", at: "\(day)T10:10")
            try step(["task", "advance", String(receiving), "accept"], as: "dora", at: "\(day)T10:20")
        }
    }

    @Test("a year of monthly hand-overs: each starts on the 1st due by the 10th (or the next working day); the one handed over late is fined once")
    func aYear() throws {
        let office = try Office()
        // The schedule begins for loans with the first sweep that finds its archivist.
        #expect(try office.run(["tick"], at: "2025-12-31T12:00").stdout.contains("0 tasks assessed"))
        var task = 0
        var dueDays: [String] = []
        var handOvers: [Int] = []
        for month in 1...12 {
            let first = String(format: "2026-%02d-01T00:05", month)
            let tick = try office.run(["tick"], at: first)
            #expect(tick.status == 0, "\(tick.stderr)")
            // Carol, the office's administrator, also gets the month's backup duty the same day.
            let started = tick.stdout.split(separator: "\n").filter { $0.hasPrefix("started dossier ") && $0.contains("department-handover") }
            #expect(started.count == 1, "\(month): \(tick.stdout)")
            #expect(started.first?.contains("(department-handover, department loans)") == true)
            let dossier = try #require(started.first.flatMap { Int($0.split(separator: " ")[2]) })
            handOvers.append(dossier)
            task = try #require(office.json(["task", "list", "--dossier", String(dossier)]).first?["task"] as? Int)
            dueDays.append(String(started.first?.split(separator: " ").first { $0.hasPrefix("2026-") }?.prefix(10) ?? ""))
            // March's is handed over on the 11th, a day late; the others on the 5th.
            try office.handOver(dossier: dossier, task: task, at: String(format: "2026-%02d-%@", month, month == 3 ? "11" : "05"))
        }
        #expect(dueDays == ["2026-01-12", "2026-02-10", "2026-03-10", "2026-04-10", "2026-05-11", "2026-06-10",
                            "2026-07-10", "2026-08-10", "2026-09-10", "2026-10-10", "2026-11-10", "2026-12-10"])
        #expect(try office.run(["tick"], at: "2026-12-31T23:00").stdout.contains("0 fines recorded"))
        let fines = try office.json(["fines", "list"])
        #expect(fines.count == 1)
        #expect(fines.first?["payer"] as? String == "dora")
        #expect(fines.first?["dossier"] as? Int == handOvers[2])
        #expect(fines.first.map { "\($0["amount"] ?? "")" } == "50")
        let register = try office.json(["register"])
        #expect(register.count == 12)
        #expect(register.first?["archive_number"] as? String == "DA-202601-001")
        #expect(try office.run(["audit", "verify"]).status == 0)
    }

    @Test("a sweep every day starts the same dossiers, with the same tasks and fines, as one sweep at the end")
    func dailyEqualsOnce() throws {
        let daily = try Office(archivists: [("dora", "loans"), ("sid", "sales")])
        let once = try Office(archivists: [("dora", "loans"), ("sid", "sales")])
        for office in [daily, once] { try office.step(["tick"], at: "2026-03-31T12:00") }
        var day = Calendar(identifier: .gregorian).date(from: DateComponents(timeZone: TimeZone(identifier: "Asia/Shanghai"), year: 2026, month: 4, day: 1, hour: 6))!
        for _ in 0..<75 {
            let text = ISO8601DateFormatter.string(from: day, timeZone: TimeZone(identifier: "Asia/Shanghai")!, formatOptions: [.withFullDate])
            try daily.step(["tick"], at: "\(text)T06:00")
            day = day.addingTimeInterval(86_400)
        }
        try once.step(["tick"], at: "2026-06-14T06:00")
        #expect(try daily.handOvers() == once.handOvers())
        #expect(try daily.handOvers().count == 6, "April, May and June, for loans and sales")
        let fines = { (office: Office) throws -> [String] in
            try office.json(["fines", "list"]).map { "\($0["payer"] ?? "?") \($0["dossier"] ?? "?") \($0["occurred_at"] ?? "?") \($0["amount"] ?? "?")" }.sorted()
        }
        #expect(try fines(daily) == fines(once))
        #expect(try !fines(once).isEmpty, "nobody handed over, so April's and May's are late")
    }

    @Test("a year the calendar has no data for: the hand-over is named and waits, and the rest of the sweep still runs")
    func calendarGap() throws {
        let office = try Office()
        try office.step(["tick"], at: "2026-11-30T12:00")
        try office.step(["tick"], at: "2026-12-01T00:05")
        // Due 10 January 2027, moved off a day off work on a calendar that ends with 2026.
        let tick = try office.run(["tick"], at: "2027-01-01T00:05")
        #expect(tick.status == 1)
        #expect(tick.stderr.contains("error: not started: department-handover for department loans: calendar cn has no data for 2027"), "\(tick.stderr)")
        #expect(tick.stdout.contains("swept to 2027-01-01 00:05:"), "the sweep went on: \(tick.stdout)")
        #expect(try office.handOvers().count == 1, "December's only")
        // Once 2027 is deployed, the next sweep starts January's.
        let calendar = office.folder.path("cn.xml")
        let text = try String(contentsOfFile: "Workflows/calendars/cn.xml", encoding: .utf8)
        try text.replacingOccurrences(of: "<year value=\"2027\" status=\"absent\"/>", with: "<year value=\"2027\" status=\"published\" source=\"a test\"></year>")
            .write(toFile: calendar, atomically: true, encoding: .utf8)
        try office.step(["workflow", "deploy", calendar], at: "2027-01-02T09:00")
        let after = try office.run(["tick"], at: "2027-01-02T09:05")
        #expect(after.stdout.contains("(department-handover, department loans), due by the end of 2027-01-11"), "\(after.stdout) \(after.stderr)")
        // The month's backup, which counts no working days, started on time all the same.
        #expect(tick.stdout.contains("(monthly-backup), due by the end of 2027-01-01"), "\(tick.stdout)")
    }

    @Test("two department archivists in one department: the sweep names them and exits 1, and the other department's hand-over still starts")
    func ambiguous() throws {
        let office = try Office(archivists: [("dora", "loans"), ("sid", "sales"), ("sue", "sales")])
        // Reported by every sweep until it is put right.
        #expect(try office.run(["tick"], at: "2026-03-31T12:00").status == 1)
        let tick = try office.run(["tick"], at: "2026-04-01T00:05")
        #expect(tick.status == 1)
        #expect(tick.stderr.contains("error: not started: department-handover: department sales has 2 holders of role 'dept' (sid, sue)"), "\(tick.stderr)")
        #expect(tick.stdout.contains("(department-handover, department loans), due by the end of 2026-04-10"), "\(tick.stdout)")
        #expect(try office.handOvers().count == 1)
        // Started by hand, a scheduled workflow is refused with where its dossiers come from.
        let byHand = try office.run(["start", "department-handover", "--field", "due-on=2026-04-10", "--assign", "dept=sid"], as: "carol", at: "2026-04-01T09:00")
        #expect(byHand.status == 1)
        #expect(byHand.stderr.contains("dossiers of department-handover start by themselves on its schedule (R/2026-01-10/P1M)"), "\(byHand.stderr)")
    }
}
