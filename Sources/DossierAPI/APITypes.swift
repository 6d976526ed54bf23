import Foundation

// The JSON bodies of `/api/v1`, shared by the service and its client. Keys are snake_case and
// moments ISO 8601, as in the CLI's JSON listings.

/// `POST /api/v1/sessions`: log in.
public struct LoginRequest: Codable, Sendable, Hashable {
    public var user: String
    public var password: String
    /// What the client is, shown in the session list.
    public var client: String?

    public init(user: String, password: String, client: String?) {
        self.user = user
        self.password = password
        self.client = client
    }
}

/// A session, as the API shows it (never its token).
public struct SessionBody: Codable, Sendable, Hashable {
    public var id: Int
    public var staff: String
    public var createdAt: Date
    public var lastUsedAt: Date
    public var idleExpiresAt: Date
    public var expiresAt: Date
    public var client: String?

    public init(id: Int, staff: String, createdAt: Date, lastUsedAt: Date, idleExpiresAt: Date, expiresAt: Date, client: String?) {
        self.id = id
        self.staff = staff
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.idleExpiresAt = idleExpiresAt
        self.expiresAt = expiresAt
        self.client = client
    }

    enum CodingKeys: String, CodingKey {
        case id, staff, client
        case createdAt = "created_at", lastUsedAt = "last_used_at", idleExpiresAt = "idle_expires_at", expiresAt = "expires_at"
    }
}

/// The answer to a login: the bearer token, shown once.
public struct LoginResponse: Codable, Sendable, Hashable {
    public var token: String
    public var session: SessionBody

    public init(token: String, session: SessionBody) {
        self.token = token
        self.session = session
    }
}

/// A member of staff.
public struct StaffBody: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var roles: [String]
    public var department: String?
    public var active: Bool

    public init(id: String, name: String, roles: [String], department: String?, active: Bool) {
        self.id = id
        self.name = name
        self.roles = roles
        self.department = department
        self.active = active
    }
}

/// `POST /api/v1/staff`: add a person.
public struct NewStaffRequest: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var roles: [String]
    public var department: String?

    public init(id: String, name: String, roles: [String], department: String?) {
        self.id = id
        self.name = name
        self.roles = roles
        self.department = department
    }
}

/// `PUT /api/v1/staff/{user}/password`: one's own password, or anyone's for an admin.
public struct PasswordRequest: Codable, Sendable, Hashable {
    public var password: String

    public init(password: String) {
        self.password = password
    }
}

/// A signed checkpoint of the event chain, as `dossier audit checkpoint` prints it.
public struct CheckpointBody: Codable, Sendable, Hashable {
    public var sequence: Int
    public var head: String
    public var at: Date
    public var publicKey: String
    public var signature: String

    public init(sequence: Int, head: String, at: Date, publicKey: String, signature: String) {
        self.sequence = sequence
        self.head = head
        self.at = at
        self.publicKey = publicKey
        self.signature = signature
    }

    enum CodingKeys: String, CodingKey {
        case sequence, head, at, signature
        case publicKey = "public_key"
    }
}

/// `POST /api/v1/audit/verification`: verify the log, and that it extends `checkpoint` when given.
public struct AuditRequest: Codable, Sendable, Hashable {
    public var checkpoint: CheckpointBody?

    public init(checkpoint: CheckpointBody?) {
        self.checkpoint = checkpoint
    }
}

/// What the audit found; intact when `problems` is empty.
public struct AuditResponse: Codable, Sendable, Hashable {
    public var eventsChecked: Int
    public var checkpointsChecked: Int
    public var problems: [String]

    public init(eventsChecked: Int, checkpointsChecked: Int, problems: [String]) {
        self.eventsChecked = eventsChecked
        self.checkpointsChecked = checkpointsChecked
        self.problems = problems
    }

    enum CodingKeys: String, CodingKey {
        case problems
        case eventsChecked = "events_checked", checkpointsChecked = "checkpoints_checked"
    }
}

