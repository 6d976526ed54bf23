import Foundation

/// A duty a workflow's `<timer>` gives one dossier, such as the follow-up call within 3 days of
/// the sale: its task opens at the timer's origin (the sale), it is done by recording it while
/// its window is open, and it is late once the window has closed with nothing recorded. It
/// lives on after the dossier is filed: follow-up calls come after the dossier is in the archive.
public struct Duty: Sendable, Hashable, Codable {
    /// The role whose task it is.
    public var roleID: String
    /// When its task opens: the timer's origin.
    public var opensAt: Date
    /// When its window opens: a record made before does not count.
    public var windowOpensAt: Date
    /// When its window closes.
    public var dueAt: Date
    /// The calendar version a working-day window was counted on.
    public var dueCalendar: CalendarPin?
    /// Its task's number in the dossier, once open.
    public var taskNumber: Int?
    /// Who the task fell to, once open.
    public var assignee: String?
    /// When it was recorded (the task closed).
    public var recordedAt: Date?
    /// Who recorded it.
    public var recordedBy: String?
    /// What the record says, by the timer's `record` names (`channel`, `outcome`).
    public var record: [String: String]
    /// When its task was closed unrecorded because its condition stopped holding while its
    /// window was open (a non-buyer's call, once the customer bought).
    public var withdrawnAt: Date?

    /// Creates a duty.
    public init(roleID: String, opensAt: Date, windowOpensAt: Date, dueAt: Date, dueCalendar: CalendarPin? = nil, taskNumber: Int? = nil,
                assignee: String? = nil, recordedAt: Date? = nil, recordedBy: String? = nil, record: [String: String] = [:]) {
        self.roleID = roleID
        self.opensAt = opensAt
        self.windowOpensAt = windowOpensAt
        self.dueAt = dueAt
        self.dueCalendar = dueCalendar
        self.taskNumber = taskNumber
        self.assignee = assignee
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
        self.record = record
    }

    /// Whether its task is open: opened, not yet recorded and not withdrawn.
    public var isOpen: Bool { taskNumber != nil && recordedAt == nil && withdrawnAt == nil }
    /// Whether its task is still to open.
    public var isScheduled: Bool { taskNumber == nil }
}
