/// When a duty comes round: an ISO 8601 repeating interval, `R[n]/START/PERIOD`, as BPMN's
/// `timeCycle` writes it (`R/2026-01-01/P1M` on the 1st of every month, `R4/2026-01-01/P3M`
/// each quarter of 2026, `R/2026-01-10/P1M` "by the 10th of each month").
///
/// The kth occurrence is computed from the start as START + k·PERIOD, never from the one before,
/// so month ends do not drift: 31 January + P1M is 28 (or 29) February, and the next is 31
/// March again. A start on the 29th, 30th or 31st with a period in months or years needs a rule
/// for the months too short for it (`ShortMonths`): the last day of the month, or no occurrence
/// that month. Occurrences are dates; moving one off a holiday is the working calendar's job.
public struct Recurrence: Sendable, Hashable, CustomStringConvertible {
    /// What a monthly or yearly recurrence does in a month without its day.
    public enum ShortMonths: String, Sendable, Hashable, CaseIterable {
        /// The month's last day (the 31st of each month is 30 April, 28 February…).
        case lastDay = "last-day"
        /// No occurrence that month.
        case skip
    }

    /// A period of years, months and days (weeks are written as 7 days).
    public struct Period: Sendable, Hashable, CustomStringConvertible {
        /// Whole years.
        public var years: Int
        /// Whole months.
        public var months: Int
        /// Whole days.
        public var days: Int

        /// Creates a period.
        public init(years: Int = 0, months: Int = 0, days: Int = 0) {
            self.years = years
            self.months = months
            self.days = days
        }

        /// Months in all, years counted as 12.
        var totalMonths: Int { years * 12 + months }

        /// `P1Y2M10D`, `P3M`, `P7D`.
        public var description: String {
            "P" + (years > 0 ? "\(years)Y" : "") + (months > 0 ? "\(months)M" : "") + (days > 0 ? "\(days)D" : "")
        }
    }

