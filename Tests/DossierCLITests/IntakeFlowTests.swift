import Foundation
import Testing

/// End-to-end intake of each shipped workflow (`Workflows/loan-intake.xml`,
/// `new-car-intake.xml`, `repair-intake.xml`, `generic-customer.xml`), driven through the real
/// `dossier` binary on a fresh simulation store per test, as staff would type it: start,
/// `checklist set`, hand-over, `checklist verify`, return with a supplementary list, sign-offs,
/// archive numbers, `tick`, fines, extensions and `register`.
///
/// Every date is worked out from the shipped `cn` calendar: Monday 2 March 2026 is a workday,
/// weekends are off, and 4–6 April 2026 are the Qingming holiday.
@Suite("Intake workflows through the binary")
struct IntakeFlowTests {

    // MARK: - loan-intake

    /// The loan dossier: A compiles, B reviews, the archivist registers; B and the archivist sign.
    @Suite("loan-intake")
    struct LoanIntake {
        static let contracts = "鸿借字第001号-01 loan-contract; 鸿借字第001号-02 guarantee-contract"

        @Test("happy path: compiled, handed over on the last day, verified twice, signed by B and the archivist, numbered 鸿借字第001号")
        func happyPath() throws {
            let store = try IntakeStore.loan()
            let dossier = try store.startLoan(customer: "Hongda Trading", endedOn: "2026-03-02", at: "2026-03-02T09:00")
            let first = try store.openTask(of: dossier)
            #expect(try store.task(first)?["due_at"] as? String == "2026-03-05T23:59:59+08:00", "3 working days after Monday 2 March")

            let empty = try store.run(["task", "advance", String(first), "hand-over"], as: "alice", at: "2026-03-02T09:05")
            #expect(empty.status == 1)
            #expect(empty.stderr.contains("'hand-over' is not possible yet:"), "\(empty.stderr)")
            #expect(empty.stderr.contains("item 'loan-application' (Loan application form (借款申请书)) is not recorded"))

            let items = try store.requiredItems(of: dossier)
            #expect(items.count == 15, "the four-part checklist has 15 required items besides attachments")
            try store.compile(dossier, as: "alice", at: "2026-03-03T10:00")
            let handed = try store.advance(dossier, "hand-over", as: "alice", at: "2026-03-05T17:00")
            #expect(handed.status == 0, "\(handed.stderr)")
            #expect(handed.stdout.contains("dossier \(dossier): hand-over → reviewing"))
            #expect(handed.stdout.contains("reviewing for b (bob), due 2026-03-09 23:59"), "\(handed.stdout)")

            try store.verify(dossier, as: "bob", at: "2026-03-05T18:00")
            let accepted = try store.advance(dossier, "accept", as: "bob", at: "2026-03-05T18:30")
            #expect(accepted.status == 0, "\(accepted.stderr)")
            #expect(accepted.stdout.contains("archiving for archivist (carol)"))

            // accept resets verification: the archivist checks every item again before registering.
            let early = try store.advance(dossier, "register", as: "carol", at: "2026-03-06T08:30")
            #expect(early.status == 1)
            #expect(early.stderr.contains("item 'credit-report' (Credit report (征信报告)) is not verified"), "\(early.stderr)")
            try store.verify(dossier, as: "carol", at: "2026-03-06T09:00")
            let checked = try store.json(["checklist", "show", String(dossier), "--format", "json"])
            #expect(checked.filter { $0["required"] as? Bool == true && $0["kind"] as? String != "attachment" }
                .allSatisfy { $0["verification"] as? String == "ok (carol)" })

            let carolSigns = try store.advance(dossier, "register", as: "carol", at: "2026-03-06T10:00")
            #expect(carolSigns.stdout == "carol signed 'register' as archivist on dossier \(dossier)\n'register' now waits for: b (bob)\n")
            let waiting = try store.json(["pending", "--user", "bob", "--format", "json"], at: "2026-03-06T10:01")
            #expect(waiting.count == 1)
            #expect(waiting.first?["waiting_for"] as? String == "b (bob) to sign register")
            let twice = try store.advance(dossier, "register", as: "carol", at: "2026-03-06T10:05")
            #expect(twice.status == 1)
            #expect(twice.stderr.contains("carol has already signed 'register' as archivist"), "\(twice.stderr)")
            let bobSigns = try store.advance(dossier, "register", as: "bob", at: "2026-03-06T10:30")
            #expect(bobSigns.status == 0, "\(bobSigns.stderr)")
            #expect(bobSigns.stdout.contains("dossier \(dossier): register → registered"))
            #expect(bobSigns.stdout.contains("archive number 鸿借字第001号"))

            let register = try store.json(["register", "--format", "json"])
            #expect(register.count == 1)
            let line = try #require(register.first)
            #expect(line["archive_number"] as? String == "鸿借字第001号")
            #expect(line["dossier"] as? Int == dossier)
            #expect(line["workflow"] as? String == "loan-intake@1")
            #expect(line["customer"] as? String == "Hongda Trading")
            #expect(line["project"] as? String == "P-Hon")
            #expect(line["a"] as? String == "alice")
            #expect(line["b"] as? String == "bob")
            #expect(line["archivist"] as? String == "carol")
            #expect(line["items"] as? Int == 15)
            #expect(line["pages"] as? Int == 30)
            #expect(line["registered_at"] as? String == "2026-03-06T10:30:00+08:00")
            #expect(line["contracts"] as? String == Self.contracts)

            let history = try store.run(["history", String(dossier)], as: "alice")
            #expect(history.stdout.contains("carol  signed 'register' as archivist"))
            #expect(history.stdout.contains("bob  signed 'register' as b"))
            #expect(history.stdout.contains("dossier  archive number 鸿借字第001号"))
            #expect(try store.run(["tick"], as: "alice", at: "2026-03-20T09:00").stdout.contains("0 fines recorded"))
            #expect(try store.fines().isEmpty)
            let audit = try store.run(["audit", "verify"], as: "alice")
            #expect(audit.status == 0, "\(audit.stderr)")
            #expect(audit.stdout.hasPrefix("audit log intact:"))
        }

