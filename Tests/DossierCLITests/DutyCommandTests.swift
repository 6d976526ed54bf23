import Foundation
import Testing

/// Duties time creates (`<timers>`), through the real binary on a simulation store: the sweep
/// opens follow-up calls, the consultant records them in their windows, and a window that closes
/// with nothing recorded is fined, once, however often the sweep runs.
@Suite("Duties: follow-up calls")
struct DutyCommandTests {
    /// The open duty tasks of `dossier` by timer id.
    static func duties(_ store: IntakeStore, of dossier: Int) throws -> [String: Int] {
        let rows = try store.json(["task", "list", "--dossier", String(dossier), "--format", "json"])
        return Dictionary(rows.compactMap { row -> (String, Int)? in
            guard let state = row["state"] as? String, IntakeStore.duties.contains(state), row["status"] as? String != "done",
                  let task = row["task"] as? Int else { return nil }
            return (state, task)
        }, uniquingKeysWith: { first, _ in first })
    }

    static func record(_ store: IntakeStore, _ task: Int?, as user: String, at time: String, values: [String] = ["channel=phone", "outcome=satisfied"],
                       note: String? = nil) throws -> DossierProcess.Result {
        try store.run(["task", "advance", String(task ?? 0), "record"] + values.flatMap { ["--field", $0] } + (note.map { ["--note", $0] } ?? []),
                      as: user, at: time)
    }

    @Test("a sale's three calls open at the sweep after the sale day; early does not count, on time is free, late is fined once")
    func newCarCalls() throws {
        let store = try IntakeStore.newCar()
        let car = try store.start("new-car-intake", fields: ["customer=Li Wei", "vin=V1", "sold-on=2026-03-02"],
                                  assign: ["sales=sam", "archivist=carol"], as: "sam", at: "2026-03-02T09:00")
        #expect(try Self.duties(store, of: car).isEmpty, "the calls count from the day after the sale")
        let tick = try store.run(["tick"], as: "sam", at: "2026-03-03T08:00")
        #expect(tick.stdout.contains("3 duty tasks opened"), "\(tick.stdout)\(tick.stderr)")
        let calls = try Self.duties(store, of: car)
        #expect(calls.keys.sorted() == ["follow-up-3", "follow-up-30", "follow-up-60"])
        let pending = try store.json(["pending", "--user", "sam", "--format", "json"], at: "2026-03-03T08:01")
        #expect(pending.count == 4, "the hand-over and the three calls wait for sam")

        let early = try Self.record(store, calls["follow-up-30"], as: "sam", at: "2026-03-04T10:00")
        #expect(early.status == 1)
        #expect(early.stderr.contains("follow-up-30 cannot be recorded yet: its window opens 2026-03-06 00:00"), "\(early.stderr)")
        #expect(early.stderr.contains("does not count"))
        let shown = try store.run(["task", "show", String(calls["follow-up-30"] ?? 0)], as: "sam", at: "2026-03-04T10:01")
        #expect(shown.stdout.contains("action record → recorded (by sales); needs --field channel=…, --field outcome=…, its window to open (2026-03-06 00:00)"),
                "\(shown.stdout)")

        let onTime = try Self.record(store, calls["follow-up-3"], as: "sam", at: "2026-03-04T10:05", note: "happy with the car")
        #expect(onTime.status == 0, "\(onTime.stderr)")
        #expect(onTime.stdout == "sam recorded follow-up-3 on dossier \(car)\n")
        let again = try Self.record(store, calls["follow-up-3"], as: "sam", at: "2026-03-04T10:06")
        #expect(again.status == 1, "recorded once")

