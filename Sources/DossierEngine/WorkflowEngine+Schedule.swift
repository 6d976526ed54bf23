import DossierDefinition
import Foundation

/// One occurrence of a workflow's `<schedule>`: the dossier it starts, and when.
public struct Occurrence: Sendable, Hashable {
    /// The recurrence's own day for it (before any moving): what the schedule's cursor counts.
    public var day: CalendarDate
    /// The day the duty is due by, moved off a non-working day where the schedule asks.
    public var dueOn: CalendarDate
    /// The day its dossier starts: `opens-before` days before the earlier of its day and its
    /// due day, so a due day moved back never leaves a dossier late when it starts.
    public var startsOn: CalendarDate

    /// Creates an occurrence.
    public init(day: CalendarDate, dueOn: CalendarDate, startsOn: CalendarDate) {
        self.day = day
        self.dueOn = dueOn
        self.startsOn = startsOn
    }
}

/// Dossiers time starts by itself: the occurrences of the workflow's schedule are computed
/// from its start (start + k·period), so a sweep every hour and one a year later find the same
/// ones; each starts a dossier for the holder the office found, due by its day.
extension WorkflowEngine {
    /// The occurrences whose own day is `first` or later and whose dossiers start on or before
    /// the day of `time`, earliest first; none when the workflow has no schedule. A due day moved
    /// back to a working day starts its dossier earlier, so those are looked for as far ahead as
    /// a day can move.
    public func occurrences(from first: CalendarDate, through time: Date) throws(Refusal) -> [Occurrence] {
        guard let schedule = definition.schedule else { return [] }
        let today = localTime.date(of: time)
        var found: [Occurrence] = []
        let back = schedule.adjustment == .previousWorkingDay ? WorkingCalendar.longestAdjustment : 0
        let horizon = today.adding(days: schedule.lead + back)
        for (_, day) in schedule.recurrence.occurrences(through: horizon) where day >= first {
            let dueOn: CalendarDate
            do {
                dueOn = try adjusted(day, schedule.adjustment)
            } catch where day.adding(days: -schedule.lead) > today {
                // One not due to start unless moved back, on a calendar without its year yet.
                break
            }
            let startsOn = min(day, dueOn).adding(days: -schedule.lead)
            // Start days never go down from one occurrence to the next, so the first in the future ends the search.
            guard startsOn <= today else { break }
            found.append(Occurrence(day: day, dueOn: dueOn, startsOn: startsOn))
        }
        return found
    }

    /// `day`, moved off a non-working day of the workflow's calendar when `adjustment` says so.
    func adjusted(_ day: CalendarDate, _ adjustment: WorkingDayAdjustment?) throws(Refusal) -> CalendarDate {
        guard let adjustment else { return day }
        let calendarID = definition.calendarID ?? ""
        guard let calendar = calendars[calendarID] else {
            throw .calendar("calendar \(calendarID) is not deployed; deploy Workflows/calendars/\(calendarID).xml")
        }
        do {
            return try WorkingCalendar(calendar, uncoveredYears: definition.uncoveredYears).adjusted(day, adjustment).date
        } catch {
            throw .calendar(error.description)
        }
    }

    /// Starts the dossier of `occurrence`, numbered `id`, at `time`: the schedule's date field
    /// holds the due day and its roles are `holders` (the role the duty falls to, and any other
    /// role bound by the schedule). The log names ``systemActor`` as the starter.
    public func start(_ occurrence: Occurrence, id: Int, holders: [String: String], staff: [String: StaffMember],
                      at time: Date) throws(Refusal) -> Step {
        guard let schedule = definition.schedule else { throw .notScheduled(workflow: definition.id) }
        let system = StaffMember(id: Self.systemActor, name: "Dossier", roles: [])
        return try start(id: id, fields: [schedule.dateFieldID: occurrence.dueOn.description], assignments: holders,
                         assignable: .scheduled, actor: system, staff: staff, at: time)
    }
}
