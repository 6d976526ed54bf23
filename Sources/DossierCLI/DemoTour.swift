import ArgumentParser
import DossierDefinition
import DossierStore
import Foundation

/// The guided tour of `dossier demo`: a month of loan-dossier intake (with a supplementary list,
/// title certificates and a late hand-over), a late new-car dossier and a staff loan (a refused
/// view, GM approval, a late and incomplete return) and the month's backup duty on a fresh simulation store, run as the very
/// commands a user types, each printed before it runs.
struct DemoTour {
    var storePath: String
    /// Whether the tour goes through a server (`dossier demo --serve`) once its first admin is added.
    var throughServer: Bool
    private var server: DemoServer?
    /// Who acts in the steps that name nobody (the sweep, the history, the audit) through a server.
    private var administrator: String?
    private var step = 0

    init(storePath: String, throughServer: Bool = false) {
        self.storePath = storePath
        self.throughServer = throughServer
    }

    private mutating func heading(_ title: String) {
        step += 1
        print("\n== \(step). \(title)")
    }

    private func say(_ text: String) {
        print(text.split(separator: "\n").map { "   " + $0 }.joined(separator: "\n"))
    }

    /// Runs `dossier arguments…` (with this store, or through the server) and says what it does
    /// first. A refusal the tour expects is shown, not fatal.
    private mutating func run(_ arguments: [String], as user: String? = nil, at time: String? = nil, refused: Bool = false) throws {
        if let server {
            try runThrough(server, arguments, as: user ?? administrator ?? "", at: time, refused: refused)
            return
        }
        var full = arguments
        if let user { full += ["--as", user] }
        if let time { full += ["--at", time] }
        print("   $ dossier " + Self.quoted(full))
        full += ["--store", storePath]
        try perform(full, arguments: arguments, refused: refused)
        if throughServer, arguments.starts(with: ["staff", "add"]), let user {
            // The first admin is in: from now on everyone logs in and acts through the server.
            let at = time.flatMap { Session.localTime.parse($0) } ?? Date()
            let started = try DemoServer(storePath: storePath, admin: user, at: at)
            server = started
            administrator = user
            say("(\(user) has a password now; the store is served at \(started.url), and from here on each person logs in and acts through it)")
        }
    }

    /// Runs `dossier arguments…` on the local store at `path` (a restored copy), also when the
    /// tour goes through a server, which serves the tour's own store only.
    private func runLocally(on path: String, _ arguments: [String], as user: String? = nil, at time: String? = nil) throws {
        var full = arguments
        if let user { full += ["--as", user] }
        if let time { full += ["--at", time] }
        print("   $ dossier " + Self.quoted(full + ["--store", path]))
        try perform(full + ["--store", path], arguments: arguments, refused: false)
    }

    /// One step through the server, as `user` logged in.
    private func runThrough(_ server: DemoServer, _ arguments: [String], as user: String, at time: String?, refused: Bool) throws {
        var full = arguments
        if let time { full += ["--at", time] }
        print("   \(user)$ dossier " + Self.quoted(full))
        let date = time.flatMap { Session.localTime.parse($0) }
        let token = try server.token(of: user, at: date)
        full += ["--server", server.url]
        try ActingOptions.$demoToken.withValue(token) {
            try perform(full, arguments: arguments, refused: refused)
        }
        if arguments.starts(with: ["staff", "add"]), arguments.count > 2 {
            try server.addPassword(for: arguments[2], by: user, at: date)
        }
    }

    private func perform(_ full: [String], arguments: [String], refused: Bool) throws {
        flushOutput()
        do {
            var command = try DossierCommand.parseAsRoot(full)
            try command.run()
            if refused { throw CommandFailure("the demo expected `dossier \(arguments.joined(separator: " "))` to be refused, and it was not") }
        } catch let exit as ExitCode where refused && exit.rawValue == CommandFailure.Status.refused.rawValue {
            print("   (refused, as it should be)")
        }
        flushOutput()
    }

    private static func quoted(_ arguments: [String]) -> String {
        arguments.map { $0.contains(" ") ? "\"\($0)\"" : $0 }.joined(separator: " ")
    }

    /// Stops the tour's server, if it has one.
    func finish() {
        server?.stop()
    }

