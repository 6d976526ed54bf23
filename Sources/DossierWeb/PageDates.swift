import Foundation

/// Moments and days as people write them: `2026年3月25日 15:12` in Chinese, `25 Mar 2026, 15:12`
/// in English, in the office's time zone.
package struct PageDates: Sendable {
    /// The language the dates are written in.
    package let language: PageLanguage
    private let moment: DateFormatter
    private let day: DateFormatter
    private let month: DateFormatter

    package init(language: PageLanguage, timeZone: TimeZone) {
        self.language = language
        func formatter(_ format: String) -> DateFormatter {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: language == .chinese ? "zh_CN" : "en_GB")
            formatter.timeZone = timeZone
            formatter.dateFormat = format
            return formatter
        }
        moment = formatter(language == .chinese ? "yyyy年M月d日 HH:mm" : "d MMM yyyy, HH:mm")
        day = formatter(language == .chinese ? "yyyy年M月d日" : "d MMM yyyy")
        month = formatter(language == .chinese ? "yyyy年M月" : "MMMM yyyy")
    }

    /// A moment to the minute.
    package func moment(_ date: Date) -> String { moment.string(from: Self.wholeSeconds(date)) }
    /// A deadline: the moment it passes is the start of the next day (or minute), so it is
    /// shown as the last minute before it, as the command line shows it (`3月27日 23:59`).
    package func deadline(_ date: Date) -> String { moment(date.addingTimeInterval(-1)) }
    /// The last day of a deadline.
    package func deadlineDay(_ date: Date) -> String { day(date.addingTimeInterval(-1)) }
    /// The day of a moment.
    package func day(_ date: Date) -> String { day.string(from: Self.wholeSeconds(date)) }

    /// A deadline is the last instant of its day (23:59:59.999…): cut to the second, it is
    /// shown within its day, as the command line shows it, not rounded into the next.
    private static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSinceReferenceDate: date.timeIntervalSinceReferenceDate.rounded(.down))
    }
    /// A month given as `YYYY-MM`, or the text itself when it is not one.
    package func month(_ text: String) -> String {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let number = Int(parts[1]),
              let date = Calendar(identifier: .gregorian).date(from: DateComponents(timeZone: month.timeZone, year: year, month: number, day: 15))
        else { return text }
        return month.string(from: date)
    }
}