/// A task.
public struct TaskBody: Codable, Sendable, Hashable {
    public var task: Int
    public var dossier: Int
    /// The task's place among its dossier's tasks, from 1.
    public var number: Int
    public var workflow: String
    public var workflowVersion: Int
    public var state: String
    public var role: String?
    public var assignee: String?
    public var openedAt: Date
    public var dueAt: Date?
    public var closedAt: Date?
    public var closedBy: String?
    public var action: String?

    public init(task: Int, dossier: Int, number: Int, workflow: String, workflowVersion: Int, state: String, role: String?, assignee: String?,
                openedAt: Date, dueAt: Date?, closedAt: Date?, closedBy: String?, action: String?) {
        self.task = task
        self.dossier = dossier
        self.number = number
        self.workflow = workflow
        self.workflowVersion = workflowVersion
        self.state = state
        self.role = role
        self.assignee = assignee
        self.openedAt = openedAt
        self.dueAt = dueAt
        self.closedAt = closedAt
        self.closedBy = closedBy
        self.action = action
    }

    enum CodingKeys: String, CodingKey {
        case task, dossier, number, workflow, state, role, assignee, action
        case workflowVersion = "workflow_version", openedAt = "opened_at", dueAt = "due_at", closedAt = "closed_at", closedBy = "closed_by"
    }
}

/// `POST /api/v1/tasks/{task}/advance`: take an action.
public struct AdvanceRequest: Codable, Sendable, Hashable {
    public var action: String
    public var note: String?
    public var fields: [String: String]?

    public init(action: String, note: String?, fields: [String: String]?) {
        self.action = action
        self.note = note
        self.fields = fields
    }
}

/// A sign-off an action still waits for.
public struct AwaitedSignatureBody: Codable, Sendable, Hashable {
    public var action: String
    public var role: String
    public var person: String?

    public init(action: String, role: String, person: String?) {
        self.action = action
        self.role = role
        self.person = person
    }
}

/// `POST /api/v1/dossiers`: start a dossier on a workflow's latest version.
public struct StartRequest: Codable, Sendable, Hashable {
    public var workflow: String
    public var fields: [String: String]
    /// Workflow role → person.
    public var assignments: [String: String]

    public init(workflow: String, fields: [String: String], assignments: [String: String]) {
        self.workflow = workflow
        self.fields = fields
        self.assignments = assignments
    }
}

/// A dossier just started, and its first task.
public struct StartResponse: Codable, Sendable, Hashable {
    public var dossier: Int
    public var workflow: String
    public var workflowVersion: Int
    public var state: String
    public var task: TaskBody?

    public init(dossier: Int, workflow: String, workflowVersion: Int, state: String, task: TaskBody?) {
        self.dossier = dossier
        self.workflow = workflow
        self.workflowVersion = workflowVersion
        self.state = state
        self.task = task
    }

    enum CodingKeys: String, CodingKey {
        case dossier, workflow, state, task
        case workflowVersion = "workflow_version"
    }
}

/// `GET /api/v1/dossiers/{dossier}`: a dossier's contents (the read is an event in its log).
public struct DossierBody: Codable, Sendable, Hashable {
    public var dossier: Int
    public var workflow: String
    public var workflowVersion: Int
    public var state: String
    public var finished: Bool
    public var fields: [String: String]
    /// Workflow role → person.
    public var assignments: [String: String]
    public var archiveNumber: String?

    public init(dossier: Int, workflow: String, workflowVersion: Int, state: String, finished: Bool, fields: [String: String],
                assignments: [String: String], archiveNumber: String?) {
        self.dossier = dossier
        self.workflow = workflow
        self.workflowVersion = workflowVersion
        self.state = state
        self.finished = finished
        self.fields = fields
        self.assignments = assignments
        self.archiveNumber = archiveNumber
    }

    enum CodingKeys: String, CodingKey {
        case dossier, workflow, state, finished, fields, assignments
        case workflowVersion = "workflow_version", archiveNumber = "archive_number"
    }
}

