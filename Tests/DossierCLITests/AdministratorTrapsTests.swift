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

extension AdministratorTrapsTests {
    /// A department hand-over: no customer, no A or B, and no `<register>` of its own.
    static let departmentHandOver = """
        <workflow xmlns="urn:dossier:workflow:1" id="dept-handover" title="Monthly department hand-over">
          <roles>
            <role id="dept" staff-role="dept-archivist" title="Department archivist"/>
            <role id="central" staff-role="archivist" distinct-from="dept" title="Central archivist"/>
            <role id="witness" staff-role="archivist" optional="true"/>
          </roles>
          <fields>
            <field id="department" type="text" title="Department"/>
            <field id="remark" type="text" required="false"/>
          </fields>
          <checklist><section id="month" title="The month's files"><item id="files" title="Files"/></section></checklist>
          <archive-number pattern="DA-{seq:3}"/>
          <states initial="preparing">
            <state id="preparing" role="dept"><transition action="hand-over" to="receiving"/></state>
            <state id="receiving" role="central"><transition action="accept" to="filed" effect="assign-archive-number"/></state>
            <state id="filed" final="true"/>
          </states>
        </workflow>
        """

    @Test("the register and the documents show the fields and people of the dossier's own workflow, never a loan's customer, handler or reviewer")
    func registerFromTheWorkflow() throws {
        let folder = try TemporaryFolder()
        let store = folder.path("sim.db")
        try Self.departmentHandOver.write(toFile: folder.path("dept-handover.xml"), atomically: true, encoding: .utf8)
        func run(_ arguments: [String], as user: String = "ada") throws -> DossierProcess.Result {
            try DossierProcess.run(arguments + ["--store", store, "--as", user])
        }
        #expect(try DossierProcess.run(["init", "--simulation", "--store", store]).status == 0)
        for (user, role) in [("ada", "admin"), ("dora", "dept-archivist"), ("carl", "archivist")] {
            #expect(try run(["staff", "add", user, "--name", user.capitalized, "--role", role, "--at", "2026-04-01T08:00"]).status == 0)
        }
        let deployed = try run(["workflow", "deploy", folder.path("dept-handover.xml")])
        #expect(deployed.status == 0, "\(deployed.stderr)")
        let started = try run(["start", "dept-handover", "--field", "department=Sales", "--assign", "dept=dora", "--assign", "central=carl",
                               "--at", "2026-04-01T09:00"], as: "dora")
        #expect(started.status == 0, "\(started.stderr)")
        #expect(try run(["checklist", "set", "1", "files", "--pages", "2", "--at", "2026-04-02T08:00"], as: "dora").status == 0)
        #expect(try run(["task", "advance", "1", "hand-over", "--at", "2026-04-02T09:00"], as: "dora").status == 0)
        let accepted = try run(["task", "advance", "2", "accept", "--at", "2026-04-02T10:00"], as: "carl")
        #expect(accepted.status == 0, "\(accepted.stderr)")

        // Without <register>, a line shows the required fields and the roles always filled.
        let listed = try run(["register", "--format", "json"])
        let line = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]).first
        #expect(line.map { Array($0.keys).sorted() } == ["archive_number", "central", "contracts", "department", "dept", "dossier", "items",
                                                          "pages", "registered_at", "started_at", "workflow"], "\(listed.stdout)")
        #expect(line?["department"] as? String == "Sales")
        #expect(line?["dept"] as? String == "dora")
        #expect(line?["central"] as? String == "carl")
        let table = try run(["register"]).stdout
        #expect(table.hasPrefix("ARCHIVE NO  DOSSIER  WORKFLOW         DEPARTMENT  DEPT  CENTRAL  STARTED"), "\(table)")
        for document in [["render", "register"], ["render", "receipt-book-entry", "1"], ["render", "item-list", "1"]] {
            let rendered = try run(document)
            #expect(rendered.status == 0, "\(document): \(rendered.stderr)")
            for word in ["Customer", "customer", "Handler", "handler", "Reviewer", "reviewer"] {
                #expect(!rendered.stdout.contains(word), "\(document) shows '\(word)': \(rendered.stdout)")
            }
            #expect(rendered.stdout.contains("Department: Sales"), "\(document): \(rendered.stdout)")
        }
        #expect(try run(["render", "register"]).stdout.contains("Central archivist: carl"))

        // <register> names other columns; the compiler checks what it names.
        let named = Self.departmentHandOver.replacingOccurrences(of: "<states ", with: "<register fields=\"remark departmnt\" roles=\"central\"/>\n  <states ")
        try named.write(toFile: folder.path("named.xml"), atomically: true, encoding: .utf8)
        let checked = try DossierProcess.run(["workflow", "validate", folder.path("named.xml")])
        #expect(checked.status == 1)
        #expect(checked.stderr.contains("departmnt") && checked.stderr.contains("did you mean 'department'"), "\(checked.stderr)")
    }
}

