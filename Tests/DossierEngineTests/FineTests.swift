import DossierDefinition
import DossierEngine
import Foundation
import Testing

/// Fines as DOMAIN §4 states them, through the engine's public API: lateness at the due moment,
/// repetition while uncorrected, monthly escalation per person, per-item defect fines, caps,
/// waivers, and calendar versions pinned to the deadline.
@Suite("Fines")
struct FineTests {
    static let carStaff: [String: StaffMember] = [
        "sam": StaffMember(id: "sam", name: "Sam Guo", roles: ["sales-consultant"]),
        "sue": StaffMember(id: "sue", name: "Sue Lin", roles: ["sales-consultant"]),
        "sid": StaffMember(id: "sid", name: "Sid Wu", roles: ["service-consultant"]),
        "carol": StaffMember(id: "carol", name: "Carol Zhao", roles: ["archivist"]),
        "mona": StaffMember(id: "mona", name: "Mona He", roles: ["department-manager"]),
    ]

    /// Starts dossier `id` of a car workflow whose date field is `dateField`.
    static func startCar(_ engine: WorkflowEngine, id: Int, seller: String, role: String, dateField: String, date: String,
                         at time: Date) throws -> Dossier {
        let contact = role == "service" ? ["brought-by": "Customer \(id)", "contact-verified": "true"] : [:]
        return try engine.start(id: id, fields: ["customer": "Customer \(id)", "vin": "LVIN\(id)", dateField: date].merging(contact) { $1 },
                         assignments: [role: seller, "archivist": "carol"], actor: carStaff[seller]!, staff: carStaff, at: time).dossier
    }

    /// The amounts of `fines` after pricing, in the order they occurred.
    static func amounts(_ fines: [FineOccurrence]) -> [Decimal] {
        FineLedger.price(fines.enumerated().map { FineLedger.Entry(id: $0.offset + 1, occurrence: $0.element, isWaived: false) })
            .map(\.amount)
    }

    // MARK: The worked examples

    @Test("A sales consultant late with three car dossiers in one month pays 50, 100, 100")
    func salesEscalation() throws {
        let engine = try EngineFixtures.engine("new-car-intake")
        var fines: [FineOccurrence] = []
        for (index, sold) in ["2026-03-02", "2026-03-09", "2026-03-16"].enumerated() {
            let dossier = try Self.startCar(engine, id: index + 1, seller: "sam", role: "sales", dateField: "sold-on", date: sold,
                                            at: at("\(sold)T10:00"))
            // Sold on a Monday, due by the end of Thursday; handed over on Friday morning, within
            // the working day's grace before the lateness counts again.
            let late = try engine.lateness(of: dossier, before: at("\(sold)T10:00").addingTimeInterval(4 * 86_400))
            #expect(late.fines.count == 1, "late-new-car counts once per car handed over within its grace")
            fines += late.fines
        }
        #expect(fines.map(\.payer) == ["sam", "sam", "sam"])
        #expect(Self.amounts(fines) == [50, 100, 100])
    }

    @Test("A service consultant late three times in one month pays 50, 50, 100")
    func serviceEscalation() throws {
        let engine = try EngineFixtures.engine("repair-intake")
        var fines: [FineOccurrence] = []
        for (index, returned) in ["2026-03-03", "2026-03-10", "2026-03-17"].enumerated() {
            let dossier = try Self.startCar(engine, id: index + 1, seller: "sid", role: "service", dateField: "returned-on",
                                            date: returned, at: at("\(returned)T10:00"))
            // Returned on a Tuesday, due by the end of Wednesday, handed over on Thursday morning.
            fines += try engine.lateness(of: dossier, before: at("\(returned)T10:00").addingTimeInterval(2 * 86_400)).fines
        }
        #expect(Self.amounts(fines) == [50, 50, 100])
        let priced = FineLedger.price(fines.enumerated().map { FineLedger.Entry(id: $0.offset, occurrence: $0.element, isWaived: false) })
        #expect(priced.map(\.nth) == [1, 2, 3])
        #expect(priced.map(\.factor) == [1, 1, 2])
    }

