import DossierDefinition
import DossierEngine
import Foundation
import Testing

/// Due moments, in Beijing time, and the working-day calendar behind them. Dates are checked
/// against Workflows/calendars/cn.xml: 2026 New Year's Day 01-01..01-03 with Sunday 01-04 worked;
/// Spring Festival 02-15..02-23 with Saturdays 02-14 and 02-28 worked; National Day
/// 10-01..10-07 with Saturday 10-10 worked; 2027 not published (status absent).
@Suite("Engine: deadlines and working days")
struct DeadlineTests {
    static func cn(_ policy: UncoveredYearPolicy = .refuse) throws -> WorkingCalendar {
        WorkingCalendar(try EngineFixtures.calendar("cn"), uncoveredYears: policy)
    }

    static func date(_ text: String) -> CalendarDate {
        guard let date = CalendarDate(iso: text) else { preconditionFailure("bad date \(text)") }
        return date
    }

    static func check(_ day: WorkingCalendar.Day, date: CalendarDate, isWorkday: Bool, reason: String, provisional: Bool,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(day.date == date, sourceLocation: sourceLocation)
        #expect(day.isWorkday == isWorkday, sourceLocation: sourceLocation)
        #expect(day.reason == reason, sourceLocation: sourceLocation)
        #expect(day.isProvisional == provisional, sourceLocation: sourceLocation)
    }

    /// The gap `body` throws; fails the test when it throws none.
    static func gap<T>(_ body: () throws -> T) throws -> WorkingCalendar.Gap {
        do {
            _ = try body()
        } catch let gap as WorkingCalendar.Gap {
            return gap
        }
        Issue.record("expected a calendar gap")
        throw FixtureError("no gap")
    }

    // MARK: Due moments of loan-intake's compiling task (3 working days from field ended-on)

    @Test("compiling is due when the 3rd working day after ended-on ends",
          arguments: [
              ("2026-03-02", "2026-03-06T00:00"),  // Mon → Tue, Wed, Thu 03-05
              ("2026-03-06", "2026-03-12T00:00"),  // Fri → Mon, Tue, Wed 03-11
              ("2026-02-13", "2026-02-26T00:00"),  // Fri → Sat 02-14 (make-up), Tue 02-24, Wed 02-25
              ("2026-02-12", "2026-02-25T00:00"),  // Thu → Fri 02-13, Sat 02-14 (make-up), Tue 02-24
              ("2026-02-27", "2026-03-04T00:00"),  // Fri → Sat 02-28 (make-up), Mon 03-02, Tue 03-03
              ("2025-12-31", "2026-01-07T00:00"),  // Wed → 01-01..03 off, Sun 01-04 (make-up), Mon 01-05, Tue 01-06
              ("2026-04-03", "2026-04-10T00:00"),  // Fri → 04-04..06 Qingming, Tue 04-07, Wed 04-08, Thu 04-09
              ("2026-09-30", "2026-10-11T00:00"),  // Wed → 10-01..07 off, Thu 10-08, Fri 10-09, Sat 10-10 (make-up)
              ("2026-12-28", "2027-01-01T00:00"),  // Mon → Tue, Wed, Thu 12-31: never looks into 2027
          ])
    func compilingDue(endedOn: String, due: String) throws {
        let engine = try Loan.engine()
        var fields = Loan.fields
        fields["ended-on"] = endedOn
        let step = try Loan.start(engine, fields: fields, at: at("2026-03-02T09:30"))
        #expect(step.dossier.openTask?.dueAt == at(due))
    }

    @Test("the task-opened event gives the due moment as an ISO 8601 timestamp with its zone")
    func dueInEvent() throws {
        let engine = try Loan.engine()
        var fields = Loan.fields
        fields["ended-on"] = "2026-02-13"
        let step = try Loan.start(engine, fields: fields)
        let due = try #require(step.events[1].details["due"])
        #expect(due.hasPrefix("2026-02-2"))
        #expect(due.hasSuffix("Z") || due.hasSuffix("+08:00"))
        #expect(Timestamps.parse(due, timeZone: TimeZone(identifier: "UTC")!) == at("2026-02-26T00:00"))
    }

    @Test("a working-day count reaching a year without calendar data is refused",
          arguments: ["2026-12-30", "2026-12-31", "2027-01-04"])
    func uncoveredYearRefused(endedOn: String) throws {
        let engine = try Loan.engine()
        var fields = Loan.fields
        fields["ended-on"] = endedOn
        let refused = refusal { try Loan.start(engine, fields: fields) }
        #expect(refused == .calendar("calendar cn has no data for 2027: add it or choose another calendar"))
        #expect(refused?.description.contains("calendar cn has no data for 2027") == true)
    }

