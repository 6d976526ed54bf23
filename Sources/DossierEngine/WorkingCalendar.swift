import DossierDefinition
import Foundation

/// Answers "is this a working day?" and "which date is N working days after that one?" from a
/// calendar definition, refusing to guess in years the calendar has no data for.
public struct WorkingCalendar: Sendable {
    /// Why a date could not be judged.
    public struct Gap: Error, Sendable, Hashable, CustomStringConvertible {
        /// The calendar.
        public var calendarID: String
        /// The year without data.
        public var year: Int

        public var description: String {
            "calendar \(calendarID) has no data for \(year): add it or choose another calendar"
        }
    }

    /// A date's status and why.
    public struct Day: Sendable, Hashable {
        /// The date.
        public var date: CalendarDate
        /// Whether it is a working day.
        public var isWorkday: Bool
        /// Why: "weekend", a holiday's name, a make-up workday's name, or "weekday".
        public var reason: String
        /// Whether it was judged by the weekday rule in a year without data.
        public var isProvisional: Bool
    }

    /// The calendar.
    public let definition: CalendarDefinition
    /// What to do in years without data.
    public let uncoveredYears: UncoveredYearPolicy
    private let holidays: [CalendarDate: String]
    private let workdays: [CalendarDate: String]
    private let publishedYears: Set<Int>

    /// Creates a calendar.
    public init(_ definition: CalendarDefinition, uncoveredYears: UncoveredYearPolicy = .refuse) {
        self.definition = definition
        self.uncoveredYears = uncoveredYears
        var holidays: [CalendarDate: String] = [:]
        var workdays: [CalendarDate: String] = [:]
        for year in definition.years where year.status == .published {
            for day in year.holidays { holidays[day.date] = day.name }
            for day in year.workdays { workdays[day.date] = day.name }
        }
        self.holidays = holidays
        self.workdays = workdays
        publishedYears = Set(definition.years.filter { $0.status == .published }.map(\.year))
    }

    /// The status of `date`.
    public func day(_ date: CalendarDate) throws(Gap) -> Day {
        let covered = definition.coverage == .allYears || publishedYears.contains(date.year)
        if !covered, uncoveredYears == .refuse { throw Gap(calendarID: definition.id, year: date.year) }
        if covered, let name = workdays[date] { return Day(date: date, isWorkday: true, reason: name, isProvisional: false) }
        if covered, let name = holidays[date] { return Day(date: date, isWorkday: false, reason: name, isProvisional: false) }
        let weekend = definition.weekend.contains(date.weekday)
        return Day(date: date, isWorkday: !weekend, reason: weekend ? "weekend" : "weekday", isProvisional: !covered)
    }

    /// The date `count` working days after `date`: the first working day after `date` is 1.
    /// `date` itself never counts, so "within 3 working days of Friday" ends on Wednesday.
    public func adding(workingDays count: Int, to date: CalendarDate) throws(Gap) -> (date: CalendarDate, provisional: Bool) {
        var current = date
        var remaining = count
        var provisional = false
        while remaining > 0 {
            current = current.adding(days: 1)
            let status = try day(current)
            provisional = provisional || status.isProvisional
            if status.isWorkday { remaining -= 1 }
        }
        return (current, provisional)
    }
}

/// Local dates and the ends of days in one time zone.
public struct LocalTime: Sendable, Hashable {
    /// The zone the company works in.
    public let timeZone: TimeZone

    /// Creates a local time in `timeZone`.
    public init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The local date of `moment`.
    public func date(of moment: Date) -> CalendarDate {
        let parts = calendar.dateComponents([.year, .month, .day], from: moment)
        return CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? CalendarDate(dayNumber: 0)
    }

    /// The first moment after `date` ends, local time: the moment a deadline "by `date`" passes.
    public func endOf(_ date: CalendarDate) -> Date {
        let next = date.adding(days: 1)
        let components = DateComponents(year: next.year, month: next.month, day: next.day)
        return calendar.date(from: components) ?? Date(timeIntervalSince1970: TimeInterval(next.dayNumber) * 86_400)
    }
}
