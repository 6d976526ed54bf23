import DossierEngine
import Foundation

/// On-time and completeness rates month by month: per department as charts, per person as a
/// table of the latest month.
package struct ReportsPage {
    /// The months shown, oldest first, each with its report.
    package var months: [(month: String, report: PerformanceReport)]
    package var dates: PageDates
    package var words: [String: String]
    /// The page of the people's table.
    package var page: Int

    package init(months: [(month: String, report: PerformanceReport)], dates: PageDates, words: [String: String], page: Int = 1) {
        self.months = months
        self.dates = dates
        self.words = words
        self.page = max(1, page)
    }

    /// The page's values for its template.
    package func values() -> [String: Any] {
        let labels = months.map { dates.month($0.month) }
        let departments = Set(months.flatMap { $0.report.lines.filter { $0.scope == "department" }.map(\.name) }).sorted()
        func series(_ rate: (PerformanceReport.Line) -> Decimal?) -> [(name: String, rates: [Double?])] {
            departments.map { department in
                (department, months.map { month in
                    month.report.lines.first { $0.scope == "department" && $0.name == department }.flatMap(rate)
                        .map { NSDecimalNumber(decimal: $0).doubleValue / 100 }
                })
            }
        }
        let onTime = RateChart(title: words["on_time_rate"] ?? "on time", months: labels, series: series(\.onTimeRate), language: dates.language)
        let complete = RateChart(title: words["completeness_rate"] ?? "complete", months: labels, series: series(\.completenessRate), language: dates.language)
        let latest = months.last
        let people = (latest?.report.lines ?? []).filter { $0.scope == "person" }.map { line -> [String: Any] in
            [
                "name": line.name,
                "department": line.department ?? "",
                "deadlines": line.deadlines,
                "on_time": line.onTime,
                "on_time_rate": Self.percent(line.onTimeRate),
                "reviews": line.reviews,
                "complete": line.complete,
                "completeness_rate": Self.percent(line.completenessRate),
                "cut": line.performanceCut.map { "\($0.lowerBound)–\($0.upperBound)%" } ?? "",
            ]
        }
        let pages = max(1, (people.count + WaitingPage.pageSize - 1) / WaitingPage.pageSize)
        let page = min(self.page, pages)
        let shown = Array(people.dropFirst((page - 1) * WaitingPage.pageSize).prefix(WaitingPage.pageSize))
        return [
            "pagination": PageLinks.pagination(page: page, pages: pages) { "/reports?page=\($0)" },
            "on_time_chart": onTime.svg,
            "completeness_chart": complete.svg,
            "latest_month": latest.map { dates.month($0.month) } ?? "",
            "people": shown,
            "has_people": !people.isEmpty,
        ]
    }

    static func percent(_ rate: Decimal?) -> String {
        guard let rate else { return "–" }
        return "\(NSDecimalNumber(decimal: rate).stringValue)%"
    }
}
