import Foundation

/// One dossier (or loan, or any instance of a workflow) and everything the engine needs to
/// decide its next step: where it is, who plays which role, its fields, its checklist, the
/// sign-offs given so far, and its open task.
///
/// Values are immutable snapshots; the engine returns a new one with every step.
public struct Dossier: Sendable, Hashable, Codable, Identifiable {
    /// The dossier's number in its store.
    public var id: Int
    /// The workflow it runs.
    public var workflowID: String
    /// The workflow version it started on and stays on.
    public var workflowVersion: Int
    /// The current state.
    public var stateID: String
    /// Whether it reached a final state.
    public var isFinished: Bool
    /// The fields given at start, as canonical text.
    public var fields: [String: String]
    /// Who plays which role: role id → staff id.
    public var assignments: [String: String]
    /// When it started.
    public var startedAt: Date
    /// Who started it.
    public var startedBy: String
    /// Checklist records by item id.
    public var checklist: [String: ItemRecord]
    /// Sign-offs given in the current state: action → role id → staff id.
    public var signOffs: [String: [String: String]]
    /// The task of the current state, while it is open.
    public var openTask: OpenTask?
    /// The tasks of a parallel state still open, by role: one for each role of the state's
    /// `parallel-roles` who has not yet taken its action.
    public var parallelTasks: [String: OpenTask]
    /// How many tasks the dossier has had; task numbers count from 1.
    public var taskCount: Int
    /// Counts every change; a write succeeds only against the revision it read.
    public var revision: Int
    /// Title-certificate hand-over lists, oldest first; the last may be a draft.
    public var certificateLists: [CertificateList]
    /// Deadlines that run across states, by the id of the workflow's `<deadline>`.
    public var runningDeadlines: [String: RunningDeadline]
    /// Duties its workflow's `<timers>` give it, by timer id.
    public var duties: [String: Duty]
    /// A legal hold on it, while one is placed: nothing destroys it.
    public var legalHold: LegalHold?
    /// The version of its contents: 1 as registered, one more with each approved correction.
    public var contentVersion: Int
    /// The department keeping it since a custody transfer moved it; before one, its handler's.
    public var custodyDepartment: String?

    /// Creates a dossier value.
    public init(id: Int, workflowID: String, workflowVersion: Int, stateID: String, isFinished: Bool = false,
                fields: [String: String], assignments: [String: String], startedAt: Date, startedBy: String,
                checklist: [String: ItemRecord] = [:], signOffs: [String: [String: String]] = [:],
                openTask: OpenTask? = nil, taskCount: Int = 0, revision: Int = 0, certificateLists: [CertificateList] = [],
                runningDeadlines: [String: RunningDeadline] = [:], duties: [String: Duty] = [:]) {
        self.id = id
        self.workflowID = workflowID
        self.workflowVersion = workflowVersion
        self.stateID = stateID
        self.isFinished = isFinished
        self.fields = fields
        self.assignments = assignments
        self.startedAt = startedAt
        self.startedBy = startedBy
        self.checklist = checklist
        self.signOffs = signOffs
        self.openTask = openTask
        self.taskCount = taskCount
        self.revision = revision
        self.certificateLists = certificateLists
        self.runningDeadlines = runningDeadlines
        self.duties = duties
        self.parallelTasks = [:]
        self.legalHold = nil
        self.contentVersion = 1
        self.custodyDepartment = nil
    }
}

/// A legal hold on a registered dossier (诉讼保全): placed with a reason, it keeps any
/// destruction list from destroying the dossier until it is released.
public struct LegalHold: Sendable, Hashable, Codable {
    /// Why it is held.
    public var reason: String
    /// Who placed it.
    public var placedBy: String
    /// When.
    public var placedAt: Date

    /// A hold placed by `placedBy` at `placedAt`, for `reason`.
    public init(reason: String, placedBy: String, placedAt: Date) {
        self.reason = reason
        self.placedBy = placedBy
        self.placedAt = placedAt
    }
}

extension Dossier {
    enum CodingKeys: String, CodingKey {
        case id, workflowID, workflowVersion, stateID, isFinished, fields, assignments, startedAt, startedBy, checklist, signOffs
        case openTask, taskCount, revision, certificateLists, runningDeadlines, duties, legalHold, contentVersion, custodyDepartment
        case parallelTasks
    }

