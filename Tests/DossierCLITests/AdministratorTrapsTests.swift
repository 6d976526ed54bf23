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
