import Foundation
import Testing

/// The nine-step chain for wrong customer information (`customer-correction`) through the
/// binary: remedy drafted, reviewed and approved; three departments carrying it out at once, each
/// on a task of its own; the registered dossier corrected only when the last has reported; the
/// report reviewed and approved; archived.
@Suite("The customer correction chain through the binary")
struct CustomerCorrectionTests {
    /// 鸿借字第001号 registered for customer Level Co, with alice in customer service (handler),
    /// dmgr the customer service manager, gina the GM, sally in sales, sven in after-sales and
    /// carol in the archive.
    static func store() throws -> IntakeStore {
        let store = try CorrectionTests.store()
        for (user, role) in [("sally", "sales-consultant"), ("sven", "service-consultant")] {
            guard try store.run(["staff", "add", user, "--name", user.capitalized, "--role", role], as: "alice", at: "2026-03-04T08:01").status == 0 else {
                throw FixtureFailure("staff add \(user)")
            }
        }
        return store
    }

    /// The open tasks of `dossier`, by role.
    static func openTasks(_ store: IntakeStore, of dossier: Int) throws -> [String: Int] {
        let rows = try store.json(["task", "list", "--dossier", String(dossier), "--format", "json"])
        return Dictionary(rows.filter { $0["status"] as? String != "done" }.compactMap { row -> (String, Int)? in
            guard let role = row["role"] as? String, let task = row["task"] as? Int else { return nil }
            return (role, task)
        }, uniquingKeysWith: { first, _ in first })
    }