    @Test("Escalation counts per person and per calendar month")
    func escalationPerPersonAndMonth() throws {
        let engine = try EngineFixtures.engine("new-car-intake")
        var fines: [FineOccurrence] = []
        // sam late in February and March, sue late in March: each is everyone's first of the month
        // (each handed over the morning after it was due).
        for (id, seller, sold) in [(1, "sam", "2026-02-09"), (2, "sam", "2026-03-09"), (3, "sue", "2026-03-09")] {
            let dossier = try Self.startCar(engine, id: id, seller: seller, role: "sales", dateField: "sold-on", date: sold,
                                            at: at("\(sold)T10:00"))
            fines += try engine.lateness(of: dossier, before: at("\(sold)T10:00").addingTimeInterval(4 * 86_400)).fines
        }
        #expect(fines.map(\.month) == ["2026-02", "2026-03", "2026-03"])
        #expect(Self.amounts(fines) == [50, 50, 50])
    }

    @Test("A late loan dossier counts again each working day it stays uncorrected", arguments: [
        ("2026-03-05T17:00", 0),  // on time: due by the end of Thursday 5 March
        ("2026-03-06T10:00", 1),  // within one working day of being late: counts once
        ("2026-03-09T10:00", 2),  // Friday passed uncorrected: counts again
        ("2026-03-11T10:00", 4),  // corrected after three more working days: counts four times
    ])
    func repetition(handedOver: String, count: Int) throws {
        let engine = try Loan.engine()
        let recorded = try Loan.recordAll(engine, try Loan.start(engine).dossier)
        let step = try engine.advance(recorded, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at(handedOver))
        let late = step.fines.filter { $0.ruleID == "late-handover" }
        #expect(late.count == count)
        #expect(late.map(\.repetition) == Array(0..<count))
        #expect(late.allSatisfy { $0.payer == "alice" && $0.calendar == "cn@0" })
        if count == 4 {
            let ends = late.map { engine.localTime.minutes($0.occurredAt) }
            #expect(ends == ["2026-03-06 00:00", "2026-03-07 00:00", "2026-03-10 00:00", "2026-03-11 00:00"])
            #expect(late[3].reason.contains("still not corrected at the end of 2026-03-10, so it counts a 4th time"))
        }
    }

