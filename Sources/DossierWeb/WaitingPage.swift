import DossierOffice
import Foundation

/// "Waiting for me": the tasks and sign-offs a person may act on, overdue first (the latest
/// most), then oldest first; filtered by workflow, role and lateness, fifty to a page.
package struct WaitingPage {
    /// What the person asked to see.
    package struct Filter: Sendable, Hashable {
        package var workflow: String?
        package var role: String?
        package var overdueOnly: Bool
        /// The whole department's: what waits for each of its people.
        package var department: Bool
        package var page: Int

        package init(workflow: String?, role: String?, overdueOnly: Bool, department: Bool = false, page: Int) {
            self.workflow = workflow
            self.role = role
            self.overdueOnly = overdueOnly
            self.department = department
            self.page = max(1, page)
        }

        /// The query string that asks for this filter on page `page`.
        func query(page: Int) -> String {
            var items: [String] = []
            if let workflow { items.append("workflow=" + PageLinks.escape(workflow)) }
            if let role { items.append("role=" + PageLinks.escape(role)) }
            if overdueOnly { items.append("overdue=1") }
            if department { items.append("scope=department") }
            if page > 1 { items.append("page=\(page)") }
            return items.isEmpty ? "" : "?" + items.joined(separator: "&")
        }
    }

    /// Lines to a page.
    package static let pageSize = 50

    package var lines: [PendingLine]
    package var filter: Filter
    package var dates: PageDates
    /// In a department's view, whom each task waits for, by task.
    package var people: [Int: [String]]

    package init(lines: [PendingLine], filter: Filter, dates: PageDates, people: [Int: [String]] = [:]) {
        self.lines = lines
        self.filter = filter
        self.dates = dates
        self.people = people
    }

    /// The lines in the order the page lists them: overdue first, the latest most, then oldest.
    static func ordered(_ lines: [PendingLine]) -> [PendingLine] {
        lines.enumerated().sorted { left, right in
            let (a, b) = (left.element.workingDaysLate ?? -1, right.element.workingDaysLate ?? -1)
            return a != b ? a > b : left.offset < right.offset
        }.map(\.element)
    }

    /// The page's values for its template.
    package func values() -> [String: Any] {
        let chosen = lines.filter { line in
            (filter.workflow == nil || line.task.workflowID == filter.workflow)
                && (filter.role == nil || line.task.roleID == filter.role)
                && (!filter.overdueOnly || line.workingDaysLate != nil)
        }
        let ordered = Self.ordered(chosen)
        let pages = max(1, (ordered.count + Self.pageSize - 1) / Self.pageSize)
        let page = min(filter.page, pages)
        let shown = ordered.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize)
        var values: [String: Any] = [
            "count_all": lines.count,
            "count_overdue": lines.filter { $0.workingDaysLate != nil }.count,
            "count_signoffs": lines.filter { !$0.waiting.isEmpty || $0.mayApprove }.count,
            "count_shown": chosen.count,
            "rows": shown.map(row),
            "empty": shown.isEmpty,
            "workflows": options(lines.map(\.task.workflowID), chosen: filter.workflow),
            "roles": options(lines.compactMap(\.task.roleID), chosen: filter.role),
            "overdue_only": filter.overdueOnly,
            "department": filter.department,
        ]
        values["pagination"] = PageLinks.pagination(page: page, pages: pages) { "/waiting" + filter.query(page: $0) }
        return values
    }

    private func row(_ line: PendingLine) -> [String: Any] {
        var row: [String: Any] = [
            "task": line.task.id,
            "dossier": line.task.dossierID,
            "workflow": line.task.workflowID,
            "state": line.task.stateID,
            "state_title": line.stateTitle ?? line.task.stateID,
            "role": line.task.roleID ?? "",
            "assignee": line.task.assignee ?? "",
            "opened": dates.moment(line.task.openedAt),
            "may_approve": line.mayApprove,
            "for": (people[line.task.id] ?? []).joined(separator: ", "),
        ]
        if let due = line.task.dueAt { row["due"] = dates.deadline(due) }
        if let late = line.workingDaysLate { row["late"] = late; row["is_late"] = true }
        let waiting = line.waiting.map { "\($0.role): \($0.person ?? "—")" } + line.approvers
        if !waiting.isEmpty { row["waiting"] = waiting.joined(separator: ", ") }
        if !line.openTo.isEmpty { row["open_to"] = line.openTo.joined(separator: ", ") }
        return row
    }

    private func options(_ values: [String], chosen: String?) -> [[String: Any]] {
        Set(values).sorted().map { ["value": $0, "selected": $0 == chosen] }
    }
}
