import DossierDefinition
import DossierEngine
import DossierStore
import DossierXML
import Foundation
import Testing

/// The sweep against a real SQLite store: the same month ticked every hour, or once at its end,
/// must leave the same ledger, and a calendar deployed after assessment changes nothing in it.
@Suite("Fine ledger replay", .serialized)
struct FineReplayTests {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!
    static let workflows = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Workflows")

    static func at(_ text: String) -> Date { Timestamps.parse(text, timeZone: zone)! }

    static func compile(_ path: String) throws -> XMLTree {
        try #require(XMLTree.parse(contentsOf: workflows.appendingPathComponent(path).path).tree)
    }

    static let calendar: CalendarDefinition = {
        // A fixture failing to compile fails every test below with a clear message.
        (try? compile("calendars/cn.xml")).flatMap { CalendarCompiler().compile($0).definition }
            ?? CalendarDefinition(id: "missing", years: [])
    }()

    static func engine(_ id: String) throws -> WorkflowEngine {
        let definition = try #require(WorkflowCompiler().compile(try compile("\(id).xml")).definition)
        return WorkflowEngine(definition: definition, version: 1, calendars: ["cn": calendar], calendarVersions: ["cn": 1], timeZone: zone)
    }

    static let staff: [String: StaffMember] = [
        "sam": StaffMember(id: "sam", name: "Sam", roles: ["sales-consultant"]),
        "sue": StaffMember(id: "sue", name: "Sue", roles: ["sales-consultant"]),
        "alice": StaffMember(id: "alice", name: "Alice", roles: ["handler"]),
        "bob": StaffMember(id: "bob", name: "Bob", roles: ["handler"]),
        "carol": StaffMember(id: "carol", name: "Carol", roles: ["archivist"]),
        "mona": StaffMember(id: "mona", name: "Mona", roles: ["department-manager"]),
    ]

    /// One thing someone does at a moment.
    struct Action {
        var time: Date
        var run: (any DossierStore, Date) throws -> Void
    }

    /// The month: late and timely hand-overs, a dossier started after its deadline had passed,
    /// a reassignment while overdue, and a loan left uncorrected to the end.
    static func month(car: WorkflowEngine, loan: WorkflowEngine) -> [Action] {
        func start(_ engine: WorkflowEngine, fields: [String: String], roles: [String: String], by actor: String) -> (any DossierStore, Date) throws -> Void {
            { store, time in
                _ = try store.startDossier(at: .given(time)) { id, time in
                    try engine.start(id: id, fields: fields, assignments: roles, actor: staff[actor]!, staff: staff, at: time)
                }
            }
        }
        func handOver(_ engine: WorkflowEngine, dossier id: Int, by actor: String) -> (any DossierStore, Date) throws -> Void {
            { store, time in
                var dossier = try #require(try store.dossier(id))
                let revision = dossier.revision
                for item in engine.definition.checklist?.items ?? [] where item.isRequired && item.kind != .attachment {
                    dossier = try engine.recordItem(dossier, item: item.id, pages: 2, signatures: item.signatures.map(\.rawValue),
                                                    missing: false, actor: staff[actor]!, at: time).dossier
                }
                var step = try engine.advance(dossier, task: 1, action: "hand-over", note: nil, actor: staff[actor]!, at: time)
                step.dossier.revision = revision + 1
                _ = try store.commit(step, readAt: revision, at: .given(time), archiveNumbers: nil)
            }
        }
        func reassign(_ engine: WorkflowEngine, dossier id: Int, role: String, to person: String) -> (any DossierStore, Date) throws -> Void {
            { store, time in
                let dossier = try #require(try store.dossier(id))
                let step = try engine.reassign(dossier, role: role, to: person, reason: "holiday", actor: staff["mona"]!, staff: staff, at: time)
                _ = try store.commit(step, readAt: dossier.revision, at: .given(time), archiveNumbers: nil)
            }
        }
        func carFields(_ n: Int, sold: String) -> [String: String] {
            ["customer": "Customer \(n)", "vin": "VIN\(n)", "sold-on": sold]
        }
        let carRoles = { (seller: String) in ["sales": seller, "archivist": "carol"] }
        let loanRoles = ["a": "alice", "b": "bob", "archivist": "carol"]
        return [
            Action(time: at("2026-03-02T09:30"), run: start(loan, fields: ["customer": "L1", "project": "P1", "ended-on": "2026-03-02"],
                                                             roles: loanRoles, by: "alice")),
            Action(time: at("2026-03-02T10:00"), run: start(car, fields: carFields(1, sold: "2026-03-02"), roles: carRoles("sam"), by: "sam")),
            Action(time: at("2026-03-09T10:30"), run: start(car, fields: carFields(2, sold: "2026-03-03"), roles: carRoles("sam"), by: "sam")),
            Action(time: at("2026-03-10T09:30"), run: start(car, fields: carFields(3, sold: "2026-03-10"), roles: carRoles("sue"), by: "sue")),
            Action(time: at("2026-03-10T11:30"), run: handOver(car, dossier: 3, by: "sam")),
            Action(time: at("2026-03-11T10:30"), run: handOver(loan, dossier: 1, by: "alice")),
            Action(time: at("2026-03-16T10:30"), run: start(loan, fields: ["customer": "L2", "project": "P2", "ended-on": "2026-03-16"],
                                                             roles: loanRoles, by: "alice")),
            Action(time: at("2026-03-16T14:30"), run: reassign(car, dossier: 4, role: "sales", to: "sam")),
            Action(time: at("2026-03-20T16:30"), run: handOver(car, dossier: 4, by: "sam")),
        ]
    }

