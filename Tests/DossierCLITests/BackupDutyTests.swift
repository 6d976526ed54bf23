import Foundation
import Testing

/// The month's backup duty (the shipped `Workflows/monthly-backup.xml`), met by `dossier
/// backup`, through the built binary on a simulation store.
@Suite("The monthly backup duty through the binary")
struct BackupDutyTests {
    /// A simulation store of the shipped workflows with the administrators `admins`.
    final class Office {
        let folder: TemporaryFolder
        let path: String

        init(admins: [String]) throws {
            folder = try TemporaryFolder()
            path = folder.path("office.db")
            let created = try DossierProcess.run(["init", "--store", path, "--simulation"])
            guard created.status == 0, created.stdout.contains("workflow monthly-backup: deployed version 1") else {
                throw FixtureFailure("init failed: \(created.stderr)")
            }
            for admin in admins {
                let added = try run(["staff", "add", admin, "--name", admin.capitalized, "--role", "admin"], as: admins[0], at: "2026-04-20T08:00")
                guard added.status == 0 else { throw FixtureFailure("staff add failed: \(added.stderr)") }
            }
        }

        @discardableResult
        func run(_ arguments: [String], as user: String, at time: String? = nil) throws -> DossierProcess.Result {
            try DossierProcess.run(arguments + (time.map { ["--at", $0] } ?? []) + ["--store", path], environment: ["DOSSIER_USER": user])
        }

        /// The open backup duties, as "task assignee status".
        func duties(as user: String) throws -> [String] {
            let listed = try run(["task", "list", "--format", "json"], as: user)
            let rows = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
            return rows.filter { $0["workflow"] as? String == "monthly-backup" }.map {
                "\($0["task"] ?? "?") \($0["assignee"] as? String ?? "-") \($0["status"] ?? "?")"
            }
        }
    }

    @Test("the backup duty opens on the 1st; it cannot be done by hand, only by backing up, and a backup before it opens does not meet it")
    func metByBackup() throws {
        let office = try Office(admins: ["ada"])
        #expect(try office.run(["tick"], as: "ada", at: "2026-04-20T09:00").status == 0)
        let may = try office.run(["tick"], as: "ada", at: "2026-05-01T00:05")
        #expect(may.stdout.contains("started dossier 1 (monthly-backup), due by the end of 2026-05-01: task 1 for administrator (ada)"), "\(may.stdout)")

        let byHand = try office.run(["task", "advance", "1", "back-up"], as: "ada", at: "2026-05-01T09:00")
        #expect(byHand.status == 1)
        #expect(byHand.stderr == "error: 'back-up' is not taken by hand: it is done when you run `dossier backup --to FILE`, which records it on this task\n")

        let shown = try office.run(["task", "show", "1"], as: "ada")
        #expect(shown.stdout.contains("needs `dossier backup --to FILE`, which takes it (not by hand)"), "\(shown.stdout)")

        let made = try office.run(["backup", "--to", office.folder.path("2026-05.db")], as: "ada", at: "2026-05-01T09:10")
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("task 1 done: 'back-up' on dossier 1 (monthly-backup), the backup duty met"), "\(made.stdout)")
        #expect(try office.duties(as: "ada").isEmpty)
        let history = try office.run(["history", "1"], as: "ada")
        #expect(history.stdout.contains("ada  back-up: due → done — \"backed up to \(office.folder.path("2026-05.db")): "), "\(history.stdout)")

