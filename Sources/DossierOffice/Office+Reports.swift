import DossierDefinition
import DossierEngine
import DossierStore
import Foundation

/// A person in the directory with their open tasks.
package struct StaffDetail: Sendable, Hashable {
    package var member: StaffMember
    package var openTasks: [TaskSummary]
}

extension Office {
    /// Person `id` and the tasks open for them.
    package func staffDetail(_ id: String) throws -> StaffDetail {
        guard let member = try store.staffMember(id) else {
            throw OfficeError.refused("nobody called \(id) is in the staff directory; see `dossier staff list`")
        }
        return StaffDetail(member: member, openTasks: try store.tasks(TaskQuery(assignee: id)))
    }

    /// On-time and completeness rates of `month` (`YYYY-MM`) by department and person: of the
    /// tasks due in the month whose deadline has passed, those closed by it (duties also
    /// counted apart); of the hand-overs
    /// reviewed in the month, those accepted without a supplementary list, credited to the
    /// person who handed over.
    package func performance(month: String) throws -> PerformanceReport {
        try performance(months: [month])[0]
    }

    /// `performance(month:)` of each of `months`, the deadlines of all of them counted by the
    /// store in one pass (a month of a large office has hundreds of thousands).
    package func performance(months: [String]) throws -> [PerformanceReport] {
        let periods = try months.map { month -> Range<Date> in
            guard let first = CalendarDate(iso: month + "-01") else { throw OfficeError.invalid("month \(month) is not a month such as 2026-03") }
            let next = first.adding(days: CalendarDate.daysIn(month: first.month, year: first.year))
            return Self.localTime.startOf(first)..<Self.localTime.startOf(next)
        }
        var counted = Array(repeating: [PerformanceReport.DeadlineCount](), count: months.count)
        for tally in try store.deadlineTally(within: periods, passedBy: time) {
            let definition = try engine(workflow: tally.workflowID, version: tally.workflowVersion).definition
            counted[tally.period].append(PerformanceReport.DeadlineCount(person: tally.person,
                                                                         isDuty: definition.timer(tally.stateID) != nil || definition.schedule != nil,
                                                                         deadlines: tally.deadlines, met: tally.met))
        }
        let staff = Dictionary(try store.staffDirectory().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return try zip(months, periods).enumerated().map { index, month in
            PerformanceReport(counted: counted[index], reviews: try reviews(within: month.1), cuts: try performanceCuts(month: month.0)) {
                staff[$0]?.department
            }
        }
    }

    /// The hand-overs reviewed within `range`, each credited to the person who handed over.
    private func reviews(within range: Range<Date>) throws -> [PerformanceReport.Review] {
        var reviews: [PerformanceReport.Review] = []
        for task in try store.tasks(TaskQuery(closedWithin: range)) {
            let engine = try engine(workflow: task.workflowID, version: task.workflowVersion)
            guard let state = engine.definition.state(task.stateID),
                  state.transitions.contains(where: { $0.effects.contains(.issueSupplementaryList) }),
                  let action = task.action, let taken = state.transition(action) else { continue }
            // The hand-over under review is the dossier's previous task of a state (not a duty's).
            let previous = try store.tasks(TaskQuery(dossierID: task.dossierID, includeClosed: true))
                .filter { $0.number < task.number && engine.definition.timer($0.stateID) == nil }.max { $0.number < $1.number }
            guard let person = previous?.assignee ?? previous?.closedBy else { continue }
            reviews.append(PerformanceReport.Review(person: person, isComplete: !taken.effects.contains(.issueSupplementaryList)))
        }
        return reviews
    }

    /// The performance-pay cut that applies to each person's `month`: the widest range of the
    /// escalations with a `performance-cut` that one of their fines of the month reached (its
    /// nth in the month at or past the rule's `from-nth`, not waived).
    func performanceCuts(month: String) throws -> [String: ClosedRange<Int>] {
        var cuts: [String: ClosedRange<Int>] = [:]
        // A fine's nth is its place among its payer's fines of its month and scope, so the
        // month's entries are all it takes.
        for priced in FineLedger.price(try store.fineEntries(month: month)) {
            let fine = priced.entry.occurrence
            guard let nth = priced.nth, let from = fine.escalationFromNth, nth >= from,
                  let cut = try engine(workflow: fine.workflowID, version: fine.workflowVersion).definition.fine(fine.ruleID)?.escalation?.performanceCut
            else { continue }
            let known = cuts[fine.payer]
            cuts[fine.payer] = min(known?.lowerBound ?? cut.lowerBound, cut.lowerBound)...max(known?.upperBound ?? cut.upperBound, cut.upperBound)
        }
        return cuts
    }
}
