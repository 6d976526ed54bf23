/// A working-day calendar: weekend days, and per year the public holidays and make-up workdays
/// (调休) as published.
public struct CalendarDefinition: Sendable, Hashable {
    /// Whether a year has data.
    public enum YearStatus: String, Sendable, Hashable, CaseIterable {
        /// The holidays and make-up days are published and listed.
        case published
        /// Not yet published; counting working days in it is an error.
        case absent
    }

    /// Which years the calendar covers.
    public enum Coverage: String, Sendable, Hashable, CaseIterable {
        /// Only the years listed as published.
        case listedYears = "listed-years"
        /// Every year: the weekend rule alone decides (e.g. plain Monday–Friday).
        case allYears = "all-years"
    }

    /// A named date: a holiday or a make-up workday.
    public struct NamedDay: Sendable, Hashable {
        /// The date.
        public var date: CalendarDate
        /// Its name, e.g. "Spring Festival".
        public var name: String

        /// Creates a named day.
        public init(date: CalendarDate, name: String) {
            self.date = date
            self.name = name
        }
    }

    /// One year of data.
    public struct Year: Sendable, Hashable {
        /// The year.
        public var year: Int
        /// Whether it is published.
        public var status: YearStatus
        /// Where the data comes from, e.g. the State Council notice.
        public var source: String?
        /// Days off besides the weekend.
        public var holidays: [NamedDay]
        /// Weekend days that are working days.
        public var workdays: [NamedDay]

        /// Creates a year.
        public init(year: Int, status: YearStatus, source: String? = nil, holidays: [NamedDay] = [], workdays: [NamedDay] = []) {
            self.year = year
            self.status = status
            self.source = source
            self.holidays = holidays
            self.workdays = workdays
        }
    }

    /// The calendar's id, e.g. `cn`.
    public var id: String
    /// A human title.
    public var title: String
    /// The days off every week.
    public var weekend: Set<Weekday>
    /// Which years it covers.
    public var coverage: Coverage
    /// The listed years, ascending.
    public var years: [Year]

    /// Creates a calendar.
    public init(id: String, title: String? = nil, weekend: Set<Weekday> = [.saturday, .sunday],
                coverage: Coverage = .listedYears, years: [Year] = []) {
        self.id = id
        self.title = title ?? id
        self.weekend = weekend
        self.coverage = coverage
        self.years = years.sorted { $0.year < $1.year }
    }

    /// The data for `year`, if listed.
    public func year(_ year: Int) -> Year? { years.first { $0.year == year } }
}
