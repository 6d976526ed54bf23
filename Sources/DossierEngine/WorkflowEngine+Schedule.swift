import DossierDefinition
import Foundation

/// One occurrence of a workflow's `<schedule>`: the dossier it starts, and when.
public struct Occurrence: Sendable, Hashable {
    /// The day the duty is due by, moved off a non-working day where the schedule asks.
    public var dueOn: CalendarDate
    /// The day its dossier starts: the due day of the recurrence (before any moving) less the
    /// schedule's `opens-before`.
    public var startsOn: CalendarDate

    /// Creates an occurrence.
    public init(dueOn: CalendarDate, startsOn: CalendarDate) {
        self.dueOn = dueOn
        self.startsOn = startsOn
    }
}

/// Dossiers time starts by itself: the occurrences of the workflow's schedule are computed
/// from its start (start + k·period), so a sweep every hour and one a year later find the same
/// ones; each starts a dossier for the holder the office found, due by its day.
extension WorkflowEngine {
    /// The occurrences whose dossiers start on a day from `first` through the day of `time`,
    /// earliest first; none when the workflow has no schedule.
    public func occurrences(startingFrom first: CalendarDate, through time: Date) throws(Refusal) -> [Occurrence] {
        guard let schedule = definition.schedule else { return [] }
        let today = localTime.date(of: time)
        var found: [Occurrence] = []
        for (_, day) in schedule.recurrence.occurrences(through: today.adding(days: schedule.lead)) {
            let startsOn = day.adding(days: -schedule.lead)
            guard startsOn >= first else { continue }
            found.append(Occurrence(dueOn: try adjusted(day, schedule.adjustment), startsOn: startsOn))
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
