import DossierDefinition
import DossierEngine
import Foundation

/// A task as listed: the work of one state of one dossier, for the person holding its role.
public struct TaskSummary: Sendable, Hashable {
    /// The task's id, as users type it (`dossier task advance 42 …`).
    public var id: Int
    /// The dossier.
    public var dossierID: Int
    /// The task's number within the dossier.
    public var number: Int
    /// The dossier's workflow.
    public var workflowID: String
    /// The workflow version the dossier runs on.
    public var workflowVersion: Int
    /// The state the task belongs to.
    public var stateID: String
    /// The workflow role whose task it is.
    public var roleID: String?
    /// The person holding that role.
    public var assignee: String?
    /// When it was opened.
    public var openedAt: Date
    /// When it is due, if it has a deadline.
    public var dueAt: Date?
    /// When it was closed, if it is.
    public var closedAt: Date?
    /// Who closed it.
    public var closedBy: String?
    /// The action that closed it.
    public var action: String?

    /// Whether it is still open.
    public var isOpen: Bool { closedAt == nil }

    /// Creates a task value.
    public init(id: Int, dossierID: Int, number: Int, workflowID: String, workflowVersion: Int, stateID: String, roleID: String?,
                assignee: String?, openedAt: Date, dueAt: Date?, closedAt: Date?, closedBy: String?, action: String?) {
        self.id = id
        self.dossierID = dossierID
        self.number = number
        self.workflowID = workflowID
        self.workflowVersion = workflowVersion
        self.stateID = stateID
        self.roleID = roleID
        self.assignee = assignee
        self.openedAt = openedAt
        self.dueAt = dueAt
        self.closedAt = closedAt
        self.closedBy = closedBy
        self.action = action
    }
}

/// Which tasks to list.
public struct TaskQuery: Sendable, Hashable {
    /// Only tasks of this workflow role.
    public var roleID: String?
    /// Only tasks assigned to this person.
    public var assignee: String?
    /// Only tasks of this dossier.
    public var dossierID: Int?
    /// Only open tasks due before this moment.
    public var dueBefore: Date?
    /// Only tasks (open or closed) due within this range.
    public var dueWithin: Range<Date>?
    /// Only tasks closed within this range.
    public var closedWithin: Range<Date>?
    /// Only tasks assigned to nobody yet (left to whoever of several may take them).
    public var unassigned = false
    /// Include closed tasks.
    public var includeClosed: Bool
    /// At most this many.
    public var limit: Int?

    /// Creates a query; by default every open task.
    public init(roleID: String? = nil, assignee: String? = nil, dossierID: Int? = nil, dueBefore: Date? = nil,
                dueWithin: Range<Date>? = nil, closedWithin: Range<Date>? = nil, includeClosed: Bool = false, limit: Int? = nil) {
        self.dueWithin = dueWithin
        self.closedWithin = closedWithin
        self.roleID = roleID
        self.assignee = assignee
        self.dossierID = dossierID
        self.dueBefore = dueBefore
        self.includeClosed = includeClosed
        self.limit = limit
    }
}

/// The deadlines of one person in one workflow state that fell within one of a report's
/// periods and have passed (or were met before they did): how many, and how many were met.
public struct DeadlineTally: Sendable, Hashable {
    /// Which of the periods asked about.
    public var period: Int
    /// The task's assignee, else whoever closed it.
    public var person: String
    /// The workflow, its version and the state the tasks were in.
    public var workflowID: String
    public var workflowVersion: Int
    public var stateID: String
    /// Deadlines that fell in the period and passed (or were met before they did).
    public var deadlines: Int
    /// Of those, closed by their due moment.
    public var met: Int

    /// Creates a tally.
    public init(period: Int, person: String, workflowID: String, workflowVersion: Int, stateID: String, deadlines: Int, met: Int) {
        self.period = period
        self.person = person
        self.workflowID = workflowID
        self.workflowVersion = workflowVersion
        self.stateID = stateID
        self.deadlines = deadlines
        self.met = met
    }
}

/// One entry of the event log, with its place in the hash chain.
public struct StoredEvent: Sendable, Hashable {
    /// Its position in the log, from 1, with no gaps.
    public var sequence: Int
    /// The dossier it concerns, if any (staff changes concern none).
    public var dossierID: Int?
    /// The task it concerns, if any.
    public var taskID: Int?
    /// When.
    public var at: Date
    /// Who.
    public var actor: String
    /// What, e.g. `transitioned`.
    public var kind: String
    /// The action.
    public var action: String?
    /// State before.
    public var fromState: String?
    /// State after.
    public var toState: String?
    /// Why.
    public var note: String?
    /// Further facts.
    public var details: [String: String]
    /// The chain hash of this event.
    public var hash: String

    /// Creates an event value (a client rebuilds one from the API's answer).
    public init(sequence: Int, dossierID: Int?, taskID: Int?, at: Date, actor: String, kind: String, action: String?, fromState: String?,
                toState: String?, note: String?, details: [String: String], hash: String) {
        self.sequence = sequence
        self.dossierID = dossierID
        self.taskID = taskID
        self.at = at
        self.actor = actor
        self.kind = kind
        self.action = action
        self.fromState = fromState
        self.toState = toState
        self.note = note
        self.details = details
        self.hash = hash
    }
}