        // A backup on the last day of May is May's: June's duty opens on the 1st all the same, and
        // left undone it is overdue the next day.
        let early = try office.run(["backup", "--to", office.folder.path("early.db")], as: "ada", at: "2026-05-31T18:00")
        #expect(early.status == 0 && !early.stdout.contains("duty met"), "\(early.stdout)")
        #expect(try office.run(["tick"], as: "ada", at: "2026-06-01T00:05").stdout.contains("(monthly-backup), due by the end of 2026-06-01"))
        #expect(try office.run(["tick"], as: "ada", at: "2026-06-02T08:00").status == 0)
        let overdue = try office.duties(as: "ada")
        #expect(overdue == ["2 ada overdue"], "\(overdue)")
        // Late, it is still met by the next backup.
        let late = try office.run(["backup", "--to", office.folder.path("2026-06.db")], as: "ada", at: "2026-06-02T09:00")
        #expect(late.stdout.contains("task 2 done: 'back-up' on dossier 2 (monthly-backup), the backup duty met"), "\(late.stdout)")
        // The month's report counts duties apart: May's on time, June's late.
        for (month, onTime) in [("2026-05", 1), ("2026-06", 0)] {
            let report = try office.run(["report", "kpi", "--month", month, "--format", "json"], as: "ada")
            let rows = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [[String: Any]] ?? []
            let ada = rows.first { $0["name"] as? String == "ada" }
            #expect(ada?["duties"] as? Int == 1 && ada?["duties_on_time"] as? Int == onTime, "\(month): \(report.stdout)")
        }
        #expect(try office.run(["audit", "verify"], as: "ada").status == 0)
    }

    @Test("with two administrators the duty is open to both: pending shows it to each, and whichever backs up first meets it")
    func sharedByAdministrators() throws {
        let office = try Office(admins: ["ada", "bea"])
        try office.run(["tick"], as: "ada", at: "2026-04-20T09:00")
        let may = try office.run(["tick"], as: "ada", at: "2026-05-01T00:05")
        #expect(may.status == 0, "no fine is charged to the role, so several may share it: \(may.stderr)")
        #expect(may.stdout.contains("task 1 for administrator (the first to take it)"), "\(may.stdout)")
        for admin in ["ada", "bea"] {
            let pending = try office.run(["pending", "--user", admin], as: admin)
            #expect(pending.stdout.contains("whichever admin takes it first"), "\(admin): \(pending.stdout)")
        }
        let made = try office.run(["backup", "--to", office.folder.path("2026-05.db")], as: "bea", at: "2026-05-01T10:00")
        #expect(made.stdout.contains("task 1 done: 'back-up' on dossier 1 (monthly-backup), the backup duty met"), "\(made.stdout)")
        let again = try office.run(["backup", "--to", office.folder.path("again.db")], as: "ada", at: "2026-05-01T11:00")
        #expect(again.status == 0 && !again.stdout.contains("duty met"), "\(again.stdout)")
        let history = try office.run(["history", "1"], as: "ada")
        #expect(history.stdout.contains("bea  back-up: due → done"), "\(history.stdout)")
    }
}

/// Key accounts completed at least quarterly (the shipped `Workflows/key-account.xml`): a
/// deadline of 3 calendar months, renewed by each completion.
@Suite("Key accounts through the binary")
struct KeyAccountTests {
    @Test("a key account is due three calendar months after it is opened (a short month's last day), renewed by each completion, overdue after")
    func quarterly() throws {
        let office = try BackupDutyTests.Office(admins: ["ada"])
        #expect(try office.run(["staff", "add", "sam", "--name", "Sam", "--role", "sales-consultant"], as: "ada", at: "2026-04-20T08:00").status == 0)
        let started = try office.run(["start", "key-account", "--field", "account=Renmin Hospital", "--field", "kind=hospital"], as: "sam",
                                     at: "2026-05-31T10:00")
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stdout.contains("task 1: kept for responsible (sam), due 2026-08-31 23:59"), "\(started.stdout)")
        let early = try office.run(["task", "advance", "1", "complete"], as: "sam", at: "2026-06-15T10:00")
        #expect(early.status == 1 && early.stderr.contains("note"), "what changed goes in the note: \(early.stderr)")
        let completed = try office.run(["task", "advance", "1", "complete", "--note", "new head of pharmacy"], as: "sam", at: "2026-08-31T10:00")
        #expect(completed.stdout.contains("task 2: kept for responsible (sam), due 2026-11-30 23:59"), "30 November: \(completed.stdout)")
        let bad = try office.run(["start", "key-account", "--field", "account=X", "--field", "kind=clinic"], as: "sam", at: "2026-09-01T10:00")
        #expect(bad.status == 1 && bad.stderr.contains("kind"), "\(bad.stderr)")
        #expect(try office.run(["tick"], as: "ada", at: "2026-12-01T08:00").status == 0)
        let pending = try office.run(["pending", "--user", "sam", "--format", "json"], as: "sam")
        #expect(pending.stdout.contains("\"task\": 2, \"dossier\": 1, \"workflow\": \"key-account\"") && pending.stdout.contains("\"status\": \"overdue\""),
                "\(pending.stdout)")
    }
}