        @Test("two supplementary rounds: B returns twice with a note, each defect fined 20 on A under its rule, then it registers")
        func twoSupplementaryRounds() throws {
            let store = try IntakeStore.loan()
            let dossier = try store.startLoan(customer: "Jinhe Foods", endedOn: "2026-03-02", at: "2026-03-02T09:00")
            // A records the articles without the customer's signature and the loan contract without the internal one.
            try store.compile(dossier, as: "alice", at: "2026-03-02T10:00", signatures: ["articles": [], "loan-contract": ["customer"]])
            #expect(try store.advance(dossier, "hand-over", as: "alice", at: "2026-03-02T11:00").status == 0)

            // Round 1.
            try store.verify(dossier, as: "bob", at: "2026-03-02T14:00", defects: [
                "articles": "customer signature missing on page 3",
                "loan-contract": "internal signature missing",
                "credit-report": "page 2 missing",
            ])
            let blocked = try store.advance(dossier, "accept", as: "bob", at: "2026-03-02T14:30")
            #expect(blocked.status == 1)
            #expect(blocked.stderr.contains("item 'articles' (Articles of association (公司章程)) has a defect: customer signature missing on page 3"))
            let noNote = try store.advance(dossier, "return", as: "bob", at: "2026-03-02T14:40")
            #expect(noNote.status == 1)
            #expect(noNote.stderr.contains("'return' needs a note saying why"), "\(noNote.stderr)")
            let round1 = try store.advance(dossier, "return", as: "bob", at: "2026-03-02T15:00",
                                           note: "articles and loan contract unsigned; credit report incomplete")
            #expect(round1.status == 0, "\(round1.stderr)")
            #expect(round1.stdout.contains("dossier \(dossier): return → compiling"))
            let afterRound1 = try store.fines()
            #expect(afterRound1.count == 3)

            // A completes the supplementary list; B finds another defect (round 2).
            #expect(try store.run(["checklist", "set", String(dossier), "articles", "--pages", "6", "--signed", "customer"],
                                  as: "alice", at: "2026-03-03T09:00").status == 0)
            #expect(try store.run(["checklist", "set", String(dossier), "loan-contract", "--signed", "customer,internal"],
                                  as: "alice", at: "2026-03-03T09:01").status == 0)
            #expect(try store.run(["checklist", "set", String(dossier), "credit-report", "--pages", "4"],
                                  as: "alice", at: "2026-03-03T09:02").status == 0)
            #expect(try store.advance(dossier, "hand-over", as: "alice", at: "2026-03-03T10:00").status == 0)
            try store.verify(dossier, as: "bob", at: "2026-03-03T11:00", defects: ["loan-receipt": "amount differs from the contract"])
            let round2 = try store.advance(dossier, "return", as: "bob", at: "2026-03-03T12:00", note: "loan receipt amount")
            #expect(round2.status == 0, "\(round2.stderr)")
            let list = try store.run(["render", "supplementary-list", String(dossier)], as: "alice")
            #expect(list.status == 0, "\(list.stderr)")
            #expect(list.stdout.contains("Returned to alice by bob on 2026-03-03 12:00: \"loan receipt amount\""), "\(list.stdout)")
            #expect(list.stdout.contains("amount differs from the contract — found by bob"))
            #expect(!list.stdout.contains("(articles)"), "the supplementary list is the last return's")

            // Completed; B passes it, the archivist registers it.
            #expect(try store.run(["checklist", "set", String(dossier), "loan-receipt", "--pages", "1", "--signed", "customer,internal"],
                                  as: "alice", at: "2026-03-03T14:00").status == 0)
            #expect(try store.advance(dossier, "hand-over", as: "alice", at: "2026-03-03T15:00").status == 0)
            try store.verify(dossier, as: "bob", at: "2026-03-04T09:00")
            #expect(try store.advance(dossier, "accept", as: "bob", at: "2026-03-04T10:00").status == 0)
            try store.verify(dossier, as: "carol", at: "2026-03-04T11:00")
            #expect(try store.advance(dossier, "register", as: "carol", at: "2026-03-04T12:00").status == 0)
            let registered = try store.advance(dossier, "register", as: "bob", at: "2026-03-04T12:05")
            #expect(registered.stdout.contains("archive number 鸿借字第001号"), "\(registered.stdout)\(registered.stderr)")

            let history = try store.run(["history", String(dossier)], as: "alice").stdout
            let returns = history.split(separator: "\n").filter { $0.contains("return: reviewing → compiling") }
            #expect(returns.count == 2)
            #expect(returns.first?.contains("\"articles and loan contract unsigned; credit report incomplete\"") == true)
            #expect(returns.last?.contains("\"loan receipt amount\"") == true)

            let fines = try store.fines()
            let byItem = Dictionary(fines.compactMap { fine in (fine["item"] as? String).map { ($0, fine) } }, uniquingKeysWith: { first, _ in first })
            #expect(fines.count == 4)
            #expect(byItem["articles"]?["rule"] as? String == "missing-customer-signature")
            #expect(byItem["loan-contract"]?["rule"] as? String == "missing-internal-signature")
            #expect(byItem["credit-report"]?["rule"] as? String == "defective-item")
            #expect(byItem["loan-receipt"]?["rule"] as? String == "defective-item")
            // Each fine names its task by the number `task list` shows and `task advance` takes:
            // the first and the second review that returned the dossier.
            let tasks = try store.json(["task", "list", "--dossier", String(dossier), "--format", "json"]).compactMap { $0["task"] as? Int }
            #expect(tasks.count == 7)
            #expect(["articles", "loan-contract", "credit-report"].allSatisfy { byItem[$0]?["task"] as? Int == tasks[1] })
            #expect(byItem["loan-receipt"]?["task"] as? Int == tasks[3])
            #expect(fines.allSatisfy { $0["payer"] as? String == "alice" && $0["amount"] as? Int == 20 && $0["status"] as? String == "due" })
            #expect(byItem["loan-receipt"]?["reason"] as? String
                    == "item loan-receipt is incomplete or wrong: bob found \"amount differs from the contract\" and returned dossier \(dossier) with a supplementary list on 2026-03-03 12:00")
            let statement = try store.run(["fines", "statement", "alice", "--month", "2026-03"], as: "alice")
            #expect(statement.stdout.contains("Total: 80"), "\(statement.stdout)")
            #expect(try store.run(["audit", "verify"], as: "alice").status == 0)
        }

        @Test("late hand-over: tick fines A 50 once, then again each uncorrected working day after a day's grace, and stops at the hand-over")
        func lateHandOver() throws {
            let store = try IntakeStore.loan()
            // Ended Monday 9 March: due by the end of Thursday 12 March.
            let dossier = try store.startLoan(customer: "Late Co", endedOn: "2026-03-09", at: "2026-03-09T09:00")
            #expect(try store.run(["tick"], as: "alice", at: "2026-03-12T23:00").stdout.contains("0 fines recorded"))
            let first = try store.run(["tick"], as: "alice", at: "2026-03-13T00:05")
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("1 task assessed, 1 newly overdue, 1 fine recorded"), "\(first.stdout)")
            #expect(first.stdout.contains(
                "fine 1: 50 to alice under late-handover: the 'compiling' task of dossier \(dossier) was due by the end of 2026-03-12 and was still open then"))
            let again = try store.run(["tick"], as: "alice", at: "2026-03-13T12:00")
            #expect(again.stdout.contains("0 fines recorded"), "\(again.stdout)")
            let once = try store.fines(rule: "late-handover")
            #expect(once.count == 1)
            #expect(once.first?["payer"] as? String == "alice")
            #expect(once.first?["amount"] as? Int == 50)
            #expect(once.first?["due_at"] as? String == "2026-03-12T23:59:59+08:00")
            #expect(once.first?["calendar"] as? String == "cn@1")

            // grace 1 working day, then every working day: counts at the end of Fri 13 and Mon 16 March.
            #expect(try store.run(["tick"], as: "alice", at: "2026-03-17T09:00").status == 0)
            let counted = try store.fines(rule: "late-handover")
            #expect(counted.map { $0["occurred_at"] as? String } == [
                "2026-03-13T00:00:00+08:00", "2026-03-14T00:00:00+08:00", "2026-03-17T00:00:00+08:00"])
            #expect(counted.allSatisfy { $0["amount"] as? Int == 50 && $0["payer"] as? String == "alice" })
            #expect(counted.last?["reason"] as? String
                    == "the 'compiling' task of dossier \(dossier) was due by the end of 2026-03-12 and still not corrected at the end of 2026-03-16, so it counts a 3rd time")

            // Corrected on Tuesday 17 March before the day ends: no further count, whatever the sweep.
            try store.compile(dossier, as: "alice", at: "2026-03-17T09:30")
            #expect(try store.advance(dossier, "hand-over", as: "alice", at: "2026-03-17T10:00").status == 0)
            _ = try store.run(["tick"], as: "alice", at: "2026-03-17T10:05")
            #expect(try store.fines(rule: "late-handover").count == 3)
            let statement = try store.run(["fines", "statement", "alice", "--month", "2026-03"], as: "alice")
            #expect(statement.stdout.contains("still not corrected at the end of 2026-03-13, so it counts a 2nd time"), "\(statement.stdout)")
            #expect(try store.run(["audit", "verify"], as: "alice").status == 0)
        }

        @Test("the whole hand-over not registered within 5 calendar days of the project's end fines A 50 under late-total")
        func lateTotal() throws {
            let store = try IntakeStore.loan()
            // Every stage on time, but the archivist has not registered by the end of Saturday 7 March.
            let dossier = try store.startLoan(customer: "Slow Archive", endedOn: "2026-03-02", at: "2026-03-02T09:00")
            try store.compile(dossier, as: "alice", at: "2026-03-03T10:00")
            #expect(try store.advance(dossier, "hand-over", as: "alice", at: "2026-03-03T11:00").status == 0)
            try store.verify(dossier, as: "bob", at: "2026-03-04T10:00")
            #expect(try store.advance(dossier, "accept", as: "bob", at: "2026-03-04T11:00").status == 0)
            _ = try store.run(["tick"], as: "alice", at: "2026-03-10T09:00")
            let fines = try store.fines()
            #expect(fines.count == 1, "only the whole hand-over is late")
            let fine = try #require(fines.first)
            #expect(fine["rule"] as? String == "late-total")
            #expect(fine["payer"] as? String == "alice")
            #expect(fine["amount"] as? Int == 50)
            #expect(fine["due_at"] as? String == "2026-03-07T23:59:59+08:00")
        }

        @Test("extensions: A may not, the gm approver may before the deadline (no fine until the new date), and nobody may after it")
        func extensions() throws {
            let store = try IntakeStore.loan()
            let dossier = try store.startLoan(customer: "Abroad Ltd", endedOn: "2026-03-02", at: "2026-03-02T09:00", approver: "gina")
            let task = try store.openTask(of: dossier)
            for person in ["alice", "bob"] {
                let refused = try store.run(["task", "extend", String(task), "--until", "2026-03-10", "--reason", "customer abroad"],
                                            as: person, at: "2026-03-03T09:00")
                #expect(refused.status == 1)
                #expect(refused.stderr.contains("\(person) cannot take 'extend the deadline': it is for approver (gina)"), "\(refused.stderr)")
            }
            let earlier = try store.run(["task", "extend", String(task), "--until", "2026-03-04", "--reason", "x"], as: "gina", at: "2026-03-03T09:10")
            #expect(earlier.status == 1)
            #expect(earlier.stderr.contains("an extension moves the deadline later"), "\(earlier.stderr)")
            let granted = try store.run(["task", "extend", String(task), "--until", "2026-03-10", "--reason", "customer abroad"],
                                        as: "gina", at: "2026-03-04T09:00")
            #expect(granted.status == 0, "\(granted.stderr)")
            #expect(granted.stdout == "task \(task): due 2026-03-10 23:59 (was 2026-03-05 23:59)\n")
            #expect(try store.task(task)?["due_at"] as? String == "2026-03-10T23:59:59+08:00")

            // Past the original date, before the new one: the hand-over is not late. The extension
            // moved the task's deadline only; the whole hand-over's 5 days still run (DOMAIN §1).
            #expect(try store.run(["tick"], as: "alice", at: "2026-03-06T09:00").stdout.contains("0 fines recorded"))
            #expect(try store.run(["tick"], as: "alice", at: "2026-03-10T23:00").stdout.contains("1 fine recorded"))
            #expect(try store.fines(rule: "late-handover").isEmpty)
            #expect(try store.fines().map { $0["rule"] as? String } == ["late-total"])

            let late = try store.run(["tick"], as: "alice", at: "2026-03-11T09:00")
            #expect(late.stdout.contains("was due by the end of 2026-03-10 and was still open then"), "\(late.stdout)")
            let tooLate = try store.run(["task", "extend", String(task), "--until", "2026-03-13", "--reason", "still abroad"],
                                        as: "gina", at: "2026-03-11T09:30")
            #expect(tooLate.status == 1)
            #expect(tooLate.stderr.contains("the task's deadline passed at the end of 2026-03-10"), "\(tooLate.stderr)")
            #expect(try store.task(task)?["due_at"] as? String == "2026-03-10T23:59:59+08:00")
            let history = try store.run(["history", String(dossier)], as: "alice").stdout
            #expect(history.split(separator: "\n").filter { $0.contains("extended the deadline") }.count == 1)
            #expect(history.contains("gina  extended the deadline to the end of 2026-03-10 — \"customer abroad\""))
            #expect(try store.fines(rule: "late-handover").count == 1)
        }

        @Test("four-eyes at start: a person may not hold two of a, b and archivist; nothing is stored", arguments: [
            (["a=alice", "b=alice", "archivist=carol"], "four-eyes: alice cannot be both 'b' and 'a' in one dossier"),
            (["a=dora", "b=bob", "archivist=dora"], "four-eyes: dora cannot be both 'archivist' and 'a' in one dossier"),
            (["a=alice", "b=dora", "archivist=dora"], "four-eyes: dora cannot be both 'archivist' and 'b' in one dossier"),
        ])
        func fourEyesAtStart(assignments: [String], message: String) throws {
            let store = try IntakeStore.loan()
            let refused = try store.run(["start", "loan-intake", "--field", "customer=Hongda", "--field", "project=P",
                                         "--field", "ended-on=2026-03-02"] + assignments.flatMap { ["--assign", $0] },
                                        as: "alice", at: "2026-03-02T09:00")
            #expect(refused.status == 1)
            #expect(refused.stderr.contains(message), "\(refused.stderr)")
            #expect(try store.json(["task", "list", "--format", "json"]).isEmpty)
            #expect(try store.run(["history", "1"], as: "alice").status == 1)
        }

        @Test("four-eyes in review: A cannot accept, return, verify or record on B's task, and nothing stored changes")
        func fourEyesInReview() throws {
            let store = try IntakeStore.loan()
            let dossier = try store.startLoan(customer: "Hongda", endedOn: "2026-03-02", at: "2026-03-02T09:00")
            try store.compile(dossier, as: "alice", at: "2026-03-02T10:00")
            #expect(try store.advance(dossier, "hand-over", as: "alice", at: "2026-03-02T11:00").status == 0)
            let review = try store.openTask(of: dossier)
            let id = String(dossier)
            let snapshot = { () throws -> [String] in
                [try store.run(["history", id], as: "alice").stdout,
                 try store.run(["checklist", "show", id, "--format", "json"], as: "alice").stdout,
                 try store.run(["task", "list", "--dossier", id, "--format", "json"], as: "alice", at: "2026-03-02T12:00").stdout]
            }
            let before = try snapshot()
            let attempts: [([String], String)] = [
                (["task", "advance", String(review), "accept"], "alice cannot take 'accept': it is for b (bob)"),
                (["task", "advance", String(review), "return", "--note", "self-review"], "alice cannot take 'return': it is for b (bob)"),
                (["checklist", "verify", id, "loan-contract", "--ok"], "alice cannot take 'verify items': it is for b (bob)"),
                (["checklist", "verify", id, "articles", "--defect", "looks wrong"], "alice cannot take 'verify items': it is for b (bob)"),
                (["checklist", "set", id, "credit-report", "--pages", "9"], "alice cannot take 'record items': it is for b (bob)"),
            ]
            for (arguments, message) in attempts {
                let refused = try store.run(arguments, as: "alice", at: "2026-03-02T12:00")
                #expect(refused.status == 1, "\(arguments)")
                #expect(refused.stderr.contains(message), "\(refused.stderr)")
            }
            #expect(try snapshot() == before)
            #expect(try store.fines().isEmpty)
            #expect(try store.run(["audit", "verify"], as: "alice").status == 0)
        }

        @Test("8 registrations at once get 鸿借字第001号…008号: consecutive, no gap, no duplicate")
        func concurrentRegistrations() throws {
            let store = try IntakeStore.loan()
            let dossiers = try (1...8).map { n in
                try store.startLoan(customer: "Customer \(n)", endedOn: "2026-03-02", at: "2026-03-02T09:00")
            }
            for dossier in dossiers { try store.compile(dossier, as: "alice", at: "2026-03-02T10:00") }
            for dossier in dossiers { #expect(try store.advance(dossier, "hand-over", as: "alice", at: "2026-03-02T11:00").status == 0) }
            for dossier in dossiers { try store.verify(dossier, as: "bob", at: "2026-03-02T12:00") }
            for dossier in dossiers { #expect(try store.advance(dossier, "accept", as: "bob", at: "2026-03-02T13:00").status == 0) }
            for dossier in dossiers { try store.verify(dossier, as: "carol", at: "2026-03-03T10:00") }
            // The archivist signs first everywhere, so each of B's signatures below completes a registration.
            var tasks: [Int: Int] = [:]
            for dossier in dossiers {
                let signed = try store.advance(dossier, "register", as: "carol", at: "2026-03-03T11:00")
                #expect(signed.stdout.contains("'register' now waits for: b (bob)"), "\(signed.stdout)\(signed.stderr)")
                tasks[dossier] = try store.openTask(of: dossier)
            }
            #expect(try store.json(["register", "--format", "json"]).isEmpty)

            var printed: [Int: String] = [:]
            var pending = dossiers
            for _ in 0..<5 where !pending.isEmpty {
                let barrier = try ConcurrencyTests.WriteLockBarrier(store: store.path)
                let racers = try pending.map { dossier in
                    (dossier, try store.spawn(["task", "advance", String(tasks[dossier] ?? 0), "register"], as: "bob", at: "2026-03-03T12:00"))
                }
                Thread.sleep(forTimeInterval: 0.4)
                barrier.release()
                pending = []
                for (dossier, racer) in racers {
                    let result = racer.wait()
                    if result.status == 75 { pending.append(dossier); continue }
                    #expect(result.status == 0, "dossier \(dossier): \(result.stderr)")
                    printed[dossier] = result.stdout.split(separator: "\n")
                        .first { $0.hasPrefix("archive number ") }.map { String($0.dropFirst("archive number ".count)) }
                }
            }
            #expect(pending.isEmpty, "still losing after 5 rounds: \(pending)")
            let expected = (1...8).map { "鸿借字第00\($0)号" }
            #expect(printed.values.sorted() == expected)

            let register = try store.json(["register", "--format", "json"])
            #expect(register.count == 8)
            #expect(register.compactMap { $0["archive_number"] as? String }.sorted() == expected)
            #expect(Set(register.compactMap { $0["dossier"] as? Int }) == Set(dossiers))
            for line in register {
                guard let dossier = line["dossier"] as? Int else { continue }
                #expect(line["archive_number"] as? String == printed[dossier], "dossier \(dossier)")
            }
            let audit = try store.run(["audit", "verify"], as: "alice")
            #expect(audit.status == 0, "\(audit.stderr)")
        }
    }

    // MARK: - new-car-intake

    /// The new-car dossier: the sales consultant hands 12 items to the archivist; both sign the receipt book.
    @Suite("new-car-intake")
    struct NewCarIntake {
        @Test("happy path: 12 items, the receipt book signed by sales and the archivist, number GY-SH-001")
        func happyPath() throws {
            let store = try IntakeStore.newCar()
            let dossier = try store.start("new-car-intake", fields: ["customer=Li Wei", "vin=LSVAM4187C2184847", "sold-on=2026-03-02"],
                                          assign: ["sales=sam", "archivist=carol"], as: "sam", at: "2026-03-02T09:00")
            let checklist = try store.json(["checklist", "show", String(dossier), "--format", "json"])
            #expect(checklist.count == 12)
            #expect(try store.requiredItems(of: dossier).count == 11, "other proofs are optional")
            try store.compile(dossier, as: "sam", at: "2026-03-04T10:00")
            // Compiling opened the three follow-up calls (the sale day had ended); the first is made on time.
            try store.recordCall(dossier, "follow-up-3", as: "sam", at: "2026-03-04T11:00")
            let handed = try store.advance(dossier, "hand-over", as: "sam", at: "2026-03-05T16:00")
            #expect(handed.stdout.contains("checking for archivist (carol)"), "\(handed.stdout)\(handed.stderr)")
            try store.verify(dossier, as: "carol", at: "2026-03-06T09:00")

            let sales = try store.advance(dossier, "accept", as: "sam", at: "2026-03-06T10:00")
            #expect(sales.stdout == "sam signed 'accept' as sales on dossier \(dossier)\n'accept' now waits for: archivist (carol)\n")
            let waiting = try store.json(["pending", "--user", "carol", "--format", "json"], at: "2026-03-06T10:01")
            #expect(waiting.first?["waiting_for"] as? String == "archivist (carol) to sign accept")
            let archivist = try store.advance(dossier, "accept", as: "carol", at: "2026-03-06T10:30")
            #expect(archivist.status == 0, "\(archivist.stderr)")
            #expect(archivist.stdout.contains("dossier \(dossier): accept → filed"))
            #expect(archivist.stdout.contains("archive number GY-SH-001"))

            let register = try store.json(["register", "--workflow", "new-car-intake", "--format", "json"])
            let line = try #require(register.first)
            #expect(register.count == 1)
            #expect(line["archive_number"] as? String == "GY-SH-001")
            #expect(line["customer"] as? String == "Li Wei")
            #expect(line["sales"] as? String == "sam")
            #expect(line["archivist"] as? String == "carol")
            #expect(line["items"] as? Int == 11)
            #expect((line["contracts"] as? String)?.hasPrefix("GY-SH-001-") == true)
            #expect((line["contracts"] as? String)?.hasSuffix(" sales-contract") == true)
            #expect(try store.run(["tick"], as: "sam", at: "2026-03-20T09:00").stdout.contains("0 fines recorded"))
            #expect(try store.fines().isEmpty)
            #expect(try store.run(["audit", "verify"], as: "sam").status == 0)
        }

        @Test("late new cars: 50 for a consultant's first in a month, 100 for the second, 50 again for another person or month")
        func lateHandOvers() throws {
            let store = try IntakeStore.newCar()
            let car1 = try store.start("new-car-intake", fields: ["customer=A", "vin=V1", "sold-on=2026-03-02"],
                                       assign: ["sales=sam", "archivist=carol"], as: "sam", at: "2026-03-02T09:00")
            // The follow-up calls are made on time throughout: only the hand-overs are late here.
            _ = try store.run(["tick"], as: "sam", at: "2026-03-03T08:00")
            try store.recordCall(car1, "follow-up-3", as: "sam", at: "2026-03-03T09:00")
            // Due by the end of Thursday 5 March; handed over on Friday: the fine comes with the hand-over.
            try store.compile(car1, as: "sam", at: "2026-03-06T09:00")
            #expect(try store.advance(car1, "hand-over", as: "sam", at: "2026-03-06T10:00").status == 0)
            let first = try store.fines()
            #expect(first.count == 1)
            #expect(first.first?["rule"] as? String == "late-new-car")
            #expect(first.first?["amount"] as? Int == 50)
            #expect(first.first?["payer"] as? String == "sam")
            #expect(first.first?["due_at"] as? String == "2026-03-05T23:59:59+08:00")

            let car2 = try store.start("new-car-intake", fields: ["customer=B", "vin=V2", "sold-on=2026-03-09"],
                                       assign: ["sales=sam", "archivist=carol"], as: "sam", at: "2026-03-09T09:00")
            let car3 = try store.start("new-car-intake", fields: ["customer=C", "vin=V3", "sold-on=2026-03-09"],
                                       assign: ["sales=sue", "archivist=carol"], as: "sue", at: "2026-03-09T09:05")
            _ = try store.run(["tick"], as: "sam", at: "2026-03-10T08:00")
            try store.recordCall(car2, "follow-up-3", as: "sam", at: "2026-03-10T09:00")
            try store.recordCall(car3, "follow-up-3", as: "sue", at: "2026-03-10T09:05")
            try store.recordCall(car1, "follow-up-30", as: "sam", at: "2026-03-10T09:10")
            let tick = try store.run(["tick"], as: "sam", at: "2026-03-13T09:00")
            #expect(tick.stdout.contains("2 fines recorded"), "\(tick.stdout)")
            let march = try store.fines()
            let second = try #require(march.first { $0["dossier"] as? Int == car2 })
            #expect(second["amount"] as? Int == 100)
            #expect(second["base_amount"] as? Int == 50)
            #expect(second["nth_in_month"] as? Int == 2)
            #expect(second["factor"] as? Int == 2)
            let sue = try #require(march.first { $0["dossier"] as? Int == car3 })
            #expect(sue["payer"] as? String == "sue")
            #expect(sue["amount"] as? Int == 50, "escalation counts each consultant's own violations")
            let statement = try store.run(["fines", "statement", "sam", "--month", "2026-03"], as: "sam")
            #expect(statement.stdout.contains("50, 2nd in the month, ×2 = 100"), "\(statement.stdout)")
            #expect(statement.stdout.contains("Total: 150"))
            // Both handed over that morning, within the working day's grace: nothing counts again.
            for (car, seller, hour) in [(car2, "sam", "10"), (car3, "sue", "11")] {
                try store.compile(car, as: seller, at: "2026-03-13T\(hour):00")
                #expect(try store.advance(car, "hand-over", as: seller, at: "2026-03-13T\(hour):30").status == 0)
            }

            // April starts the count again. Sold Wednesday 1 April: 3 working days skip Qingming (4–6 April).
            let car4 = try store.start("new-car-intake", fields: ["customer=D", "vin=V4", "sold-on=2026-04-01"],
                                       assign: ["sales=sam", "archivist=carol"], as: "sam", at: "2026-04-01T09:00")
            #expect(try store.task(store.openTask(of: car4))?["due_at"] as? String == "2026-04-07T23:59:59+08:00")
            _ = try store.run(["tick"], as: "sam", at: "2026-04-02T08:00")
            try store.recordCall(car4, "follow-up-3", as: "sam", at: "2026-04-02T09:00")
            for car in [car2, car3] {
                try store.recordCall(car, "follow-up-30", as: car == car2 ? "sam" : "sue", at: "2026-04-02T09:10")
            }
            #expect(try store.run(["tick"], as: "sam", at: "2026-04-07T23:00").stdout.contains("0 fines recorded"))
            _ = try store.run(["tick"], as: "sam", at: "2026-04-08T09:00")
            let april = try store.fines(month: "2026-04")
            #expect(april.count == 1)
            #expect(april.first?["amount"] as? Int == 50)
            #expect(april.first?["nth_in_month"] as? Int == 1)
        }

        @Test("register lists dossiers registered at the same moment in the order of registration")
        func registerOrder() throws {
            let store = try IntakeStore.newCar()
            let cars = try ["A", "B"].map { customer in
                try store.start("new-car-intake", fields: ["customer=\(customer)", "vin=V\(customer)", "sold-on=2026-03-02"],
                                assign: ["sales=sam", "archivist=carol"], as: "sam", at: "2026-03-02T09:00")
            }
            for car in cars { try store.compile(car, as: "sam", at: "2026-03-03T10:00") }
            for car in cars { #expect(try store.advance(car, "hand-over", as: "sam", at: "2026-03-03T11:00").status == 0) }
            for car in cars { try store.verify(car, as: "carol", at: "2026-03-03T14:00") }
            for car in cars { #expect(try store.advance(car, "accept", as: "sam", at: "2026-03-03T15:00").status == 0) }
            // The second car is filed first, in the same minute.
            for car in cars.reversed() { #expect(try store.advance(car, "accept", as: "carol", at: "2026-03-03T15:30").status == 0) }
            let register = try store.json(["register", "--format", "json"])
            #expect(register.map { $0["archive_number"] as? String } == ["GY-SH-001", "GY-SH-002"])
            #expect(register.map { $0["dossier"] as? Int } == cars.reversed())
        }
    }

    // MARK: - repair-intake

    /// The repair dossier: the service consultant hands it over within 1 working day of returning the car.
    @Suite("repair-intake")
    struct RepairIntake {
        @Test("happy path: numbered {yyyy}-{mm}-{seq:3} by the month of filing, restarting in April")
        func happyPath() throws {
            let store = try IntakeStore.repair()
            var numbers: [String] = []
            // Two cars filed in March, one returned on 31 March and filed on 1 April.
            let plan = [("A", "2026-03-02", "2026-03-03"), ("B", "2026-03-10", "2026-03-11"), ("C", "2026-03-31", "2026-04-01")]
            for (customer, returned, filed) in plan {
                let dossier = try store.start("repair-intake", fields: ["customer=\(customer)", "vin=V\(customer)", "returned-on=\(returned)",
                                                                        "repair-order=RO-\(customer)", "brought-by=the customer", "contact-verified=true"],
                                              assign: ["service=sid", "archivist=carol"], as: "sid", at: "\(returned)T15:00")
                try store.compile(dossier, as: "sid", at: "\(returned)T16:00")
                #expect(try store.advance(dossier, "hand-over", as: "sid", at: "\(returned)T17:00").status == 0)
                try store.verify(dossier, as: "carol", at: "\(filed)T09:00")
                let archivist = try store.advance(dossier, "accept", as: "carol", at: "\(filed)T10:00")
                #expect(archivist.stdout.contains("'accept' now waits for: service (sid)"), "\(archivist.stdout)\(archivist.stderr)")
                let service = try store.advance(dossier, "accept", as: "sid", at: "\(filed)T10:05")
                #expect(service.stdout.contains("dossier \(dossier): accept → filed"), "\(service.stdout)\(service.stderr)")
                numbers += service.stdout.split(separator: "\n").filter { $0.hasPrefix("archive number ") }.map { String($0.dropFirst(15)) }
            }
            #expect(numbers == ["2026-03-001", "2026-03-002", "2026-04-001"])
            let register = try store.json(["register", "--workflow", "repair-intake", "--format", "json"])
            #expect(register.compactMap { $0["archive_number"] as? String } == numbers)
            #expect(register.allSatisfy { $0["service"] as? String == "sid" && $0["archivist"] as? String == "carol" && $0["items"] as? Int == 6 })
            #expect(try store.fines().isEmpty)
            #expect(try store.run(["audit", "verify"], as: "sid").status == 0)
        }

        @Test("hand-over deadline: on time until the end of the next working day, late from the first minute after", arguments: [
            ("2026-03-02", "2026-03-03"),  // Monday → Tuesday
            ("2026-03-06", "2026-03-09"),  // Friday → Monday, over the weekend
            ("2026-04-03", "2026-04-07"),  // Friday → Tuesday, over Qingming (4–6 April)
        ])
        func oneWorkingDay(returnedOn: String, dueOn: String) throws {
            let store = try IntakeStore.repair()
            let onTime = try store.start("repair-intake", fields: ["customer=On time", "vin=V1", "returned-on=\(returnedOn)", "brought-by=the customer", "contact-verified=true"],
                                         assign: ["service=sid", "archivist=carol"], as: "sid", at: "\(returnedOn)T17:00")
            let late = try store.start("repair-intake", fields: ["customer=Late", "vin=V2", "returned-on=\(returnedOn)", "brought-by=the customer", "contact-verified=true"],
                                       assign: ["service=sid", "archivist=carol"], as: "sid", at: "\(returnedOn)T17:01")
            #expect(try store.task(store.openTask(of: onTime))?["due_at"] as? String == "\(dueOn)T23:59:59+08:00")
            try store.compile(onTime, as: "sid", at: "\(dueOn)T10:00")
            try store.compile(late, as: "sid", at: "\(dueOn)T10:00")
            #expect(try store.run(["tick"], as: "sid", at: "\(dueOn)T23:58").stdout.contains("0 fines recorded"))
            #expect(try store.advance(onTime, "hand-over", as: "sid", at: "\(dueOn)T23:59").status == 0)
            let after = try Self.minuteAfterMidnight(dueOn)
            let handed = try store.advance(late, "hand-over", as: "sid", at: after)
            #expect(handed.status == 0, "\(handed.stderr)")
            let fines = try store.fines()
            #expect(fines.count == 1)
            let fine = try #require(fines.first)
            #expect(fine["dossier"] as? Int == late)
            #expect(fine["rule"] as? String == "late-repair")
            #expect(fine["amount"] as? Int == 50)
            #expect(fine["payer"] as? String == "sid")
            #expect(fine["reason"] as? String == "the 'handing-over' task of dossier \(late) was due by the end of \(dueOn) and was still open then")
        }

        @Test("a service consultant's late dossiers cost 50, 50, then 100 from the 3rd in a month, each counting again every working day uncorrected")
        func escalationFromThird() throws {
            let store = try IntakeStore.repair()
            var dossiers: [Int] = []
            for (n, day) in ["2026-03-02", "2026-03-03", "2026-03-04"].enumerated() {
                dossiers.append(try store.start("repair-intake", fields: ["customer=C\(n)", "vin=V\(n)", "returned-on=\(day)", "brought-by=the customer", "contact-verified=true"],
                                                assign: ["service=sid", "archivist=carol"], as: "sid", at: "\(day)T17:00"))
            }
            _ = try store.run(["tick"], as: "sid", at: "2026-03-09T09:00")
            let fines = try store.fines()
            // Due by the end of the next working day (3, 4 and 5 March), counted again at the end
            // of each working day after that (one day's grace), up to Friday 6 March.
            let counts = Dictionary(grouping: fines.compactMap { $0["dossier"] as? Int }, by: { $0 }).mapValues(\.count)
            #expect(counts == [dossiers[0]: 4, dossiers[1]: 3, dossiers[2]: 2], "\(fines)")
            #expect(fines.map { $0["amount"] as? Int } == [50, 50] + Array(repeating: 100, count: 7))
            #expect(fines.map { $0["nth_in_month"] as? Int } == Array(1...9))
        }

        @Test("a contact not verified costs the service consultant 50 when the dossier records it, once per dossier, and counts towards the month")
        func contactNotVerified() throws {
            let store = try IntakeStore.repair()
            let unverified = try store.start("repair-intake", fields: ["customer=Wu", "vin=V1", "returned-on=2026-03-02", "brought-by=Wu's driver",
                                                                       "contact-verified=false"],
                                             assign: ["service=sid", "archivist=carol"], as: "sid", at: "2026-03-02T15:00")
            let verified = try store.start("repair-intake", fields: ["customer=Ma", "vin=V2", "returned-on=2026-03-02", "brought-by=Ma",
                                                                     "contact-verified=true"],
                                           assign: ["service=sid", "archivist=carol"], as: "sid", at: "2026-03-02T15:05")
            var fines = try store.fines()
            #expect(fines.count == 1)
            #expect(fines.first?["rule"] as? String == "contact-not-verified")
            #expect(fines.first?["dossier"] as? Int == unverified)
            #expect(fines.first?["payer"] as? String == "sid")
            #expect(fines.first?["amount"] as? Int == 50)
            #expect(fines.first?["reason"] as? String == "dossier \(unverified) records on 2026-03-02 15:00 that the contact was not verified (contact-verified=false)")
            // Verified later, the fine stands; the other dossier's contact found unverified at
            // hand-over is its own violation, recorded once however often it is said.
            try store.compile(verified, as: "sid", at: "2026-03-02T16:00")
            let task = try store.openTask(of: verified)
            let said = try store.run(["task", "advance", String(task), "hand-over", "--field", "contact-verified=false"], as: "sid", at: "2026-03-02T17:00")
            #expect(said.status == 0, "\(said.stderr)")
            fines = try store.fines()
            #expect(fines.compactMap { $0["dossier"] as? Int } == [unverified, verified], "\(fines)")
            #expect(try store.run(["audit", "verify"], as: "sid", at: "2026-03-02T17:01").status == 0)
        }

        /// `2026-03-09` → `2026-03-10T00:01`.
        static func minuteAfterMidnight(_ day: String) throws -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
            formatter.dateFormat = "yyyy-MM-dd"
            guard let date = formatter.date(from: day) else { throw FixtureFailure("\(day) is not a date") }
            let next = date.addingTimeInterval(24 * 3600)
            return formatter.string(from: next) + "T00:01"
        }
    }

    // MARK: - generic-customer

    /// The generic customer dossier: register the first contact, await the contract, compile, head reviews.
    @Suite("generic-customer")
    struct GenericCustomer {
        /// Starts Acme's dossier and brings it to `compiling` with its contract signed on Tuesday 10 March.
        fileprivate static func contracted(_ store: IntakeStore) throws -> Int {
            let dossier = try store.start("generic-customer", fields: ["customer=Acme", "first-contact-on=2026-03-02"],
                                          assign: ["handler=hana", "head=hugo"], as: "hana", at: "2026-03-02T09:00")
            #expect(try store.advance(dossier, "register", as: "hana", at: "2026-03-03T09:00").status == 0)
            let unsigned = try store.advance(dossier, "contract-signed", as: "hana", at: "2026-03-10T09:00")
            #expect(unsigned.status == 1)
            #expect(unsigned.stderr.contains("field contract-signed-on is not set"), "\(unsigned.stderr)")
            let signed = try store.run(["task", "advance", String(try store.openTask(of: dossier)), "contract-signed",
                                        "--field", "contract-signed-on=2026-03-10"], as: "hana", at: "2026-03-10T09:01")
            #expect(signed.status == 0, "\(signed.stderr)")
            return dossier
        }

        @Test("happy path: registered, contract signed, compiled, approved by the head and filed as 2603-0001")
        func happyPath() throws {
            let store = try IntakeStore.generic()
            let dossier = try Self.contracted(store)
            try store.compile(dossier, as: "hana", at: "2026-03-11T10:00")
            #expect(try store.advance(dossier, "submit", as: "hana", at: "2026-03-12T09:00").status == 0)
            let byHandler = try store.advance(dossier, "approve", as: "hana", at: "2026-03-12T09:30")
            #expect(byHandler.status == 1)
            #expect(byHandler.stderr.contains("hana cannot take 'approve': it is for head (hugo)"), "\(byHandler.stderr)")
            try store.verify(dossier, as: "hugo", at: "2026-03-13T10:00")
            let approved = try store.advance(dossier, "approve", as: "hugo", at: "2026-03-13T11:00")
            #expect(approved.status == 0, "\(approved.stderr)")
            #expect(approved.stdout.contains("dossier \(dossier): approve → filed"))
            #expect(approved.stdout.contains("archive number 2603-0001"))
            #expect(approved.stdout.contains("dossier \(dossier) is finished"))
            let register = try store.json(["register", "--workflow", "generic-customer", "--format", "json"])
            #expect(register.count == 1)
            #expect(register.first?["archive_number"] as? String == "2603-0001")
            #expect(register.first?["handler"] as? String == "hana")
            #expect(register.first?["items"] as? Int == 4)
            #expect(try store.json(["pending", "--format", "json"], at: "2026-03-13T11:01").isEmpty)
            #expect(try store.run(["audit", "verify"], as: "hana").status == 0)
        }

        @Test("a contact without a contract is closed with a note, and gets no archive number")
        func closedWithoutContract() throws {
            let store = try IntakeStore.generic()
            let dossier = try store.start("generic-customer", fields: ["customer=Nobody Ltd", "first-contact-on=2026-03-02"],
                                          assign: ["handler=hana", "head=hugo"], as: "hana", at: "2026-03-02T09:00")
            #expect(try store.advance(dossier, "register", as: "hana", at: "2026-03-02T10:00").status == 0)
            #expect(try store.advance(dossier, "close", as: "hana", at: "2026-03-20T10:00").status == 1, "the note is required")
            let closed = try store.advance(dossier, "close", as: "hana", at: "2026-03-20T10:01", note: "customer chose another supplier")
            #expect(closed.stdout == "dossier \(dossier): close → closed\ndossier \(dossier) is finished\n", "\(closed.stderr)")
            #expect(try store.json(["register", "--format", "json"]).isEmpty)
        }

        @Test("deadlines: 3 working days to register, 7 calendar days from the contract to submit, 2 working days to review; late costs no fine")
        func deadlines() throws {
            let store = try IntakeStore.generic()
            let dossier = try store.start("generic-customer", fields: ["customer=Acme", "first-contact-on=2026-03-02"],
                                          assign: ["handler=hana", "head=hugo"], as: "hana", at: "2026-03-02T09:00")
            #expect(try store.task(store.openTask(of: dossier))?["due_at"] as? String == "2026-03-05T23:59:59+08:00")
            let overdue = try store.json(["pending", "--overdue", "--format", "json"], at: "2026-03-09T09:00")
            #expect(overdue.count == 1)
            #expect(overdue.first?["status"] as? String == "overdue")
            #expect(overdue.first?["working_days_overdue"] as? Int == 2, "Friday 6 and Monday 9 March")
            let tick = try store.run(["tick"], as: "hana", at: "2026-03-09T09:00")
            #expect(tick.stdout.contains("1 newly overdue, 0 fines recorded"), "\(tick.stdout)")

            #expect(try store.advance(dossier, "register", as: "hana", at: "2026-03-09T10:00").status == 0)
            #expect(try store.task(store.openTask(of: dossier))?["due_at"] is NSNull, "awaiting the contract has no deadline")
            let signed = try store.run(["task", "advance", String(try store.openTask(of: dossier)), "contract-signed",
                                        "--field", "contract-signed-on=2026-03-10"], as: "hana", at: "2026-03-10T09:00")
            #expect(signed.stdout.contains("due 2026-03-17 23:59"), "7 calendar days, weekend included: \(signed.stdout)\(signed.stderr)")
            try store.compile(dossier, as: "hana", at: "2026-03-12T10:00")
            let submitted = try store.advance(dossier, "submit", as: "hana", at: "2026-03-12T11:00")
            #expect(submitted.stdout.contains("reviewing for head (hugo), due 2026-03-16 23:59"), "Friday 13 and Monday 16: \(submitted.stdout)")
            _ = try store.run(["tick"], as: "hana", at: "2026-03-20T09:00")
            #expect(try store.fines().isEmpty, "generic-customer defines no fines")
        }

        @Test("the register names the handler and the head who reviewed, each under their own role")
        func registerReviewer() throws {
            let store = try IntakeStore.generic()
            let dossier = try Self.contracted(store)
            try store.compile(dossier, as: "hana", at: "2026-03-11T10:00")
            #expect(try store.advance(dossier, "submit", as: "hana", at: "2026-03-12T09:00").status == 0)
            try store.verify(dossier, as: "hugo", at: "2026-03-13T10:00")
            #expect(try store.advance(dossier, "approve", as: "hugo", at: "2026-03-13T11:00").status == 0)
            let line = try #require(try store.json(["register", "--format", "json"]).first)
            #expect(line["handler"] as? String == "hana")
            #expect(line["head"] as? String == "hugo")
        }
    }
}

// MARK: - Fixture

/// A fresh simulation store with every shipped workflow (`dossier init --simulation`, no
/// `--workflows`) and the staff a workflow needs, driven through the binary.
final class IntakeStore {
    let folder: TemporaryFolder
    let path: String
    /// Who reads listings (any staff member).
    let reader: String
    /// Each dossier's required items, read once: a dossier keeps its workflow version's checklist.
    private var itemsByDossier: [Int: [(id: String, signatures: [String])]] = [:]

    /// Creates the store and adds `staff` (user, staff roles) at 2026-03-02 08:00.
    init(staff: [(String, [String])]) throws {
        folder = try TemporaryFolder()
        path = folder.path("intake.db")
        reader = staff.first?.0 ?? "alice"
        let created = try DossierProcess.run(["init", "--store", path, "--simulation"])
        guard created.status == 0, created.stdout.contains("workflow loan-intake: deployed version 1") else {
            throw FixtureFailure("init failed: \(created.stderr)")
        }
        for (user, roles) in staff {
            // The first person administers the directory, so that they may add the others.
            let roles = user == reader ? roles + ["admin"] : roles
            let added = try run(["staff", "add", user, "--name", user.capitalized] + roles.flatMap { ["--role", $0] },
                                as: reader, at: "2026-03-02T08:00")
            guard added.status == 0 else { throw FixtureFailure("staff add \(user) failed: \(added.stderr)") }
        }
    }

    static func loan() throws -> IntakeStore {
        try IntakeStore(staff: [("alice", ["handler"]), ("bob", ["handler"]), ("carol", ["archivist"]), ("gina", ["gm"]),
                                ("dora", ["handler", "archivist"])])
    }

    static func newCar() throws -> IntakeStore {
        try IntakeStore(staff: [("sam", ["sales-consultant"]), ("sue", ["sales-consultant"]), ("carol", ["archivist"]),
                                ("mia", ["department-manager"])])
    }

    static func repair() throws -> IntakeStore {
        try IntakeStore(staff: [("sid", ["service-consultant"]), ("carol", ["archivist"]), ("mia", ["department-manager"])])
    }

    static func generic() throws -> IntakeStore {
        try IntakeStore(staff: [("hana", ["handler"]), ("hugo", ["department-manager"])])
    }

    /// Runs `dossier arguments…` on this store as `user`, at `time` when given.
    @discardableResult
    func run(_ arguments: [String], as user: String, at time: String? = nil) throws -> DossierProcess.Result {
        try DossierProcess.run(arguments + (time.map { ["--at", $0] } ?? []) + ["--store", path], environment: ["DOSSIER_USER": user])
    }

    /// Runs a setup step that must succeed.
    private func step(_ arguments: [String], as user: String, at time: String) throws {
        let result = try run(arguments, as: user, at: time)
        guard result.status == 0 else { throw FixtureFailure("`dossier \(arguments.joined(separator: " "))` failed: \(result.stderr)") }
    }

    /// A listing's `--format json` array.
    func json(_ arguments: [String], at time: String? = nil) throws -> [[String: Any]] {
        let result = try run(arguments, as: reader, at: time)
        guard result.status == 0, let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] else {
            throw FixtureFailure("`dossier \(arguments.joined(separator: " "))` gave no JSON array: \(result.stderr)")
        }
        return rows
    }

    /// Every fine, or those of `month`, optionally of one rule.
    func fines(rule: String? = nil, month: String? = nil) throws -> [[String: Any]] {
        try json(["fines", "list", "--format", "json"] + (month.map { ["--month", $0] } ?? []))
            .filter { rule == nil || $0["rule"] as? String == rule }
    }

    /// Starts a dossier and returns its number.
    func start(_ workflow: String, fields: [String], assign: [String], as user: String, at time: String) throws -> Int {
        let started = try run(["start", workflow] + fields.flatMap { ["--field", $0] } + assign.flatMap { ["--assign", $0] }, as: user, at: time)
        guard started.status == 0, let line = started.stdout.split(separator: "\n").first(where: { $0.hasPrefix("started dossier ") }),
              let id = Int(line.dropFirst("started dossier ".count).prefix { $0.isNumber }) else {
            throw FixtureFailure("start \(workflow) failed: \(started.stderr)")
        }
        return id
    }

    /// Starts a loan dossier with A alice, B bob, archivist carol and optionally an approver.
    func startLoan(customer: String, endedOn: String, at time: String, approver: String? = nil) throws -> Int {
        try start("loan-intake", fields: ["customer=\(customer)", "project=P-\(customer.prefix(3))", "ended-on=\(endedOn)"],
                  assign: ["a=alice", "b=bob", "archivist=carol"] + (approver.map { ["approver=\($0)"] } ?? []), as: "alice", at: time)
    }

    /// The duties (`<timers>`) of the shipped workflows, whose tasks sit beside a state's.
    static let duties: Set<String> = ["follow-up-3", "follow-up-30", "follow-up-60", "call-3", "call-15", "call-30", "call-60"]

    /// The id of the open task of `dossier`'s state (not one of its duties).
    func openTask(of dossier: Int) throws -> Int {
        let rows = try json(["task", "list", "--dossier", String(dossier), "--format", "json"])
        guard let task = rows.first(where: { $0["status"] as? String != "done" && !Self.duties.contains($0["state"] as? String ?? "") })?["task"] as? Int else {
            throw FixtureFailure("dossier \(dossier) has no open task")
        }
        return task
    }

    /// Records `dossier`'s open follow-up call `duty` (opened by a sweep or a step) as `user`.
    func recordCall(_ dossier: Int, _ duty: String, as user: String, at time: String) throws {
        let rows = try json(["task", "list", "--dossier", String(dossier), "--format", "json"])
        guard let task = rows.first(where: { $0["state"] as? String == duty && $0["status"] as? String != "done" })?["task"] as? Int else {
            throw FixtureFailure("dossier \(dossier) has no open \(duty)")
        }
        try step(["task", "advance", String(task), "record", "--field", "channel=phone", "--field", "outcome=satisfied"], as: user, at: time)
    }

    /// Task `id` as `task list --format json` shows it.
    func task(_ id: Int) throws -> [String: Any]? {
        try json(["task", "list", "--format", "json"]).first { $0["task"] as? Int == id }
    }

    /// Takes `action` on the open task of `dossier`; the result is for the caller to check.
    func advance(_ dossier: Int, _ action: String, as user: String, at time: String, note: String? = nil,
                 fields: [String] = []) throws -> DossierProcess.Result {
        try run(["task", "advance", String(try openTask(of: dossier)), action] + (note.map { ["--note", $0] } ?? []) + fields.flatMap { ["--field", $0] },
                as: user, at: time)
    }

    /// The required, non-attachment items of `dossier` with the signatures each needs.
    func requiredItems(of dossier: Int) throws -> [(id: String, signatures: [String])] {
        if let known = itemsByDossier[dossier] { return known }
        let items: [(id: String, signatures: [String])] = try json(["checklist", "show", String(dossier), "--format", "json"])
            .filter { $0["required"] as? Bool == true && $0["kind"] as? String != "attachment" }
            .compactMap { row in
                guard let id = row["item"] as? String else { return nil }
                let needed = (row["signatures_required"] as? String ?? "").split(separator: " ").map(String.init)
                return (id, needed)
            }
        itemsByDossier[dossier] = items
        return items
    }

    /// Records every required item with 2 pages and every signature it needs, except the
    /// signatures given for an item in `signatures`.
    func compile(_ dossier: Int, as user: String, at time: String, signatures: [String: [String]] = [:]) throws {
        for item in try requiredItems(of: dossier) {
            let signed = signatures[item.id] ?? item.signatures
            try step(["checklist", "set", String(dossier), item.id, "--pages", "2"] + (signed.isEmpty ? [] : ["--signed", signed.joined(separator: ",")]),
                     as: user, at: time)
        }
    }

    /// Verifies every required item as in order, except those given a defect.
    func verify(_ dossier: Int, as user: String, at time: String, defects: [String: String] = [:]) throws {
        for item in try requiredItems(of: dossier) {
            try step(["checklist", "verify", String(dossier), item.id] + (defects[item.id].map { ["--defect", $0] } ?? ["--ok"]),
                     as: user, at: time)
        }
    }

    /// A `dossier` process started and left running, for races.
    struct Racer {
        let process: Process
        let output: Pipe
        let errors: Pipe

        func wait() -> DossierProcess.Result {
            let out = output.fileHandleForReading.readDataToEndOfFile()
            let err = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return DossierProcess.Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                                         stderr: String(decoding: err, as: UTF8.self))
        }
    }

    /// Starts `dossier arguments…` without waiting for it.
    func spawn(_ arguments: [String], as user: String, at time: String) throws -> Racer {
        let process = Process()
        process.executableURL = DossierProcess.executable
        process.arguments = arguments + ["--at", time, "--store", path]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DOSSIER_STORE")
        environment["DOSSIER_USER"] = user
        process.environment = environment
        process.currentDirectoryURL = DossierProcess.packageRoot
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Racer(process: process, output: output, errors: errors)
    }
}