    mutating func run() throws {
        print("Dossier demo: a month of loan-dossier intake on a fresh simulation store at \(storePath)")
        print("Every step below is a real `dossier` command; run it yourself with --store \(storePath).")

        heading("Create a simulation store; the shipped workflows and calendars are deployed")
        let directory = try Init.shippedWorkflows()
        try run(["init", "--simulation", "--workflows", directory])

        heading("The people: Carol keeps the archive and the staff directory (admin); A and B are project managers (handlers)")
        say("The first person of a simulation store may be added by anyone; after that only an admin adds staff.")
        try run(["staff", "add", "carol", "--name", "Carol Zhao", "--role", "archivist", "--role", "admin"], as: "carol", at: "2026-03-02T08:30")
        try run(["staff", "add", "alice", "--name", "Alice Wang", "--role", "handler", "--department", "loans"], as: "carol", at: "2026-03-02T08:31")
        try run(["staff", "add", "bob", "--name", "Bob Li", "--role", "handler", "--department", "loans"], as: "carol", at: "2026-03-02T08:32")

        heading("A loan was paid out on Monday 2 March: Alice starts its dossier")
        say("Four-eyes: A and B must be different people, whatever anyone types.")
        try run(["start", "loan-intake", "--field", "customer=Hongda Trading Ltd", "--field", "project=HD-2026-017",
                 "--field", "ended-on=2026-03-02", "--assign", "a=alice", "--assign", "b=alice", "--assign", "archivist=carol"],
                as: "alice", at: "2026-03-02T09:00", refused: true)
        try run(["start", "loan-intake", "--field", "customer=Hongda Trading Ltd", "--field", "project=HD-2026-017",
                 "--field", "ended-on=2026-03-02", "--assign", "a=alice", "--assign", "b=bob", "--assign", "archivist=carol"],
                as: "alice", at: "2026-03-02T09:00")

        heading("Handing over an empty dossier is refused, with the list of what is missing")
        try run(["task", "advance", "1", "hand-over"], as: "alice", at: "2026-03-02T09:05", refused: true)

        heading("Alice records each item of the four-part checklist: pages and signatures")
        guard let loanVersion = try SQLiteStore(openingAt: storePath).version(of: .workflow, id: "loan-intake", version: nil) else {
            throw CommandFailure("the shipped workflows have no loan-intake; the demo needs it")
        }
        let loan = try DefinitionDeployment.compile(loanVersion)
        let required = loan.checklist?.items.filter { $0.isRequired && $0.kind != .attachment } ?? []
        for (index, item) in required.enumerated() {
            let signed = item.signatures.map(\.rawValue).joined(separator: ",")
            let signatures = item.id == "articles" ? "" : signed
            var arguments = ["checklist", "set", "1", item.id, "--pages", String(2 + index % 5)]
            if !signatures.isEmpty { arguments += ["--signed", signatures] }
            try run(arguments, as: "alice", at: "2026-03-03T10:\(10 + index)")
        }
        try run(["task", "advance", "1", "hand-over"], as: "alice", at: "2026-03-04T09:30")

        heading("What waits for Bob")
        try run(["pending", "--user", "bob"], as: "bob", at: "2026-03-04T09:31")

        heading("Bob checks every item; the articles of association lack the customer's signature")
        for item in required where item.id != "articles" {
            try run(["checklist", "verify", "1", item.id, "--ok"], as: "bob", at: "2026-03-04T14:00")
        }
        try run(["checklist", "verify", "1", "articles", "--defect", "customer signature missing on page 3"], as: "bob", at: "2026-03-04T14:05")
        try run(["task", "advance", "2", "accept"], as: "bob", at: "2026-03-04T14:10", refused: true)
        say("Bob returns the dossier to Alice with a supplementary list (the note is required).")
        try run(["task", "advance", "2", "return", "--note", "articles: customer signature missing"], as: "bob", at: "2026-03-04T14:12")

        heading("Alice completes the supplementary list and hands over again")
        try run(["checklist", "set", "1", "articles", "--pages", "6", "--signed", "customer"], as: "alice", at: "2026-03-05T10:00")
        try run(["task", "advance", "3", "hand-over"], as: "alice", at: "2026-03-05T10:05")
        for item in required {
            try run(["checklist", "verify", "1", item.id, "--ok"], as: "bob", at: "2026-03-05T15:00")
        }
        try run(["task", "advance", "4", "accept"], as: "bob", at: "2026-03-05T15:10")

        heading("Carol checks every item again")
        for item in required {
            try run(["checklist", "verify", "1", item.id, "--ok"], as: "carol", at: "2026-03-06T10:00")
        }

        heading("The title certificates are handed over at once, on their own list signed by A, B and Carol")
        say("Registration waits while a certificate list lacks a signature; the last signature puts them in the safe.")
        try run(["certificates", "add", "1", "property-certificate", "--number", "沪(2026)不动产权第0017号"], as: "alice", at: "2026-03-06T10:05")
        try run(["certificates", "add", "1", "other-rights-certificate", "--number", "沪(2026)他项第0042号"], as: "alice", at: "2026-03-06T10:06")
        try run(["certificates", "sign", "1"], as: "alice", at: "2026-03-06T10:07")
        try run(["task", "advance", "5", "register"], as: "carol", at: "2026-03-06T10:08", refused: true)
        try run(["certificates", "sign", "1"], as: "bob", at: "2026-03-06T10:09")
        try run(["certificates", "sign", "1"], as: "carol", at: "2026-03-06T10:10")

        heading("B and the archivist both sign the register; the dossier gets its archive number")
        try run(["task", "advance", "5", "register"], as: "carol", at: "2026-03-06T10:30")
        try run(["pending"], as: "carol", at: "2026-03-06T10:31")
        try run(["task", "advance", "5", "register"], as: "carol", at: "2026-03-06T10:32", refused: true)
        try run(["task", "advance", "5", "register"], as: "bob", at: "2026-03-06T11:00")
        try run(["certificates"], as: "carol", at: "2026-03-06T11:01")
        say("The item list, in its three copies (A, B, the dossier), prints with `dossier render item-list 1 --form html`.")

        heading("A second loan, paid out on 9 March: Alice is late with its hand-over")
        try run(["start", "loan-intake", "--field", "customer=Jinhe Foods", "--field", "project=JH-2026-004",
                 "--field", "ended-on=2026-03-09", "--assign", "a=alice", "--assign", "b=bob", "--assign", "archivist=carol"],
                as: "alice", at: "2026-03-09T09:00")

        heading("At the car dealer: a new car sold on Tuesday 10 March; Sam must hand its dossier over by Friday 13")
        try run(["staff", "add", "sam", "--name", "Sam Chen", "--role", "sales-consultant", "--department", "sales"], as: "carol", at: "2026-03-10T15:00")
        try run(["staff", "add", "mia", "--name", "Mia Sun", "--role", "department-manager", "--department", "sales"], as: "carol", at: "2026-03-10T15:01")
        try run(["start", "new-car-intake", "--field", "customer=Zhou Min", "--field", "vin=LSVAU2180N2183311", "--field", "sold-on=2026-03-10",
                 "--assign", "sales=sam", "--assign", "archivist=carol", "--assign", "manager=mia"], as: "sam", at: "2026-03-10T16:00")

        heading("The sweep")
        say("""
            3 working days from Monday 9 March end with Thursday 12 March. The sweep runs every hour
            from cron (`dossier tick`); the first run after midnight finds the task overdue and
            records the fine with its explanation.
            """)
        try run(["tick"], at: "2026-03-12T23:00")
        try run(["tick"], at: "2026-03-13T00:05")
        try run(["pending", "--overdue"], as: "bob", at: "2026-03-13T08:30")

        heading("Time makes work too: the sweep opened Sam's three follow-up calls for the car sold on 10 March")
        say("""
            The buyer is called within 3, 30 and 60 days of the sale, each call in its own window
            (<timers> in new-car-intake.xml). A call is done by recording it: the channel and the
            outcome, the notes in --note. One made before its window opens does not count.
            """)
        try run(["pending", "--user", "sam"], as: "sam", at: "2026-03-13T09:00")
        try run(["task", "advance", "9", "record", "--field", "channel=phone", "--field", "outcome=satisfied"], as: "sam", at: "2026-03-13T09:05",
                refused: true)
        try run(["task", "advance", "8", "record", "--field", "channel=phone", "--field", "outcome=satisfied",
                 "--note", "happy with the car; asked about the first service"], as: "sam", at: "2026-03-13T09:10")

        heading("Not corrected within one working day, the lateness counts again each working day")
        say("Running the sweep twice, or once after days without it, gives the same ledger.")
        try run(["tick"], at: "2026-03-17T09:00")
        try run(["tick"], at: "2026-03-17T09:00")
        try run(["fines", "statement", "alice", "--month", "2026-03"], as: "bob", at: "2026-03-17T09:05")

        heading("Sam hands the car's dossier over on Tuesday 17 March, late; the archivist files it")
        say("The sweep has recorded Sam's lateness twice: 50 when Friday ended, and 100 at the end of Monday, not corrected within "
            + "one working day (a late new-car dossier costs 50 and counts again each working day; from his 2nd in a month it doubles).")
        guard let carVersion = try SQLiteStore(openingAt: storePath).version(of: .workflow, id: "new-car-intake", version: nil) else {
            throw CommandFailure("the shipped workflows have no new-car-intake; the demo needs it")
        }
        let car = try DefinitionDeployment.compile(carVersion)
        let carItems = car.checklist?.items.filter { $0.isRequired } ?? []
        for (index, item) in carItems.enumerated() {
            var arguments = ["checklist", "set", "3", item.id, "--pages", String(1 + index % 3)]
            if !item.signatures.isEmpty { arguments += ["--signed", item.signatures.map(\.rawValue).joined(separator: ",")] }
            try run(arguments, as: "sam", at: "2026-03-17T10:\(10 + index)")
        }
        try run(["task", "advance", "7", "hand-over"], as: "sam", at: "2026-03-17T10:30")
        for item in carItems {
            try run(["checklist", "verify", "3", item.id, "--ok"], as: "carol", at: "2026-03-17T14:00")
        }
        say("Both sides sign the receipt book: the accept needs Sam's and Carol's sign-off.")
        try run(["task", "advance", "11", "accept"], as: "carol", at: "2026-03-17T14:10")
        try run(["task", "advance", "11", "accept"], as: "sam", at: "2026-03-17T14:12")
        try run(["render", "receipt-book-entry", "3"], as: "carol", at: "2026-03-17T14:13")
        try run(["fines", "list", "--person", "sam"], as: "mia", at: "2026-03-17T14:15")
        try run(["register"], as: "carol", at: "2026-03-17T14:16")

        heading("Reading a dossier needs a right: Sam, of sales, tries the Hongda dossier")
        say("""
            鸿借字第001号 is a department-level dossier of the loans department. Its own people and
            the loans department read it; an outsider needs an approved borrow slip even to read it.
            The refused attempt is kept in the log and fined under the borrow workflow's rule.
            """)
        try run(["staff", "add", "gina", "--name", "Gina Xu", "--role", "gm"], as: "carol", at: "2026-03-18T08:00")
        try run(["view", "鸿借字第001号"], as: "sam", at: "2026-03-18T09:00", refused: true)

        heading("Sam fills in a borrow slip; the GM approves it and Carol lends the dossier")
        try run(["borrow", "request", "鸿借字第001号", "--purpose", "reference for a car-loan customer", "--until", "2026-03-20",
                 "--take-away"], as: "sam", at: "2026-03-18T09:05")
        try run(["pending", "--user", "gina"], as: "gina", at: "2026-03-18T09:06")
        try run(["borrow", "approve", "4"], as: "gina", at: "2026-03-18T09:30")
        try run(["borrow", "lend", "4"], as: "carol", at: "2026-03-18T10:00")
        try run(["view", "鸿借字第001号"], as: "sam", at: "2026-03-18T10:05")
        try run(["render", "borrow-slip", "4"], as: "carol", at: "2026-03-18T10:06")

        heading("Due back on Friday 20 March, the dossier is late: the sweep fines Sam per working day")
        try run(["tick"], at: "2026-03-24T09:00")
        try run(["loans", "--overdue"], as: "carol", at: "2026-03-24T09:01")

        heading("Sam brings it back on Tuesday 24 March; Carol checks it against the register: an item is missing")
        try run(["borrow", "return", "4", "--missing", "site-visit-record"], as: "carol", at: "2026-03-24T10:00")
        try run(["fines", "statement", "sam", "--month", "2026-03"], as: "mia", at: "2026-03-24T10:05")

        heading("The site-visit record turns up the next day; the ledger entry is closed")
        try run(["borrow", "complete", "4"], as: "carol", at: "2026-03-25T11:00")
        try run(["custody", "鸿借字第001号"], as: "carol", at: "2026-03-25T11:01")
        try run(["render", "loan-ledger", "--month", "2026-03"], as: "carol", at: "2026-03-25T11:02")

        heading("Sam leaves at the month's end: his departure lists what he holds, Tom takes it over, and all three sign the list")
        try run(["staff", "add", "tom", "--name", "Tom Zhang", "--role", "sales-consultant", "--department", "sales"], as: "carol", at: "2026-03-25T15:00")
        try run(["staff", "depart", "sam", "--successor", "tom", "--supervisor", "mia"], as: "carol", at: "2026-03-25T15:05")
        say("The list cannot be signed while Sam still owes the follow-up calls of the car he sold, and his fines.")
        try run(["task", "advance", "16", "sign"], as: "sam", at: "2026-03-25T15:06", refused: true)
        try run(["staff", "transfer", "sam"], as: "mia", at: "2026-03-25T15:10")
        try run(["fines", "settle", "--person", "sam", "--note", "deducted from Sam's last pay"], as: "mia", at: "2026-03-25T15:12")
        for (index, person) in ["sam", "tom", "mia"].enumerated() {
            try run(["task", "advance", "16", "sign"], as: person, at: "2026-03-25T15:2\(index)")
        }
        try run(["render", "departure-list", "5"], as: "mia", at: "2026-03-25T15:25")
        try run(["render", "customer-list", "5"], as: "mia", at: "2026-03-25T15:26")

        heading("Hongda re-registered as a company limited: Alice asks to correct 鸿借字第001号, and the GM approves")
        say("A registered dossier changes only through a correction; an original record, such as the loan contract, never does.")
        try run(["start", "correction", "--field", "archive-number=鸿借字第001号", "--field", "changes=pages:loan-contract=9",
                 "--field", "reason=recounted"], as: "alice", at: "2026-03-25T16:00", refused: true)
        try run(["start", "correction", "--field", "archive-number=鸿借字第001号",
                 "--field", "changes=customer=Hongda Trading Co., Ltd.; pages:articles=7",
                 "--field", "reason=new business licence; the amended articles have 7 pages"],
                as: "alice", at: "2026-03-25T16:01")
        try run(["task", "advance", "17", "approve"], as: "gina", at: "2026-03-25T16:30")
        try run(["view", "鸿借字第001号", "--version", "1"], as: "carol", at: "2026-03-25T16:31")
        try run(["view", "鸿借字第001号"], as: "carol", at: "2026-03-25T16:32")

        heading("Month's end, on a restored copy: Carol backs the store up, restores it, and April begins there")
        say("The tour's store stays in March (try its commands at March times); a copy restored from tonight's backup\ngoes on into April, where the sweep starts the month's backup for the administrator and the quarter's\ninspection of the store room, and Carol's backup meets the backup duty.")
        // Through a server the copy goes into the server's backup folder, named by the file alone.
        let folder = URL(fileURLWithPath: storePath).deletingLastPathComponent()
        let backups = folder.appendingPathComponent("backups")
        try FileManager.default.createDirectory(at: backups, withIntermediateDirectories: true)
        let march = backups.appendingPathComponent("office-2026-03.db").path
        try run(["backup", "--to", server == nil ? march : "office-2026-03.db"], as: "carol", at: "2026-03-25T18:00")
        let april = folder.appendingPathComponent("april.db").path
        try runLocally(on: april, ["restore", march], as: "carol", at: "2026-03-25T18:10")
        say("Sam's last day is 31 March: with his departure signed and nothing held, Carol deactivates his account.")
        try runLocally(on: april, ["staff", "deactivate", "sam", "--reason", "left on 31 March"], as: "carol", at: "2026-03-31T18:00")
        try runLocally(on: april, ["tick"], at: "2026-04-01T08:00")
        try runLocally(on: april, ["pending", "--user", "carol"], as: "carol", at: "2026-04-01T08:05")
        try runLocally(on: april, ["backup", "--to", backups.appendingPathComponent("office-2026-04.db").path], as: "carol", at: "2026-04-01T18:00")

        heading("The first dossier's history, and the audit of the whole log")
        try run(["history", "1"])
        try run(["audit", "verify"])

        heading("A mistaken workflow edit is caught before anyone relies on it")
        guard let stored = try SQLiteStore(openingAt: storePath).version(of: .workflow, id: "loan-intake", version: nil) else { return }
        let brokenPath = folder.appendingPathComponent("loan-intake.xml").path
        try stored.source.replacingOccurrences(of: "to=\"reviewing\"", with: "to=\"reviewng\"")
            .replacingOccurrences(of: "within=\"3\"", with: "within=\"0\"")
            .write(toFile: brokenPath, atomically: true, encoding: .utf8)
        try run(["workflow", "deploy", brokenPath], as: "carol", refused: true)

        print("""

            The store is kept at \(storePath). Try `dossier workflow graph loan-intake --store \(storePath)`,
            or `dossier checklist show 1 --store \(storePath)`.
            """)
    }
}

/// Flushes buffered output so command output, refusals and narration stay in order.
private func flushOutput() {
    fflush(nil)
}
