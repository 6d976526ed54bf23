import Foundation

/// A deadline that runs across states (a workflow's `<deadlines>`, e.g. "the whole hand-over
/// within 5 days of the project's end"), as one dossier keeps it: when it falls due, on which
/// calendar version, and when the dossier reached the state that meets it.
public struct RunningDeadline: Sendable, Hashable, Codable {
    /// When it falls due.
    public var dueAt: Date
    /// The calendar version a working-day deadline was counted on.
    public var dueCalendar: CalendarPin?
    /// When the dossier reached the state the deadline runs until; `nil` while it runs.
    public var metAt: Date?

    /// Creates a running deadline.
    public init(dueAt: Date, dueCalendar: CalendarPin? = nil, metAt: Date? = nil) {
        self.dueAt = dueAt
        self.dueCalendar = dueCalendar
        self.metAt = metAt
    }

    /// Whether it still runs.
    public var isRunning: Bool { metAt == nil }
}
