import Foundation
import Testing

/// `dossier init` and `dossier workflow …` through the built binary, on real SQLite files.
@Suite("dossier init and workflow commands")
struct WorkflowCommandTests {
    static let shipped = ["borrow", "correction", "custody-transfer", "customer-correction", "customer-follow-up", "department-handover", "departure", "destruction", "file-inspection", "generic-customer", "key-account", "loan-intake", "monthly-backup",
                          "new-car-intake", "repair-intake", "restoration", "tenant-file", "yearly-refiling"]

    @Test("init creates a store and deploys every shipped workflow and calendar")
    func initDeploysShipped() throws {
        let folder = try TemporaryFolder()
        let store = folder.path("d.db")
        let result = try DossierProcess.run(["init", "--store", store])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("created production store \(store)"))
        for id in Self.shipped { #expect(result.stdout.contains("workflow \(id): deployed version 1")) }
        #expect(result.stdout.contains("calendar cn: deployed version 1"))
        #expect(result.stdout.contains("calendar weekdays: deployed version 1"))

        let list = try DossierProcess.run(["workflow", "list", "--store", store, "--format", "csv"])
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\r\n").map(String.init)
        #expect(lines.first == "id,title,version,deployed_at,sha256")
        #expect(lines.dropFirst().map { String($0.prefix { $0 != "," }) } == Self.shipped)
    }

    @Test("init refuses an existing store and leaves it unchanged")
    func initRefusesExisting() throws {
        let folder = try TemporaryFolder()
        let store = folder.path("d.db")
        #expect(try DossierProcess.run(["init", "--store", store]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: store))
        let again = try DossierProcess.run(["init", "--simulation", "--store", store])
        #expect(again.status == 1)
        #expect(again.stderr == "error: a store already exists at \(store) and was left unchanged; deploy changed workflows with `dossier workflow deploy`, or choose another --store\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: store)) == before)
    }

