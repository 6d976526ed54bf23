/// A duty that comes round on a schedule rather than with a step: each occurrence starts a
/// dossier of the workflow, such as the department hand-over "by the 10th of each month".
///
/// The recurrence gives the days the duty is due by; `adjustment` moves a day that is not a
/// working day (a 10th on a Sunday); the dossier starts `lead` calendar days before the
/// unadjusted day, with the due day in `dateFieldID`, from which its first state's deadline
/// counts. Who it falls to is the role `roleID`, bound by the schedule: one dossier for each
/// department with someone holding it (`perDepartment`), or one for the office.
public struct Schedule: Sendable, Hashable {
    /// The days the duty is due by: `R/2026-01-10/P1M`.
    public var recurrence: Recurrence
    /// Where a due day that is not a working day moves, on the workflow's calendar.
    public var adjustment: WorkingDayAdjustment?
    /// How many calendar days before its due day each occurrence's dossier starts.
    public var lead: Int
    /// The date field that receives the occurrence's due day.
    public var dateFieldID: String
    /// The role the duty falls to.
    public var roleID: String
    /// One dossier per department with a holder of the role, or one for the office.
    public var perDepartment: Bool

    /// The most calendar days an occurrence may start before its due day: a year.
    public static let longestLead = 366

    /// Creates a schedule.
    public init(recurrence: Recurrence, adjustment: WorkingDayAdjustment? = nil, lead: Int = 0,
                dateFieldID: String, roleID: String, perDepartment: Bool) {
        self.recurrence = recurrence
        self.adjustment = adjustment
        self.lead = lead
        self.dateFieldID = dateFieldID
        self.roleID = roleID
        self.perDepartment = perDepartment
    }
}
