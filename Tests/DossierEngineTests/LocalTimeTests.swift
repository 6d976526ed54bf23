import DossierDefinition
import DossierEngine
import Foundation
import Testing

/// Local dates, ends of days and timestamps in the company's time zone.
@Suite("Engine: local time and timestamps")
struct LocalTimeTests {
    static let beijing = LocalTime(TimeZone(identifier: "Asia/Shanghai")!)
    static let newYork = LocalTime(TimeZone(identifier: "America/New_York")!)

    /// The UTC moment `hours`:`minutes` on `date`, computed without any parser.
    static func utc(_ date: String, _ hours: Int, _ minutes: Int = 0, _ seconds: Int = 0) -> Date {
        let day = CalendarDate(iso: date)!.dayNumber
        return Date(timeIntervalSince1970: Double(day * 86_400 + hours * 3600 + minutes * 60 + seconds))
    }

    @Test("timestamps as users type them", arguments: [
        ("2026-03-02", utc("2026-03-01", 16)),
        ("2026-03-02T09:30", utc("2026-03-02", 1, 30)),
        ("2026-03-02 09:30", utc("2026-03-02", 1, 30)),
        ("2026-03-02T09:30:15", utc("2026-03-02", 1, 30, 15)),
        ("2026-03-02T01:30Z", utc("2026-03-02", 1, 30)),
        ("2026-03-02T09:30+08:00", utc("2026-03-02", 1, 30)),
        ("2026-03-02T02:30+01:00", utc("2026-03-02", 1, 30)),
        ("2026-03-01T20:30-05:00", utc("2026-03-02", 1, 30)),
        ("2026-03-02T00:00", utc("2026-03-01", 16)),
        ("2026-03-02T23:59:59", utc("2026-03-02", 15, 59, 59)),
    ])
    func parse(text: String, moment: Date) {
        #expect(Timestamps.parse(text) == moment)
        #expect(Self.beijing.parse(text) == moment)
    }

    @Test("text that is not a timestamp is refused", arguments: [
        "", "yesterday", "2026-3-2", "2026-02-30", "2026-02-30T09:00", "2026-03-02T24:00", "2026-03-02T09:60",
        "2026-03-02T9:30", "2026-03-02X09:30", "2026-03-02T09:30+8", "2026-03-02T09:30:61", "2026-03-02T09",
        // No zone on Earth is more than 14 hours from UTC, and an hour has 60 minutes.
        "2026-03-02T09:30+99:00", "2026-03-02T09:30-14:01", "2026-03-02T09:30+08:60",
    ])
    func parseRefuses(text: String) {
        #expect(Timestamps.parse(text) == nil)
    }

    @Test("a time without a zone is read in the zone given")
    func parseInZone() {
        #expect(Timestamps.parse("2026-03-02T09:30", timeZone: TimeZone(identifier: "UTC")!) == Self.utc("2026-03-02", 9, 30))
        #expect(Self.newYork.parse("2026-03-02T09:30") == Self.utc("2026-03-02", 14, 30))
        #expect(Self.newYork.parse("2026-07-02T09:30") == Self.utc("2026-07-02", 13, 30))
    }

    @Test("a moment of local mean time (Shanghai's +08:05:43 before 1901) is written in UTC and reads back as the same moment; moments before 1900 or past 9999 are refused (found by the field-value fuzzer)")
    func localMeanTime() throws {
        let moment = try #require(Self.beijing.parse("1900-06-01T12:00"))
        #expect(Self.beijing.iso(moment) == "1900-06-01T03:54:17Z")
        #expect(Self.beijing.parse(Self.beijing.iso(moment)) == moment)
        // Since standard time, the zone's own offset again.
        #expect(Self.beijing.iso(Self.utc("1950-01-01", 0)) == "1950-01-01T08:00:00+08:00")
        for text in ["1012-03-02", "0001-01-01", "1899-12-31T23:59Z", "9999-12-31"] {
            #expect(Self.beijing.parse(text) == nil, "\(text)")
        }
        #expect(Self.beijing.parse("9999-12-29T12:00") != nil)
    }

    @Test("ISO 8601 output carries the zone's offset", arguments: [
        ("Asia/Shanghai", "2026-03-02T09:30:00+08:00"),
        ("UTC", "2026-03-02T01:30:00Z"),
        ("Asia/Kolkata", "2026-03-02T07:00:00+05:30"),
        ("America/New_York", "2026-03-01T20:30:00-05:00"),
    ])
    func iso(zone: String, text: String) {
        let local = LocalTime(TimeZone(identifier: zone)!)
        let moment = Self.utc("2026-03-02", 1, 30)
        #expect(local.iso(moment) == text)
        #expect(local.parse(text) == moment)
    }

    @Test("minutes for people")
    func minutes() {
        #expect(Self.beijing.minutes(Self.utc("2026-03-02", 1, 30, 59)) == "2026-03-02 09:30")
        #expect(Self.beijing.minutes(Self.utc("2026-03-01", 16)) == "2026-03-02 00:00")
    }

    @Test("days start and end at local midnight, also across daylight-saving changes")
    func startAndEndOfDays() {
        #expect(Self.beijing.startOf(CalendarDate(iso: "2026-03-02")!) == Self.utc("2026-03-01", 16))
        #expect(Self.beijing.endOf(CalendarDate(iso: "2026-03-02")!) == Self.utc("2026-03-02", 16))
        // New York: summer time starts 2026-03-08 at 02:00 and ends 2026-11-01 at 02:00.
        #expect(Self.newYork.startOf(CalendarDate(iso: "2026-03-08")!) == Self.utc("2026-03-08", 5))
        #expect(Self.newYork.endOf(CalendarDate(iso: "2026-03-08")!) == Self.utc("2026-03-09", 4))
        #expect(Self.newYork.endOf(CalendarDate(iso: "2026-11-01")!) == Self.utc("2026-11-02", 5))
        #expect(Self.newYork.date(of: Self.utc("2026-03-09", 3, 59)) == CalendarDate(iso: "2026-03-08"))
        #expect(Self.newYork.date(of: Self.utc("2026-03-09", 4)) == CalendarDate(iso: "2026-03-09"))
    }

    @Test("a moment's local date", arguments: [
        (utc("2026-03-01", 15, 59, 59), "2026-03-01"),
        (utc("2026-03-01", 16), "2026-03-02"),
        (utc("2026-03-02", 15, 59, 59), "2026-03-02"),
        (utc("1969-12-31", 12), "1969-12-31"),
        (utc("1969-12-31", 16), "1970-01-01"),
    ])
    func localDate(moment: Date, date: String) {
        #expect(Self.beijing.date(of: moment) == CalendarDate(iso: date))
    }
}
