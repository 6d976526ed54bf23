import DossierDefinition
import Foundation

/// What a dossier is waiting for: signatures still missing, and how late its task is.
extension WorkflowEngine {
    /// A signature an action of the current state still needs.
    public struct AwaitedSignature: Sendable, Hashable {
        /// The action to be signed.
        public var action: String
        /// The role that must sign.
        public var role: String
        /// The person holding that role, if anyone does.
        public var person: String?

        /// Creates an awaited signature.
        public init(action: String, role: String, person: String?) {
            self.action = action
            self.role = role
            self.person = person
        }
    }

    /// The signatures still missing in `dossier`'s current state, in the workflow's order. With
    /// `begunOnly`, only for actions someone has already signed (what a sign-off is waiting for,
    /// as opposed to what nobody has started).
    public func awaitedSignatures(in dossier: Dossier, action: String? = nil, begunOnly: Bool = false) -> [AwaitedSignature] {
        guard !dossier.isFinished, let state = definition.state(dossier.stateID) else { return [] }
        return state.transitions.filter { action == nil || $0.action == action }.flatMap { transition -> [AwaitedSignature] in
            let given = dossier.signOffs[transition.action] ?? [:]
            if begunOnly, given.isEmpty { return [] }
            return transition.signOffRoleIDs.filter { given[$0] == nil }
                .map { AwaitedSignature(action: transition.action, role: $0, person: dossier.assignments[$0]) }
        }
    }

    /// Working days after the day a task was due, up to `now`'s day, on the workflow's
    /// calendar (calendar days when it names none); `nil` when the calendar has no data for a
    /// day in between. A task due today is 0 days late.
    public func workingDaysLate(due: Date, at now: Date) -> Int? {
        let dueDay = localTime.date(of: due.addingTimeInterval(-1))
        let today = localTime.date(of: now)
        guard today > dueDay else { return 0 }
        guard let calendarID = definition.calendarID, let calendar = calendars[calendarID] else {
            return today.dayNumber - dueDay.dayNumber
        }
        let working = WorkingCalendar(calendar, uncoveredYears: definition.uncoveredYears)
        var count = 0
        var day = dueDay
        while day < today {
            day = day.adding(days: 1)
            guard let status = try? working.day(day) else { return nil }
            if status.isWorkday { count += 1 }
        }
        return count
    }
}
