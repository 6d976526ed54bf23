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

        /// Creates a gap.
        public init(calendarID: String, year: Int) {
            self.calendarID = calendarID
            self.year = year
        }

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

/// Local dates, times and the ends of days in one time zone, by integer arithmetic on the
/// zone's UTC offset (no formatter, no calendar object: they cost a command more than its work).
///
/// Offsets come from the system's zone database where the zone's rules end in a fixed offset
/// (see `ZoneOffsets`), and from Foundation's `TimeZone` otherwise.
public struct LocalTime: Sendable, Hashable {
    /// The zone's identifier, e.g. `Asia/Shanghai`.
    public let identifier: String
    /// The zone's offsets as the zone database has them, when it does.
    private let offsets: ZoneOffsets?
    /// Foundation's zone, when one was given or the zone database could not answer.
    private let foundationZone: TimeZone?
    /// From this moment on the Foundation zone's offset never changes (no transition after it).
    private let stableSince: Date?
    private let stableOffset: Int

    /// The zone the company works in, as Foundation's `TimeZone`.
    public var timeZone: TimeZone {
        foundationZone ?? TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: offset(at: Date())) ?? .gmt
    }

    /// UTC, in which moments without a whole-minute offset are written.
    static let utc = LocalTime(.gmt)

    /// Creates a local time in `timeZone`.
    public init(_ timeZone: TimeZone) {
        self.init(identifier: timeZone.identifier, offsets: ZoneOffsets.load(timeZone.identifier), foundationZone: timeZone)
    }

    /// Creates a local time in the zone `identifier` (`Asia/Shanghai`), read from the zone
    /// database without loading Foundation's time zones where it can be; `nil` if neither the
    /// zone database nor Foundation knows the zone.
    public init?(identifier: String) {
        if let offsets = ZoneOffsets.load(identifier) {
            self.init(identifier: identifier, offsets: offsets, foundationZone: nil)
        } else if let zone = TimeZone(identifier: identifier) {
            self.init(identifier: identifier, offsets: nil, foundationZone: zone)
        } else {
            return nil
        }
    }

    private init(identifier: String, offsets: ZoneOffsets?, foundationZone: TimeZone?) {
        self.identifier = identifier
        self.offsets = offsets
        self.foundationZone = foundationZone
        guard offsets == nil, let timeZone = foundationZone else {
            stableSince = nil
            stableOffset = 0
            return
        }
        // Asking the zone for every moment costs more than a listing's rows; most zones have a
        // last transition after which the offset is constant.
        var last = Date(timeIntervalSince1970: 0)
        var steps = 0
        while let next = timeZone.nextDaylightSavingTimeTransition(after: last), steps < 1000 {
            last = next
            steps += 1
            if next.timeIntervalSinceNow > 0 { break }
        }
        if last.timeIntervalSinceNow <= 0, timeZone.nextDaylightSavingTimeTransition(after: last) == nil {
            stableSince = last
            stableOffset = timeZone.secondsFromGMT(for: last.addingTimeInterval(1))
        } else {
            stableSince = nil
            stableOffset = 0
        }
    }

    /// Seconds east of UTC at `moment`.
    public func offset(at moment: Date) -> Int {
        if let offsets { return offsets.offset(at: Int64((moment.timeIntervalSince1970).rounded(.down))) }
        if let stableSince, moment > stableSince { return stableOffset }
        return (foundationZone ?? .gmt).secondsFromGMT(for: moment)
    }

    /// The local date and seconds since local midnight of `moment`.
    public func split(_ moment: Date) -> (date: CalendarDate, seconds: Int) {
        let local = Int((moment.timeIntervalSince1970).rounded(.down)) + offset(at: moment)
        let days = Int((Double(local) / 86_400).rounded(.down))
        return (CalendarDate(dayNumber: days), local - days * 86_400)
    }

    /// The local date of `moment`.
    public func date(of moment: Date) -> CalendarDate { split(moment).date }

    /// The moment local `date` starts.
    public func startOf(_ date: CalendarDate) -> Date {
        let utcMidnight = Double(date.dayNumber) * 86_400
        // The offset at local midnight; taken at UTC midnight first, then corrected once.
        let guess = Date(timeIntervalSince1970: utcMidnight - Double(offset(at: Date(timeIntervalSince1970: utcMidnight))))
        return Date(timeIntervalSince1970: utcMidnight - Double(offset(at: guess)))
    }

    /// The first moment after `date` ends, local time: the moment a deadline "by `date`" passes.
    public func endOf(_ date: CalendarDate) -> Date { startOf(date.adding(days: 1)) }

    /// `2026-03-02 09:30`, for people.
    public func minutes(_ moment: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        appendMinutes(moment, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `2026-03-02T09:30:00+08:00`, ISO 8601 with the zone's offset, for scripts.
    public func iso(_ moment: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(25)
        appendISO(moment, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `minutes(moment)`'s UTF-8 bytes: listings of thousands of rows write their
    /// moments digit by digit rather than through string interpolation.
    public func appendMinutes(_ moment: Date, to bytes: inout [UInt8]) {
        let (date, seconds) = split(moment)
        var text = MomentText()
        text.append(date, UInt8(ascii: " "), seconds)
        text.write(to: &bytes)
    }

    /// Appends `iso(moment)`'s UTF-8 bytes. A moment whose offset is not a whole number of
    /// minutes (local mean time before a zone adopted standard time, such as +08:05:43 in
    /// Shanghai before 1901) is written in UTC, which ISO 8601 can say exactly.
    public func appendISO(_ moment: Date, to bytes: inout [UInt8]) {
        guard offset(at: moment) % 60 == 0 else {
            LocalTime.utc.appendISO(moment, to: &bytes)
            return
        }
        let (date, seconds) = split(moment)
        var text = MomentText()
        text.append(date, UInt8(ascii: "T"), seconds)
        text.append(UInt8(ascii: ":"))
        text.appendTwo(seconds % 60)
        let offset = self.offset(at: moment)
        if offset == 0 {
            text.append(UInt8(ascii: "Z"))
        } else {
            text.append(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            text.appendTwo(abs(offset) / 3600)
            text.append(UInt8(ascii: ":"))
            text.appendTwo(abs(offset) / 60 % 60)
        }
        text.write(to: &bytes)
    }
}

/// The text of one moment, assembled in a fixed buffer on the stack and appended to the output
/// in one piece.
private struct MomentText {
    private var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var count = 0

    mutating func append(_ byte: UInt8) {
        guard count < 32 else { return }
        withUnsafeMutableBytes(of: &storage) { $0[count] = byte }
        count += 1
    }

    /// Two digits of `value` (0…99).
    mutating func appendTwo(_ value: Int) {
        append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value / 10 % 10))
        append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10))
    }

    /// `2026-03-02`, the separator, then hours and minutes of `seconds` since midnight (years
    /// outside 0…9999 as `CalendarDate` writes them).
    mutating func append(_ date: CalendarDate, _ separator: UInt8, _ seconds: Int) {
        if (0...9999).contains(date.year) {
            appendTwo(date.year / 100)
            appendTwo(date.year % 100)
            append(UInt8(ascii: "-"))
            appendTwo(date.month)
            append(UInt8(ascii: "-"))
            appendTwo(date.day)
        } else {
            for byte in date.description.utf8 { append(byte) }
        }
        append(separator)
        appendTwo(seconds / 3600)
        append(UInt8(ascii: ":"))
        appendTwo(seconds / 60 % 60)
    }

    func write(to bytes: inout [UInt8]) {
        var storage = self.storage
        withUnsafeBytes(of: &storage) { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
    }
}

extension LocalTime {
    /// The moments a user may name, from 1900 to 9999: before 1900 zones kept local mean time,
    /// whose offsets of seconds ISO 8601 cannot write, and past 9999 a year has five digits.
    public static let acceptedMoments = Date(timeIntervalSince1970: -2_208_988_800)...Date(timeIntervalSince1970: 253_402_128_000)

    /// "from 1900 to 9999", as refusals say it.
    public static let acceptedMomentsText = "from 1900 to 9999"

    /// Parses `2026-03-02`, `2026-03-02T09:30`, `…T09:30:15`, optionally ending in `Z` or `±HH:MM`
    /// (at most 14 hours, as every zone on Earth); without a zone the time is local. A moment
    /// outside ``acceptedMoments`` is refused.
    public func parse(_ text: String) -> Date? {
        guard let moment = parseAnyYear(text), Self.acceptedMoments.contains(moment) else { return nil }
        return moment
    }

    private func parseAnyYear(_ text: String) -> Date? {
        guard let date = CalendarDate(iso: text.prefix(10)) else { return nil }
        var rest = Substring(text.dropFirst(10))
        if rest.isEmpty { return startOf(date) }
        guard rest.first == "T" || rest.first == " " else { return nil }
        rest = rest.dropFirst()
        func number(_ count: Int) -> Int? {
            guard rest.count >= count, rest.prefix(count).allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            defer { rest = rest.dropFirst(count) }
            return Int(rest.prefix(count))
        }
        guard let hours = number(2), rest.first == ":" else { return nil }
        rest = rest.dropFirst()
        guard let minutes = number(2), hours < 24, minutes < 60 else { return nil }
        var seconds = 0
        if rest.first == ":" {
            rest = rest.dropFirst()
            guard let value = number(2), value < 60 else { return nil }
            seconds = value
        }
        let localSeconds = Double(date.dayNumber) * 86_400 + Double(hours * 3600 + minutes * 60 + seconds)
        if rest.isEmpty {
            let guess = Date(timeIntervalSince1970: localSeconds - Double(offset(at: Date(timeIntervalSince1970: localSeconds))))
            return Date(timeIntervalSince1970: localSeconds - Double(offset(at: guess)))
        }
        if rest == "Z" { return Date(timeIntervalSince1970: localSeconds) }
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        rest = rest.dropFirst()
        guard let offsetHours = number(2) else { return nil }
        if rest.first == ":" { rest = rest.dropFirst() }
        // Zones on Earth run from -12:00 to +14:00; minutes are minutes.
        guard let offsetMinutes = number(2), rest.isEmpty, offsetMinutes < 60, offsetHours * 60 + offsetMinutes <= 14 * 60 else { return nil }
        let offset = (offsetHours * 3600 + offsetMinutes * 60) * (sign == "-" ? -1 : 1)
        return Date(timeIntervalSince1970: localSeconds - Double(offset))
    }
}