/// The periodic inspection of the stored files (the shipped `Workflows/file-inspection.xml`):
/// a dossier each quarter for the archivists, done by recording what was found.
@Suite("Inspections through the binary")
struct InspectionTests {
    @Test("each quarter's inspection starts two weeks before the 10th of its first month; it is done by recording a finding for each danger, with a note")
    func quarterly() throws {
        let office = try BackupDutyTests.Office(admins: ["ada"])
        for archivist in ["carl", "cleo"] {
            #expect(try office.run(["staff", "add", archivist, "--name", archivist.capitalized, "--role", "archivist"], as: "ada",
                                   at: "2026-04-20T08:00").status == 0)
        }
        #expect(try office.run(["tick"], as: "ada", at: "2026-04-20T09:00").status == 0)
        #expect(try !office.run(["tick"], as: "ada", at: "2026-06-25T09:00").stdout.contains("(file-inspection)"))
        let tick = try office.run(["tick"], as: "ada", at: "2026-06-26T09:00")
        let started = try #require(tick.stdout.split(separator: "\n").first { $0.contains("(file-inspection)") }, "\(tick.stdout)")
        #expect(started.hasSuffix("due by the end of 2026-07-10: task \(started.split(separator: " ")[2]) for inspector (the first to take it)"), "\(started)")
        let dossier = String(started.split(separator: " ")[2])
        let listed = try office.run(["task", "list", "--dossier", dossier, "--format", "json"], as: "ada")
        let task = try #require((try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])?.first?["task"] as? Int)

        let partial = try office.run(["task", "advance", String(task), "record-findings", "--field", "damp=none", "--note", "dry"], as: "cleo",
                                     at: "2026-07-01T10:00")
        #expect(partial.status == 1)
        #expect(partial.stderr.contains("field pests is not set") && partial.stderr.contains("field decay is not set"), "\(partial.stderr)")
        let wrong = try office.run(["task", "advance", String(task), "record-findings", "--field", "damp=wet", "--field", "pests=none",
                                    "--field", "decay=none", "--note", "x"], as: "cleo", at: "2026-07-01T10:01")
        #expect(wrong.status == 1 && wrong.stderr.contains("field damp=\"wet\" is not one of none, found"), "\(wrong.stderr)")
        let done = try office.run(["task", "advance", String(task), "record-findings", "--field", "damp=none", "--field", "pests=found",
                                   "--field", "decay=none", "--note", "mouse droppings behind shelf 4; traps set"], as: "carl", at: "2026-07-01T10:05")
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("record-findings → inspected"), "\(done.stdout)")
        let history = try office.run(["history", dossier], as: "ada")
        #expect(history.stdout.contains("carl  fields-set (field:damp=none, field:decay=none, field:pests=found) — \"mouse droppings behind shelf 4; traps set\""),
                "\(history.stdout)")
        // The next quarter's starts by itself, not before its day: 10 October 2026 is a Saturday
        // worked after National Day, so it stays.
        #expect(try !office.run(["tick"], as: "ada", at: "2026-09-25T09:00").stdout.contains("(file-inspection)"))
        #expect(try office.run(["tick"], as: "ada", at: "2026-09-26T09:00").stdout.contains("(file-inspection), due by the end of 2026-10-10"))
    }
}

extension BackupDutyTests {
    @Test("through a server on the simulation store: lists say what is overdue as of the store's clock, and a backup into the server's folder meets the duty")
    func throughTheServer() throws {
        let office = try Office(admins: ["ada"])
        #expect(try office.run(["tick"], as: "ada", at: "2026-04-20T09:00").status == 0)
        #expect(try office.run(["tick"], as: "ada", at: "2026-05-01T00:05").status == 0)
        let password = "a long enough secret"
        #expect(try DossierProcess.run(["staff", "password", "ada", "--password-stdin", "--store", office.path], environment: ["DOSSIER_USER": "ada"],
                                       input: password + "\n").status == 0)
        let backups = office.folder.path("backups")
        try FileManager.default.createDirectory(atPath: backups, withIntermediateDirectories: true)
        let (server, url) = try ServerFixture.serve(office.path, arguments: ["--backup-dir", backups])
        defer {
            kill(server.processIdentifier, SIGTERM)
            server.waitUntilExit()
        }
        let home = ["XDG_CONFIG_HOME": office.folder.path("home")]
        let login = try DossierProcess.run(["login", "--server", url, "--user", "ada", "--password-stdin"], environment: home, input: password + "\n")
        #expect(login.status == 0, "\(login.stderr)")
        // Due by the end of 1 May; the store's clock says 00:05 that day, whatever today is.
        let listed = try DossierProcess.run(["task", "list"], environment: home)
        #expect(listed.stdout.contains("monthly-backup  due    administrator  ada       2026-05-01 00:05  2026-05-01 23:59  open"), "\(listed.stdout)")
        let made = try DossierProcess.run(["backup", "--to", "2026-05.db"], environment: home)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("task 1 done: 'back-up' on dossier 1 (monthly-backup), the backup duty met"), "\(made.stdout)")
        #expect(FileManager.default.fileExists(atPath: backups + "/2026-05.db"))
    }
}
