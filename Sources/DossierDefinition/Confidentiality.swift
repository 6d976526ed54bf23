/// Confidentiality levels: who may read a dossier of each level, who must approve everyone
/// else, and whether it may leave the office.
public struct Confidentiality: Sendable, Hashable {
    /// The level a dossier gets when registration names none.
    public var defaultLevelID: String?
    /// The levels, in declaration order.
    public var levels: [ConfidentialityLevel]

    /// Creates the levels.
    public init(defaultLevelID: String? = nil, levels: [ConfidentialityLevel]) {
        self.defaultLevelID = defaultLevelID
        self.levels = levels
    }

    /// The level with id `id`.
    public func level(_ id: String) -> ConfidentialityLevel? { levels.first { $0.id == id } }
}

/// One confidentiality level, e.g. company, department or personal.
///
/// `readers` may name two special readers besides staff roles: ``owner`` (anyone holding a
/// role in the dossier) and ``sameDepartment`` (anyone of the department of its handler).
public struct ConfidentialityLevel: Sendable, Hashable, Identifiable {
    /// The level's id.
    public var id: String
    /// Its title.
    public var title: String
    /// Staff roles (and `owner`, `same-department`) that read without approval.
    public var readers: [String]
    /// Who approves everyone else's slip, step by step: one step, or a chain such as the
    /// borrower's own department manager, then the GM.
    public var steps: [ApprovalStep]
    /// Staff roles that approve a step of everyone else's slips, in the order of the steps.
    public var approvers: [String] {
        steps.flatMap(\.approvers).reduce(into: []) { all, role in if !all.contains(role) { all.append(role) } }
    }
    /// The reader who holds a role in the dossier itself.
    public static let owner = "owner"
    /// The reader who works in the dossier's department (an insider).
    public static let sameDepartment = "same-department"

    /// Whether the dossier may leave the office; `false` means reading room only.
    public var mayBeTakenAway: Bool

    /// Creates a level approved in one step by `approvers`, of whom `localApprovers` approve
    /// only for dossiers of their own department.
    public init(id: String, title: String? = nil, readers: [String] = [], approvers: [String], localApprovers: [String] = [],
                mayBeTakenAway: Bool = true) {
        self.init(id: id, title: title, readers: readers, steps: [ApprovalStep(approvers: approvers, localApprovers: localApprovers)],
                  mayBeTakenAway: mayBeTakenAway)
    }

    /// Creates a level approved in `steps`, in order.
    public init(id: String, title: String? = nil, readers: [String] = [], steps: [ApprovalStep], mayBeTakenAway: Bool = true) {
        self.id = id
        self.title = title ?? id
        self.readers = readers
        self.steps = steps
        self.mayBeTakenAway = mayBeTakenAway
    }
}

/// One step of a slip's approval: who signs it, and which of them only for their own department.
public struct ApprovalStep: Sendable, Hashable {
    /// Whose department a local approver must share.
    public enum Department: String, Sendable, Hashable, CaseIterable {
        /// The dossier's (its handler's): a department manager releases their department's files.
        case dossier
        /// The borrower's: a department manager signs their own staff's slips.
        case borrower
    }

    /// Staff roles any of which signs this step.
    public var approvers: [String]
    /// Those of them who sign only within one department.
    public var localApprovers: [String]
    /// Which department that is.
    public var department: Department
    /// What the step is, for people.
    public var title: String?

    /// Creates a step.
    public init(approvers: [String], localApprovers: [String] = [], department: Department = .dossier, title: String? = nil) {
        self.approvers = approvers
        self.localApprovers = localApprovers
        self.department = department
        self.title = title
    }
}

/// The lending rules of a borrow workflow.
public struct LendingRules: Sendable, Hashable {
    /// The longest a loan may run.
    public var maximumPeriod: Period
    /// Staff roles that borrow directly through the archivist, without approval.
    public var directBorrowers: [String]
    /// Checklist items that must come back the day they go out.
    public var sameDayItems: [String]

    /// Creates lending rules.
    public init(maximumPeriod: Period, directBorrowers: [String] = [], sameDayItems: [String] = []) {
        self.maximumPeriod = maximumPeriod
        self.directBorrowers = directBorrowers
        self.sameDayItems = sameDayItems
    }
}
