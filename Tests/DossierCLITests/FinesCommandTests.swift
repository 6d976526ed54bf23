import Foundation
import Testing

/// `dossier tick`, `fines list|statement|waive` and `report kpi` through the binary, on the
/// shipped loan-intake workflow.
@Suite("Fines through the binary")
struct FinesCommandTests {
    static let shipped = DossierProcess.packageRoot.appendingPathComponent("Workflows").path

    /// A store with the shipped workflows, the fixture staff and gina, a general manager.
    static func store() throws -> StoreFixture {
        let store = try StoreFixture(workflows: shipped)
        let added = try store.run(["staff", "add", "gina", "--name", "Gina Sun", "--role", "gm", "--department", "management",
                                   "--at", "2026-03-02T08:05"])
        #expect(added.status == 0, "\(added.stderr)")
        let started = try store.run(["start", "loan-intake", "--field", "customer=Hongda", "--field", "project=P1",
                                     "--field", "ended-on=2026-03-02", "--assign", "a=alice", "--assign", "b=bob",
                                     "--assign", "archivist=carol", "--at", "2026-03-02T09:30"])
        #expect(started.status == 0, "\(started.stderr)")
        return store
    }

    static func json(_ text: String) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
    }

    @Test("tick records a late hand-over once, with its explanation; running it again changes nothing")
    func tickIsIdempotent() throws {
        let store = try Self.store()
        let early = try store.run(["tick", "--at", "2026-03-05T23:00"])
        #expect(early.status == 0)
        #expect(early.stdout.contains("0 fines recorded"))
        let first = try store.run(["tick", "--at", "2026-03-06T09:00"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("1 task assessed, 1 newly overdue, 1 fine recorded"))
        #expect(first.stdout.contains("fine 1: 50 to alice under late-handover: the 'compiling' task of dossier 1 was due by the end of 2026-03-05 and was still open then"))
        let again = try store.run(["tick", "--at", "2026-03-06T09:00"])
        #expect(again.stdout.contains("0 fines recorded"), "\(again.stdout)")
        let listed = try Self.json(try store.run(["fines", "list", "--format", "json"]).stdout)
        #expect(listed.count == 1)
        let fine = try #require(listed.first)
        #expect(fine["payer"] as? String == "alice")
        #expect(fine["rule"] as? String == "late-handover")
        #expect(fine["amount"] as? Int == 50)
        #expect(fine["workflow"] as? String == "loan-intake@1")
        #expect(fine["calendar"] as? String == "cn@1")
        #expect(fine["due_at"] as? String == "2026-03-05T23:59:59+08:00")
        let tasks = try Self.json(try store.run(["task", "list", "--dossier", "1", "--format", "json"]).stdout)
        let task = try #require(tasks.first?["task"] as? Int)
        #expect(fine["task"] as? Int == task)
        // The history names it by the same number.
        let history = try store.run(["history", "1"]).stdout
        #expect(history.contains("task \(task) for a (alice) opened in compiling"), "\(history)")
        let events = try Self.json(try store.run(["history", "1", "--format", "json"]).stdout)
        #expect(events.contains { $0["kind"] as? String == "task-opened" && $0["task"] as? Int == task })
        // Three working days later (the weekend does not count) it has counted again each working day.
        _ = try store.run(["tick", "--at", "2026-03-10T09:00"])
        let later = try Self.json(try store.run(["fines", "list", "--person", "alice", "--month", "2026-03", "--format", "json"]).stdout)
        // The whole hand-over was due within 5 days of the project's end (Monday 2 March): the
        // loan's deadline across states adds its own fine at the end of Saturday 7 March.
        #expect(later.map { "\($0["occurred_at"] as? String ?? "?") \($0["rule"] as? String ?? "?")" } == [
            "2026-03-06T00:00:00+08:00 late-handover", "2026-03-07T00:00:00+08:00 late-handover",
            "2026-03-08T00:00:00+08:00 late-total", "2026-03-10T00:00:00+08:00 late-handover"])
        #expect(later.dropFirst(2).first?["reason"] as? String
                == "deadline handover-total of dossier 1 (Whole handover within 5 days of the project's end (项目结束后5日内完成移交)) was due by the end of 2026-03-07 and had not reached registered then")
        #expect(try store.run(["audit", "verify"]).status == 0)
    }

    @Test("the statement explains each fine and totals the month")
    func statement() throws {
        let store = try Self.store()
        _ = try store.run(["tick", "--at", "2026-03-09T09:00"])
        let statement = try store.run(["fines", "statement", "alice", "--month", "2026-03"])
        #expect(statement.status == 0, "\(statement.stderr)")
        #expect(statement.stdout.contains("Fines statement (罚款通知) — Alice (alice)"))
        #expect(statement.stdout.contains("still not corrected at the end of 2026-03-06, so it counts a 2nd time"))
        #expect(statement.stdout.contains("rule late-handover of loan-intake@1, calendar cn@1"))
        #expect(statement.stdout.contains("rule late-total of loan-intake@1"))
        #expect(statement.stdout.contains("Total: 150"), "two counts of the late hand-over and the late whole hand-over")
        let other = try store.run(["fines", "statement", "alice", "--month", "2026-04"])
        #expect(other.stdout.contains("No fines this month.") && other.stdout.contains("Total: 0"))
        let badMonth = try store.run(["fines", "statement", "alice", "--month", "March"])
        #expect(badMonth.status == 64)
        #expect(badMonth.stderr.contains("--month March is not a month such as 2026-03"))
        let nobody = try store.run(["fines", "statement", "zoe", "--month", "2026-03"])
        #expect(nobody.status == 1)
        #expect(nobody.stderr.contains("zoe is not in the staff directory"))
    }

    @Test("only a waive-by manager waives, never their own fine, once, with a reason kept in the log")
    func waive() throws {
        let store = try Self.store()
        _ = try store.run(["tick", "--at", "2026-03-06T09:00"])
        let byHandler = try store.run(["fines", "waive", "1", "--reason", "system outage", "--at", "2026-03-06T10:00"], as: "bob")
        #expect(byHandler.status == 77)
        #expect(byHandler.stderr.contains("bob may not waive fines of loan-intake: that takes one of the staff roles gm, deputy-gm, chairman"))
        let noReason = try store.run(["fines", "waive", "1", "--reason", " ", "--at", "2026-03-06T10:00"], as: "gina")
        #expect(noReason.status == 64)
        let missing = try store.run(["fines", "waive", "9", "--reason", "x", "--at", "2026-03-06T10:00"], as: "gina")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("there is no fine 9"))
        let waived = try store.run(["fines", "waive", "1", "--reason", "system outage", "--at", "2026-03-06T10:00"], as: "gina")
        #expect(waived.status == 0, "\(waived.stderr)")
        let twice = try store.run(["fines", "waive", "1", "--reason", "again", "--at", "2026-03-06T10:01"], as: "gina")
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("fine 1 was already waived by gina"))
        let listed = try Self.json(try store.run(["fines", "list", "--format", "json"]).stdout)
        #expect(listed.first?["status"] as? String == "waived")
        #expect(listed.first?["amount"] as? Int == 0)
        let statement = try store.run(["fines", "statement", "alice", "--month", "2026-03"])
        #expect(statement.stdout.contains("waived by gina on 2026-03-06 10:00: system outage — 0"))
        #expect(try store.run(["history", "1"]).stdout.contains("waived fine 1 (late-handover, alice) — \"system outage\""))
        #expect(try store.run(["audit", "verify"]).status == 0)
    }

    @Test("handing over late records the lateness with the hand-over, not only at the next tick")
    func lateHandOverWithoutTick() throws {
        let store = try Self.store()
        let shown = try store.run(["checklist", "show", "1", "--format", "json"])
        let items = try Self.json(shown.stdout).filter { ($0["required"] as? Bool) == true && ($0["kind"] as? String) != "attachment" }
        #expect(!items.isEmpty, "\(shown.stdout)")
        for item in items {
            guard let id = item["item"] as? String else { continue }
            let signatures = (item["signatures_required"] as? String) ?? ""
            var arguments = ["checklist", "set", "1", id, "--pages", "2", "--at", "2026-03-09T10:00"]
            if !signatures.isEmpty { arguments += ["--signed", signatures.replacingOccurrences(of: " ", with: ",")] }
            let set = try store.run(arguments)
            #expect(set.status == 0, "\(set.stderr)")
        }
        let handed = try store.run(["task", "advance", "1", "hand-over", "--at", "2026-03-09T10:30"])
        #expect(handed.status == 0, "\(handed.stderr)")
        let listed = try Self.json(try store.run(["fines", "list", "--format", "json"]).stdout)
        #expect(listed.map { $0["rule"] as? String } == ["late-handover", "late-handover", "late-total"],
                "due end of Thursday 5 March, Friday passed uncorrected; the whole hand-over was due by Saturday 7 March")
        #expect(try store.run(["tick", "--at", "2026-03-09T11:00"]).stdout.contains("0 fines recorded"))
    }

    @Test("report kpi gives on-time rates per department and person")
    func kpi() throws {
        let store = try Self.store()
        let report = try store.run(["report", "kpi", "--month", "2026-03", "--format", "json", "--at", "2026-03-31T18:00"])
        #expect(report.status == 0, "\(report.stderr)")
        let rows = try Self.json(report.stdout)
        let alice = try #require(rows.first { $0["scope"] as? String == "person" && $0["name"] as? String == "alice" })
        #expect(alice["deadlines"] as? Int == 1)
        #expect(alice["on_time"] as? Int == 0)
        #expect(alice["on_time_percent"] as? Int == 0)
        #expect(rows.contains { $0["scope"] as? String == "department" })
        let table = try store.run(["report", "kpi", "--month", "2026-03", "--at", "2026-03-31T18:00"])
        #expect(table.stdout.contains("ON TIME %"))
    }

    @Test("report kpi shows the performance-pay cut a service consultant's month reached: 10-30 from the 3rd fine")
    func performanceCut() throws {
        let store = try Self.store()
        #expect(try store.run(["staff", "add", "vic", "--name", "Vic Hu", "--role", "service-consultant", "--department", "service",
                               "--at", "2026-03-02T09:40"]).status == 0)
        let started = try store.run(["start", "repair-intake", "--field", "customer=Li Lei", "--field", "vin=LSVAU2180N2183399",
                                     "--field", "returned-on=2026-03-02", "--field", "brought-by=Li Lei", "--field", "contact-verified=true", "--assign", "service=vic", "--assign", "archivist=carol",
                                     "--at", "2026-03-02T10:00"])
        #expect(started.status == 0, "\(started.stderr)")
        func cut(of person: String, at time: String) throws -> Any? {
            _ = try store.run(["tick", "--at", time])
            let report = try store.run(["report", "kpi", "--month", "2026-03", "--format", "json", "--at", time])
            return try Self.json(report.stdout).first { $0["scope"] as? String == "person" && $0["name"] as? String == person }?["performance_cut"]
        }
        // Due by the end of Tuesday 3 March: late on the 4th (50), uncorrected at the end of the
        // 4th (50), and of the 5th, the 3rd fine of the month, from which the rule doubles and
        // allows 10-30% of the month's performance pay to be cut.
        #expect(try cut(of: "vic", at: "2026-03-05T12:00") is NSNull)
        #expect(try cut(of: "vic", at: "2026-03-06T09:00") as? String == "10-30")
        #expect(try cut(of: "alice", at: "2026-03-06T09:00") is NSNull, "the loan's fines have no performance-cut")
        let fines = try Self.json(try store.run(["fines", "list", "--person", "vic", "--format", "json"]).stdout)
        #expect(fines.map { $0["amount"] as? Int } == [50, 50, 100])
        let table = try store.run(["report", "kpi", "--month", "2026-03", "--at", "2026-03-06T09:00"])
        #expect(table.stdout.contains("PAY CUT %"), "\(table.stdout)")
    }
}