    /// A fresh simulation store starting on 1 March 2026.
    static func freshStore(_ fresh: FreshStore) throws -> any DossierStore {
        try fresh.create(simulation: true, at: at("2026-03-01T00:00"))
    }

    static func sweep(_ store: any DossierStore, at time: Date, engines: [String: WorkflowEngine]) throws -> SweepReport {
        try store.sweep(at: .given(time)) { dossier, time in
            try #require(engines[dossier.workflowID]).openingDuties(dossier, actor: WorkflowEngine.systemActor, at: time)
        } assess: { due in
            let engine = try #require(engines[due.workflowID])
            let assignments = try due.assignments()
            return try engine.lateness(of: due.task, dossierID: due.dossierID, holder: { assignments[$0] }, before: time)
        } assessDeadline: { due in
            let engine = try #require(engines[due.workflowID])
            return try engine.lateness(ofDeadline: due.deadlineID, in: try #require(try due.dossier()), before: time)
        }
    }

    /// The ledger as people see it: per key, who pays what and why.
    static func ledger(_ store: any DossierStore) throws -> [String: String] {
        let priced = FineLedger.price(try store.fineEntries(payer: nil))
        return Dictionary(uniqueKeysWithValues: priced.map { fine in
            let o = fine.entry.occurrence
            return (o.key, "\(o.payer) \(fine.amount) nth \(fine.nth ?? 0) ×\(fine.factor) at \(o.occurredAt.timeIntervalSince1970) \(o.calendar ?? "-") \(o.reason)")
        })
    }

    @Test("A month ticked every hour and the same month ticked once at its end leave the same ledger", arguments: StoreKind.available)
    func hourlyEqualsMonthly(kind: StoreKind) throws {
        let hourlyStore = try FreshStore(kind), monthlyStore = try FreshStore(kind)
        defer { hourlyStore.remove(); monthlyStore.remove() }
        let car = try Self.engine("new-car-intake"), loan = try Self.engine("loan-intake")
        let engines = ["new-car-intake": car, "loan-intake": loan]
        let actions = Self.month(car: car, loan: loan)

        let hourly = try Self.freshStore(hourlyStore)
        var pending = actions[...]
        var hour = Self.at("2026-03-01T01:00")
        let end = Self.at("2026-04-01T00:00")
        var sweeps = 0
        while hour <= end {
            while let next = pending.first, next.time < hour {
                try next.run(hourly, next.time)
                pending = pending.dropFirst()
            }
            _ = try Self.sweep(hourly, at: hour, engines: engines)
            sweeps += 1
            hour.addTimeInterval(3600)
        }
        #expect(sweeps == 744)

        let monthly = try Self.freshStore(monthlyStore)
        for action in actions { try action.run(monthly, action.time) }
        let report = try Self.sweep(monthly, at: end, engines: engines)
        #expect(report.problems.isEmpty)

        let expected = try Self.ledger(hourly)
        #expect(!expected.isEmpty)
        #expect(try Self.ledger(monthly) == expected)
        // And a second run at the same moment records nothing more.
        #expect(try Self.sweep(monthly, at: end, engines: engines).assessed.isEmpty)
        #expect(try Self.ledger(monthly) == expected)

        // The facts behind the equality: sam's car fines escalate from his 2nd in March, and the
        // car never handed over counts again each working day; the loan handed over after three
        // more working days counted four times; the reassigned car's lateness before the
        // reassignment stays with sue, its repetitions after it go to sam.
        let priced = FineLedger.price(try monthly.fineEntries(payer: nil))
        let samCars = priced.filter { $0.entry.occurrence.payer == "sam" && $0.entry.occurrence.ruleID == "late-new-car" }
        #expect(samCars.count > 2 && samCars.first?.amount == 50 && samCars.dropFirst().allSatisfy { $0.amount == 100 }, "\(samCars.map(\.amount))")
        #expect(priced.filter { $0.entry.occurrence.dossierID == 1 && $0.entry.occurrence.ruleID == "late-handover" }.count == 4)
        #expect(priced.filter { $0.entry.occurrence.dossierID == 4 && $0.entry.occurrence.ruleID == "late-new-car" }.map(\.entry.occurrence.payer)
            == ["sue", "sam", "sam", "sam", "sam"])
        // Its 3-day follow-up call, missed while sue held it, stays hers: the reassignment assessed it.
        #expect(priced.filter { $0.entry.occurrence.dossierID == 4 && $0.entry.occurrence.ruleID == "late-follow-up" }.map(\.entry.occurrence.payer)
            == ["sue"])
        #expect(try monthly.verifyAudit().problems.isEmpty)