    /// Decodes a stored snapshot; snapshots written before certificate lists, running
    /// deadlines and duties existed have none.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try values.decode(Int.self, forKey: .id),
                  workflowID: try values.decode(String.self, forKey: .workflowID),
                  workflowVersion: try values.decode(Int.self, forKey: .workflowVersion),
                  stateID: try values.decode(String.self, forKey: .stateID),
                  isFinished: try values.decode(Bool.self, forKey: .isFinished),
                  fields: try values.decode([String: String].self, forKey: .fields),
                  assignments: try values.decode([String: String].self, forKey: .assignments),
                  startedAt: try values.decode(Date.self, forKey: .startedAt),
                  startedBy: try values.decode(String.self, forKey: .startedBy),
                  checklist: try values.decode([String: ItemRecord].self, forKey: .checklist),
                  signOffs: try values.decode([String: [String: String]].self, forKey: .signOffs),
                  openTask: try values.decodeIfPresent(OpenTask.self, forKey: .openTask),
                  taskCount: try values.decode(Int.self, forKey: .taskCount),
                  revision: try values.decode(Int.self, forKey: .revision),
                  certificateLists: try values.decodeIfPresent([CertificateList].self, forKey: .certificateLists) ?? [],
                  runningDeadlines: try values.decodeIfPresent([String: RunningDeadline].self, forKey: .runningDeadlines) ?? [:],
                  duties: try values.decodeIfPresent([String: Duty].self, forKey: .duties) ?? [:])
        legalHold = try values.decodeIfPresent(LegalHold.self, forKey: .legalHold)
        contentVersion = try values.decodeIfPresent(Int.self, forKey: .contentVersion) ?? 1
        custodyDepartment = try values.decodeIfPresent(String.self, forKey: .custodyDepartment)
        parallelTasks = try values.decodeIfPresent([String: OpenTask].self, forKey: .parallelTasks) ?? [:]
    }
}

extension Dossier {
    /// The numbers of its open tasks: its state's (or its parallel state's) and its duties'.
    public var openTaskNumbers: [Int] {
        [openTask?.number].compactMap { $0 } + parallelTasks.values.map(\.number).sorted()
            + duties.values.filter(\.isOpen).compactMap(\.taskNumber).sorted()
    }

    /// The role whose parallel task has `number`, while it is open.
    public func parallelRole(task number: Int) -> String? {
        parallelTasks.first { $0.value.number == number }?.key
    }

    /// The id of the timer whose duty has task `number`, if any.
    public func dutyID(task number: Int) -> String? {
        duties.first { $0.value.taskNumber == number }?.key
    }
}

/// The open task of a dossier: the current state's work, for the person holding its role.
public struct OpenTask: Sendable, Hashable, Codable {
    /// The task's number within its dossier, from 1.
    public var number: Int
    /// The state it belongs to.
    public var stateID: String
    /// The role whose task it is.
    public var roleID: String?
    /// The person holding that role.
    public var assignee: String?
    /// When it was opened.
    public var openedAt: Date
    /// When it is due, if its state has a deadline.
    public var dueAt: Date?
    /// The calendar version a working-day deadline was counted on.
    public var dueCalendar: CalendarPin?

    /// Creates an open task.
    public init(number: Int, stateID: String, roleID: String?, assignee: String?, openedAt: Date, dueAt: Date?,
                dueCalendar: CalendarPin? = nil) {
        self.number = number
        self.stateID = stateID
        self.roleID = roleID
        self.assignee = assignee
        self.openedAt = openedAt
        self.dueAt = dueAt
        self.dueCalendar = dueCalendar
    }
}

/// What has been recorded and checked about one checklist item.
public struct ItemRecord: Sendable, Hashable, Codable {
    /// Whether it is verified, found defective, or not checked yet.
    public enum Verification: Sendable, Hashable, Codable {
        /// Not checked since it was last recorded.
        case unchecked
        /// Checked and in order, by this person.
        case ok(by: String)
        /// Checked and defective: what is wrong, and who found it.
        case defect(String, by: String)
    }

    /// The page count recorded.
    public var pages: Int?
    /// The signatures present.
    public var signatures: [String]
    /// Whether the item is recorded as missing.
    public var isMissing: Bool
    /// The verification state.
    public var verification: Verification
    /// Who recorded it last; they may not also verify it.
    public var recordedBy: String?

    /// Creates a record.
    public init(pages: Int? = nil, signatures: [String] = [], isMissing: Bool = false, verification: Verification = .unchecked,
                recordedBy: String? = nil) {
        self.pages = pages
        self.signatures = signatures
        self.isMissing = isMissing
        self.verification = verification
        self.recordedBy = recordedBy
    }
}