/// Fines a manager records by hand (`dossier fines record`), through the binary on the shipped
/// borrow workflow: an account lent, material lost "50 to 500 by the case" with its restoration.
@Suite("Fines recorded by hand through the binary")
struct RecordedFinesCommandTests {
    /// The shipped workflows, the fixture staff, gina (gm) and mia (a department manager).
    static func store() throws -> StoreFixture {
        let store = try FinesCommandTests.store()
        let added = try store.run(["staff", "add", "mia", "--name", "Mia Sun", "--role", "department-manager", "--department", "loans",
                                   "--at", "2026-03-02T09:35"])
        #expect(added.status == 0, "\(added.stderr)")
        return store
    }

    @Test("an account lent is recorded by a manager on the person, priced, listed with who recorded it and why, and logged")
    func accountShared() throws {
        let store = try Self.store()
        let recorded = try store.run(["fines", "record", "account-shared", "--person", "bob", "--reason", "let Dan log in as him on the 3rd",
                                      "--at", "2026-03-04T10:00"], as: "mia")
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdout == "fine 1 recorded: account-shared (borrow@1), bob, 50 — let Dan log in as him on the 3rd\n")
        let listed = try FinesCommandTests.json(try store.run(["fines", "list", "--person", "bob", "--format", "json"]).stdout)
        let fine = try #require(listed.first)
        #expect(fine["recorded_by"] as? String == "mia")
        #expect(fine["reason"] as? String == "let Dan log in as him on the 3rd")
        #expect(fine["amount"] as? Int == 50)
        #expect(fine["dossier"] is NSNull)
        let statement = try store.run(["fines", "statement", "bob", "--month", "2026-03"], as: "mia")
        #expect(statement.stdout.contains("recorded by mia: let Dan log in as him on the 3rd"), "\(statement.stdout)")
        #expect(statement.stdout.contains("Total: 50"), "\(statement.stdout)")
        let log = try store.sqlite("SELECT actor || ' ' || kind || ' ' || note FROM event WHERE kind = 'fine-recorded'").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(log == "mia fine-recorded let Dan log in as him on the 3rd")
        // Recorded again a moment later, it is a second violation.
        let again = try store.run(["fines", "record", "account-shared", "--person", "bob", "--reason", "again on the 4th",
                                   "--at", "2026-03-04T10:01"], as: "gina")
        #expect(again.stdout.hasPrefix("fine 2 recorded"), "\(again.stderr)")
        // The archivist records a copy made and a dossier taken out, on the dossier concerned.
        let copied = try store.run(["fines", "record", "copied", "--person", "dan", "--dossier", "1", "--reason", "photocopied the guarantee",
                                    "--at", "2026-03-04T11:00"], as: "carol")
        #expect(copied.stdout == "fine 3 recorded: copied (borrow@1), dan, 50, dossier 1 — photocopied the guarantee\n", "\(copied.stderr)")
        let taken = try store.run(["fines", "record", "taken-away", "--person", "dan", "--dossier", "1", "--reason", "took it home overnight",
                                   "--at", "2026-03-04T11:05"], as: "carol")
        #expect(taken.status == 0, "\(taken.stderr)")
        #expect(try store.sqlite("SELECT group_concat(rule_id || ':' || dossier_id || ':' || recorded_by, ' ') FROM fine WHERE payer = 'dan'")
            .trimmingCharacters(in: .whitespacesAndNewlines) == "copied:1:carol taken-away:1:carol")
        let history = try store.run(["history", "1"], as: "alice")
        #expect(history.stdout.contains("carol  fine-recorded — \"photocopied the guarantee\""), "\(history.stdout)")
        #expect(try store.run(["audit", "verify"]).status == 0)
    }

    @Test("refusals: a person who may not record, one's own fine, a fine the sweep assesses, an amount off the range, a departed or unknown person")
    func refusals() throws {
        let store = try Self.store()
        func record(_ arguments: [String], as user: String) throws -> DossierProcess.Result {
            try store.run(["fines", "record"] + arguments + ["--at", "2026-03-04T10:00"], as: user)
        }
        let handler = try record(["account-shared", "--person", "bob", "--reason", "x"], as: "alice")
        #expect(handler.status == 77)
        #expect(handler.stderr.contains("alice may not record fine account-shared of borrow"), "\(handler.stderr)")
        let own = try record(["account-shared", "--person", "mia", "--reason", "x"], as: "mia")
        #expect(own.status == 1)
        #expect(own.stderr == "error: mia cannot record a fine on themselves; another manager records it\n")
        let swept = try record(["late-handover", "--workflow", "loan-intake", "--person", "alice", "--reason", "x"], as: "mia")
        #expect(swept.status == 1)
        #expect(swept.stderr.contains("fine 'late-handover' of loan-intake punishes deadline-missed, which Dossier assesses by itself"), "\(swept.stderr)")
        let unknown = try record(["acount-shared", "--person", "bob", "--reason", "x"], as: "mia")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no deployed workflow has a fine 'acount-shared'; the fines recorded by hand are account-shared (borrow)"), "\(unknown.stderr)")
        let noAmount = try record(["lost-or-damaged", "--person", "bob", "--reason", "x", "--dossier", "1", "--assign", "archivist=carol"], as: "gina")
        #expect(noAmount.status == 1)
        #expect(noAmount.stderr == "error: fine 'lost-or-damaged' costs from 50 to 500 depending on the case: say how much with --amount\n")
        let tooMuch = try record(["lost-or-damaged", "--person", "bob", "--reason", "x", "--amount", "501", "--dossier", "1",
                                  "--assign", "archivist=carol"], as: "gina")
        #expect(tooMuch.status == 1)
        #expect(tooMuch.stderr.contains("501 is outside that range"), "\(tooMuch.stderr)")
        let fixed = try record(["account-shared", "--person", "bob", "--reason", "x", "--amount", "80"], as: "mia")
        #expect(fixed.status == 1)
        #expect(fixed.stderr == "error: fine 'account-shared' costs 50, set by the workflow; leave out --amount 80\n")
        let malformed = try record(["account-shared", "--person", "bob", "--reason", "x", "--amount", "5O"], as: "mia")
        #expect(malformed.status == 64)
        let nobody = try record(["account-shared", "--person", "zoe", "--reason", "x"], as: "mia")
        #expect(nobody.status == 1)
        #expect(nobody.stderr.contains("nobody called 'zoe' is in the staff directory"), "\(nobody.stderr)")
        let blank = try record(["account-shared", "--person", "bob", "--reason", " "], as: "mia")
        #expect(blank.status == 64)
        // Nothing of it reached the ledger or the log.
        #expect(try store.sqlite("SELECT COUNT(*) FROM fine").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        #expect(try store.sqlite("SELECT COUNT(*) FROM event WHERE kind = 'fine-recorded'").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        #expect(try store.sqlite("SELECT COUNT(*) FROM dossier WHERE workflow_id = 'restoration'").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    @Test("material lost: the manager sets the amount within the range and the person restores it until the archivist confirms")
    func lostAndRestored() throws {
        let store = try Self.store()
        let recorded = try store.run(["fines", "record", "lost-or-damaged", "--person", "bob", "--amount", "200", "--dossier", "1",
                                      "--reason", "tore two pages out of the loan contract", "--assign", "archivist=carol",
                                      "--at", "2026-03-04T10:00"], as: "gina")
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdout.hasPrefix("""
            fine 1 recorded: lost-or-damaged (borrow@1), bob, 200, dossier 1 — tore two pages out of the loan contract
            started dossier 2 (restoration version 1) for bob to restore what was lost
            task 
            """), "\(recorded.stdout)")
        #expect(recorded.stdout.contains(": restoring for person (bob)"), "\(recorded.stdout)")
        let fields = try store.sqlite("SELECT json_extract(snapshot, '$.fields.fine') || ' ' || json_extract(snapshot, '$.fields.reason') FROM dossier WHERE id = 2").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(fields == "1 tore two pages out of the loan contract")
        let restoring = try #require(try store.openTask(of: 2))
        // Only the person restores, and only the archivist confirms (not the person, four-eyes).
        #expect(try store.run(["task", "advance", String(restoring), "restored", "--note", "x", "--at", "2026-03-05T10:00"], as: "carol").status == 1)
        let restored = try store.run(["task", "advance", String(restoring), "restored", "--note", "a certified copy from the bank",
                                      "--at", "2026-03-05T10:00"], as: "bob")
        #expect(restored.status == 0, "\(restored.stderr)")
        let confirming = try #require(try store.openTask(of: 2))
        #expect(try store.run(["task", "advance", String(confirming), "confirm", "--at", "2026-03-05T11:00"], as: "bob").status == 1)
        let confirmed = try store.run(["task", "advance", String(confirming), "confirm", "--at", "2026-03-05T11:00"], as: "carol")
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        #expect(try store.openTask(of: 2) == nil)
        // A restoration starts only from a recorded fine.
        let byHand = try store.run(["start", "restoration", "--field", "fine=1", "--field", "reason=x", "--assign", "archivist=carol",
                                    "--at", "2026-03-05T12:00"], as: "gina")
        #expect(byHand.status == 1)
        #expect(byHand.stderr.contains("dossiers of restoration start when a manager records a fine whose rule names it"), "\(byHand.stderr)")
        // A restoration that cannot start (no archivist given) records no fine either.
        let unassigned = try store.run(["fines", "record", "lost-or-damaged", "--person", "bob", "--amount", "60", "--reason", "x",
                                        "--at", "2026-03-05T12:00"], as: "gina")
        #expect(unassigned.status == 1)
        #expect(try store.sqlite("SELECT COUNT(*) FROM fine").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        #expect(try store.run(["audit", "verify"]).status == 0)
    }
}