        // Whether a sweep recorded a fine or the step that ended the lateness did, it is numbered
        // after the last, none is skipped, and its event names it.
        for store in [hourly, monthly] {
            let entries = try store.fineEntries(payer: nil)
            #expect(entries.map(\.id).sorted() == Array(1...entries.count))
            let named = try store.events(dossier: nil).filter { $0.kind == "fine-assessed" }.map { "\($0.details["fine"] ?? "-") \($0.details["key"] ?? "-")" }
            #expect(named.sorted() == entries.map { "\($0.id) \($0.occurrence.key)" }.sorted())
        }
    }

    @Test("A calendar deployed after assessment leaves the ledger unchanged, and open tasks keep counting on their version",
          arguments: StoreKind.available)
    func calendarEditKeepsLedger(kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let loan = try Self.engine("loan-intake")
        let store = try Self.freshStore(fresh)
        try Self.month(car: loan, loan: loan)[0].run(store, Self.at("2026-03-02T09:30"))
        _ = try Self.sweep(store, at: Self.at("2026-03-09T12:00"), engines: ["loan-intake": loan])
        let before = try Self.ledger(store)
        // Two counts of the late hand-over (6 and 7 March) and the whole hand-over's 5 days (8 March).
        #expect(before.count == 3)

        // Version 2 of the calendar makes 9 to 13 March holidays; version 1 stays pinned.
        var edited = Self.calendar
        let index = try #require(edited.years.firstIndex { $0.year == 2026 })
        for day in 9...13 {
            edited.years[index].holidays.append(.init(date: CalendarDate(year: 2026, month: 3, day: day)!, name: "Edit"))
        }
        let definition = loan.definition
        let newer = WorkflowEngine(definition: definition, version: 1, calendars: ["cn": edited], calendarVersions: ["cn": 2],
                                   pinnedCalendars: ["cn@1": Self.calendar], timeZone: Self.zone)
        _ = try Self.sweep(store, at: Self.at("2026-03-12T12:00"), engines: ["loan-intake": newer])
        let after = try Self.ledger(store)
        #expect(before.allSatisfy { after[$0.key] == $0.value })
        // Counted on version 1, 9, 10 and 11 March are working days: three more counts (on
        // version 2 they are holidays and there would be none).
        #expect(after.count == 6)
    }
}

extension FineReplayTests {
    @Test("A sweep of more tasks than one batch commits batch by batch (another connection sees the first batch while the second is assessed), assesses each task once, and resumes to the same ledger",
          arguments: StoreKind.available)
    func sweepInBatches(kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let car = try Self.engine("new-car-intake")
        let store = try Self.freshStore(fresh)
        let count = SQLiteStore.sweepBatch + 20
        for n in 1...count {
            _ = try store.startDossier(at: .given(Self.at("2026-03-02T10:00"))) { id, time in
                try car.start(id: id, fields: ["customer": "Customer \(n)", "vin": "VIN\(n)", "sold-on": "2026-03-02"],
                              assignments: ["sales": n.isMultiple(of: 2) ? "sam" : "sue", "archivist": "carol"],
                              actor: Self.staff["sam"]!, staff: Self.staff, at: time)
            }
        }
        let end = Self.at("2026-03-20T00:00")
        var assessedSoFar = 0
        var seenByAnotherConnection: Int?
        let report = try store.sweep(at: .given(end)) { _, _ in nil } assess: { due in
            assessedSoFar += 1
            if assessedSoFar == SQLiteStore.sweepBatch + 1 {
                let other = try fresh.open()
                seenByAnotherConnection = try other.fineEntries(payer: nil).count
            }
            let assignments = try due.assignments()
            return try car.lateness(of: due.task, dossierID: due.dossierID, holder: { assignments[$0] }, before: end)
        } assessDeadline: { _ in
            Issue.record("the car workflow has no deadline across states")
            throw CancellationError()
        }
        #expect(report.problems.isEmpty)
        #expect(report.tasksChecked == count)
        #expect(report.newlyOverdue == count)
        let firstBatch = try #require(seenByAnotherConnection)
        #expect(firstBatch > 0, "the first batch was committed before the second was assessed")
        #expect(firstBatch < report.assessed.count)
        #expect(Set(report.assessed).count == report.assessed.count)
        #expect(try store.fineEntries(payer: nil).count == report.assessed.count)
        // (Both sweeps leave the follow-up calls unopened: this is about the tasks' batches.)
        let again = try store.sweep(at: .given(end)) { _, _ in nil } assess: { due in
            try car.lateness(of: due.task, dossierID: due.dossierID, holder: { _ in nil }, before: end)
        } assessDeadline: { _ in
            throw CancellationError()
        }
        #expect(again.assessed.isEmpty, "nothing is assessed twice")
        #expect(try store.verifyAudit().problems.isEmpty)
    }
}
