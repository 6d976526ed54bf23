import DossierDefinition
import DossierEngine
import Testing

/// When duties come round (issue #9): ISO 8601 repeating intervals, computed from the start so
/// month ends never drift, and moved off holidays on the working calendar.
@Suite("Recurrences")
struct RecurrenceTests {
    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text) ?? CalendarDate(dayNumber: 0) }

    static func dates(_ recurrence: Recurrence, _ indexes: Range<Int>) -> [String] {
        indexes.map { recurrence.occurrence($0)?.description ?? "-" }
    }

    @Test("monthly from the 1st and by the 10th; quarterly four times, then no more")
    func monthlyAndQuarterly() throws {
        let first = try Recurrence(iso: "R/2026-01-01/P1M")
        #expect(Self.dates(first, 0..<3) == ["2026-01-01", "2026-02-01", "2026-03-01"])
        #expect(first.occurrence(12) == Self.date("2027-01-01"))
        let quarters = try Recurrence(iso: "R4/2026-01-10/P3M")
        #expect(Self.dates(quarters, 0..<5) == ["2026-01-10", "2026-04-10", "2026-07-10", "2026-10-10", "-"])
        #expect(quarters.occurrences(through: Self.date("2030-01-01")).map(\.index) == [0, 1, 2, 3])
        #expect(try Recurrence(iso: "R/2026-01-15/P1Y").occurrence(3) == Self.date("2029-01-15"))
        #expect(try Recurrence(iso: "R/2026-03-02/P1W").occurrence(2) == Self.date("2026-03-16"))
        #expect(quarters.description == "R4/2026-01-10/P3M")
    }

    @Test("a date some calendar months on keeps its day, or takes the last day of a month too short for it")
    func addingMonths() {
        #expect(Self.date("2026-01-31").adding(months: 1) == Self.date("2026-02-28"))
        #expect(Self.date("2028-01-31").adding(months: 1) == Self.date("2028-02-29"))
        #expect(Self.date("2026-11-30").adding(months: 3) == Self.date("2027-02-28"))
        #expect(Self.date("2026-03-15").adding(months: 12) == Self.date("2027-03-15"))
        #expect(Self.date("2026-03-15").adding(months: -3) == Self.date("2025-12-15"))
        #expect(Self.date("2026-01-15").adding(months: -13) == Self.date("2024-12-15"))
        #expect(Self.date("2026-05-31").adding(months: 0) == Self.date("2026-05-31"))
    }

    @Test("month ends do not drift: 31 January, then the last of February, then 31 March; leap years keep 29 February")
    func monthEnds() throws {
        let lastDay = try Recurrence(iso: "R/2026-01-31/P1M", shortMonths: .lastDay)
        #expect(Self.dates(lastDay, 0..<4) == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"])
        #expect(lastDay.occurrence(25) == Self.date("2028-02-29"), "a leap year's February has its 29th")
        let skipping = try Recurrence(iso: "R/2026-01-31/P1M", shortMonths: .skip)
        #expect(Self.dates(skipping, 0..<4) == ["2026-01-31", "-", "2026-03-31", "-"])
        // The sweep's view: the occurrences up to a date, a skipped month left out, not an end.
        #expect(skipping.occurrences(through: Self.date("2026-05-31")).map(\.date.description)
                == ["2026-01-31", "2026-03-31", "2026-05-31"])
        #expect(skipping.occurrences(through: Self.date("2026-05-31"), from: 2).map(\.index) == [2, 4])
        let leapDay = try Recurrence(iso: "R/2028-02-29/P1Y", shortMonths: .lastDay)
        #expect(Self.dates(leapDay, 0..<5) == ["2028-02-29", "2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29"])
        // Whole years keep the month: 31 January is there every year, so no rule is needed.
        let january = try Recurrence(iso: "R/2027-01-31/P1Y")
        #expect(Self.dates(january, 0..<3) == ["2027-01-31", "2028-01-31", "2029-01-31"])
    }

    @Test("a recurrence that cannot be meant is refused with a sentence", arguments: [
        ("R/2026-01-31/P1M", "starts on day 31, which some months do not have"),
        ("R/2028-02-29/P1Y", "starts on day 29, which some months do not have"),
        ("R/2026-01-31/P1Y1M", "starts on day 31, which some months do not have"),
        ("R/2026-01-01/P0M", "is a period of nothing"),
        ("R/2026-01-01/PT1H", "has a time part"),
        ("R0/2026-01-01/P1M", "is not a number of occurrences"),
        ("R/2026-02-30/P1M", "is not a start date"),
        ("R/2026-01-01/P1M2Y", "is not a period such as"),
        ("R/2026-01-01/P11Y", "at most ten years"),
        ("2026-01-01/P1M", "is not a repeating interval"),
        ("X/2026-01-01/P1M", "does not start with R"),
        ("R/2026-01-01/1M", "is not a period such as"),
        ("R/2026-01-01/P9223372036854775807W", "at most ten years"),
        ("R/2026-01-01/P768614336404564651Y", "at most ten years"),
        ("R/2026-01-01/P99999999999999999999999D", "at most ten years"),
    ])
    func refused(text: String, message: String) {
        do {
            _ = try Recurrence(iso: text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.description.contains(message), "\(text): \(error.description)")
        }
    }

    @Test("the past stays put: the occurrences through a date are the same whenever they are asked for, and end at the last before it")
    func throughDate() throws {
        let monthly = try Recurrence(iso: "R/2026-01-10/P1M")
        let all = monthly.occurrences(through: Self.date("2026-12-31"))
        #expect(all.count == 12)
        let firstHalf = monthly.occurrences(through: Self.date("2026-06-09"))
        let rest = monthly.occurrences(through: Self.date("2026-12-31"), from: firstHalf.count)
        #expect(firstHalf.map(\.index) + rest.map(\.index) == all.map(\.index))
        #expect(monthly.occurrences(through: Self.date("2025-12-31")).isEmpty)
    }

    @Test("the calendar's end ends every recurrence, a short-month rule or a huge count notwithstanding")
    func endOfCalendar() throws {
        let daily = try Recurrence(iso: "R/9999-12-30/P1D", shortMonths: .skip)
        #expect(daily.occurrences(through: Self.date("9999-12-31")).map(\.date.description) == ["9999-12-30", "9999-12-31"])
        let skipping = try Recurrence(iso: "R99999/9999-01-31/P1M", shortMonths: .skip)
        #expect(skipping.occurrences(through: Self.date("9999-12-31")).count == 7)
        #expect(skipping.occurrence(Int.max) == nil)
        #expect(try Recurrence(iso: "R/2026-01-01/P10Y").occurrence(Int.max / 2) == nil)
    }

    @Test("a date off work moves to the next working day, across a weekend, the Spring Festival and National Day", arguments: [
        ("2026-05-10", "2026-05-11"),  // the 10th on a Sunday: Monday the 11th
        ("2026-02-15", "2026-02-24"),  // the Spring Festival holiday, 15–23 February
        ("2026-10-01", "2026-10-08"),  // National Day, 1–7 October
        ("2026-02-14", "2026-02-14"),  // a Saturday that is a make-up workday stays
        ("2026-03-10", "2026-03-10"),  // a working day stays
    ])
    func nextWorkingDay(date: String, expected: String) throws {
        let calendar = WorkingCalendar(try EngineFixtures.calendar("cn"))
        #expect(try calendar.adjusted(Self.date(date), .nextWorkingDay).date == Self.date(expected))
    }

    @Test("or to the working day before it; a year the calendar has no data for is refused, not guessed")
    func previousWorkingDay() throws {
        let calendar = WorkingCalendar(try EngineFixtures.calendar("cn"))
        #expect(try calendar.adjusted(Self.date("2026-10-01"), .previousWorkingDay).date == Self.date("2026-09-30"))
        #expect(try calendar.adjusted(Self.date("2026-02-16"), .previousWorkingDay).date == Self.date("2026-02-14"))
        #expect(throws: WorkingCalendar.Gap.self) { try calendar.adjusted(Self.date("2031-01-01"), .nextWorkingDay) }
    }
}
