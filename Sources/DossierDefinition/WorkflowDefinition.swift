/// A checked, immutable workflow: everything the engine needs to run one kind of dossier.
///
/// Values come only from ``WorkflowCompiler``, which has verified every reference, so lookups
/// by id on a compiled definition always succeed for ids the definition itself mentions.
public struct WorkflowDefinition: Sendable, Hashable {
    /// The workflow's id, e.g. `loan-intake`.
    public var id: String
    /// A human title.
    public var title: String
    /// What the workflow is for, in the administrator's words.
    public var summary: String?
    /// The working-day calendar deadlines count on, unless a deadline names its own.
    public var calendarID: String?
    /// What working-day counting does in a year the calendar has no data for.
    public var uncoveredYears: UncoveredYearPolicy
    /// The parts people play, in declaration order.
    public var roles: [Role]
    /// The dossier's typed facts.
    public var fields: [Field]
    /// The itemised contents, if the workflow keeps a checklist.
    public var checklist: Checklist?
    /// How title certificates are handed over and kept.
    public var certificates: CertificateRules?
    /// How archive numbers are formed.
    public var archiveNumber: ArchiveNumberPattern?
    /// Confidentiality levels and their readers and approvers.
    public var confidentiality: Confidentiality?
    /// Lending rules, for borrow workflows.
    public var lending: LendingRules?
    /// The state a new instance starts in.
    public var initialStateID: String
    /// Every state, in declaration order.
    public var states: [WorkflowState]
    /// Deadlines that run across several states.
    public var deadlines: [Deadline]
    /// The fine rules.
    public var fines: [FineRule]
    /// The roles whose staff may waive a fine of this workflow (`<fines waive-by="…">`).
    public var fineWaiverRoleIDs: [String]
    /// Follow-up timers.
    public var timers: [FollowUpTimer]
    /// When dossiers of this workflow start by themselves, as duties that come round.
    public var schedule: Schedule?
    /// The fields and roles that identify a dossier on the register and its documents.
    public var register: RegisterColumns
    /// What the dossier's printed catalogue lists, when it has one.
    public var catalogue: Catalogue?
    /// How long registered dossiers are kept before they may be destroyed; never, without one.
    public var retention: Retention?
    /// The registered dossiers a dossier of this workflow acts on (a destruction list's).
    public var actsOn: ActsOn?

    /// Creates a definition. Prefer ``WorkflowCompiler``, which checks it.
    public init(id: String, title: String, summary: String? = nil, calendarID: String? = nil,
                uncoveredYears: UncoveredYearPolicy = .refuse, roles: [Role], fields: [Field] = [],
                checklist: Checklist? = nil, certificates: CertificateRules? = nil,
                archiveNumber: ArchiveNumberPattern? = nil, confidentiality: Confidentiality? = nil,
                lending: LendingRules? = nil, initialStateID: String, states: [WorkflowState],
                deadlines: [Deadline] = [], fines: [FineRule] = [], timers: [FollowUpTimer] = [],
                schedule: Schedule? = nil, fineWaiverRoleIDs: [String] = [], register: RegisterColumns? = nil,
                catalogue: Catalogue? = nil, retention: Retention? = nil, actsOn: ActsOn? = nil) {
        self.id = id
        self.title = title
        self.summary = summary
        self.calendarID = calendarID
        self.uncoveredYears = uncoveredYears
        self.roles = roles
        self.fields = fields
        self.checklist = checklist
        self.certificates = certificates
        self.archiveNumber = archiveNumber
        self.confidentiality = confidentiality
        self.lending = lending
        self.initialStateID = initialStateID
        self.states = states
        self.deadlines = deadlines
        self.fines = fines
        self.fineWaiverRoleIDs = fineWaiverRoleIDs
        self.timers = timers
        self.schedule = schedule
        self.register = register ?? RegisterColumns(defaultFor: roles, fields: fields)
        self.catalogue = catalogue
        self.retention = retention
        self.actsOn = actsOn
    }

    /// Every staff role the workflow names: its roles' `staff-role`, its levels' readers and
    /// approvers, its direct borrowers.
    public var staffRoles: Set<String> {
        var names = Set(roles.flatMap(\.staffRoles))
        for level in confidentiality?.levels ?? [] {
            names.formUnion(level.readers.filter { $0 != ConfidentialityLevel.owner && $0 != ConfidentialityLevel.sameDepartment })
            names.formUnion(level.approvers)
        }
        names.formUnion(lending?.directBorrowers ?? [])
        return names
    }

    /// The role with id `id`.
    public func role(_ id: String) -> Role? { roles.first { $0.id == id } }

    /// Whether the duty a `<schedule>` makes may start with its role open, to whichever of its
    /// holders acts first: when no fine is charged to that role, nothing needs one person.
    public var scheduledDutyMayBeShared: Bool {
        guard let duty = schedule?.roleID else { return false }
        return !fines.contains { $0.payerRoleID == duty }
    }
    /// The field with id `id`.
    public func field(_ id: String) -> Field? { fields.first { $0.id == id } }
    /// The ids of its personal fields, which the store keeps sealed under the customer's key.
    public var personalFieldIDs: [String] { fields.filter(\.isPersonal).map(\.id) }
    /// The state with id `id`.
    public func state(_ id: String) -> WorkflowState? { states.first { $0.id == id } }
    /// The fine rule with id `id`.
    public func fine(_ id: String) -> FineRule? { fines.first { $0.id == id } }

    /// The rule the engine assesses when it sees `violation` (a refused view, a lost item, a
    /// defect found at review); rules a manager records are never assessed.
    public func assessedFine(on violation: FineRule.Violation) -> FineRule? {
        fines.first { $0.violation == violation && !$0.isRecorded }
    }
    /// The timer with this id (also the id of the duty tasks it opens), if any.
    public func timer(_ id: String) -> FollowUpTimer? { timers.first { $0.id == id } }
    /// The initial state.
    public var initialState: WorkflowState? { state(initialStateID) }
    /// Every calendar the workflow's deadlines and timers may count on.
    public var calendarIDs: Set<String> {
        var ids = Set(states.compactMap { $0.deadline?.calendarID } + deadlines.compactMap(\.calendarID))
        if let calendarID { ids.insert(calendarID) }
        return ids
    }
}

/// What working-day counting does in a year a calendar has no published data for.
public enum UncoveredYearPolicy: String, Sendable, Hashable, CaseIterable {
    /// Refuse with an error naming the calendar and the year.
    case refuse
    /// Count Monday to Friday and flag every result as provisional.
    case provisionalWeekdays = "provisional-weekdays"
}