    @Test("nine steps: three departments report in parallel, the dossier is corrected with the last report, and the chain is archived")
    func chain() throws {
        let store = try Self.store()
        let chain = try store.start("customer-correction", fields: [
            "archive-number=鸿借字第001号", "changes=customer=Level Co., Ltd.", "reason=the customer's name is wrong on the register",
        ], assign: ["cs-manager=dmgr", "gm=gina", "sales=sally", "after-sales=sven", "archive=carol"], as: "alice", at: "2026-03-05T09:00")

        // 1–3: the remedy is drafted, reviewed and approved; a return sends it back to customer service.
        let bare = try store.advance(chain, "submit", as: "alice", at: "2026-03-05T09:10")
        #expect(bare.status == 1 && bare.stderr.contains("remedy"), "no remedy yet: \(bare.stderr)")
        #expect(try store.advance(chain, "submit", as: "alice", at: "2026-03-05T09:20", fields: ["remedy=correct the name everywhere"]).status == 0)
        #expect(try store.advance(chain, "approve", as: "dmgr", at: "2026-03-05T10:00").status == 0)
        let returned = try store.advance(chain, "return", as: "gina", at: "2026-03-05T11:00", note: "tell the customer in writing too")
        #expect(returned.status == 0, "\(returned.stderr)")
        #expect(try store.advance(chain, "submit", as: "alice", at: "2026-03-05T11:30",
                                  fields: ["remedy=correct the name everywhere; write to the customer"]).status == 0)
        #expect(try store.advance(chain, "approve", as: "dmgr", at: "2026-03-05T12:00").status == 0)
        #expect(try store.advance(chain, "approve", as: "gina", at: "2026-03-05T13:00").status == 0)

        // 4: customer service organises it; 5: the three departments' tasks open at once.
        let organised = try store.advance(chain, "organise", as: "alice", at: "2026-03-05T14:00")
        #expect(organised.status == 0, "\(organised.stderr)")
        let tasks = try Self.openTasks(store, of: chain)
        #expect(tasks.keys.sorted() == ["after-sales", "archive", "sales"], "\(tasks)")
        let sales = try #require(tasks["sales"]), afterSales = try #require(tasks["after-sales"]), archive = try #require(tasks["archive"])

        let pending = try store.run(["pending", "--format", "json"], as: "sven", at: "2026-03-05T14:05")
        #expect(pending.stdout.contains("\"after-sales\""), "Sven sees his department's task: \(pending.stdout)")

        let wrongPerson = try store.run(["task", "advance", String(sales), "report-back", "--note", "done"], as: "sven", at: "2026-03-05T15:00")
        #expect(wrongPerson.status == 1, "\(wrongPerson.stderr)")
        #expect(wrongPerson.stderr.contains("sales"), "\(wrongPerson.stderr)")
        let noReport = try store.run(["task", "advance", String(sales), "report-back"], as: "sally", at: "2026-03-05T15:01")
        #expect(noReport.status == 1 && noReport.stderr.contains("note"), "\(noReport.stderr)")

        let first = try store.run(["task", "advance", String(archive), "report-back", "--note", "register line ready to correct"],
                                  as: "carol", at: "2026-03-05T15:10")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("carol took 'report-back' as archive"), "\(first.stdout)")
        #expect(first.stdout.contains("still waits for: sales (sally), after-sales (sven)"), "\(first.stdout)")
        let again = try store.run(["task", "advance", String(archive), "report-back", "--note", "twice"], as: "carol", at: "2026-03-05T15:11")
        #expect(again.status == 1, "a closed task stays closed: \(again.stderr)")
        #expect(try store.run(["task", "advance", String(sales), "report-back", "--note", "customer called"], as: "sally",
                              at: "2026-03-05T15:20").status == 0)
        #expect(try store.sqlite("SELECT json_extract(snapshot, '$.fields.customer') FROM dossier WHERE id = 1") == "Level Co\n",
                "nothing changes before the last department has reported")
        let last = try store.run(["task", "advance", String(afterSales), "report-back", "--note", "service records corrected"],
                                 as: "sven", at: "2026-03-05T15:30")
        #expect(last.status == 0, "\(last.stderr)")
        #expect(last.stdout.contains("report-back → reporting"), "\(last.stdout)")
        #expect(try store.sqlite("SELECT json_extract(snapshot, '$.fields.customer') FROM dossier WHERE id = 1") == "Level Co., Ltd.\n")
        let view = try store.run(["view", "鸿借字第001号", "--at", "2026-03-05T15:35"], as: "carol")
        #expect(view.stdout.contains("version 2 of 2"), "\(view.stdout)")

        // 6–9: the report, reviewed by the manager, approved by the GM, archived.
        #expect(try store.advance(chain, "submit-report", as: "alice", at: "2026-03-05T16:00",
                                  fields: ["report=name corrected on the register, in sales and in after-sales; customer told"]).status == 0)
        #expect(try store.advance(chain, "approve", as: "dmgr", at: "2026-03-05T16:30").status == 0)
        let archived = try store.advance(chain, "approve", as: "gina", at: "2026-03-05T17:00")
        #expect(archived.status == 0, "\(archived.stderr)")
        #expect(archived.stdout.contains("is finished"), "\(archived.stdout)")

        let history = try store.run(["history", String(chain)], as: "alice")
        for line in ["sally  closed task \(sales) of sales with 'report-back' — \"customer called\"",
                     "sven  closed task \(afterSales) of after-sales with 'report-back'", "carol  closed task \(archive) of archive"] {
            #expect(history.stdout.contains(line), "\(line) in \(history.stdout)")
        }
        let form = try store.run(["render", "correction-form", String(chain), "--at", "2026-03-05T17:05"], as: "alice")
        #expect(form.status == 0, "\(form.stderr)")
        #expect(form.stdout.contains("  customer: \"Level Co\" → \"Level Co., Ltd.\"\nMade version 2 of 鸿借字第001号"), "\(form.stdout)")
        #expect(form.stdout.contains("Departments' reports:\n"), "\(form.stdout)")
        #expect(form.stdout.contains("Sales department (销售部), sally: customer called"), "\(form.stdout)")
        #expect(form.stdout.contains("gina: return (The general manager approves it (总经理批准)) — tell the customer in writing too"), "\(form.stdout)")
        let notACorrection = try store.run(["render", "correction-form", "1", "--at", "2026-03-05T17:06"], as: "alice")
        #expect(notACorrection.status == 1 && notACorrection.stderr.contains("dossier 1 is not a correction"), "\(notACorrection.stderr)")
        #expect(try store.run(["audit", "verify"], as: "alice").status == 0)
    }

    @Test("without an after-sales department only sales and the archive report; a department not in the office's roles is refused at start")
    func optionalDepartment() throws {
        let store = try Self.store()
        let refused = try store.run(["start", "customer-correction", "--field", "archive-number=鸿借字第001号", "--field", "changes=customer=X",
                                     "--field", "reason=r", "--assign", "cs-manager=dmgr", "--assign", "gm=gina", "--assign", "sales=carol",
                                     "--assign", "archive=carol"], as: "alice", at: "2026-03-05T09:00")
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("carol"), "\(refused.stderr)")
        let chain = try store.start("customer-correction", fields: ["archive-number=鸿借字第001号", "changes=customer=Level Co., Ltd.", "reason=r",
                                                                    "remedy=correct it"],
                                    assign: ["cs-manager=dmgr", "gm=gina", "sales=sally", "archive=carol"], as: "alice", at: "2026-03-05T09:01")
        for (action, user) in [("submit", "alice"), ("approve", "dmgr"), ("approve", "gina"), ("organise", "alice")] {
            #expect(try store.advance(chain, action, as: user, at: "2026-03-05T10:00").status == 0, "\(action)")
        }
        #expect(try Self.openTasks(store, of: chain).keys.sorted() == ["archive", "sales"])
    }
}