/// One checklist item: what the workflow asks and what was recorded and checked.
public struct ChecklistItemBody: Codable, Sendable, Hashable {
    public var section: String
    public var item: String
    public var title: String
    public var kind: String
    public var required: Bool
    /// The signatures the item needs (`customer`, `internal`).
    public var signaturesRequired: [String]
    public var recorded: Bool
    public var pages: Int?
    public var signaturesPresent: [String]
    public var missing: Bool
    /// `unchecked`, `ok` or `defect`; `null` while nothing is recorded.
    public var verification: String?
    public var verifiedBy: String?
    public var defect: String?
    public var recordedBy: String?

    public init(section: String, item: String, title: String, kind: String, required: Bool, signaturesRequired: [String], recorded: Bool,
                pages: Int?, signaturesPresent: [String], missing: Bool, verification: String?, verifiedBy: String?, defect: String?,
                recordedBy: String?) {
        self.section = section
        self.item = item
        self.title = title
        self.kind = kind
        self.required = required
        self.signaturesRequired = signaturesRequired
        self.recorded = recorded
        self.pages = pages
        self.signaturesPresent = signaturesPresent
        self.missing = missing
        self.verification = verification
        self.verifiedBy = verifiedBy
        self.defect = defect
        self.recordedBy = recordedBy
    }

    enum CodingKeys: String, CodingKey {
        case section, item, title, kind, required, recorded, pages, missing, verification, defect
        case signaturesRequired = "signatures_required", signaturesPresent = "signatures_present", verifiedBy = "verified_by",
             recordedBy = "recorded_by"
    }
}

/// `PUT /api/v1/dossiers/{dossier}/checklist/{item}`: record an item.
public struct RecordItemRequest: Codable, Sendable, Hashable {
    public var pages: Int?
    /// The signatures present; `null` keeps what was recorded.
    public var signatures: [String]?
    public var missing: Bool

    public init(pages: Int?, signatures: [String]?, missing: Bool) {
        self.pages = pages
        self.signatures = signatures
        self.missing = missing
    }
}

/// `POST /api/v1/dossiers/{dossier}/checklist/{item}/verification`: check an item.
public struct VerifyItemRequest: Codable, Sendable, Hashable {
    /// What is wrong; `null` when the item is in order.
    public var defect: String?

    public init(defect: String?) {
        self.defect = defect
    }
}

/// One event of a dossier's log.
public struct EventBody: Codable, Sendable, Hashable {
    public var seq: Int
    public var at: Date
    public var actor: String
    public var kind: String
    public var action: String?
    public var fromState: String?
    public var toState: String?
    public var note: String?
    public var details: [String: String]
    /// The event's hash in the chain.
    public var hash: String

    public init(seq: Int, at: Date, actor: String, kind: String, action: String?, fromState: String?, toState: String?, note: String?,
                details: [String: String], hash: String) {
        self.seq = seq
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

    enum CodingKeys: String, CodingKey {
        case seq, at, actor, kind, action, note, details, hash
        case fromState = "from_state", toState = "to_state"
    }
}

/// A fine of the ledger, priced, with the sentence explaining it.
public struct FineBody: Codable, Sendable, Hashable {
    public var fine: Int
    public var occurredAt: Date
    public var payer: String
    public var rule: String
    public var ruleTitle: String
    public var dossier: Int
    public var taskNumber: Int?
    public var item: String?
    /// What it costs: the base, escalated and capped; 0 when waived.
    public var amount: Decimal
    public var baseAmount: Decimal
    /// Its place among the payer's counted fines of the month; `null` when waived.
    public var nth: Int?
    public var factor: Decimal
    /// Whether the rule escalates from some nth fine in a month.
    public var escalates: Bool
    /// `due`, `capped` or `waived`.
    public var status: String
    public var workflow: String
    public var workflowVersion: Int
    public var calendar: String?
    public var provisional: Bool
    public var dueAt: Date?
    public var reason: String
    public var waivedBy: String?
    public var waivedAt: Date?
    public var waiverReason: String?