    /// Why a text is not a recurrence, in a sentence for the person who wrote it.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// The sentence.
        public var description: String
    }

    /// The first occurrence.
    public var start: CalendarDate
    /// The time between occurrences.
    public var period: Period
    /// How many occurrences there are (`R4`), or `nil` for no end (`R`).
    public var count: Int?
    /// The rule for months too short for the start's day, when it matters.
    public var shortMonths: ShortMonths?

    /// The longest period a recurrence may have: ten years.
    public static let longestMonths = 120
    /// The most days a period of days may have: ten years.
    public static let longestDays = 3660

    /// Reads `R[n]/YYYY-MM-DD/PERIOD`; `shortMonths` is required when the start's day is past the
    /// 28th and the period has months or years, unless every occurrence falls in the start's month
    /// (whole years, and not from 29 February).
    public init(iso text: String, shortMonths: ShortMonths? = nil) throws(Problem) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw Problem(description: "\"\(text)\" is not a repeating interval: write R/START/PERIOD, e.g. R/2026-01-01/P1M (or R12/… for twelve occurrences)")
        }
        let repeats = parts[0]
        guard repeats.first == "R" else {
            throw Problem(description: "\"\(text)\" does not start with R: a repeating interval is R/START/PERIOD, e.g. R/2026-01-01/P1M")
        }
        if repeats.count > 1 {
            guard let n = Int(repeats.dropFirst()), n >= 1 else {
                throw Problem(description: "\"\(repeats)\" in \"\(text)\" is not a number of occurrences: write R for no end, or R1, R4, R12…")
            }
            count = n
        } else {
            count = nil
        }
        guard let first = CalendarDate(iso: parts[1]) else {
            throw Problem(description: "\"\(parts[1])\" in \"\(text)\" is not a start date such as 2026-01-01")
        }
        start = first
        period = try Self.period(parts[2], in: text)
        self.shortMonths = shortMonths
        // A period of whole years keeps the start's month, which always has its day, except 29 February.
        let sameMonthEachTime = period.days == 0 && period.totalMonths % 12 == 0 && start.month != 2
        if period.totalMonths > 0, start.day > 28, shortMonths == nil, !sameMonthEachTime {
            throw Problem(description: "\"\(text)\" starts on day \(start.day), which some months do not have: say what happens then with short-months=\"last-day\" or short-months=\"skip\"")
        }
    }

    /// Reads `PnYnMnD` or `PnW` (dates only: a duty comes round on days, not at hours).
    private static func period(_ text: Substring, in whole: String) throws(Problem) -> Period {
        let bad = Problem(description: "\"\(text)\" in \"\(whole)\" is not a period such as P1M, P3M, P1Y, P1W or P10D")
        guard text.first == "P", text.count > 1 else { throw bad }
        if text.contains("T") {
            throw Problem(description: "\"\(text)\" in \"\(whole)\" has a time part; a duty recurs in days, weeks, months or years (P1D, P1W, P1M, P1Y)")
        }
        var period = Period()
        var digits = ""
        var seen: [Character] = []
        for character in text.dropFirst() {
            if character.isASCII, character.isNumber {
                digits.append(character)
                // More than ten years in any unit, and no arithmetic on it can overflow.
                if digits.count > 5 {
                    throw Problem(description: "\"\(text)\" in \"\(whole)\" is longer than a duty may recur: at most ten years")
                }
                continue
            }
            guard let amount = Int(digits), !digits.isEmpty, "YMWD".contains(character), !seen.contains(character) else { throw bad }
            if let last = seen.last, let order = "YMWD".firstIndex(of: last), let here = "YMWD".firstIndex(of: character), here < order {
                throw bad
            }
            seen.append(character)
            digits = ""
            switch character {
            case "Y": period.years = amount
            case "M": period.months = amount
            case "W": period.days += amount * 7
            default: period.days += amount
            }
        }
        guard digits.isEmpty else { throw bad }
        if period.totalMonths == 0, period.days == 0 {
            throw Problem(description: "\"\(text)\" in \"\(whole)\" is a period of nothing: every occurrence would fall on the same day")
        }
        if period.totalMonths > longestMonths || period.days > longestDays {
            throw Problem(description: "\"\(text)\" in \"\(whole)\" is longer than a duty may recur: at most ten years")
        }
        return period
    }

    /// The kth occurrence (from 0), or `nil` past the count, in a short month the rule skips,
    /// or after the year 9999.
    public func occurrence(_ k: Int) -> CalendarDate? {
        if case .date(let date) = slot(k) { return date }
        return nil
    }

    /// The occurrences on or before `date`, with their indexes, from index `first` on: what a
    /// sweep at `date` opens when the occurrences before `first` are open already.
    public func occurrences(through date: CalendarDate, from first: Int = 0) -> [(index: Int, date: CalendarDate)] {
        var found: [(index: Int, date: CalendarDate)] = []
        var k = max(first, 0)
        // Every period moves forward, so the first date after `date` ends it; a skipped short
        // month has no date but the ones after it do.
        while true {
            switch slot(k) {
            case .date(let occurrence):
                if occurrence > date { return found }
                found.append((k, occurrence))
            case .skipped:
                break
            case .none:
                return found
            }
            k += 1
        }
    }

    /// What the kth place of the recurrence holds.
    private enum Slot {
        case date(CalendarDate)
        /// A month too short for the start's day, which the rule skips.
        case skipped
        /// Past the count or the year 9999.
        case none
    }

    private func slot(_ k: Int) -> Slot {
        guard k >= 0, count.map({ k < $0 }) ?? true else { return .none }
        let (monthSteps, monthsOverflow) = k.multipliedReportingOverflow(by: period.totalMonths)
        let (daySteps, daysOverflow) = k.multipliedReportingOverflow(by: period.days)
        // Ten thousand years is about 3.65 million days or 120 000 months.
        guard !monthsOverflow, !daysOverflow, monthSteps <= 120_000, daySteps <= 3_700_000 else { return .none }
        let months = (start.month - 1) + monthSteps
        let year = start.year + months / 12
        let month = months % 12 + 1
        guard year <= 9999 else { return .none }
        var day = start.day
        let length = CalendarDate.daysIn(month: month, year: year)
        if day > length {
            guard shortMonths == .lastDay else { return .skipped }
            day = length
        }
        guard let date = CalendarDate(year: year, month: month, day: day) else { return .none }
        let shifted = date.adding(days: daySteps)
        return shifted.year <= 9999 ? .date(shifted) : .none
    }

    /// `R/2026-01-01/P1M`, `R4/2026-01-01/P3M`.
    public var description: String {
        "R\(count.map(String.init) ?? "")/\(start)/\(period)"
    }
}

/// Where a date that is not a working day moves ("by the 10th", and the 10th is a Sunday).
public enum WorkingDayAdjustment: String, Sendable, Hashable, CaseIterable {
    /// To the first working day after it.
    case nextWorkingDay = "next-working-day"
    /// To the last working day before it.
    case previousWorkingDay = "previous-working-day"
}
