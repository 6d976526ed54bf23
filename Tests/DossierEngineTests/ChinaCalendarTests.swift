import DossierDefinition
import DossierEngine
import Testing

/// The shipped `cn` calendar against the State Council's published schedules, typed here
/// independently of `Workflows/calendars/cn.xml`: every date of 2024–2026.
@Suite("China working-day calendar 2024–2026")
struct ChinaCalendarTests {
    /// Days off besides weekends, as published (国办发明电〔2023〕7号, 〔2024〕12号, 〔2025〕7号).
    static let holidays: [(String, String)] = [
        ("2024-01-01", "2024-01-01"), ("2024-02-10", "2024-02-17"), ("2024-04-04", "2024-04-06"), ("2024-05-01", "2024-05-05"),
        ("2024-06-10", "2024-06-10"), ("2024-09-15", "2024-09-17"), ("2024-10-01", "2024-10-07"),
        ("2025-01-01", "2025-01-01"), ("2025-01-28", "2025-02-04"), ("2025-04-04", "2025-04-06"), ("2025-05-01", "2025-05-05"),
        ("2025-05-31", "2025-06-02"), ("2025-10-01", "2025-10-08"),
        ("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"), ("2026-05-01", "2026-05-05"),
        ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"), ("2026-10-01", "2026-10-07"),
    ]

    /// Weekend days that are working days (调休上班).
    static let makeUpDays = [
        "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12",
        "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
        "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
    ]

    static func date(_ text: String) -> CalendarDate {
        CalendarDate(iso: text) ?? CalendarDate(dayNumber: 0)
    }

    @Test("every date of 2024, 2025 and 2026 is a working day exactly when the schedule says so")
    func everyDate() throws {
        let calendar = WorkingCalendar(try EngineFixtures.calendar("cn"))
        var off = Set<CalendarDate>()
        for (from, to) in Self.holidays {
            for number in Self.date(from).dayNumber...Self.date(to).dayNumber { off.insert(CalendarDate(dayNumber: number)) }
        }
        let makeUp = Set(Self.makeUpDays.map(Self.date))
        var checked = 0
        for number in Self.date("2024-01-01").dayNumber...Self.date("2026-12-31").dayNumber {
            let date = CalendarDate(dayNumber: number)
            let weekend = date.weekday == .saturday || date.weekday == .sunday
            let expected = makeUp.contains(date) || (!weekend && !off.contains(date))
            let day = try calendar.day(date)
            #expect(day.isWorkday == expected, "\(date) (\(date.weekday.name)): expected \(expected ? "working day" : "day off"), got \(day.reason)")
            #expect(!day.isProvisional)
            checked += 1
        }
        #expect(checked == 1096)
        // Every make-up day falls on a weekend, as the schedules have it.
        #expect(makeUp.allSatisfy { $0.weekday == .saturday || $0.weekday == .sunday })
    }

    @Test("reasons name the holiday, the make-up day or the weekend")
    func reasons() throws {
        let calendar = WorkingCalendar(try EngineFixtures.calendar("cn"))
        #expect(try calendar.day(Self.date("2026-02-17")).reason.contains("Spring Festival"))
        #expect(try calendar.day(Self.date("2026-02-14")).reason.contains("make-up"))
        #expect(try calendar.day(Self.date("2026-03-07")).reason == "weekend")
        #expect(try calendar.day(Self.date("2026-03-09")).reason == "weekday")
    }

    @Test("N working days after a date, at the boundaries", arguments: [
        ("2026-03-06", 1, "2026-03-09"),   // a Friday: the next working day is Monday
        ("2026-03-06", 3, "2026-03-11"),
        ("2025-09-30", 1, "2025-10-09"),   // the day before the 8-day National Day holiday
        ("2025-09-26", 1, "2025-09-28"),   // Friday before the make-up Sunday
        ("2026-02-13", 1, "2026-02-14"),   // the make-up Saturday before the Spring Festival counts
        ("2026-02-13", 2, "2026-02-24"),
        ("2025-12-31", 1, "2026-01-04"),   // New Year's Eve: 1–3 January off, Sunday 4th works
        ("2025-12-31", 3, "2026-01-06"),
        ("2024-02-09", 1, "2024-02-18"),   // the eve of the 2024 Spring Festival: make-up Sunday the 18th
    ])
    func adding(from: String, count: Int, expected: String) throws {
        let calendar = WorkingCalendar(try EngineFixtures.calendar("cn"))
        let result = try calendar.adding(workingDays: count, to: Self.date(from))
        #expect(result.date == Self.date(expected))
        #expect(!result.provisional)
    }

    @Test("a year without data is refused, or counted provisionally when the workflow opts in")
    func uncoveredYears() throws {
        let definition = try EngineFixtures.calendar("cn")
        #expect(throws: WorkingCalendar.Gap(calendarID: "cn", year: 2027)) {
            try WorkingCalendar(definition).adding(workingDays: 3, to: Self.date("2026-12-30"))
        }
        let provisional = try WorkingCalendar(definition, uncoveredYears: .provisionalWeekdays).adding(workingDays: 3, to: Self.date("2026-12-30"))
        #expect(provisional.date == Self.date("2027-01-04"))
        #expect(provisional.provisional)
    }
}