extension AdministratorTrapsTests {
    @Test("staff roles are the office's list: validate and deploy catch a typo with did-you-mean, staff add refuses it, and the list cannot drop a role in use")
    func staffRoleVocabulary() throws {
        let folder = try TemporaryFolder()
        let store = folder.path("sim.db")
        let shipped = DossierProcess.packageRoot.appendingPathComponent("Workflows")
        let typo = Self.departmentHandOver.replacingOccurrences(of: "staff-role=\"archivist\" distinct-from", with: "staff-role=\"archivst\" distinct-from")
        try FileManager.default.createDirectory(atPath: folder.path("work"), withIntermediateDirectories: true)
        try typo.write(toFile: folder.path("work/typo.xml"), atomically: true, encoding: .utf8)

        // Without the list beside it, validate says the staff roles went unchecked.
        let unchecked = try DossierProcess.run(["workflow", "validate", folder.path("work/typo.xml")])
        #expect(unchecked.status == 0)
        #expect(unchecked.stdout.contains("staff roles not checked: give staff-roles.xml along"), "\(unchecked.stdout)")
        // With it given along, or beside the file, the typo is an error at its line.
        let given = try DossierProcess.run(["workflow", "validate", folder.path("work/typo.xml"), shipped.appendingPathComponent("staff-roles.xml").path])
        #expect(given.status == 1)
        #expect(given.stderr.contains("typo.xml:4:24: error: staff-role=\"archivst\" names no staff role of this office; did you mean 'archivist'?"),
                "\(given.stderr)")
        try FileManager.default.copyItem(atPath: shipped.appendingPathComponent("staff-roles.xml").path, toPath: folder.path("work/staff-roles.xml"))
        #expect(try DossierProcess.run(["workflow", "validate", folder.path("work/typo.xml")]).status == 1)
        // A broken list is reported on its own; the workflows given with it are not checked against it.
        try "<staff-roles xmlns=\"urn:dossier:staff-roles:1\">\n  <staff-role title=\"No id\"/>\n</staff-roles>\n"
            .write(toFile: folder.path("broken-roles.xml"), atomically: true, encoding: .utf8)
        let broken = try DossierProcess.run(["workflow", "validate", shipped.appendingPathComponent("loan-intake.xml").path, folder.path("broken-roles.xml")])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("broken-roles.xml:2:") && !broken.stderr.contains("names no staff role"), "\(broken.stderr)")
        #expect(broken.stdout.contains("loan-intake.xml: ok"), "\(broken.stdout)")

        // A store made by init has the shipped list: deploy checks against it.
        func run(_ arguments: [String]) throws -> DossierProcess.Result {
            try DossierProcess.run(arguments + ["--store", store, "--as", "ada", "--at", "2026-04-01T08:00"])
        }
        #expect(try DossierProcess.run(["init", "--simulation", "--store", store]).status == 0)
        #expect(try run(["staff", "add", "ada", "--name", "Ada", "--role", "admin"]).status == 0)
        let deployed = try run(["workflow", "deploy", folder.path("work/typo.xml")])
        #expect(deployed.status == 1)
        #expect(deployed.stderr.contains("did you mean 'archivist'?") && deployed.stderr.contains("nothing was deployed"), "\(deployed.stderr)")
        #expect(try run(["workflow", "list", "--format", "csv"]).stdout.contains("dept-handover") == false)

        let added = try run(["staff", "add", "eve", "--name", "Eve", "--role", "handler", "archivst"])
        #expect(added.status == 1)
        #expect(added.stderr.contains("'archivst' is not a staff role of this office; did you mean 'archivist'?"), "\(added.stderr)")
        #expect(try run(["staff", "show", "eve"]).status != 0, "nobody was added")

        // The list may grow; it may not drop a role a workflow or a person still has.
        let list = try String(contentsOf: shipped.appendingPathComponent("staff-roles.xml"), encoding: .utf8)
        let grown = list.replacingOccurrences(of: "</staff-roles>", with: "  <staff-role id=\"records-clerk\" title=\"Records clerk\"/>\n</staff-roles>")
        try grown.write(toFile: folder.path("grown.xml"), atomically: true, encoding: .utf8)
        let deployedList = try run(["workflow", "deploy", folder.path("grown.xml")])
        #expect(deployedList.stdout == "staff roles: deployed version 2\n", "\(deployedList.stdout)\(deployedList.stderr)")
        #expect(try run(["staff", "add", "rex", "--name", "Rex", "--role", "records-clerk"]).status == 0)
        let shrunk = grown.replacingOccurrences(of: "  <staff-role id=\"records-clerk\" title=\"Records clerk\"/>\n", with: "")
            .replacingOccurrences(of: "  <staff-role id=\"handler\" title=\"Project manager (项目经理, 经办人)\"/>\n", with: "")
        try shrunk.write(toFile: folder.path("shrunk.xml"), atomically: true, encoding: .utf8)
        let refused = try run(["workflow", "deploy", folder.path("shrunk.xml")])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("- handler: still named by workflow borrow, workflow correction, workflow customer-correction, workflow departure, workflow destruction, workflow generic-customer, workflow key-account, workflow loan-intake"), "\(refused.stderr)")
        #expect(refused.stderr.contains("- records-clerk: still named by rex"), "\(refused.stderr)")
        #expect(try run(["workflow", "deploy", folder.path("grown.xml")]).stdout == "staff roles: unchanged (version 2)\n")
    }
}

