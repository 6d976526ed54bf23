import DossierEngine
import Foundation

/// The register (档案登记本): archived dossiers in the order of registration, searched by
/// archive number, customer (any field the register shows) and day of registration, fifty to
/// a page.
package struct RegisterPage {
    /// What the person searched for.
    package struct Search: Sendable, Hashable {
        package var number: String?
        package var text: String?
        /// Registered on or after, and on or before (`YYYY-MM-DD`).
        package var from: String?
        package var through: String?
        package var page: Int

        package init(number: String?, text: String?, from: String?, through: String?, page: Int) {
            self.number = number
            self.text = text
            self.from = from
            self.through = through
            self.page = max(1, page)
        }

        func query(page: Int) -> String {
            var items: [String] = []
            if let number { items.append("number=" + PageLinks.escape(number)) }
            if let text { items.append("q=" + PageLinks.escape(text)) }
            if let from { items.append("from=" + PageLinks.escape(from)) }
            if let through { items.append("through=" + PageLinks.escape(through)) }
            if page > 1 { items.append("page=\(page)") }
            return items.isEmpty ? "" : "?" + items.joined(separator: "&")
        }
    }

    package var lines: [RegisterLine]
    package var search: Search
    package var dates: PageDates
    /// The day of a moment as `YYYY-MM-DD` in the office's zone, to compare with the search's days.
    package var isoDay: (Date) -> String

    package init(lines: [RegisterLine], search: Search, dates: PageDates, isoDay: @escaping (Date) -> String) {
        self.lines = lines
        self.search = search
        self.dates = dates
        self.isoDay = isoDay
    }

    /// The page's values for its template.
    package func values() -> [String: Any] {
        let found = lines.filter(matches)
        let pages = max(1, (found.count + WaitingPage.pageSize - 1) / WaitingPage.pageSize)
        let page = min(search.page, pages)
        let shown = found.dropFirst((page - 1) * WaitingPage.pageSize).prefix(WaitingPage.pageSize)
        return [
            "rows": shown.map(row),
            "count": found.count,
            "empty": shown.isEmpty,
            "number": search.number ?? "",
            "q": search.text ?? "",
            "from": search.from ?? "",
            "through": search.through ?? "",
            "pagination": PageLinks.pagination(page: page, pages: pages) { "/register" + search.query(page: $0) },
        ]
    }

    private func matches(_ line: RegisterLine) -> Bool {
        if let number = search.number, !line.archiveNumber.localizedCaseInsensitiveContains(number) { return false }
        if let text = search.text {
            let values = line.fields.compactMap(\.value) + line.people.compactMap(\.person)
            if !values.contains(where: { $0.localizedCaseInsensitiveContains(text) }) { return false }
        }
        let day = isoDay(line.registeredAt)
        if let from = search.from, day < from { return false }
        if let through = search.through, day > through { return false }
        return true
    }

    private func row(_ line: RegisterLine) -> [String: Any] {
        var row: [String: Any] = [
            "number": line.archiveNumber,
            "dossier": line.dossierID,
            "workflow": line.workflowID,
            "registered": dates.day(line.registeredAt),
            "particulars": (line.fields.compactMap { field in field.value.map { "\(field.title): \($0)" } }
                + line.people.compactMap { holder in holder.person.map { "\(holder.title): \($0)" } }).joined(separator: " · "),
            "items": line.items,
            "pages": line.pages,
        ]
        if let destruction = line.destruction { row["destroyed"] = dates.day(destruction.at) }
        return row
    }
}
