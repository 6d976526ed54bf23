import DossierEngine
import Foundation
import Testing

/// Local time read from the system's zone database agrees with Foundation's time zones, and
/// falls back to them where the database cannot answer.
@Suite("Engine: local time from the zone database")
struct ZoneDatabaseTests {
    /// Moments from 1970 to 2100, about every 17 days, and the hours around each of China's
    /// daylight-saving changes of 1986–1991.
    static let moments: [Date] = {
        var moments = stride(from: 0.0, to: 4_102_444_800, by: 1_468_800).map { Date(timeIntervalSince1970: $0) }
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        var transition = Date(timeIntervalSince1970: 0)
        while let next = shanghai.nextDaylightSavingTimeTransition(after: transition), next.timeIntervalSince1970 < 700_000_000 {
            moments += [-3601, -1, 0, 1, 3601].map { next.addingTimeInterval($0) }
            transition = next
        }
        return moments
    }()

    @Test("offsets agree with Foundation's", arguments: ["Asia/Shanghai", "Asia/Kolkata", "Asia/Tokyo", "Asia/Kathmandu", "UTC", "Africa/Lagos"])
    func agreesWithFoundation(zone: String) throws {
        let local = try #require(LocalTime(identifier: zone))
        let foundation = try #require(TimeZone(identifier: zone))
        for moment in Self.moments {
            #expect(local.offset(at: moment) == foundation.secondsFromGMT(for: moment), "\(zone) at \(moment)")
        }
        #expect(local.identifier == zone)
        #expect(local.timeZone.identifier == foundation.identifier)
    }

    @Test("China's summer time of 1986–1991 is in the offsets")
    func chinaSummerTime() throws {
        let beijing = try #require(LocalTime(identifier: "Asia/Shanghai"))
        // 1988-07-01 00:00 UTC was 09:00 in Beijing (UTC+9); 1988-12-01 00:00 UTC was 08:00.
        #expect(beijing.offset(at: Date(timeIntervalSince1970: 583_718_400)) == 9 * 3600)
        #expect(beijing.offset(at: Date(timeIntervalSince1970: 596_937_600)) == 8 * 3600)
        #expect(beijing.iso(Date(timeIntervalSince1970: 583_718_400)) == "1988-07-01T09:00:00+09:00")
    }

    @Test("zones that still change their clocks, and zones the database lacks, come from Foundation")
    func fallback() throws {
        let newYork = try #require(LocalTime(identifier: "America/New_York"))
        #expect(newYork.offset(at: Date(timeIntervalSince1970: 1_782_864_000)) == -4 * 3600)  // 2026-07-01
        #expect(newYork.offset(at: Date(timeIntervalSince1970: 1_796_083_200)) == -5 * 3600)  // 2026-12-01
        let fixed = try #require(LocalTime(identifier: "GMT+0530"))
        #expect(fixed.offset(at: Date(timeIntervalSince1970: 1_796_083_200)) == 5 * 3600 + 1800)
    }

    @Test("a zone nobody knows is refused", arguments: ["Mars/Olympus_Mons", "", "../../etc/passwd", "Asia/../../../etc/hostname"])
    func unknown(zone: String) {
        #expect(LocalTime(identifier: zone) == nil)
    }
}