extension AdministratorTrapsTests {
    /// A monthly hand-over whose deadline counts from a date field, which a return re-enters.
    static let fixedDeadline = """
        <workflow xmlns="urn:dossier:workflow:1" id="monthly" title="Monthly hand-over" calendar="cn">
          <roles>
            <role id="dept" staff-role="dept-archivist"/>
            <role id="central" staff-role="archivist" distinct-from="dept"/>
          </roles>
          <fields><field id="month-end" type="date"/></fields>
          <checklist><section id="month" title="Files"><item id="files" title="Files"/></section></checklist>
          <archive-number pattern="M-{seq:3}"/>
          <states initial="preparing">
            <state id="preparing" role="dept">
              <deadline within="5" unit="working-days" from="field:month-end" fine="late"/>
              <transition action="hand-over" to="receiving"/>
            </state>
            <state id="receiving" role="central">
              <transition action="accept" to="filed" effect="assign-archive-number"/>
              <transition action="return" to="preparing" effect="issue-supplementary-list" note="required"/>
            </state>
            <state id="filed" final="true"/>
          </states>
          <fines>
            <fine id="late" amount="50" payer="dept" title="Late hand-over">
              <repeat every="1" unit="working-days" grace="1" until="corrected"/>
            </fine>
          </fines>
        </workflow>
        """

