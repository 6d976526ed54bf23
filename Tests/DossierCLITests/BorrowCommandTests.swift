import Foundation
import Testing

/// Borrowing and reading through the binary on the demo store (鸿借字第001号 is a
/// department-level dossier of the loans department, GY-SH-001 a car's; the demo's own loan 4
/// is closed by 25 March): routing by level and department, executives borrowing directly,
/// take-away and loan-period refusals, lending, overdue fines, incomplete returns, renewals,
/// same-day forms, the read log, custody, and two archivists lending one dossier at once.
@Suite("Borrowing")
struct BorrowCommandTests {
    /// The demo store plus dan (a handler in sales), dora (the loans department's manager), lin
    /// (a handler in loans), ada (a second archivist) and dean (a deputy GM).
    static func store() throws -> (TemporaryFolder, String) {
        let folder = try TemporaryFolder()
        let store = folder.path("demo.db")
        guard try DossierProcess.run(["demo", "--store", store]).status == 0 else { throw FixtureFailure("demo failed") }
        for (user, role, department) in [("dan", "handler", "sales"), ("dora", "department-manager", "loans"), ("lin", "handler", "loans"),
                                         ("ada", "archivist", ""), ("dean", "deputy-gm", "")] {
            let added = try run(store, ["staff", "add", user, "--name", user.capitalized, "--role", role, "--at", "2026-03-26T08:00"]
                                + (department.isEmpty ? [] : ["--department", department]), as: "carol")
            guard added.status == 0 else { throw FixtureFailure("staff add failed: \(added.stderr)") }
        }
        return (folder, store)
    }

    @discardableResult
    static func run(_ store: String, _ arguments: [String], as user: String) throws -> DossierProcess.Result {
        try DossierProcess.run(arguments + ["--store", store], environment: ["DOSSIER_USER": user])
    }