    public init(fine: Int, occurredAt: Date, payer: String, rule: String, ruleTitle: String, dossier: Int, taskNumber: Int?, item: String?,
                amount: Decimal, baseAmount: Decimal, nth: Int?, factor: Decimal, escalates: Bool, status: String, workflow: String,
                workflowVersion: Int, calendar: String?, provisional: Bool, dueAt: Date?, reason: String, waivedBy: String?, waivedAt: Date?,
                waiverReason: String?) {
        self.fine = fine
        self.occurredAt = occurredAt
        self.payer = payer
        self.rule = rule
        self.ruleTitle = ruleTitle
        self.dossier = dossier
        self.taskNumber = taskNumber
        self.item = item
        self.amount = amount
        self.baseAmount = baseAmount
        self.nth = nth
        self.factor = factor
        self.escalates = escalates
        self.status = status
        self.workflow = workflow
        self.workflowVersion = workflowVersion
        self.calendar = calendar
        self.provisional = provisional
        self.dueAt = dueAt
        self.reason = reason
        self.waivedBy = waivedBy
        self.waivedAt = waivedAt
        self.waiverReason = waiverReason
    }

    enum CodingKeys: String, CodingKey {
        case fine, payer, rule, dossier, item, amount, nth, factor, escalates, status, workflow, calendar, provisional, reason
        case occurredAt = "occurred_at", ruleTitle = "rule_title", taskNumber = "task_number", baseAmount = "base_amount",
             workflowVersion = "workflow_version", dueAt = "due_at", waivedBy = "waived_by", waivedAt = "waived_at",
             waiverReason = "waiver_reason"
    }
}

/// `POST /api/v1/fines/{fine}/waiver`.
public struct WaiveRequest: Codable, Sendable, Hashable {
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }
}

/// What `POST /api/v1/tick`, the deadline sweep, did.
public struct TickResponse: Codable, Sendable, Hashable {
    public var at: Date
    public var tasksChecked: Int
    public var deadlinesChecked: Int
    public var newlyOverdue: Int
    /// The ledger numbers of the fines recorded.
    public var assessed: [Int]
    /// Those fines, when few enough to show (20 at most).
    public var fines: [FineBody]
    /// Tasks that could not be assessed, each with the reason; tried again next time.
    public var problems: [String]

    public init(at: Date, tasksChecked: Int, deadlinesChecked: Int, newlyOverdue: Int, assessed: [Int], fines: [FineBody], problems: [String]) {
        self.at = at
        self.tasksChecked = tasksChecked
        self.deadlinesChecked = deadlinesChecked
        self.newlyOverdue = newlyOverdue
        self.assessed = assessed
        self.fines = fines
        self.problems = problems
    }

    enum CodingKeys: String, CodingKey {
        case at, assessed, fines, problems
        case tasksChecked = "tasks_checked", deadlinesChecked = "deadlines_checked", newlyOverdue = "newly_overdue"
    }
}

/// One line of the register (档案登记本).
public struct RegisterLineBody: Codable, Sendable, Hashable {
    /// A contract inside, numbered after the archive number.
    public struct Contract: Codable, Sendable, Hashable {
        public var number: String
        public var item: String
        public var title: String

        public init(number: String, item: String, title: String) {
            self.number = number
            self.item = item
            self.title = title
        }
    }

    public var archiveNumber: String
    public var dossier: Int
    public var workflow: String
    public var workflowVersion: Int
    public var customer: String?
    public var handler: String?
    public var reviewer: String?
    public var archivist: String?
    public var startedAt: Date
    public var registeredAt: Date
    public var items: Int
    public var pages: Int
    public var contracts: [Contract]

    public init(archiveNumber: String, dossier: Int, workflow: String, workflowVersion: Int, customer: String?, handler: String?,
                reviewer: String?, archivist: String?, startedAt: Date, registeredAt: Date, items: Int, pages: Int, contracts: [Contract]) {
        self.archiveNumber = archiveNumber
        self.dossier = dossier
        self.workflow = workflow
        self.workflowVersion = workflowVersion
        self.customer = customer
        self.handler = handler
        self.reviewer = reviewer
        self.archivist = archivist
        self.startedAt = startedAt
        self.registeredAt = registeredAt
        self.items = items
        self.pages = pages
        self.contracts = contracts
    }

