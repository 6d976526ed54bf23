import DossierOffice
import DossierStore
import DossierWeb
import Foundation
import Testing

/// "Waiting for me" as values for its template: the order, the filters, the counts and pages.
@Suite("Waiting for me")
struct WaitingPageTests {
    static let dates = PageDates(language: .chinese, timeZone: TimeZone(identifier: "Asia/Shanghai") ?? .gmt)

    /// Task `id`, opened `id` hours after the start, of workflow `workflow`; late by `late` working days when given.
    static func line(_ id: Int, workflow: String = "loan-intake", late: Int? = nil) -> PendingLine {
        let opened = Date(timeIntervalSince1970: 1_772_000_000 + Double(id) * 3600)
        let task = TaskSummary(id: id, dossierID: id, number: 1, workflowID: workflow, workflowVersion: 1, stateID: "compiling", roleID: "a",
                               assignee: "alice", openedAt: opened, dueAt: opened.addingTimeInterval(86_400), closedAt: nil, closedBy: nil, action: nil)
        return PendingLine(task: task, workingDaysLate: late)
    }

    static func tasks(_ values: [String: Any]) -> [Int] {
        (values["rows"] as? [[String: Any]] ?? []).compactMap { $0["task"] as? Int }
    }

    @Test("overdue first, the latest most; then the oldest; the counts are of everything waiting")
    func order() {
        let lines = [Self.line(1), Self.line(2, late: 1), Self.line(3), Self.line(4, late: 5), Self.line(5, late: 1)]
        let values = WaitingPage(lines: lines, filter: .init(workflow: nil, role: nil, overdueOnly: false, page: 1), dates: Self.dates).values()
        #expect(Self.tasks(values) == [4, 2, 5, 1, 3])
        #expect(values["count_all"] as? Int == 5)
        #expect(values["count_overdue"] as? Int == 3)
    }

    @Test("fifty to a page, with links that keep the filter; a page past the end shows the last")
    func pages() throws {
        let lines = (1...120).map { Self.line($0, workflow: $0.isMultiple(of: 2) ? "borrow" : "loan-intake") }
        let filter = WaitingPage.Filter(workflow: nil, role: nil, overdueOnly: false, page: 2)
        let second = WaitingPage(lines: lines, filter: filter, dates: Self.dates).values()
        #expect(Self.tasks(second) == Array(51...100))
        let bar = try #require(second["pagination"] as? [String: Any])
        #expect(bar["pages"] as? Int == 3)
        #expect(bar["previous"] as? String == "/waiting")
        #expect(bar["next"] as? String == "/waiting?page=3")

        let borrow = WaitingPage.Filter(workflow: "borrow", role: nil, overdueOnly: false, page: 9)
        let last = WaitingPage(lines: lines, filter: borrow, dates: Self.dates).values()
        #expect(Self.tasks(last) == Array(stride(from: 102, through: 120, by: 2)), "60 borrow tasks: the second page, the last, has 10")
        #expect((last["pagination"] as? [String: Any])?["previous"] as? String == "/waiting?workflow=borrow")
        #expect(last["count_shown"] as? Int == 60)
    }

    @Test("overdue only keeps the late ones; the department's view says whom each waits for")
    func filters() {
        let lines = [Self.line(1), Self.line(2, late: 2)]
        let late = WaitingPage(lines: lines, filter: .init(workflow: nil, role: nil, overdueOnly: true, page: 1), dates: Self.dates).values()
        #expect(Self.tasks(late) == [2])
        let department = WaitingPage(lines: lines, filter: .init(workflow: nil, role: nil, overdueOnly: false, department: true, page: 1),
                                     dates: Self.dates, people: [1: ["alice"], 2: ["alice", "bob"]]).values()
        let rows = department["rows"] as? [[String: Any]] ?? []
        #expect(rows.first?["for"] as? String == "alice, bob")
        #expect(department["department"] as? Bool == true)
    }

    @Test("a deadline is shown as the last minute of its day, as the command line shows it")
    func deadline() {
        // 2026-03-28 00:00 in Shanghai: a deadline "by 27 March".
        let due = Date(timeIntervalSince1970: 1_774_627_200)
        #expect(Self.dates.deadline(due) == "2026年3月27日 23:59")
        #expect(PageDates(language: .english, timeZone: TimeZone(identifier: "Asia/Shanghai") ?? .gmt).deadline(due) == "27 Mar 2026, 23:59")
    }
}