    static func rows(_ result: DossierProcess.Result) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }

    /// Requests a slip for 鸿借字第001号 and returns the loan's number.
    static func request(_ store: String, as user: String, until: String, at time: String, extra: [String] = []) throws -> Int {
        let requested = try run(store, ["borrow", "request", "鸿借字第001号", "--purpose", "audit", "--until", until, "--at", time] + extra, as: user)
        guard requested.status == 0, let line = requested.stdout.split(separator: "\n").first,
              let id = Int(line.dropFirst("loan ".count).prefix { $0.isNumber }) else {
            throw FixtureFailure("borrow request failed: \(requested.stderr)")
        }
        return id
    }

    @Test("a staff loan: routed to the loans department's approvers, lent, overdue and fined per working day, returned incomplete")
    func staffLoan() throws {
        let (folder, store) = try Self.store()
        _ = folder
        let requested = try Self.run(store, ["borrow", "request", "鸿借字第001号", "--purpose", "credit review", "--until", "2026-03-27",
                                             "--take-away", "--at", "2026-03-26T09:00"], as: "dan")
        #expect(requested.status == 0, "\(requested.stderr)")
        #expect(requested.stdout.contains("loan 7: borrow slip for 鸿借字第001号 (department level) by dan, until 2026-03-27, taken away: dossier-volume"))
        #expect(requested.stdout.contains("waiting for approval by a department-manager of loans or marketing-vp or gm or deputy-gm or chairman: dossier borrow approve 7"))
        let waiting = try Self.rows(try Self.run(store, ["pending", "--user", "dora", "--format", "json", "--at", "2026-03-26T09:01"], as: "dora"))
        #expect(waiting.map { $0["dossier"] as? Int } == [7])
        #expect(try Self.rows(try Self.run(store, ["pending", "--user", "mia", "--format", "json", "--at", "2026-03-26T09:01"], as: "mia")).isEmpty,
                "the sales manager approves nothing of the loans department")
        let wrong = try Self.run(store, ["borrow", "approve", "7", "--at", "2026-03-26T09:10"], as: "sam")
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("sam cannot approve this slip: a department-level dossier's slip is approved by department-manager or marketing-vp or gm or deputy-gm or chairman"))
        let outsider = try Self.run(store, ["borrow", "approve", "7", "--at", "2026-03-26T09:10"], as: "mia")
        #expect(outsider.status == 1)
        #expect(outsider.stderr.contains("mia is department-manager of sales and approves only for that department; this dossier belongs to loans"))
        let early = try Self.run(store, ["borrow", "lend", "7", "--at", "2026-03-26T09:11"], as: "carol")
        #expect(early.status == 1, "the archivist cannot lend before approval")
        #expect(try Self.run(store, ["borrow", "approve", "7", "--at", "2026-03-26T09:20"], as: "dora").status == 0)
        let lent = try Self.run(store, ["borrow", "lend", "7", "--at", "2026-03-26T10:00"], as: "carol")
        #expect(lent.stdout.contains("due 2026-03-27 23:59"), "the loan runs until the slip's date: \(lent.stdout)")
        let custody = try Self.run(store, ["custody", "鸿借字第001号"], as: "carol")
        #expect(custody.stdout.contains("now: borrowed by dan since 2026-03-26 10:00 on loan 7, due 2026-03-27 23:59"), "\(custody.stdout)")

        #expect(try Self.rows(try Self.run(store, ["loans", "--overdue", "--format", "json", "--at", "2026-03-27T12:00"], as: "carol")).isEmpty)
        let tick = try Self.run(store, ["tick", "--at", "2026-03-31T09:00"], as: "carol")
        #expect(tick.stdout.contains("20 to dan under late-return: the 'lent' task of dossier 7 was due by the end of 2026-03-27 and was still open then"))
        #expect(tick.stdout.contains("and was still open at the end of 2026-03-30: working day 2 late"))
        let overdue = try Self.rows(try Self.run(store, ["loans", "--overdue", "--format", "json", "--at", "2026-03-31T09:01"], as: "carol"))
        #expect(overdue.map { $0["loan"] as? Int } == [7])
        #expect(overdue.first?["approver"] as? String == "dora")
        let pending = try Self.rows(try Self.run(store, ["pending", "--overdue", "--format", "json", "--at", "2026-03-31T09:01"], as: "carol"))
        #expect(pending.contains { $0["dossier"] as? Int == 7 && $0["state"] as? String == "lent" }, "an overdue loan waits in pending")

        let unknown = try Self.run(store, ["borrow", "return", "7", "--missing", "passport", "--at", "2026-03-31T10:00"], as: "carol")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("the checklist has no item 'passport'"))
        let returned = try Self.run(store, ["borrow", "return", "7", "--missing", "site-visit-record", "--at", "2026-03-31T10:00"], as: "carol")
        #expect(returned.status == 0, "\(returned.stderr)")
        #expect(returned.stdout.contains("loan 7: return-incomplete → returned-incomplete"))
        #expect(returned.stdout.contains("fined dan 20 under lost-item: item site-visit-record of 鸿借字第001号 came back missing"))
        let after = try Self.run(store, ["custody", "鸿借字第001号"], as: "carol")
        #expect(after.stdout.contains("now: back in the archive but incomplete (loan 7, borrower dan)"))
        #expect(after.stdout.contains("approve 2026-03-26 09:20 by dora; lend 2026-03-26 10:00 by carol; return-incomplete 2026-03-31 10:00 by carol (site-visit-record missing)"))
        #expect(try Self.run(store, ["borrow", "complete", "7", "--at", "2026-04-01T10:00"], as: "carol").stdout.contains("loan 7 is closed"))
        #expect(try Self.run(store, ["custody", "鸿借字第001号"], as: "carol").stdout.contains("now: in the archive"))
        let fines = try Self.rows(try Self.run(store, ["fines", "list", "--person", "dan", "--format", "json"], as: "carol"))
        #expect(fines.map { $0["rule"] as? String } == ["late-return", "late-return", "lost-item"])
        #expect(try Self.run(store, ["audit", "verify"], as: "carol").status == 0)
    }

    @Test("the GM borrows directly; a loan beyond 30 days and an unknown archive number are refused with the reason")
    func routingAndRefusals() throws {
        let (folder, store) = try Self.store()
        _ = folder
        let direct = try Self.run(store, ["borrow", "request", "GY-SH-001", "--purpose", "complaint", "--until", "2026-03-27",
                                          "--at", "2026-03-26T09:00"], as: "gina")
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(direct.stdout.contains("no approval needed: gina is gm and borrows directly through the archivist"))
        #expect(direct.stdout.contains("approved for archivist (carol)"))
        let insider = try Self.run(store, ["borrow", "request", "鸿借字第001号", "--purpose", "renewal review", "--until", "2026-03-27",
                                           "--at", "2026-03-26T09:01"], as: "lin")
        #expect(insider.stdout.contains("no approval needed: lin works in loans, the dossier's own department"), "\(insider.stdout)")
        let tooLong = try Self.run(store, ["borrow", "request", "鸿借字第001号", "--purpose", "audit", "--until", "2026-05-20",
                                           "--at", "2026-03-26T09:05"], as: "dan")
        #expect(tooLong.status == 1)
        #expect(tooLong.stderr.contains("a loan runs at most 30 calendar days: return by 2026-04-25 at the latest, not 2026-05-20"))
        let missing = try Self.run(store, ["borrow", "request", "鸿借字第999号", "--purpose", "audit", "--until", "2026-03-27",
                                           "--at", "2026-03-26T09:06"], as: "dan")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no registered dossier has archive number 鸿借字第999号"))
    }

    @Test("viewing: refused without a right, recorded and fined each time; allowed to insiders and, once approved, to the borrower")
    func viewing() throws {
        let (folder, store) = try Self.store()
        _ = folder
        let refused = try Self.run(store, ["view", "鸿借字第001号", "--at", "2026-03-26T09:00"], as: "dan")
        #expect(refused.status == 1)
        #expect(refused.stdout.isEmpty, "nothing of the dossier is shown")
        #expect(refused.stderr.contains("dan may not view 鸿借字第001号, a department-level dossier"))
        #expect(refused.stderr.contains("The attempt is recorded in the log and fined 50 under unauthorised-view."))
        #expect(try Self.run(store, ["view", "鸿借字第001号", "--at", "2026-03-26T09:02"], as: "dan").status == 1)
        let insider = try Self.run(store, ["view", "鸿借字第001号", "--format", "json", "--at", "2026-03-26T09:03"], as: "lin")
        #expect(insider.status == 0, "\(insider.stderr)")
        let details = try JSONSerialization.jsonObject(with: Data(insider.stdout.utf8)) as? [String: Any]
        #expect(details?["right"] as? String == "lin works in loans, the dossier's own department")
        #expect(details?["department"] as? String == "loans")
        #expect((details?["items"] as? [[String: Any]])?.count == 15)

        let fines = try Self.rows(try Self.run(store, ["fines", "list", "--person", "dan", "--format", "json"], as: "carol"))
        #expect(fines.map { $0["rule"] as? String } == ["unauthorised-view", "unauthorised-view"], "each refused view is fined")
        let history = try Self.rows(try Self.run(store, ["history", "1", "--format", "json"], as: "carol"))
        let reads = history.filter { ["viewed", "view-refused"].contains($0["kind"] as? String ?? "") }
            .map { "\($0["actor"] as? String ?? "") \($0["kind"] as? String ?? "")" }
        #expect(reads == ["sam view-refused", "sam viewed", "carol viewed", "carol viewed", "dan view-refused", "dan view-refused", "lin viewed"], "the demo's and this test's views, in order")

        let loan = try Self.request(store, as: "dan", until: "2026-03-27", at: "2026-03-26T09:10")
        #expect(try Self.run(store, ["view", "鸿借字第001号", "--at", "2026-03-26T09:11"], as: "dan").status == 1, "a slip not yet approved gives no right")
        #expect(try Self.run(store, ["borrow", "approve", String(loan), "--at", "2026-03-26T09:20"], as: "dora").status == 0)
        let allowed = try Self.run(store, ["view", "鸿借字第001号", "--at", "2026-03-26T09:21"], as: "dan")
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("read by dan: dan borrows it on loan \(loan), approved and not yet returned"))
        #expect(allowed.stdout.contains("site-visit-record: Site visit record (现场调查记录), 5 pages"))
        #expect(try Self.run(store, ["audit", "verify"], as: "carol").status == 0)
    }

    @Test("renewals need the slip's approval; follow-up forms come back the same day and are never renewed")
    func renewalsAndSameDay() throws {
        let (folder, store) = try Self.store()
        _ = folder
        let later = try Self.run(store, ["borrow", "request", "鸿借字第001号", "--purpose", "follow-up call", "--until", "2026-03-27",
                                         "--material", "follow-up-form", "--at", "2026-03-26T09:00"], as: "lin")
        #expect(later.status == 1)
        #expect(later.stderr.contains("follow-up-form must come back the same day it goes out: borrow it --until 2026-03-26, not 2026-03-27"))
        let form = try Self.request(store, as: "lin", until: "2026-03-26", at: "2026-03-26T09:01", extra: ["--material", "follow-up-form"])
        let formLent = try Self.run(store, ["borrow", "lend", String(form), "--at", "2026-03-26T09:05"], as: "carol")
        #expect(formLent.stdout.contains("due 2026-03-26 23:59"), "\(formLent.stdout)")
        let formRenewal = try Self.run(store, ["borrow", "renew", String(form), "--until", "2026-03-27", "--reason", "customer unreachable",
                                               "--at", "2026-03-26T15:00"], as: "lin")
        #expect(formRenewal.status == 1)
        #expect(formRenewal.stderr.contains("holds follow-up-form, which comes back the same day it goes out; it cannot be renewed"))
        #expect(try Self.run(store, ["borrow", "return", String(form), "--at", "2026-03-26T16:00"], as: "carol").status == 0)

        let loan = try Self.request(store, as: "dan", until: "2026-03-27", at: "2026-03-26T16:10")
        #expect(try Self.run(store, ["borrow", "approve", String(loan), "--at", "2026-03-26T16:20"], as: "dora").status == 0)
        #expect(try Self.run(store, ["borrow", "lend", String(loan), "--at", "2026-03-26T16:30"], as: "carol").status == 0)
        let own = try Self.run(store, ["borrow", "renew", String(loan), "--until", "2026-04-03", "--reason", "more",
                                       "--at", "2026-03-27T09:00"], as: "dan")
        #expect(own.status == 1)
        #expect(own.stderr.contains("dan cannot renew their own loan \(loan): a renewal needs the same approval as the slip"))
        let renewed = try Self.run(store, ["borrow", "renew", String(loan), "--until", "2026-04-03", "--reason", "audit extended",
                                           "--at", "2026-03-27T09:05"], as: "dora")
        #expect(renewed.status == 0, "\(renewed.stderr)")
        #expect(renewed.stdout.contains("loan \(loan): renewed until 2026-04-03 (approved by dora)"))
        #expect(renewed.stdout.contains("due 2026-04-03 23:59"))
        let ledger = try Self.rows(try Self.run(store, ["loans", "--format", "json", "--at", "2026-03-27T09:06"], as: "carol"))
        #expect(ledger.first { $0["loan"] as? Int == loan }?["due"] as? String == "2026-04-04T00:00:00+08:00", "the end of 3 April")
        let slip = try Self.run(store, ["render", "borrow-slip", String(loan), "--at", "2026-03-27T09:07"], as: "carol")
        #expect(slip.stdout.contains("Renewed (续借): until 2026-04-03 (approved by dora; audit extended)"), "\(slip.stdout)")
        #expect(slip.stdout.contains("Return by (归还日期): 2026-04-03"))
        let overdue = try Self.run(store, ["borrow", "renew", String(loan), "--until", "2026-04-10", "--reason", "again",
                                           "--at", "2026-04-07T09:00"], as: "dora")
        #expect(overdue.status == 1)
        #expect(overdue.stderr.contains("an overdue loan is not renewed"))
    }

    @Test("two archivists lending the same dossier at once: one succeeds, the other loses the race and nothing is half-written")
    func twoArchivistsAtOnce() throws {
        let (folder, store) = try Self.store()
        _ = folder
        let first = try Self.request(store, as: "gina", until: "2026-03-27", at: "2026-03-26T09:00", extra: ["--archivist", "carol"])
        let second = try Self.request(store, as: "dean", until: "2026-03-27", at: "2026-03-26T09:01", extra: ["--archivist", "ada"])
        let barrier = try ConcurrencyTests.WriteLockBarrier(store: store)
        let racers = [try ConcurrencyTests.spawn(["borrow", "lend", String(first), "--at", "2026-03-26T10:00"], store: store, user: "carol"),
                      try ConcurrencyTests.spawn(["borrow", "lend", String(second), "--at", "2026-03-26T10:00"], store: store, user: "ada")]
        Thread.sleep(forTimeInterval: 0.5)
        barrier.release()
        var statuses: [Int32] = []
        var said: [String] = []
        for (process, errors) in racers {
            said.append(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
            process.waitUntilExit()
            statuses.append(process.terminationStatus)
        }
        #expect(statuses.sorted() == [0, 75], "\(statuses) \(said)")
        #expect(said.contains { $0.contains("鸿借字第001号 (lent on another loan a moment ago) changed while this command ran") }, "\(said)")
        let open = try Self.rows(try Self.run(store, ["loans", "--format", "json"], as: "carol"))
        #expect(open.filter { $0["state"] as? String == "lent" }.count == 1)
        #expect(open.filter { $0["state"] as? String == "approved" }.count == 1)
        let loser = statuses[0] == 0 ? second : first
        let again = try Self.run(store, ["borrow", "lend", String(loser), "--at", "2026-03-26T10:01"], as: loser == first ? "carol" : "ada")
        #expect(again.status == 1)
        #expect(again.stderr.contains("鸿借字第001号 is out on loan \(loser == first ? second : first)"))
        #expect(try Self.run(store, ["audit", "verify"], as: "carol").status == 0)
    }

    /// A fresh store with one loan dossier registered at `level` as 鸿借字第001号 on 3 March, and
    /// on 4 March a handler outside it (hal), a marketing director (mona), a marketing VP (vic),
    /// a department manager (dmgr) and a deputy GM (dean). Nobody has a department here.
    static func registered(level: String) throws -> IntakeStore {
        let intake = try IntakeStore.loan()
        let dossier = try intake.start("loan-intake", fields: ["customer=Level Co", "project=LV-1", "ended-on=2026-03-02", "level=\(level)"],
                                       assign: ["a=alice", "b=bob", "archivist=carol"], as: "alice", at: "2026-03-02T09:00")
        try intake.compile(dossier, as: "alice", at: "2026-03-03T10:00")
        guard try intake.advance(dossier, "hand-over", as: "alice", at: "2026-03-03T11:00").status == 0 else { throw FixtureFailure("hand-over") }
        try intake.verify(dossier, as: "bob", at: "2026-03-03T12:00")
        guard try intake.advance(dossier, "accept", as: "bob", at: "2026-03-03T13:00").status == 0 else { throw FixtureFailure("accept") }
        try intake.verify(dossier, as: "carol", at: "2026-03-03T14:00")
        _ = try intake.advance(dossier, "register", as: "carol", at: "2026-03-03T15:00")
        guard try intake.advance(dossier, "register", as: "bob", at: "2026-03-03T15:05").stdout.contains("archive number 鸿借字第001号") else {
            throw FixtureFailure("register")
        }
        for (user, role) in [("hal", "handler"), ("mona", "marketing-director"), ("vic", "marketing-vp"), ("dmgr", "department-manager"),
                             ("dean", "deputy-gm")] {
            guard try intake.run(["staff", "add", user, "--name", user.capitalized, "--role", role], as: "alice", at: "2026-03-04T08:00").status == 0 else {
                throw FixtureFailure("staff add \(user)")
            }
        }
        return intake
    }

    @Test("each confidentiality level: the wrong approver is refused with who approves, the right one approves", arguments: [
        ("department", "mona", "a department-level dossier's slip is approved by department-manager or marketing-vp or gm or deputy-gm or chairman", "vic"),
        ("personal", "vic", "a personal-level dossier's slip is approved by department-manager or gm or deputy-gm or chairman", "gina"),
        ("sealed", "dean", "a sealed-level dossier's slip is approved by gm", "gina"),
    ])
    func levels(level: String, wrong: String, refusal: String, right: String) throws {
        let intake = try Self.registered(level: level)
        let slip = try intake.run(["borrow", "request", "鸿借字第001号", "--purpose", "audit", "--until", "2026-03-05"], as: "hal", at: "2026-03-04T09:00")
        #expect(slip.status == 0, "\(slip.stderr)")
        #expect(slip.stdout.contains("(\(level) level) by hal"), "\(slip.stdout)")
        guard let loan = Int(slip.stdout.dropFirst("loan ".count).prefix { $0.isNumber }) else {
            Issue.record("no loan number in \(slip.stdout)")
            return
        }
        let refused = try intake.run(["borrow", "approve", String(loan)], as: wrong, at: "2026-03-04T09:10")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(wrong) cannot approve this slip: \(refusal)"), "\(refused.stderr)")
        if level == "personal" {
            // Nobody has a department in this store: a department manager cannot tell it is theirs.
            let unknown = try intake.run(["borrow", "approve", String(loan)], as: "dmgr", at: "2026-03-04T09:15")
            #expect(unknown.status == 1)
            #expect(unknown.stderr.contains("dmgr is department-manager and approves only for their own department, but this dossier's department is not known"),
                    "\(unknown.stderr)")
        }
        let approved = try intake.run(["borrow", "approve", String(loan)], as: right, at: "2026-03-04T09:20")
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(approved.stdout.contains("loan \(loan): approve → approved"))
        #expect(try intake.run(["view", "鸿借字第001号"], as: "hal", at: "2026-03-04T09:21").stdout.contains("read by hal: hal borrows it on loan \(loan)"))
    }

    @Test("a company-level slip waits in pending for each step: the borrower's own manager signs, then the director approves")
    func twoSteps() throws {
        let intake = try Self.registered(level: "company")
        for (user, role) in [("sue", "handler"), ("sam", "department-manager"), ("mike", "department-manager")] {
            let department = user == "mike" ? "marketing" : "sales"
            #expect(try intake.run(["staff", "add", user, "--name", user.capitalized, "--role", role, "--department", department],
                                   as: "alice", at: "2026-03-04T08:30").status == 0)
        }
        let slip = try intake.run(["borrow", "request", "鸿借字第001号", "--purpose", "audit", "--until", "2026-03-05"], as: "sue", at: "2026-03-04T09:00")
        #expect(slip.status == 0, "\(slip.stderr)")
        #expect(slip.stdout.contains("waiting for approval by a department-manager of sales, step 1 of 2 (The borrower's department manager signs (部门经理签字)): dossier borrow approve"),
                "\(slip.stdout)")
        guard let loan = Int(slip.stdout.dropFirst("loan ".count).prefix { $0.isNumber }) else {
            Issue.record("no loan number in \(slip.stdout)")
            return
        }
        func pending(_ user: String) throws -> [Int] {
            let listed = try intake.run(["pending", "--user", user, "--format", "json"], as: user, at: "2026-03-04T09:05")
            return (try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []).compactMap { $0["dossier"] as? Int }
        }
        #expect(try pending("sam") == [loan])
        #expect(try pending("mona").isEmpty, "the director's step comes second")
        #expect(try pending("mike").isEmpty, "another department's manager")
        let early = try intake.run(["borrow", "approve", String(loan)], as: "mona", at: "2026-03-04T09:10")
        #expect(early.status == 1)
        #expect(early.stderr.contains("mona cannot sign this slip now: a company-level dossier's slip is approved in 2 steps, and step 1 is signed by department-manager"),
                "\(early.stderr)")
        let other = try intake.run(["borrow", "approve", String(loan)], as: "mike", at: "2026-03-04T09:11")
        #expect(other.status == 1)
        #expect(other.stderr.contains("mike is department-manager of marketing and signs only their own staff's slips; sue works in sales"), "\(other.stderr)")
        let signed = try intake.run(["borrow", "approve", String(loan)], as: "sam", at: "2026-03-04T09:12")
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(signed.stdout.hasPrefix("loan \(loan): approve signed; now waiting for a marketing-director or gm or deputy-gm or chairman, step 2 of 2"),
                "\(signed.stdout)")
        #expect(try pending("sam").isEmpty)
        #expect(try pending("mona") == [loan])
        let approved = try intake.run(["borrow", "approve", String(loan)], as: "mona", at: "2026-03-04T09:20")
        #expect(approved.stdout.contains("loan \(loan): approve → approved"), "\(approved.stdout)")
        let history = try intake.run(["history", String(loan)], as: "sue", at: "2026-03-04T09:21")
        #expect(history.stdout.contains("sam  signed 'approve' as approver, step 1 of 2"), "\(history.stdout)")
        #expect(try intake.run(["audit", "verify"], as: "carol", at: "2026-03-04T09:22").status == 0)
    }

    @Test("a return short of pages is incomplete and fined; more pages than the register has is refused")
    func pagesOnReturn() throws {
        let intake = try Self.registered(level: "department")
        let slip = try intake.run(["borrow", "request", "鸿借字第001号", "--purpose", "audit", "--until", "2026-03-05"], as: "gina", at: "2026-03-04T09:00")
        guard let loan = Int(slip.stdout.dropFirst("loan ".count).prefix { $0.isNumber }) else {
            Issue.record("no loan number in \(slip.stdout)")
            return
        }
        #expect(try intake.run(["borrow", "lend", String(loan)], as: "carol", at: "2026-03-04T09:10").status == 0)
        let more = try intake.run(["borrow", "return", String(loan), "--pages", "credit-report=99"], as: "carol", at: "2026-03-05T10:00")
        #expect(more.status == 1)
        #expect(more.stderr.contains("credit-report was counted with 99 pages, but the register has"), "\(more.stderr)")
        let short = try intake.run(["borrow", "return", String(loan), "--pages", "credit-report=0"], as: "carol", at: "2026-03-05T10:01")
        #expect(short.status == 0, "\(short.stderr)")
        #expect(short.stdout.contains("return-incomplete → returned-incomplete"))
        #expect(short.stdout.contains("item credit-report of 鸿借字第001号 came back short of pages (0 of"), "\(short.stdout)")
    }

    @Test("a sealed dossier: read in the office only, and only with the GM's approval, even by its own people and a deputy GM")
    func sealed() throws {
        let intake = try Self.registered(level: "sealed")
        let owner = try intake.run(["view", "鸿借字第001号"], as: "alice", at: "2026-03-04T09:00")
        #expect(owner.status == 1, "a sealed form is not read even by its own people without the GM")
        let takeAway = try intake.run(["borrow", "request", "鸿借字第001号", "--purpose", "audit", "--until", "2026-03-05", "--take-away"],
                                      as: "dean", at: "2026-03-04T09:05")
        #expect(takeAway.status == 1)
        #expect(takeAway.stderr.contains("鸿借字第001号 is Sealed, read in the office only (密封件): it may be read in the office only, never taken away"))
        let slip = try intake.run(["borrow", "request", "鸿借字第001号", "--purpose", "audit", "--until", "2026-03-05"], as: "dean", at: "2026-03-04T09:06")
        #expect(slip.stdout.contains("waiting for approval by a gm: dossier borrow approve"), "\(slip.stdout)")
        guard let loan = Int(slip.stdout.dropFirst("loan ".count).prefix { $0.isNumber }) else {
            Issue.record("no loan number in \(slip.stdout)")
            return
        }
        let notGM = try intake.run(["borrow", "approve", String(loan)], as: "bob", at: "2026-03-04T09:10")
        #expect(notGM.status == 1)
        #expect(notGM.stderr.contains("bob cannot approve this slip: a sealed-level dossier's slip is approved by gm"))
        #expect(try intake.run(["borrow", "approve", String(loan)], as: "gina", at: "2026-03-04T09:20").status == 0)
        #expect(try intake.run(["borrow", "lend", String(loan)], as: "carol", at: "2026-03-04T09:30").status == 0)
        let read = try intake.run(["view", "鸿借字第001号"], as: "dean", at: "2026-03-04T09:35")
        #expect(read.status == 0, "\(read.stderr)")
        #expect(try intake.run(["custody", "鸿借字第001号"], as: "carol", at: "2026-03-04T09:36").stdout.contains("now: in the reading room with dean"))
        #expect(try intake.run(["audit", "verify"], as: "carol").status == 0)
    }
}