    enum CodingKeys: String, CodingKey {
        case dossier, workflow, customer, handler, reviewer, archivist, items, pages, contracts
        case archiveNumber = "archive_number", workflowVersion = "workflow_version", startedAt = "started_at", registeredAt = "registered_at"
    }
}

/// `POST /api/v1/tasks/{task}/extension`: move a deadline to the end of a later date.
public struct ExtendRequest: Codable, Sendable, Hashable {
    /// The date, `YYYY-MM-DD`.
    public var until: String
    public var reason: String

    public init(until: String, reason: String) {
        self.until = until
        self.reason = reason
    }
}

/// What an extension did.
public struct ExtendResponse: Codable, Sendable, Hashable {
    public var task: Int
    public var dueAt: Date?
    public var previousDueAt: Date?

    public init(task: Int, dueAt: Date?, previousDueAt: Date?) {
        self.task = task
        self.dueAt = dueAt
        self.previousDueAt = previousDueAt
    }

    enum CodingKeys: String, CodingKey {
        case task
        case dueAt = "due_at", previousDueAt = "previous_due_at"
    }
}

/// `GET /api/v1/pending`: one open task and what it waits for.
public struct PendingBody: Codable, Sendable, Hashable {
    public var task: TaskBody
    public var workingDaysOverdue: Int?
    public var waitingFor: [AwaitedSignatureBody]
    /// For a borrow slip waiting for its level's approver: the staff roles that may approve it.
    public var approvers: [String]

    public init(task: TaskBody, workingDaysOverdue: Int?, waitingFor: [AwaitedSignatureBody], approvers: [String]) {
        self.task = task
        self.workingDaysOverdue = workingDaysOverdue
        self.waitingFor = waitingFor
        self.approvers = approvers
    }

    enum CodingKeys: String, CodingKey {
        case task, approvers
        case workingDaysOverdue = "working_days_overdue", waitingFor = "waiting_for"
    }
}

/// What an advance did.
public struct AdvanceResponse: Codable, Sendable, Hashable {
    /// Who acted: the person logged in.
    public var actor: String
    public var dossier: Int
    public var action: String
    public var signedRoles: [String]
    public var waitingFor: [AwaitedSignatureBody]
    public var completingRole: String?
    public var newState: String?
    public var archiveNumber: String?
    public var openedTask: TaskBody?
    public var finished: Bool

    public init(actor: String, dossier: Int, action: String, signedRoles: [String], waitingFor: [AwaitedSignatureBody], completingRole: String?,
                newState: String?, archiveNumber: String?, openedTask: TaskBody?, finished: Bool) {
        self.actor = actor
        self.dossier = dossier
        self.action = action
        self.signedRoles = signedRoles
        self.waitingFor = waitingFor
        self.completingRole = completingRole
        self.newState = newState
        self.archiveNumber = archiveNumber
        self.openedTask = openedTask
        self.finished = finished
    }

    enum CodingKeys: String, CodingKey {
        case actor, dossier, action, finished
        case signedRoles = "signed_roles", waitingFor = "waiting_for", completingRole = "completing_role", newState = "new_state",
             archiveNumber = "archive_number", openedTask = "opened_task"
    }
}

/// An RFC 9457 problem: `type` names the refusal's kind, `detail` is the sentence, `exit` the
/// CLI's exit status for it, and `facts` the refusal's data.
public struct ProblemBody: Codable, Sendable, Hashable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var exit: Int32
    public var facts: [String: String]?

    public init(type: String, title: String, status: Int, detail: String, exit: Int32, facts: [String: String]?) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.exit = exit
        self.facts = facts
    }
}

/// The API's JSON coders: ISO 8601 moments.
public enum APICoding {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