/// What `dossier audit verify` found.
public struct AuditReport: Sendable, Hashable {
    /// Events read.
    public var eventsChecked: Int
    /// Problems, the first one first; empty when the log is intact.
    public var problems: [String]

    package init(eventsChecked: Int, problems: [String]) {
        self.eventsChecked = eventsChecked
        self.problems = problems
    }
}

/// How to number a dossier registered now: the workflow's pattern and the local year and month.
public struct ArchiveNumbering: Sendable, Hashable {
    /// The pattern.
    public var pattern: ArchiveNumberPattern
    /// The local year of registration.
    public var year: Int
    /// The local month of registration.
    public var month: Int

    /// Creates numbering for a registration in `year`/`month`.
    public init(pattern: ArchiveNumberPattern, year: Int, month: Int) {
        self.pattern = pattern
        self.year = year
        self.month = month
    }
}

/// When a command acts: read from the clock, or given with `--at` on a simulation store.
public struct Moment: Sendable, Hashable {
    /// The moment.
    public var date: Date
    /// Whether it was given explicitly (and must not be moved).
    public var isGiven: Bool

    /// A clock reading.
    public static func clock(_ date: Date) -> Moment { Moment(date: date, isGiven: false) }
    /// A moment given with `--at`.
    public static func given(_ date: Date) -> Moment { Moment(date: date, isGiven: true) }
}

/// An open task whose lateness the sweep assesses.
public struct DueTask {
    /// The task's id in the store.
    public var taskID: Int
    /// The dossier.
    public var dossierID: Int
    /// The dossier's workflow.
    public var workflowID: String
    /// The workflow version the dossier is pinned to.
    public var workflowVersion: Int
    /// The task as the engine sees it.
    public var task: OpenTask
    /// Reads who holds each role of the dossier (only needed when the payer is another role).
    public var assignments: () throws -> [String: String]

    package init(taskID: Int, dossierID: Int, workflowID: String, workflowVersion: Int, task: OpenTask,
                 assignments: @escaping () throws -> [String: String]) {
        self.taskID = taskID
        self.dossierID = dossierID
        self.workflowID = workflowID
        self.workflowVersion = workflowVersion
        self.task = task
        self.assignments = assignments
    }
}

/// A deadline across states whose lateness the sweep assesses.
public struct DueDeadline {
    /// The dossier.
    public var dossierID: Int
    /// The deadline's id in the workflow's `<deadlines>`.
    public var deadlineID: String
    /// The dossier's workflow.
    public var workflowID: String
    /// The workflow version the dossier is pinned to.
    public var workflowVersion: Int
    /// Reads the dossier as stored.
    public var dossier: () throws -> Dossier?

    package init(dossierID: Int, deadlineID: String, workflowID: String, workflowVersion: Int, dossier: @escaping () throws -> Dossier?) {
        self.dossierID = dossierID
        self.deadlineID = deadlineID
        self.workflowID = workflowID
        self.workflowVersion = workflowVersion
        self.dossier = dossier
    }
}

/// What one `dossier tick` did.
public struct SweepReport: Sendable, Hashable {
    /// The moment swept up to.
    public var at: Date
    /// Duty tasks opened (follow-up calls whose time came).
    public var dutiesOpened = 0
    /// Tasks assessed.
    public var tasksChecked = 0
    /// Deadlines across states assessed.
    public var deadlinesChecked = 0
    /// Tasks (and deadlines across states) found overdue for the first time.
    public var newlyOverdue = 0
    /// Ledger numbers of the fines recorded.
    public var assessed: [Int] = []
    /// Tasks that could not be assessed, each with the reason; they are tried again next time.
    public var problems: [String] = []

    /// An empty report.
    public init(at: Date) {
        self.at = at
    }
}

/// A waiver of a fine: who, when, why.
public struct FineWaiver: Sendable, Hashable {
    /// When.
    public var at: Date
    /// The manager who waived it.
    public var by: String
    /// Why.
    public var reason: String

    package init(at: Date, by: String, reason: String) {
        self.at = at
        self.by = by
        self.reason = reason
    }
}

/// A fine recorded by hand: its ledger number, and the restoration dossier it started.
public struct RecordedFine: Sendable, Hashable {
    /// The fine's number in the ledger.
    public var fine: Int
    /// The dossier started for the person to restore what was lost, if the rule asks for one.
    public var restoration: Dossier?
    /// That dossier's first task.
    public var task: TaskSummary?

    package init(fine: Int, restoration: Dossier?, task: TaskSummary?) {
        self.fine = fine
        self.restoration = restoration
        self.task = task
    }
}

/// An archive number as the register holds it.
public struct RegisteredNumber: Sendable, Hashable {
    /// The number.
    public var number: String
    /// The dossier it was given to.
    public var dossierID: Int
    /// The dossier's workflow.
    public var workflowID: String
    /// When it was assigned (the registration).
    public var assignedAt: Date

    package init(number: String, dossierID: Int, workflowID: String, assignedAt: Date) {
        self.number = number
        self.dossierID = dossierID
        self.workflowID = workflowID
        self.assignedAt = assignedAt
    }
}