    @Test("init with an invalid workflow creates nothing and prints every error")
    func initWithInvalidWorkflow() throws {
        let folder = try TemporaryFolder()
        let workflows = folder.url.appendingPathComponent("wf")
        try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
        try """
            <workflow xmlns="urn:dossier:workflow:1" id="w">
              <roles><role id="a" staff-role="handler"/></roles>
              <states initial="start">
                <state id="start" role="a"><transition action="go" to="dne"/></state>
                <state id="done" final="true"/>
              </states>
            </workflow>
            """.write(to: workflows.appendingPathComponent("w.xml"), atomically: true, encoding: .utf8)
        let store = folder.path("d.db")
        let result = try DossierProcess.run(["init", "--store", store, "--workflows", workflows.path])
        #expect(result.status == 1)
        let file = workflows.appendingPathComponent("w.xml").path
        #expect(result.stderr.contains("\(file):4:56: error: to=\"dne\" names no state of this workflow; did you mean 'done'?"))
        #expect(result.stderr.hasSuffix("error: 1 error in the definitions; nothing was deployed\n"))
        #expect(!result.stderr.contains("loops back"), "a misspelt target must not cascade into graph errors")
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test("validate reports gcc-style errors on stderr and exits 1; shipped files pass")
    func validateText() throws {
        let shipped = try DossierProcess.run(["workflow", "validate"] + Self.shipped.map { "Workflows/\($0).xml" })
        #expect(shipped.status == 0, "\(shipped.stderr)")
        #expect(shipped.stdout.split(separator: "\n").count == Self.shipped.count)

        let folder = try TemporaryFolder()
        let bad = folder.path("bad.xml")
        try "<workflow xmlns=\"urn:dossier:workflow:1\" id=\"w\">\n  <roles><role id=\"a\"/></roles>\n</workflow>\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try DossierProcess.run(["workflow", "validate", bad, "Workflows/loan-intake.xml"])
        #expect(result.status == 1)
        #expect(result.stderr == """
            \(bad):1:1: error: <workflow> needs a <states> section
            \(bad):2:10: error: <role> needs a staff-role attribute
            1 error in 1 of 2 files

            """.replacingOccurrences(of: "1 error in", with: "2 errors in"))
        #expect(result.stdout == "Workflows/loan-intake.xml: ok (workflow loan-intake)\n")
    }

    @Test("validate --format json gives objects with file, line, column, severity, message")
    func validateJSON() throws {
        let folder = try TemporaryFolder()
        let bad = folder.path("bad.xml")
        try "<workflow xmlns=\"urn:dossier:workflow:1\" id=\"w\">\n  <roles><role id=\"a\" staff-role=\"x\" bogus=\"1\"/></roles>\n  <states initial=\"s\"><state id=\"s\" final=\"true\"/></states>\n</workflow>\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try DossierProcess.run(["workflow", "validate", "--format", "json", bad])
        #expect(result.status == 1)
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(objects.count == 1)
        #expect(objects.first?["file"] as? String == bad)
        #expect(objects.first?["line"] as? Int == 2)
        #expect(objects.first?["column"] as? Int == 38)
        #expect(objects.first?["severity"] as? String == "error")
        #expect(objects.first?["message"] as? String == "<role> has no attribute 'bogus'; it takes id, staff-role, title, distinct-from, bound, optional")
    }

    @Test("deploy stores a new version only when content changed; old versions stay readable")
    func deployVersions() throws {
        let folder = try TemporaryFolder()
        let store = folder.path("d.db")
        #expect(try DossierProcess.run(["init", "--store", store]).status == 0)
        let same = try DossierProcess.run(["workflow", "deploy", "--store", store, "Workflows/loan-intake.xml"])
        #expect(same.status == 0)
        #expect(same.stdout == "workflow loan-intake: unchanged (version 1)\n")

        let original = try String(contentsOfFile: DossierProcess.packageRoot.appendingPathComponent("Workflows/loan-intake.xml").path, encoding: .utf8)
        let edited = folder.path("loan-intake.xml")
        try original.replacingOccurrences(of: "within=\"3\"", with: "within=\"4\"").write(toFile: edited, atomically: true, encoding: .utf8)
        let changed = try DossierProcess.run(["workflow", "deploy", "--store", store, edited])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(changed.stdout == "workflow loan-intake: deployed version 2\n")

        let latest = try DossierProcess.run(["workflow", "show", "loan-intake", "--store", store])
        #expect(latest.stdout.contains("version 2 of 2"))
        #expect(latest.stdout.contains("within 4 working days"))
        let first = try DossierProcess.run(["workflow", "show", "loan-intake", "--version", "1", "--store", store])
        #expect(first.stdout.contains("version 1 of 2"))
        #expect(first.stdout.contains("within 3 working days"))
        let none = try DossierProcess.run(["workflow", "show", "loan-intake", "--version", "3", "--store", store])
        #expect(none.status == 1)
        #expect(none.stderr == "error: workflow loan-intake has no version 3; see `dossier workflow show loan-intake` for its versions\n")
    }

    @Test("deploy of an invalid file deploys nothing, not even the valid ones")
    func deployIsAllOrNothing() throws {
        let folder = try TemporaryFolder()
        let store = folder.path("d.db")
        #expect(try DossierProcess.run(["init", "--store", store]).status == 0)
        let original = try String(contentsOfFile: DossierProcess.packageRoot.appendingPathComponent("Workflows/borrow.xml").path, encoding: .utf8)
        let good = folder.path("borrow.xml")
        try original.replacingOccurrences(of: "max-period=\"30\"", with: "max-period=\"14\"").write(toFile: good, atomically: true, encoding: .utf8)
        let bad = folder.path("bad.xml")
        try "<workflow xmlns=\"urn:dossier:workflow:1\"/>".write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try DossierProcess.run(["workflow", "deploy", "--store", store, good, bad])
        #expect(result.status == 1)
        #expect(result.stderr.hasSuffix("nothing was deployed\n"))
        let list = try DossierProcess.run(["workflow", "list", "--store", store, "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(rows.first { $0["id"] as? String == "borrow" }?["version"] as? Int == 1)
    }

    @Test("graph draws states, transitions and final states", arguments: ["mermaid", "dot"])
    func graph(format: String) throws {
        let folder = try TemporaryFolder()
        let store = folder.path("d.db")
        #expect(try DossierProcess.run(["init", "--store", store]).status == 0)
        let result = try DossierProcess.run(["workflow", "graph", "loan-intake", "--format", format, "--store", store])
        #expect(result.status == 0)
        if format == "mermaid" {
            #expect(result.stdout.contains("stateDiagram-v2"))
            #expect(result.stdout.contains("[*] --> s_compiling"))
            #expect(result.stdout.contains("s_compiling --> s_reviewing : hand-over by a [checklist-complete]"))
            #expect(result.stdout.contains("s_registered --> [*]"))
        } else {
            #expect(result.stdout.hasPrefix("digraph \"loan-intake\" {"))
            #expect(result.stdout.contains("\"registered\" [label=\"Registered"))
            #expect(result.stdout.contains("peripheries=2"))
            #expect(result.stdout.contains("\"compiling\" -> \"reviewing\""))
        }
        // The duties time makes and the schedule are drawn beside the first state (Mermaid
        // writes a colon in a note as #58;).
        let drawn = { (text: String) in format == "mermaid" ? text.replacingOccurrences(of: ":", with: "#58;") : text }
        let calls = try DossierProcess.run(["workflow", "graph", "customer-follow-up", "--format", format, "--store", store])
        #expect(calls.stdout.contains(drawn("duty call-30 for consultant: from 4 to 30 calendar days after instance-started, when field:bought=true, fine late-call")),
                "\(calls.stdout)")
        let backup = try DossierProcess.run(["workflow", "graph", "monthly-backup", "--format", format, "--store", store])
        #expect(backup.stdout.contains(drawn("starts by itself: due R/2026-01-01/P1M, for administrator of the office")), "\(backup.stdout)")
        #expect(backup.stdout.contains("back-up by administrator on dossier backup"), "\(backup.stdout)")
        let handOver = try DossierProcess.run(["workflow", "graph", "department-handover", "--format", format, "--store", store])
        #expect(handOver.stdout.contains(drawn("starts by itself: due R/2026-01-10/P1M (next-working-day), 9 days ahead, for dept in each department")),
                "\(handOver.stdout)")
    }

    @Test("mistakes get a sentence and the right exit status", arguments: [
        (["workflow", "show", "nope", "--store", "STORE"], Int32(1), "error: no workflow nope is deployed; deployed workflows: borrow, correction, custody-transfer, customer-correction, customer-follow-up, department-handover, departure, destruction, file-inspection, generic-customer, key-account, loan-intake, monthly-backup, new-car-intake, repair-intake, restoration, tenant-file, yearly-refiling\n"),
        (["workflow", "graph", "loan-intake", "--format", "png", "--store", "STORE"], Int32(64), "'png'"),
        (["workflow", "validate"], Int32(64), "Missing expected argument '<file> ...'"),
        (["workflow", "show", "loan-intake", "--version", "0", "--store", "STORE"], Int32(64), "--version counts from 1"),
    ])
    func mistakes(arguments: [String], status: Int32, message: String) throws {
        let folder = try TemporaryFolder()
        let store = folder.path("d.db")
        #expect(try DossierProcess.run(["init", "--store", store]).status == 0)
        let result = try DossierProcess.run(arguments.map { $0 == "STORE" ? store : $0 })
        #expect(result.status == status)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("a missing store is named, with what to do")
    func missingStore() throws {
        let folder = try TemporaryFolder()
        let result = try DossierProcess.run(["workflow", "list"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.stderr == "error: there is no Dossier store at dossier.db; create one with `dossier init` or name another with --store\n")
        let fromEnvironment = try DossierProcess.run(["workflow", "list"], in: folder.url, environment: ["DOSSIER_STORE": folder.path("x.db")])
        #expect(fromEnvironment.stderr.contains("no Dossier store at \(folder.path("x.db"))"))
    }

    @Test("a file that is not a store is refused with a sentence")
    func notAStore() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("notes.db")
        try "just some notes".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try DossierProcess.run(["workflow", "list", "--store", path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: \(path) cannot be opened as a Dossier store: "))
    }

    @Test("demo runs a month of intake on a fresh simulation store, and refuses an existing file")
    func demo() throws {
        let folder = try TemporaryFolder()
        let store = folder.path("demo.db")
        let result = try DossierProcess.run(["demo", "--store", store])
        #expect(result.status == 0, "\(result.stderr)")
        for line in ["workflow loan-intake: deployed version 1", "started dossier 1 (loan-intake version 1) in state compiling",
                     "carol signed 'register' as archivist on dossier 1", "'register' now waits for: b (bob)",
                     "dossier 1: register → registered", "archive number 鸿借字第001号", "audit log intact:",
                     "fine 2: 50 to alice under late-handover: the 'compiling' task of dossier 2 was due by the end of 2026-03-12 and was still open then",
                     "still not corrected at the end of 2026-03-13, so it counts a 2nd time", "Total: 220",
                     "fine 7: 50 to alice under late-total: deadline handover-total of dossier 2",
                     "fine 6: 100 to sam under late-new-car: the 'handing-over' task of dossier 3 was due by the end of 2026-03-13 and still not corrected at the end of 2026-03-16, so it counts a 2nd time",
                     "dossier 1: certificate list 1 handed over, 2 certificates in the safe of carol",
                     "fine 5: 50 to sam under late-new-car: the 'handing-over' task of dossier 3 was due by the end of 2026-03-13 and was still open then",
                     "dossier 3: accept → filed", "archive number GY-SH-001", "Handed over by sam (Sales consultant (销售顾问)) on 2026-03-17 10:30"] {
            #expect(result.stdout.contains(line), "missing from the demo: \(line)")
        }
        for refusal in ["four-eyes: alice cannot be both 'b' and 'a' in one dossier",
                        "carol has already signed 'register' as archivist",
                        "certificate list 1 still waits for the signature of b (bob), archivist (carol)",
                        "to=\"reviewng\" names no state of this workflow; did you mean 'reviewing'?"] {
            #expect(result.stderr.contains(refusal), "missing refusal: \(refusal)")
        }
        #expect(!result.stdout.contains("the demo expected"))
        let again = try DossierProcess.run(["demo", "--store", store])
        #expect(again.status == 1)
        #expect(again.stderr.contains("a store already exists at \(store)"))
    }

    @Test("register lists the archived dossier with its people, items, pages and numbered contracts")
    func register() throws {
        let folder = try TemporaryFolder()
        let store = folder.path("demo.db")
        #expect(try DossierProcess.run(["demo", "--store", store]).status == 0)
        let listed = try DossierProcess.run(["register", "--format", "json", "--store", store])
        #expect(listed.status == 0, "\(listed.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.map { $0["archive_number"] as? String } == ["鸿借字第001号", "GY-SH-001"], "the first loan and the car are registered")
        let line = try #require(rows.first)
        #expect(line["archive_number"] as? String == "鸿借字第001号")
        #expect(line["customer"] as? String == "Hongda Trading Co., Ltd.", "as corrected at the end of March")
        #expect(line["project"] as? String != nil)
        #expect(line["a"] as? String == "alice")
        #expect(line["b"] as? String == "bob")
        #expect(line["archivist"] as? String == "carol")
        #expect(line["items"] as? Int == 15)
        // The car's workflow shows its own people: a column the loan has (a, b) is empty for it.
        #expect(rows.last?["sales"] as? String == "tom", "sam left and handed his car to tom")
        #expect(rows.last?["vin"] as? String != nil)
        #expect(rows.last?["a"] is NSNull)
        #expect(line["contracts"] as? String == "鸿借字第001号-01 loan-contract; 鸿借字第001号-02 guarantee-contract")
        let car = try DossierProcess.run(["register", "--workflow", "new-car-intake", "--format", "json", "--store", store])
        let carRows = try JSONSerialization.jsonObject(with: Data(car.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(carRows.count == 1)
        #expect(carRows.first?["sales"] as? String == "tom")
        #expect(carRows.first.map { Set($0.keys) } == ["archive_number", "dossier", "workflow", "customer", "vin", "sales", "archivist",
                                                        "started_at", "registered_at", "items", "pages", "contracts"])
        #expect(carRows.first?["contracts"] as? String == "GY-SH-001-01 sales-contract")
        let other = try DossierProcess.run(["register", "--workflow", "repair-intake", "--store", store])
        #expect(other.stdout == "(none)\n")
    }
}
