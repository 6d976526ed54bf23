import Foundation
import Testing

/// The traps a new administrator fell into in their first week (issue #23), through the binary.
@Suite("An administrator's first week")
struct AdministratorTrapsTests {
    @Test("global options work before the command as well as after it")
    func globalOptionsFirst() throws {
        let (folder, store) = try HostileOutputTests.demo()
        defer { withExtendedLifetime(folder) {} }
        let added = try DossierProcess.run(["calendar", "add", "2026-03-06", "3", "--store", store])
        let before = try DossierProcess.run(["--store", store, "calendar", "add", "2026-03-06", "3"])
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout == added.stdout && before.stdout == "2026-03-11\n")
        let acted = try DossierProcess.run(["--store=\(store)", "--as", "carol", "--at", "2026-03-26T09:00", "staff", "add", "dora",
                                            "--name", "Dora", "--role", "handler"])
        #expect(acted.status == 0, "\(acted.stderr)")
        let unknown = try DossierProcess.run(["--store", store, "--colour", "red", "pending"])
        #expect(unknown.status == 64, "an option that is not global is still refused: \(unknown.stderr)")
    }

    @Test("--role takes several roles: after one --role, with commas, or repeated")
    func severalRoles() throws {
        let (folder, store) = try HostileOutputTests.demo()
        defer { withExtendedLifetime(folder) {} }
        for (user, roles) in [("ann", ["--role", "archivist", "admin"]), ("ben", ["--role", "archivist,admin"]),
                              ("cid", ["--role", "archivist", "--role", "admin"])] {
            let added = try DossierProcess.run(["staff", "add", user, "--name", user.capitalized] + roles + ["--store", store, "--at", "2026-03-26T09:00"],
                                               environment: ["DOSSIER_USER": "carol"])
            #expect(added.status == 0, "\(roles): \(added.stderr)")
            #expect(added.stdout.contains("archivist, admin"), "\(added.stdout)")
        }
    }

    @Test("validating a workflow without its calendar says to pass the calendar's file or deploy it, not that the workflow declares none")
    func calendarMissing() throws {
        // A workflow of one's own, in a folder with no calendars/ beside it.
        let folder = try TemporaryFolder()
        let workflow = folder.path("loan-intake.xml")
        try FileManager.default.copyItem(atPath: DossierProcess.packageRoot.appendingPathComponent("Workflows/loan-intake.xml").path, toPath: workflow)
        let alone = try DossierProcess.run(["workflow", "validate", workflow])
        #expect(alone.status == 1)
        #expect(alone.stderr.contains("calendar=\"cn\" names no known calendar; no calendar is known here: validate the calendar's file along with the workflow (e.g. Workflows/calendars/cn.xml), or deploy the calendar to the store first"),
                "\(alone.stderr)")
        #expect(!alone.stderr.contains("declares no"))
        let together = try DossierProcess.run(["workflow", "validate", workflow,
                                               DossierProcess.packageRoot.appendingPathComponent("Workflows/calendars/cn.xml").path])
        #expect(together.status == 0, "\(together.stderr)")
    }
}

extension AdministratorTrapsTests {
    @Test("init --workflows DIR without DIR/calendars/ says that init deploys calendars from there, and creates no store")
    func initWithoutCalendars() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path("mine"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: DossierProcess.packageRoot.appendingPathComponent("Workflows/loan-intake.xml").path,
                                         toPath: folder.path("mine/loan-intake.xml"))
        let store = folder.path("d.db")
        let refused = try DossierProcess.run(["init", "--simulation", "--workflows", folder.path("mine"), "--store", store])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("mine/calendars/ does not exist: init deploys the calendars the workflows name from there"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store))
    }
}

extension AdministratorTrapsTests {
    @Test("a simulation store keeps its own clock: commands without --at act at it, clock set/advance move it on, never back; a production store keeps the real clock")
    func simulationClock() throws {
        let folder = try TemporaryFolder()
        let store = folder.path("sim.db")
        func run(_ arguments: [String]) throws -> DossierProcess.Result {
            try DossierProcess.run(arguments + ["--store", store], environment: ["DOSSIER_USER": "ada"])
        }
        #expect(try DossierProcess.run(["init", "--simulation", "--workflows", DossierProcess.packageRoot.appendingPathComponent("Workflows").path,
                                        "--store", store]).status == 0)
        for (user, role) in [("ada", "admin"), ("alice", "handler"), ("bob", "handler"), ("carol", "archivist")] {
            #expect(try run(["staff", "add", user, "--name", user.capitalized, "--role", role, "--at", "2026-04-01T08:00"]).status == 0)
        }
        let started = try run(["start", "loan-intake", "--field", "customer=Zhou", "--field", "project=P-1", "--field", "ended-on=2026-04-01",
                               "--assign", "a=alice", "--assign", "b=bob", "--assign", "archivist=carol", "--as", "alice", "--at", "2026-04-01T09:00"])
        #expect(started.status == 0, "\(started.stderr)")

        let shown = try run(["clock"])
        #expect(shown.stdout == "the store's clock: 2026-04-01 09:00\n", "\(shown.stdout)\(shown.stderr)")
        // Without --at, a read is at the store's clock, not months later by the real date.
        let pending = try run(["task", "list", "--format", "csv"])
        #expect(pending.stdout.contains(",open") && !pending.stdout.contains("overdue"), "\(pending.stdout)")
        // A write without --at acts at the store's clock and does not move it on.
        #expect(try run(["staff", "add", "dora", "--name", "Dora", "--role", "handler"]).status == 0)
        #expect(try run(["clock"]).stdout == "the store's clock: 2026-04-01 09:00\n")

        let advanced = try run(["clock", "advance", "10d"])
        #expect(advanced.stdout == "the store's clock: 2026-04-11 09:00\n", "\(advanced.stdout)\(advanced.stderr)")
        let later = try run(["task", "list", "--format", "csv"])
        #expect(later.stdout.contains(",overdue"), "ten days on, the hand-over is late: \(later.stdout)")
        #expect(try run(["clock", "set", "2026-04-20T09:00"]).stdout == "the store's clock: 2026-04-20 09:00\n")

        let back = try run(["clock", "set", "2026-04-02T09:00"])
        #expect(back.status == 1, "\(back.stderr)")
        #expect(back.stderr.contains("time never goes backwards in a store"), "\(back.stderr)")
        let backAt = try run(["staff", "add", "eve", "--name", "Eve", "--role", "handler", "--at", "2026-04-10T09:00"])
        #expect(backAt.status == 1 && backAt.stderr.contains("time never goes backwards"), "--at before the clock: \(backAt.stderr)")
        #expect(try run(["clock", "advance", "3x"]).status == 64)

        // A production store keeps the real clock.
        let production = folder.path("prod.db")
        #expect(try DossierProcess.run(["init", "--admin", "root", "--store", production]).status == 0)
        let real = try DossierProcess.run(["clock", "set", "2030-01-01T09:00", "--store", production])
        #expect(real.status != 0, "\(real.stdout)")
    }
}