        #expect(try store.run(["tick"], as: "sam", at: "2026-04-03T08:00").status == 0)
        let late = try Self.record(store, calls["follow-up-30"], as: "sam", at: "2026-04-03T09:00", values: ["channel=visit", "outcome=no answer"])
        #expect(late.status == 0, "a late call is still recorded: \(late.stderr)")
        let fines = try store.fines(rule: "late-follow-up")
        #expect(fines.count == 1)
        #expect(fines.first?["payer"] as? String == "sam")
        #expect(fines.first?["base_amount"] as? Int == 20, "doubled in the amount: the car never handed over is sam's earlier fine in April")
        #expect(fines.first?["reason"] as? String == "the 'follow-up-30' task of dossier \(car) was due by the end of 2026-04-01 and was still open then")
        #expect(fines.first?["task"] as? Int == 3, "the dossier's third task: the hand-over is 1, the 3-day call 2")

        let history = try store.run(["history", String(car)], as: "sam")
        #expect(history.stdout.contains("opened: duty follow-up-30, window from 2026-03-06T00:00:00+08:00"), "\(history.stdout)")
        #expect(history.stdout.contains("recorded duty follow-up-3 (task \(calls["follow-up-3"] ?? 0)): channel=phone, outcome=satisfied"))
        #expect(history.stdout.contains("recorded duty follow-up-30 (task \(calls["follow-up-30"] ?? 0)): channel=visit, outcome=no answer (late: its window closed at the end of 2026-04-01)"))
        #expect(try store.run(["audit", "verify"], as: "sam").status == 0)
    }

    @Test("recording is refused with the reason and exit 1: another person, another action, a value missing or unknown")
    func refusals() throws {
        let store = try IntakeStore.newCar()
        let car = try store.start("new-car-intake", fields: ["customer=Li Wei", "vin=V1", "sold-on=2026-03-02"],
                                  assign: ["sales=sam", "archivist=carol"], as: "sam", at: "2026-03-02T09:00")
        _ = try store.run(["tick"], as: "sam", at: "2026-03-03T08:00")
        let call = try #require(try Self.duties(store, of: car)["follow-up-3"])
        let cases: [(String, [String], String, String)] = [
            ("sue", ["record", "--field", "channel=phone", "--field", "outcome=ok"], "sue cannot take 'record': it is for sales (sam)", "another consultant"),
            ("sam", ["call"], "the actions are record", "an action a duty does not have"),
            ("sam", ["record", "--field", "channel=phone"], "recording follow-up-3 needs --field outcome=…", "a value missing"),
            ("sam", ["record", "--field", "channel=phone", "--field", "outcome=ok", "--field", "mood=good"],
             "follow-up-3 records no 'mood'", "a value the timer does not ask for"),
        ]
        for (user, arguments, message, what) in cases {
            let refused = try store.run(["task", "advance", String(call)] + arguments, as: user, at: "2026-03-03T09:00")
            #expect(refused.status == 1, "\(what)")
            #expect(refused.stderr.contains(message), "\(what): \(refused.stderr)")
        }
        #expect(try Self.duties(store, of: car)["follow-up-3"] == call, "nothing was recorded")
    }

    @Test("a non-buyer gets the 3- and 15-day calls; marking them a buyer later adds the buyer's calls and withdraws the non-buyer's still open")
    func nonBuyer() throws {
        let store = try IntakeStore.newCar()
        let record = try store.start("customer-follow-up", fields: ["customer=Zhou", "bought=false"], assign: [], as: "sam", at: "2026-03-02T10:00")
        #expect(try Self.duties(store, of: record).keys.sorted() == ["call-15", "call-3"], "they count from the record's making: open at once")
        let updated = try store.advance(record, "update", as: "sam", at: "2026-03-10T10:00", fields: ["bought=true"])
        #expect(updated.status == 0, "\(updated.stderr)")
        // The 15-day call was for a non-buyer and its window was still open: withdrawn, never fined.
        #expect(try Self.duties(store, of: record).keys.sorted() == ["call-3", "call-30", "call-60"])
        let history = try store.run(["history", String(record)], as: "sam")
        #expect(history.stdout.contains("dossier  withdrew duty call-15 (task 1): field:bought=false no longer holds"), "\(history.stdout)")
        _ = try store.run(["tick"], as: "sam", at: "2026-03-19T08:00")
        let fines = try store.fines(rule: "late-call")
        #expect(fines.count == 1, "only the 3-day call (due 5 March) was never recorded")
        #expect(Set(fines.compactMap { $0["amount"] as? Int }) == [20])
        #expect(try store.run(["audit", "verify"], as: "sam").status == 0)
    }

    @Test("a customer record left stale: 20 when 30 days pass without an update, again each further 30 days; an update stops the count")
    func staleRecord() throws {
        let store = try IntakeStore.newCar()
        let record = try store.start("customer-follow-up", fields: ["customer=Zhou", "bought=false"], assign: [], as: "sam", at: "2026-03-02T10:00")
        // Updated on 20 March: the 30 days start again from there (due by the end of 19 April).
        #expect(try store.advance(record, "update", as: "sam", at: "2026-03-20T10:00").status == 0)
        _ = try store.run(["tick"], as: "sam", at: "2026-06-20T08:00")
        let stale = try store.fines(rule: "record-not-updated")
        #expect(stale.map { $0["occurred_at"] as? String ?? "?" }.map { String($0.prefix(10)) } == ["2026-04-20", "2026-05-20", "2026-06-19"],
                "the end of 19 April, then every 30 days: \(stale)")
        #expect(Set(stale.compactMap { $0["amount"] as? Int }) == [20])
        #expect(stale.first?["reason"] as? String == "the record of dossier \(record) ('active') was due by the end of 2026-04-19 and had not been updated then")
        // An update closes the stale task: the next sweep adds nothing for it.
        #expect(try store.advance(record, "update", as: "sam", at: "2026-06-22T10:00").status == 0)
        _ = try store.run(["tick"], as: "sam", at: "2026-07-15T08:00")
        #expect(try store.fines(rule: "record-not-updated").count == 3)
        #expect(try store.run(["audit", "verify"], as: "sam").status == 0)
    }

    @Test("a sweep every hour (then daily) opens the same tasks and records the same fines as one sweep at the end")
    func sweepsAgree() throws {
        func scenario(ticks: [String]) throws -> (tasks: [String], fines: [String]) {
            let store = try IntakeStore.newCar()
            for (customer, sold) in [("A", "2026-03-02"), ("B", "2026-03-03")] {
                _ = try store.start("new-car-intake", fields: ["customer=\(customer)", "vin=V\(customer)", "sold-on=\(sold)"],
                                    assign: ["sales=sam", "archivist=carol"], as: "sam", at: "\(sold)T09:00")
            }
            for time in ticks {
                let tick = try store.run(["tick"], as: "sam", at: time)
                guard tick.status == 0 else { throw FixtureFailure("tick at \(time): \(tick.stderr)") }
            }
            let tasks = try [1, 2].flatMap { dossier in
                try store.json(["task", "list", "--dossier", String(dossier), "--format", "json"]).map { row in
                    "\(row["dossier"] ?? "") \(row["state"] ?? "") \(row["opened_at"] ?? "") \(row["due_at"] ?? "") \(row["status"] ?? "")"
                }
            }
            let fines = try store.fines().map { row in
                "\(row["dossier"] ?? "") \(row["task"] ?? "") \(row["rule"] ?? "") \(row["occurred_at"] ?? "") \(row["amount"] ?? "")"
            }
            return (tasks.sorted(), fines.sorted())
        }
        let hours = (10..<58).map { String(format: "2026-03-%02dT%02d:30", 3 + $0 / 24, $0 % 24) }
        let days = (6...31).map { String(format: "2026-03-%02dT12:00", $0) } + (1...30).map { String(format: "2026-04-%02dT12:00", $0) }
            + (1...10).map { String(format: "2026-05-%02dT12:00", $0) }
        let often = try scenario(ticks: hours + days + ["2026-05-15T12:00"])
        let once = try scenario(ticks: ["2026-05-15T12:00"])
        #expect(often.tasks == once.tasks)
        #expect(often.fines == once.fines)
        #expect(once.fines.count(where: { $0.contains("late-follow-up") }) == 6, "two cars, three calls each, none recorded")
    }
}