    @Test("Over a long gap each repetition is one working day after the last, as counted from the first")
    func longGap() throws {
        let engine = try Loan.engine()
        let dossier = try Loan.start(engine).dossier
        let late = try engine.lateness(of: dossier, before: at("2026-12-31T12:00")).fines.filter { $0.ruleID == "late-handover" }
        let calendar = WorkingCalendar(try #require(engine.calendars["cn"]))
        let first = engine.localTime.date(of: late[1].occurredAt.addingTimeInterval(-1))
        #expect(late.count > 200)
        #expect(late.map(\.repetition) == Array(0..<late.count))
        for (index, fine) in late.enumerated().dropFirst(2) {
            let expected = try calendar.adding(workingDays: index - 1, to: first).date
            #expect(engine.localTime.date(of: fine.occurredAt.addingTimeInterval(-1)) == expected, "repetition \(index)")
        }
    }

    @Test("The sweep and the step agree: occurrences before a moment, and when lateness next changes")
    func sweepSchedule() throws {
        let engine = try Loan.engine()
        let dossier = try Loan.start(engine).dossier
        let before = try engine.lateness(of: dossier, before: at("2026-03-05T23:00"))
        #expect(before.fines.isEmpty)
        #expect(!before.isOverdue)
        #expect(before.next.map { engine.localTime.minutes($0) } == "2026-03-06 00:00")
        let after = try engine.lateness(of: dossier, before: at("2026-03-09T12:00"))
        #expect(after.fines.count == 2)
        #expect(after.isOverdue)
        #expect(after.next.map { engine.localTime.minutes($0) } == "2026-03-10 00:00")
        // Exactly at an occurrence's moment it has not happened yet.
        #expect(try engine.lateness(of: dossier, before: at("2026-03-06T00:00")).fines.isEmpty)
    }

    @Test("The holder of the payer role at the time pays: a reassignment moves later counts, not earlier ones")
    func payerAtTheTime() throws {
        let engine = try Loan.engine()
        let started = try Loan.start(engine).dossier
        let step = try engine.reassign(started, role: "a", to: "dan", reason: "alice on leave", actor: member("gina"), staff: testStaff,
                                       at: at("2026-03-06T09:00"))
        #expect(step.fines.map(\.payer) == ["alice"])
        let later = try engine.lateness(of: step.dossier, before: at("2026-03-10T09:00"))
        #expect(later.fines.map(\.payer) == ["dan", "dan", "dan"])
        #expect(later.fines.map(\.key) == ["7/1/late-handover/-/0", "7/1/late-handover/-/1", "7/1/late-handover/-/2"])
    }

    // MARK: Defects at review

    @Test("Returning a dossier with a supplementary list fines each defective item under its rule")
    func defectFines() throws {
        let engine = try Loan.engine()
        // The articles are recorded without the customer signature they need.
        var dossier = try Loan.recordAll(engine, try Loan.start(engine).dossier, skipping: ["articles"])
        dossier = try engine.recordItem(dossier, item: "articles", pages: 3, signatures: [], missing: false, actor: member("alice"),
                                        at: at("2026-03-03T11:00")).dossier
        dossier = try engine.advance(dossier, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-04T09:20")).dossier
        dossier = try engine.verifyItem(dossier, item: "articles", defect: "no customer signature", actor: member("bob"), at: at("2026-03-04T10:00")).dossier
        dossier = try engine.verifyItem(dossier, item: "credit-report", defect: "wrong company", actor: member("bob"), at: at("2026-03-04T10:01")).dossier
        let step = try engine.advance(dossier, task: 2, action: "return", note: "two items", actor: member("bob"), at: at("2026-03-04T10:05"))
        let byItem = Dictionary(step.fines.map { ($0.itemID ?? "-", $0.ruleID) }, uniquingKeysWith: { $0 + "," + $1 })
        #expect(byItem == ["articles": "missing-customer-signature", "credit-report": "defective-item"])
        #expect(step.fines.allSatisfy { $0.payer == "alice" && $0.baseAmount == 20 })
        #expect(step.fines.first { $0.itemID == "articles" }?.reason.contains("bob found \"no customer signature\"") == true)
    }

    // MARK: Pricing

    static func occurrence(_ rule: FineRule, payer: String, day: Int, task: Int = 1, repetition: Int = 0,
                           workflow: String = "w") -> FineOccurrence {
        FineOccurrence(dossierID: task, taskNumber: 1, workflowID: workflow, workflowVersion: 1, rule: rule, repetition: repetition,
                       payer: payer, payerRole: "a", occurredAt: at("2026-03-\(day < 10 ? "0" : "")\(day)T00:00"),
                       month: "2026-03", reason: "test")
    }

    @Test("Pricing does not depend on the order fines were recorded in")
    func orderIndependent() {
        let rule = FineRule(id: "late", amount: 50, payer: "a", escalation: .init(fromNth: 2, factor: 2))
        let fines = (1...4).map { Self.occurrence(rule, payer: "sam", day: 2 + $0, task: $0) }
        let forward = FineLedger.price(fines.enumerated().map { .init(id: $0.offset, occurrence: $0.element, isWaived: false) })
        let backward = FineLedger.price(fines.reversed().enumerated().map { .init(id: $0.offset, occurrence: $0.element, isWaived: false) })
        #expect(forward.map(\.amount) == [50, 100, 100, 100])
        #expect(backward.map(\.amount) == forward.map(\.amount))
        #expect(backward.map(\.entry.occurrence.key) == forward.map(\.entry.occurrence.key))
    }

    @Test("A waived fine costs nothing and does not count towards the nth")
    func waiverDoesNotCount() {
        let rule = FineRule(id: "late", amount: 50, payer: "a", escalation: .init(fromNth: 2, factor: 2))
        let fines = (1...3).map { Self.occurrence(rule, payer: "sam", day: 2 + $0, task: $0) }
        let priced = FineLedger.price(fines.enumerated().map { .init(id: $0.offset, occurrence: $0.element, isWaived: $0.offset == 0) })
        #expect(priced.map(\.amount) == [0, 50, 100])
        #expect(priced.map(\.nth) == [nil, 1, 2])
    }

    @Test("A cap limits what one violation costs over its repetitions")
    func cap() {
        let rule = FineRule(id: "late", amount: 50, payer: "a", cap: Decimal(string: "120")!,
                            repetition: .init(every: Period(1, .workingDays), grace: Period(1, .workingDays)))
        let fines = (0..<4).map { Self.occurrence(rule, payer: "sam", day: 3 + $0, repetition: $0) }
        let priced = FineLedger.price(fines.enumerated().map { .init(id: $0.offset, occurrence: $0.element, isWaived: false) })
        #expect(priced.map(\.amount) == [50, 50, 20, 0])
        #expect(priced.map(\.isCapped) == [false, false, true, true])
    }

    @Test("Escalation counting this-fine counts only that rule's fines")
    func thisFineScope() {
        let own = FineRule(id: "own", amount: 10, payer: "a", escalation: .init(fromNth: 2, factor: 3, counting: .thisFine))
        let other = FineRule(id: "other", amount: 10, payer: "a")
        let fines = [Self.occurrence(other, payer: "sam", day: 3, task: 1), Self.occurrence(own, payer: "sam", day: 4, task: 2),
                     Self.occurrence(own, payer: "sam", day: 5, task: 3)]
        #expect(Self.amounts(fines) == [10, 10, 30])
    }

    @Test("Money is decimal: 0.1 three times is exactly 0.3")
    func decimalMoney() {
        let rule = FineRule(id: "tiny", amount: Decimal(string: "0.1")!, payer: "a")
        let fines = (1...3).map { Self.occurrence(rule, payer: "sam", day: 2 + $0, task: $0) }
        #expect(Self.amounts(fines).reduce(0, +) == Decimal(string: "0.3")!)
    }

    // MARK: Calendar versions

    @Test("Repetitions count on the calendar version the deadline was computed with")
    func pinnedCalendar() throws {
        let v1 = try EngineFixtures.calendar("cn")
        var v2 = v1
        // Version 2 makes Friday 6 March 2026 a holiday.
        if let index = v2.years.firstIndex(where: { $0.year == 2026 }), let day = CalendarDate(iso: "2026-03-06") {
            v2.years[index].holidays.append(.init(date: day, name: "Company day"))
        }
        let definition = try EngineFixtures.workflow("loan-intake")
        let original = WorkflowEngine(definition: definition, version: 1, calendars: ["cn": v1], calendarVersions: ["cn": 1],
                                      timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let dossier = try Loan.start(original).dossier
        #expect(dossier.openTask?.dueCalendar == CalendarPin(id: "cn", version: 1))
        let edited = WorkflowEngine(definition: definition, version: 1, calendars: ["cn": v2], calendarVersions: ["cn": 2],
                                    pinnedCalendars: ["cn@1": v1], timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let moment = at("2026-03-09T12:00")
        #expect(try original.lateness(of: dossier, before: moment) == edited.lateness(of: dossier, before: moment))
        // A task opened now counts on version 2.
        #expect(try Loan.start(edited).dossier.openTask?.dueCalendar == CalendarPin(id: "cn", version: 2))
    }

    @Test("An extension is granted before the deadline passes, not after")
    func noExtensionAfterDue() throws {
        let engine = try Loan.engine()
        var roles = Loan.roles
        roles["approver"] = "gina"
        let dossier = try Loan.start(engine, roles: roles).dossier
        let late = refusal {
            try engine.extend(dossier, task: 1, until: CalendarDate(iso: "2026-03-12")!, reason: "customer abroad", actor: member("gina"),
                              at: at("2026-03-06T09:00"))
        }
        #expect(late?.description.contains("passed at the end of 2026-03-05") == true)
        let onTime = try engine.extend(dossier, task: 1, until: CalendarDate(iso: "2026-03-12")!, reason: "customer abroad",
                                       actor: member("gina"), at: at("2026-03-05T09:00"))
        #expect(onTime.fines.isEmpty)
        #expect(onTime.nextFineCheck == onTime.dossier.openTask?.dueAt)
    }
}

@Suite("Ordinals in sentences")
struct OrdinalTests {
    @Test("ordinals take the article they are read with", arguments: [(2, "a 2nd"), (3, "a 3rd"), (8, "an 8th"), (11, "an 11th"),
                                                                      (12, "a 12th"), (18, "an 18th"), (21, "a 21st"), (83, "an 83rd")])
    func article(n: Int, text: String) {
        #expect(Ordinal.withArticle(n) == text)
    }
}

extension FineTests {
    /// A car dossier sold on Monday 2 March (due by the end of Thursday 5 March), handed over
    /// late on Monday 9 March and returned by the archivist the same day, under `definition`.
    static func returnedLateCar(_ definition: WorkflowDefinition) throws -> (engine: WorkflowEngine, dossier: Dossier) {
        let engine = try engine(for: definition)
        var dossier = try startCar(engine, id: 1, seller: "sam", role: "sales", dateField: "sold-on", date: "2026-03-02",
                                   at: at("2026-03-02T10:00"))
        for item in definition.checklist?.items ?? [] where item.isRequired && item.kind != .attachment {
            dossier = try engine.recordItem(dossier, item: item.id, pages: 2, signatures: item.signatures.map(\.rawValue), missing: false,
                                            actor: carStaff["sam"]!, at: at("2026-03-09T09:00")).dossier
        }
        dossier = try engine.advance(dossier, task: 1, action: "hand-over", note: nil, actor: carStaff["sam"]!, at: at("2026-03-09T10:00")).dossier
        // The hand-over opened the three follow-up calls first (tasks 2–4): the archivist's task is 5.
        dossier = try engine.advance(dossier, task: 5, action: "return", note: "the invoice copy is unreadable", actor: carStaff["carol"]!,
                                     at: at("2026-03-09T11:00")).dossier
        return (engine, dossier)
    }

    @Test("A car dossier returned after its deadline passed is due within the correction window, not at the passed deadline")
    func returnGetsCorrectionWindow() throws {
        let (engine, dossier) = try Self.returnedLateCar(try compileWorkflow(try shippedWorkflowText("new-car-intake")))
        let task = try #require(dossier.openTask)
        #expect(task.number == 6 && task.stateID == "handing-over")
        // One working day of grace from the return on Monday 9 March: the end of Tuesday 10 March.
        #expect(task.dueAt == at("2026-03-11T00:00"))
        #expect(try engine.lateness(of: dossier, before: at("2026-03-10T23:00")).fines.isEmpty, "the old lateness is not counted again")
        let corrected = try engine.lateness(of: dossier, before: at("2026-03-11T09:00")).fines
        #expect(corrected.map(\.occurredAt) == [at("2026-03-11T00:00")])
    }

    @Test("Without a <repeat> the returned task has no window and no deadline: never a fine dated before it existed")
    func returnWithoutRepetition() throws {
        let text = try shippedWorkflowText("new-car-intake")
            .replacingOccurrences(of: "<repeat every=\"1\" unit=\"working-days\" grace=\"1\" until=\"corrected\"/>", with: "")
        let (engine, dossier) = try Self.returnedLateCar(try compileWorkflow(text))
        #expect(dossier.openTask?.dueAt == nil)
        #expect(try engine.lateness(of: dossier, before: at("2026-04-30T09:00")).fines.isEmpty)
    }
}
