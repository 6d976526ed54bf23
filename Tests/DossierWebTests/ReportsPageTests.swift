import DossierEngine
import DossierWeb
import Foundation
import Testing

/// The reports page's values: charts per department, people fifty to a page.
@Suite("Reports page")
struct ReportsPageTests {
    static let dates = PageDates(language: .english, timeZone: TimeZone(identifier: "Asia/Shanghai") ?? .gmt)

    @Test("the latest month's people, fifty to a page, with each one's rate; a chart per rate")
    func people() throws {
        let counted = (1...60).map { PerformanceReport.DeadlineCount(person: String(format: "p%02d", $0), isDuty: false, deadlines: 4, met: $0 % 5) }
        let report = PerformanceReport(counted: counted, reviews: [], department: { _ in "loans" })
        let second = ReportsPage(months: [("2026-02", report), ("2026-03", report)], dates: Self.dates, words: [:], page: 2).values()
        let people = try #require(second["people"] as? [[String: Any]])
        #expect(people.count == 10)
        #expect(people.first?["name"] as? String == "p51")
        #expect(people.first?["on_time_rate"] as? String == "25%")
        #expect((second["pagination"] as? [String: Any])?["previous"] as? String == "/reports?page=1")
        #expect(second["latest_month"] as? String == "March 2026")
        #expect((second["on_time_chart"] as? String)?.contains("<svg") == true)
        let first = ReportsPage(months: [("2026-03", report)], dates: Self.dates, words: [:]).values()
        #expect((first["people"] as? [[String: Any]])?.count == 50)
    }
}