    @Test("a task re-opened by a return after its field-anchored deadline passed gets the correction window, and is never fined again for the old lateness")
    func returnAfterFixedDeadline() throws {
        let folder = try TemporaryFolder()
        let store = folder.path("sim.db")
        try Self.fixedDeadline.write(toFile: folder.path("monthly.xml"), atomically: true, encoding: .utf8)
        func run(_ arguments: [String], as user: String = "ada", at time: String) throws -> DossierProcess.Result {
            try DossierProcess.run(arguments + ["--store", store, "--as", user, "--at", time])
        }
        func fines() throws -> [[String: Any]] {
            let listed = try DossierProcess.run(["fines", "list", "--format", "json", "--store", store, "--as", "ada"])
            return try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        }
        #expect(try DossierProcess.run(["init", "--simulation", "--store", store]).status == 0)
        for (user, role) in [("ada", "admin"), ("dora", "dept-archivist"), ("carl", "archivist")] {
            #expect(try run(["staff", "add", user, "--name", user.capitalized, "--role", role], at: "2026-04-01T08:00").status == 0)
        }
        #expect(try run(["workflow", "deploy", folder.path("monthly.xml")], at: "2026-04-01T08:00").status == 0)
        #expect(try run(["start", "monthly", "--field", "month-end=2026-03-31", "--assign", "dept=dora", "--assign", "central=carl"],
                        as: "dora", at: "2026-04-01T09:00").status == 0)
        #expect(try run(["checklist", "set", "1", "files", "--pages", "3"], as: "dora", at: "2026-04-13T09:00").status == 0)
        // Five working days from 31 March (Qingming in between): due by the end of 8 April; handed over late.
        #expect(try run(["task", "advance", "1", "hand-over"], as: "dora", at: "2026-04-13T10:00").status == 0)
        let lateness = try fines()
        #expect(!lateness.isEmpty && lateness.allSatisfy { $0["task"] as? Int == 1 }, "the first task was late: \(lateness)")
        let returned = try run(["task", "advance", "2", "return", "--note", "the minutes are unsigned"], as: "carl", at: "2026-04-13T11:00")
        #expect(returned.status == 0, "\(returned.stderr)")

        // The re-opened task is due within the correction window: one working day from the return.
        let reopened = try DossierProcess.run(["task", "list", "--dossier", "1", "--format", "json", "--store", store, "--as", "ada"])
        let task = try #require((try JSONSerialization.jsonObject(with: Data(reopened.stdout.utf8)) as? [[String: Any]])?.last)
        #expect(task["task"] as? Int == 3)
        #expect(task["due_at"] as? String == "2026-04-14T23:59:59+08:00", "\(task)")
        // Within the window nothing is fined again, and nothing is ever dated before the return.
        let within = try run(["tick"], at: "2026-04-14T20:00")
        #expect(within.stdout.contains("0 fines recorded"), "\(within.stdout)")
        #expect(try fines().count == lateness.count)
        let after = try run(["tick"], at: "2026-04-15T09:00")
        #expect(after.stdout.contains("1 fine recorded"), "\(after.stdout)")
        let corrected = try fines().filter { $0["task"] as? Int == 3 }
        #expect(corrected.map { $0["occurred_at"] as? String } == ["2026-04-15T00:00:00+08:00"], "\(corrected)")

        // Without a <repeat> there is no window: validate warns where the deadline is.
        let bare = Self.fixedDeadline.replacingOccurrences(of: "\n      <repeat every=\"1\" unit=\"working-days\" grace=\"1\" until=\"corrected\"/>", with: "")
        try bare.write(toFile: folder.path("bare.xml"), atomically: true, encoding: .utf8)
        let warned = try DossierProcess.run(["workflow", "validate", folder.path("bare.xml"),
                                             DossierProcess.packageRoot.appendingPathComponent("Workflows/calendars/cn.xml").path])
        #expect(warned.status == 0)
        #expect(warned.stderr.contains("bare.xml:11:7: warning: state 'preparing' counts its deadline from field 'month-end', which a return ('return' from 'receiving') does not move"),
                "\(warned.stderr)")
    }
}