    @Test("a year the calendar does not list at all is refused as well")
    func unlistedYearRefused() throws {
        let engine = try Loan.engine()
        var fields = Loan.fields
        fields["ended-on"] = "2023-06-01"
        #expect(throws: Refusal.calendar("calendar cn has no data for 2023: add it or choose another calendar")) {
            try Loan.start(engine, fields: fields)
        }
    }

    @Test("with uncovered-years=\"provisional-weekdays\" the count goes on Monday to Friday")
    func provisionalWeekdaysWorkflow() throws {
        let text = try shippedWorkflowText("loan-intake")
        let edited = text.replacingOccurrences(of: #"calendar="cn">"#, with: #"calendar="cn" uncovered-years="provisional-weekdays">"#)
        #expect(edited != text)
        let definition = try compileWorkflow(edited)
        #expect(definition.uncoveredYears == .provisionalWeekdays)
        var fields = Loan.fields
        fields["ended-on"] = "2026-12-30"
        let step = try Loan.start(try engine(for: definition), fields: fields)
        // Thu 12-31, Fri 2027-01-01 (no data: a weekday), Mon 2027-01-04.
        #expect(step.dossier.openTask?.dueAt == at("2027-01-05T00:00"))
    }

    @Test("a workflow whose calendar is not deployed cannot count working days")
    func calendarNotDeployed() throws {
        let engine = WorkflowEngine(definition: try EngineFixtures.workflow("loan-intake"), version: 1, calendars: [:],
                                    timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        #expect(throws: Refusal.calendar("calendar cn is not deployed; deploy Workflows/calendars/cn.xml")) {
            try Loan.start(engine)
        }
    }

    @Test("a state deadline counted from entering the state uses the local (Beijing) date")
    func stateEnteredDeadlineUsesLocalDate() throws {
        let engine = try Loan.engine()
        let recorded = try Loan.recordAll(engine, try Loan.start(engine).dossier)
        // 00:30 on Friday in Beijing is still Thursday in UTC.
        let step = try engine.advance(recorded, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-06T00:30"))
        #expect(step.dossier.openTask?.dueAt == at("2026-03-11T00:00"))
        let late = try engine.advance(recorded, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-06T23:59"))
        #expect(late.dossier.openTask?.dueAt == at("2026-03-11T00:00"))
    }

    @Test("an engine in another time zone ends days there")
    func otherTimeZone() throws {
        let engine = WorkflowEngine(definition: try EngineFixtures.workflow("loan-intake"), version: 1,
                                    calendars: ["cn": try EngineFixtures.calendar("cn")], timeZone: TimeZone(identifier: "UTC")!)
        #expect(engine.localTime.timeZone.secondsFromGMT() == 0)
        let step = try Loan.start(engine)
        #expect(step.dossier.openTask?.dueAt == at("2026-03-06T08:00"))
    }

    // MARK: dueMoment for each kind of deadline

    static func dossier(fields: [String: String] = ["ended-on": "2026-03-02"]) -> Dossier {
        Dossier(id: 1, workflowID: "loan-intake", workflowVersion: 1, stateID: "compiling", fields: fields,
                assignments: [:], startedAt: at("2026-03-02T09:30"), startedBy: "alice")
    }

    @Test("deadlines in hours, calendar days and working days, from each origin",
          arguments: [
              (Deadline(id: "h", period: Period(4, .hours)), "2026-03-03T22:10", "2026-03-04T02:10"),
              (Deadline(id: "h", period: Period(48, .hours), origin: .instanceStarted), "2026-03-05T10:00", "2026-03-04T09:30"),
              (Deadline(id: "h", period: Period(2, .hours), origin: .field("picked-up-at")), "2026-03-05T10:00", "2026-03-02T20:00"),
              (Deadline(id: "c", period: Period(5, .calendarDays), origin: .field("ended-on")), "2026-03-04T10:00", "2026-03-08T00:00"),
              (Deadline(id: "c", period: Period(0, .calendarDays)), "2026-03-02T23:30", "2026-03-03T00:00"),
              (Deadline(id: "c", period: Period(30, .calendarDays)), "2026-03-02T11:00", "2026-04-02T00:00"),
              // Calendar months keep the day of the month, or take a short month's last day.
              (Deadline(id: "m", period: Period(3, .calendarMonths)), "2026-03-02T11:00", "2026-06-03T00:00"),
              (Deadline(id: "m", period: Period(1, .calendarMonths)), "2026-01-31T11:00", "2026-03-01T00:00"),
              (Deadline(id: "m", period: Period(3, .calendarMonths), origin: .field("ended-on")), "2026-03-04T10:00", "2026-06-03T00:00"),
              (Deadline(id: "w", period: Period(2, .workingDays)), "2026-03-06T17:00", "2026-03-11T00:00"),
              (Deadline(id: "w", period: Period(1, .workingDays), origin: .instanceStarted), "2026-03-20T10:00", "2026-03-04T00:00"),
              (Deadline(id: "w", period: Period(3, .workingDays), origin: .field("ended-on")), "2026-03-04T10:00", "2026-03-06T00:00"),
              // The weekdays calendar knows no holidays and covers every year.
              (Deadline(id: "w", period: Period(3, .workingDays), origin: .field("ended-on"), calendarID: "weekdays"),
               "2026-03-04T10:00", "2026-03-06T00:00"),
          ] as [(Deadline, String, String)])
    func dueMoment(deadline: Deadline, entered: String, due: String) throws {
        let engine = try Loan.engine()
        let dossier = Self.dossier(fields: ["ended-on": "2026-03-02", "picked-up-at": "2026-03-02T18:00"])
        #expect(try engine.dueMoment(deadline, dossier: dossier, enteredAt: at(entered)) == at(due))
    }

    @Test("a deadline counted from a date field that is not set gives no due date",
          arguments: [
              // Set to 2026-03-04, a date counts from the last second of that day.
              (Deadline(id: "h", period: Period(2, .hours), origin: .field("contract-signed-on")), "2026-03-05T01:59:59"),
              (Deadline(id: "c", period: Period(7, .calendarDays), origin: .field("contract-signed-on")), "2026-03-12T00:00"),
              (Deadline(id: "w", period: Period(3, .workingDays), origin: .field("contract-signed-on")), "2026-03-10T00:00"),
              (Deadline(id: "w", period: Period(3, .workingDays), origin: .field("contract-signed-on"), calendarID: "weekdays"),
               "2026-03-10T00:00"),
          ] as [(Deadline, String)])
    func unsetFieldNoDeadline(deadline: Deadline, dueOnceSet: String) throws {
        let engine = try Loan.engine()
        // Absent, or present but empty: either way there is no date to count from.
        #expect(try engine.dueMoment(deadline, dossier: Self.dossier(), enteredAt: at("2026-03-04T10:00")) == nil)
        #expect(try engine.dueMoment(deadline, dossier: Self.dossier(fields: ["ended-on": "2026-03-02", "contract-signed-on": ""]),
                                     enteredAt: at("2026-03-04T10:00")) == nil)
        // Once the field is set, the same deadline counts from it.
        #expect(try engine.dueMoment(deadline, dossier: Self.dossier(fields: ["contract-signed-on": "2026-03-04"]),
                                     enteredAt: at("2026-03-05T10:00")) == at(dueOnceSet))
    }

    @Test("a state whose deadline counts from an optional date field left unset opens its task with no due date")
    func stateDeadlineFromUnsetField() throws {
        // generic-customer's compiling state is due 7 calendar days from contract-signed-on; the
        // shipped workflow guards that the field is set, so this variant drops the guard.
        let text = try shippedWorkflowText("generic-customer")
        let edited = text.replacingOccurrences(of: #" guard="field:contract-signed-on""#, with: "")
        #expect(edited != text)
        let variant = try engine(for: try compileWorkflow(edited))
        let started = try variant.start(id: 11, fields: ["customer": "Lin Hua", "first-contact-on": "2026-03-02"],
                                        assignments: ["handler": "alice", "head": "dina"], actor: member("alice"), staff: testStaff,
                                        at: at("2026-03-02T09:00")).dossier
        let negotiating = try variant.advance(started, task: 1, action: "register", note: nil, actor: member("alice"),
                                              at: at("2026-03-02T10:00")).dossier
        let time = at("2026-03-04T10:00")
        let step = try variant.advance(negotiating, task: 2, action: "contract-signed", note: nil, actor: member("alice"), at: time)
        #expect(step.dossier.fields["contract-signed-on"] == nil)
        #expect(step.dossier.stateID == "compiling")
        #expect(step.dossier.openTask == OpenTask(number: 3, stateID: "compiling", roleID: "handler", assignee: "alice", openedAt: time,
                                                  dueAt: nil))
        #expect(step.events.map(\.kind) == [.taskClosed, .transitioned, .taskOpened])
        #expect(step.events[2].details == ["role": "handler", "assignee": "alice"])
    }

    @Test("the handover-total deadline of loan-intake is 5 calendar days from the project's end")
    func handoverTotal() throws {
        let engine = try Loan.engine()
        let deadline = try #require(engine.definition.deadlines.first { $0.id == "handover-total" })
        #expect(try engine.dueMoment(deadline, dossier: Self.dossier(), enteredAt: at("2026-03-02T09:30")) == at("2026-03-08T00:00"))
    }

    @Test("a deadline may name its own calendar", arguments: [
        ("2026-02-13", "2026-02-19T00:00"),  // no Spring Festival on the weekdays calendar: Mon 16, Tue 17, Wed 18
        ("2026-12-30", "2027-01-05T00:00"),  // and no gap in 2027: Thu 31, Fri 01, Mon 04
    ])
    func deadlineOwnCalendar(endedOn: String, due: String) throws {
        let engine = try Loan.engine()
        let deadline = Deadline(id: "w", period: Period(3, .workingDays), origin: .field("ended-on"), calendarID: "weekdays")
        #expect(try engine.dueMoment(deadline, dossier: Self.dossier(fields: ["ended-on": endedOn]), enteredAt: at("2026-03-02T09:30")) == at(due))
    }

    @Test("a deadline naming a calendar that is not deployed is refused")
    func deadlineUnknownCalendar() throws {
        let engine = try Loan.engine()
        let deadline = Deadline(id: "w", period: Period(3, .workingDays), calendarID: "moon")
        #expect(throws: Refusal.calendar("calendar moon is not deployed; deploy Workflows/calendars/moon.xml")) {
            try engine.dueMoment(deadline, dossier: Self.dossier(), enteredAt: at("2026-03-02T09:30"))
        }
    }

    // MARK: WorkingCalendar.day

    @Test("each day's status and reason",
          arguments: [
              ("2026-03-02", true, "weekday"),
              ("2026-03-06", true, "weekday"),
              ("2026-03-07", false, "weekend"),
              ("2026-03-08", false, "weekend"),
              ("2026-01-01", false, "New Year's Day (元旦)"),
              ("2026-01-03", false, "New Year's Day (元旦)"),
              ("2026-01-04", true, "New Year's Day make-up workday (元旦调休上班)"),
              ("2026-02-14", true, "Spring Festival make-up workday (春节调休上班)"),
              ("2026-02-15", false, "Spring Festival (春节)"),
              ("2026-02-17", false, "Spring Festival (春节)"),
              ("2026-02-23", false, "Spring Festival (春节)"),
              ("2026-02-24", true, "weekday"),
              ("2026-02-28", true, "Spring Festival make-up workday (春节调休上班)"),
              ("2026-03-01", false, "weekend"),
              ("2026-10-10", true, "National Day make-up workday (国庆节调休上班)"),
              ("2025-10-08", false, "National Day and Mid-Autumn Festival (国庆节、中秋节)"),
              ("2024-02-18", true, "Spring Festival make-up workday (春节调休上班)"),
          ])
    func day(text: String, isWorkday: Bool, reason: String) throws {
        let day = try Self.cn().day(Self.date(text))
        Self.check(day, date: Self.date(text), isWorkday: isWorkday, reason: reason, provisional: false)
    }

    @Test("a date in a year without data is refused, naming the calendar and the year",
          arguments: [("2027-01-04", 2027), ("2027-12-31", 2027), ("2023-05-05", 2023), ("2030-02-01", 2030)])
    func dayGap(text: String, year: Int) throws {
        let calendar = try Self.cn()
        let gap = try Self.gap { try calendar.day(Self.date(text)) }
        #expect(gap.calendarID == "cn")
        #expect(gap.year == year)
        #expect(gap.description == "calendar cn has no data for \(year): add it or choose another calendar")
    }

    @Test("with provisional weekdays, an uncovered year counts Monday to Friday and says so",
          arguments: [("2027-01-01", true, "weekday"), ("2027-01-02", false, "weekend"), ("2027-02-10", true, "weekday")])
    func provisionalDay(text: String, isWorkday: Bool, reason: String) throws {
        let day = try Self.cn(.provisionalWeekdays).day(Self.date(text))
        Self.check(day, date: Self.date(text), isWorkday: isWorkday, reason: reason, provisional: true)
    }

    @Test("published years stay exact under the provisional policy")
    func provisionalPolicyKeepsPublishedYears() throws {
        let day = try Self.cn(.provisionalWeekdays).day(Self.date("2026-02-17"))
        Self.check(day, date: Self.date("2026-02-17"), isWorkday: false, reason: "Spring Festival (春节)", provisional: false)
    }

    @Test("the weekdays calendar covers every year and knows no holidays",
          arguments: [("2026-02-17", true, "weekday"), ("2027-01-01", true, "weekday"), ("2031-03-01", false, "weekend")])
    func weekdaysCalendar(text: String, isWorkday: Bool, reason: String) throws {
        let calendar = WorkingCalendar(try EngineFixtures.calendar("weekdays"))
        let day = try calendar.day(Self.date(text))
        Self.check(day, date: Self.date(text), isWorkday: isWorkday, reason: reason, provisional: false)
    }

    // MARK: WorkingCalendar.adding(workingDays:)

    @Test("adding working days: the start date never counts; holidays are skipped and make-up days count",
          arguments: [
              ("2026-03-02", 0, "2026-03-02"),
              ("2026-03-05", 1, "2026-03-06"),  // Thu → Fri
              ("2026-03-06", 1, "2026-03-09"),  // Fri → Mon
              ("2026-03-06", 3, "2026-03-11"),  // Fri → Wed
              ("2026-03-07", 1, "2026-03-09"),  // Sat → Mon
              ("2026-03-02", 5, "2026-03-09"),
              ("2025-12-31", 1, "2026-01-04"),  // New Year's Eve → the make-up Sunday
              ("2025-12-31", 2, "2026-01-05"),
              ("2025-12-31", 3, "2026-01-06"),
              ("2026-02-13", 1, "2026-02-14"),
              ("2026-02-13", 2, "2026-02-24"),
              ("2026-02-13", 3, "2026-02-25"),
              ("2026-02-14", 1, "2026-02-24"),  // from the make-up Saturday itself
              ("2026-02-26", 2, "2026-02-28"),  // Thu → Fri, make-up Sat
              ("2026-09-30", 3, "2026-10-10"),
              ("2026-12-30", 1, "2026-12-31"),
          ])
    func adding(from: String, count: Int, expected: String) throws {
        let result = try Self.cn().adding(workingDays: count, to: Self.date(from))
        #expect(result.date == Self.date(expected))
        #expect(result.provisional == false)
    }

    @Test("adding working days into a year without data is refused", arguments: [("2026-12-31", 1), ("2026-12-30", 2)])
    func addingGap(from: String, count: Int) throws {
        let calendar = try Self.cn()
        let gap = try Self.gap { try calendar.adding(workingDays: count, to: Self.date(from)) }
        #expect(gap.calendarID == "cn")
        #expect(gap.year == 2027)
    }

    @Test("adding with provisional weekdays flags results that crossed into an uncovered year",
          arguments: [("2026-12-30", 1, "2026-12-31", false), ("2026-12-30", 2, "2027-01-01", true), ("2026-12-30", 3, "2027-01-04", true)])
    func addingProvisional(from: String, count: Int, expected: String, provisional: Bool) throws {
        let result = try Self.cn(.provisionalWeekdays).adding(workingDays: count, to: Self.date(from))
        #expect(result.date == Self.date(expected))
        #expect(result.provisional == provisional)
    }

    // MARK: LocalTime

    @Test("local time: the end of a date is the next midnight in the zone, and a moment's date is its local date")
    func localTime() throws {
        let beijing = LocalTime(TimeZone(identifier: "Asia/Shanghai")!)
        #expect(beijing.endOf(Self.date("2026-03-05")) == at("2026-03-06T00:00"))
        #expect(beijing.endOf(Self.date("2026-12-31")) == at("2027-01-01T00:00"))
        #expect(beijing.date(of: at("2026-03-06T00:30")) == Self.date("2026-03-06"))
        #expect(beijing.date(of: at("2026-03-05T23:59")) == Self.date("2026-03-05"))
        let utc = LocalTime(TimeZone(identifier: "UTC")!)
        #expect(utc.date(of: at("2026-03-06T00:30")) == Self.date("2026-03-05"))
        #expect(utc.endOf(Self.date("2026-03-05")) == at("2026-03-06T08:00"))
    }
}
