import Foundation

// The JSON bodies of `/api/v1`, shared by the service and its client. Keys are snake_case and
// moments ISO 8601, as in the CLI's JSON listings.

/// `POST /api/v1/sessions`: log in.
package struct LoginRequest: Codable, Sendable, Hashable {
    package var user: String
    package var password: String
    /// What the client is, shown in the session list.
    package var client: String?

    package init(user: String, password: String, client: String?) {
        self.user = user
        self.password = password
        self.client = client
    }
}

/// A session, as the API shows it (never its token).
package struct SessionBody: Codable, Sendable, Hashable {
    package var id: Int
    package var staff: String
    package var createdAt: Date
    package var lastUsedAt: Date
    package var idleExpiresAt: Date
    package var expiresAt: Date
    package var client: String?

    package init(id: Int, staff: String, createdAt: Date, lastUsedAt: Date, idleExpiresAt: Date, expiresAt: Date, client: String?) {
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
package struct LoginResponse: Codable, Sendable, Hashable {
    package var token: String
    package var session: SessionBody

    package init(token: String, session: SessionBody) {
        self.token = token
        self.session = session
    }
}

/// A member of staff.
package struct StaffBody: Codable, Sendable, Hashable {
    package var id: String
    package var name: String
    package var roles: [String]
    package var department: String?
    package var active: Bool

    package init(id: String, name: String, roles: [String], department: String?, active: Bool) {
        self.id = id
        self.name = name
        self.roles = roles
        self.department = department
        self.active = active
    }
}

/// `POST /api/v1/staff`: add a person.
package struct NewStaffRequest: Codable, Sendable, Hashable {
    package var id: String
    package var name: String
    package var roles: [String]
    package var department: String?

    package init(id: String, name: String, roles: [String], department: String?) {
        self.id = id
        self.name = name
        self.roles = roles
        self.department = department
    }
}

/// `PUT /api/v1/staff/{user}/password`: one's own password, or anyone's for an admin.
package struct PasswordRequest: Codable, Sendable, Hashable {
    package var password: String

    package init(password: String) {
        self.password = password
    }
}

/// A signed checkpoint of the event chain, as `dossier audit checkpoint` prints it.
package struct CheckpointBody: Codable, Sendable, Hashable {
    package var sequence: Int
    package var head: String
    package var at: Date
    package var publicKey: String
    package var signature: String

    package init(sequence: Int, head: String, at: Date, publicKey: String, signature: String) {
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
package struct AuditRequest: Codable, Sendable, Hashable {
    package var checkpoint: CheckpointBody?

    package init(checkpoint: CheckpointBody?) {
        self.checkpoint = checkpoint
    }
}

/// `POST /api/v1/backups`: the name of the copy in the service's backup folder.
package struct BackupRequest: Codable, Sendable, Hashable {
    /// A bare file name (no folder) that does not exist yet in the folder the service was
    /// started with (`dossier serve --backup-dir DIR`).
    package var name: String

    package init(name: String) {
        self.name = name
    }
}

/// A verified copy of the store: where, how many events, the chain's head, the checkpoints
/// verified, and the backup duties the backup met.
package struct BackupBody: Codable, Sendable, Hashable {
    package var path: String
    package var events: Int
    package var head: String
    package var checkpoints: Int
    package var duties: [MetDutyBody]

    package init(path: String, events: Int, head: String, checkpoints: Int, duties: [MetDutyBody] = []) {
        self.path = path
        self.events = events
        self.head = head
        self.duties = duties
        self.checkpoints = checkpoints
    }
}

/// What the audit found; intact when `problems` is empty.
package struct AuditResponse: Codable, Sendable, Hashable {
    package var eventsChecked: Int
    package var checkpointsChecked: Int
    package var problems: [String]

    package init(eventsChecked: Int, checkpointsChecked: Int, problems: [String]) {
        self.eventsChecked = eventsChecked
        self.checkpointsChecked = checkpointsChecked
        self.problems = problems
    }

    enum CodingKeys: String, CodingKey {
        case problems
        case eventsChecked = "events_checked", checkpointsChecked = "checkpoints_checked"
    }
}

/// One definition file sent for deployment: the name it is reported under, and its exact text.
package struct DefinitionFileBody: Codable, Sendable, Hashable {
    package var name: String
    package var source: String

    package init(name: String, source: String) {
        self.name = name
        self.source = source
    }
}

/// `POST /api/v1/definitions`: validate and deploy workflows and calendars, all or nothing.
package struct DeployRequest: Codable, Sendable, Hashable {
    package var files: [DefinitionFileBody]

    package init(files: [DefinitionFileBody]) {
        self.files = files
    }
}

/// One deployed (or unchanged) definition version.
package struct DefinitionVersionBody: Codable, Sendable, Hashable {
    /// `workflow` or `calendar`.
    package var kind: String
    package var id: String
    package var title: String
    package var version: Int
    package var deployedAt: Date
    package var sha256: String
    /// `deployed` (a new version) or `unchanged` (the latest version has this text already);
    /// `null` in listings.
    package var outcome: String?

    package init(kind: String, id: String, title: String, version: Int, deployedAt: Date, sha256: String, outcome: String?) {
        self.kind = kind
        self.id = id
        self.title = title
        self.version = version
        self.deployedAt = deployedAt
        self.sha256 = sha256
        self.outcome = outcome
    }

    enum CodingKeys: String, CodingKey {
        case kind, id, title, version, sha256, outcome
        case deployedAt = "deployed_at"
    }
}

/// `GET /api/v1/tasks/{task}/details`: a task, its dossier and the actions it allows.
package struct TaskDetailsBody: Codable, Sendable, Hashable {
    /// A sign-off role: the person awaited, or who signed.
    package struct SignOff: Codable, Sendable, Hashable {
        package var role: String
        package var awaiting: String?
        package var signedBy: String?

        package init(role: String, awaiting: String?, signedBy: String?) {
            self.role = role
            self.awaiting = awaiting
            self.signedBy = signedBy
        }

        enum CodingKeys: String, CodingKey {
            case role, awaiting
            case signedBy = "signed_by"
        }
    }

    /// An action of the task's state.
    package struct Action: Codable, Sendable, Hashable {
        package var action: String
        package var target: String
        package var by: String?
        package var signOff: [SignOff]
        package var guards: [String]
        package var needsNote: Bool

        package init(action: String, target: String, by: String?, signOff: [SignOff], guards: [String], needsNote: Bool) {
            self.action = action
            self.target = target
            self.by = by
            self.signOff = signOff
            self.guards = guards
            self.needsNote = needsNote
        }

        enum CodingKeys: String, CodingKey {
            case action, target, by, guards
            case signOff = "sign_off", needsNote = "needs_note"
        }
    }

    package var task: TaskBody
    package var workflow: String
    package var workflowVersion: Int
    package var dossierState: String
    package var dossierFinished: Bool
    package var assignments: [String: String]
    package var actions: [Action]

    package init(task: TaskBody, workflow: String, workflowVersion: Int, dossierState: String, dossierFinished: Bool,
                 assignments: [String: String], actions: [Action]) {
        self.task = task
        self.workflow = workflow
        self.workflowVersion = workflowVersion
        self.dossierState = dossierState
        self.dossierFinished = dossierFinished
        self.assignments = assignments
        self.actions = actions
    }

    enum CodingKeys: String, CodingKey {
        case task, workflow, assignments, actions
        case workflowVersion = "workflow_version", dossierState = "dossier_state", dossierFinished = "dossier_finished"
    }
}

/// A dossier's certificate hand-over list (权证移交清单) after a change.
package struct CertificateListBody: Codable, Sendable, Hashable {
    /// One line: a certificate and how many.
    package struct Line: Codable, Sendable, Hashable {
        package var kind: String
        package var number: String
        package var quantity: Int

        package init(kind: String, number: String, quantity: Int) {
            self.kind = kind
            self.number = number
            self.quantity = quantity
        }
    }

    package var dossier: Int
    /// The list's number; `null` when the dossier has none.
    package var list: Int?
    package var lines: [Line]
    package var signatures: [String: String]
    package var handedOverAt: Date?
    package var keeper: String?
    package var signedAs: String?
    package var cleared: String?
    package var awaited: [String]

    package init(dossier: Int, list: Int?, lines: [Line], signatures: [String: String], handedOverAt: Date?, keeper: String?, signedAs: String?,
                 cleared: String?, awaited: [String]) {
        self.dossier = dossier
        self.list = list
        self.lines = lines
        self.signatures = signatures
        self.handedOverAt = handedOverAt
        self.keeper = keeper
        self.signedAs = signedAs
        self.cleared = cleared
        self.awaited = awaited
    }

    enum CodingKeys: String, CodingKey {
        case dossier, list, lines, signatures, keeper, cleared, awaited
        case handedOverAt = "handed_over_at", signedAs = "signed_as"
    }
}

/// `POST /api/v1/dossiers/{dossier}/certificates`: put a certificate on the draft list.
package struct AddCertificateRequest: Codable, Sendable, Hashable {
    package var kind: String
    package var number: String
    package var quantity: Int

    package init(kind: String, number: String, quantity: Int) {
        self.kind = kind
        self.number = number
        self.quantity = quantity
    }
}

/// A task.
package struct TaskBody: Codable, Sendable, Hashable {
    package var task: Int
    package var dossier: Int
    /// The task's place among its dossier's tasks, from 1.
    package var number: Int
    package var workflow: String
    package var workflowVersion: Int
    package var state: String
    package var role: String?
    package var assignee: String?
    package var openedAt: Date
    package var dueAt: Date?
    package var closedAt: Date?
    package var closedBy: String?
    package var action: String?

    package init(task: Int, dossier: Int, number: Int, workflow: String, workflowVersion: Int, state: String, role: String?, assignee: String?,
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
package struct AdvanceRequest: Codable, Sendable, Hashable {
    package var action: String
    package var note: String?
    package var fields: [String: String]?

    package init(action: String, note: String?, fields: [String: String]?) {
        self.action = action
        self.note = note
        self.fields = fields
    }
}

/// A sign-off an action still waits for.
package struct AwaitedSignatureBody: Codable, Sendable, Hashable {
    package var action: String
    package var role: String
    package var person: String?

    package init(action: String, role: String, person: String?) {
        self.action = action
        self.role = role
        self.person = person
    }
}

/// `POST /api/v1/dossiers`: start a dossier on a workflow's latest version.
package struct StartRequest: Codable, Sendable, Hashable {
    package var workflow: String
    package var fields: [String: String]
    /// Workflow role → person.
    package var assignments: [String: String]

    package init(workflow: String, fields: [String: String], assignments: [String: String]) {
        self.workflow = workflow
        self.fields = fields
        self.assignments = assignments
    }
}

/// A dossier just started, and its first task.
package struct StartResponse: Codable, Sendable, Hashable {
    package var dossier: Int
    package var workflow: String
    package var workflowVersion: Int
    package var state: String
    package var task: TaskBody?

    package init(dossier: Int, workflow: String, workflowVersion: Int, state: String, task: TaskBody?) {
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
package struct DossierBody: Codable, Sendable, Hashable {
    package var dossier: Int
    package var workflow: String
    package var workflowVersion: Int
    package var state: String
    package var finished: Bool
    package var fields: [String: String]
    /// Workflow role → person.
    package var assignments: [String: String]
    package var archiveNumber: String?

    package init(dossier: Int, workflow: String, workflowVersion: Int, state: String, finished: Bool, fields: [String: String],
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
package struct ChecklistItemBody: Codable, Sendable, Hashable {
    package var section: String
    package var item: String
    package var title: String
    package var kind: String
    package var required: Bool
    /// The signatures the item needs (`customer`, `internal`).
    package var signaturesRequired: [String]
    package var recorded: Bool
    package var pages: Int?
    package var signaturesPresent: [String]
    package var missing: Bool
    /// `unchecked`, `ok` or `defect`; `null` while nothing is recorded.
    package var verification: String?
    package var verifiedBy: String?
    package var defect: String?
    package var recordedBy: String?

    package init(section: String, item: String, title: String, kind: String, required: Bool, signaturesRequired: [String], recorded: Bool,
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
package struct RecordItemRequest: Codable, Sendable, Hashable {
    package var pages: Int?
    /// The signatures present; `null` keeps what was recorded.
    package var signatures: [String]?
    package var missing: Bool

    package init(pages: Int?, signatures: [String]?, missing: Bool) {
        self.pages = pages
        self.signatures = signatures
        self.missing = missing
    }
}

/// `POST /api/v1/dossiers/{dossier}/checklist/{item}/verification`: check an item.
package struct VerifyItemRequest: Codable, Sendable, Hashable {
    /// What is wrong; `null` when the item is in order.
    package var defect: String?

    package init(defect: String?) {
        self.defect = defect
    }
}

/// One event of a dossier's log.
package struct EventBody: Codable, Sendable, Hashable {
    package var seq: Int
    /// The task it concerns, by the number `task list` shows, if any.
    package var task: Int?
    package var at: Date
    package var actor: String
    package var kind: String
    package var action: String?
    package var fromState: String?
    package var toState: String?
    package var note: String?
    package var details: [String: String]
    /// The event's hash in the chain.
    package var hash: String

    package init(seq: Int, task: Int?, at: Date, actor: String, kind: String, action: String?, fromState: String?, toState: String?,
                note: String?, details: [String: String], hash: String) {
        self.seq = seq
        self.task = task
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
        case seq, task, at, actor, kind, action, note, details, hash
        case fromState = "from_state", toState = "to_state"
    }
}

/// A fine of the ledger, priced, with the sentence explaining it.
package struct FineBody: Codable, Sendable, Hashable {
    package var fine: Int
    package var occurredAt: Date
    package var payer: String
    package var rule: String
    package var ruleTitle: String
    /// The dossier it concerns; `null` for a fine recorded on no dossier (an account lent).
    package var dossier: Int?
    /// The task it concerns, by the number `task list` shows; `null` for a dossier's deadline or an item.
    package var task: Int?
    package var item: String?
    /// What it costs: the base, escalated and capped; 0 when waived.
    package var amount: Decimal
    package var baseAmount: Decimal
    /// Its place among the payer's counted fines of the month; `null` when waived.
    package var nth: Int?
    package var factor: Decimal
    /// Whether the rule escalates from some nth fine in a month.
    package var escalates: Bool
    /// `due`, `capped` or `waived`.
    package var status: String
    package var workflow: String
    package var workflowVersion: Int
    package var calendar: String?
    package var provisional: Bool
    package var dueAt: Date?
    package var reason: String
    package var waivedBy: String?
    package var waivedAt: Date?
    package var waiverReason: String?
    /// Who recorded it by hand; `null` for a fine Dossier assessed.
    package var recordedBy: String?

    package init(fine: Int, occurredAt: Date, payer: String, rule: String, ruleTitle: String, dossier: Int?, task: Int?, item: String?,
                amount: Decimal, baseAmount: Decimal, nth: Int?, factor: Decimal, escalates: Bool, status: String, workflow: String,
                workflowVersion: Int, calendar: String?, provisional: Bool, dueAt: Date?, reason: String, waivedBy: String?, waivedAt: Date?,
                waiverReason: String?, recordedBy: String? = nil) {
        self.fine = fine
        self.occurredAt = occurredAt
        self.payer = payer
        self.rule = rule
        self.ruleTitle = ruleTitle
        self.dossier = dossier
        self.task = task
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
        self.recordedBy = recordedBy
    }

    enum CodingKeys: String, CodingKey {
        case fine, payer, rule, dossier, task, item, amount, nth, factor, escalates, status, workflow, calendar, provisional, reason
        case occurredAt = "occurred_at", ruleTitle = "rule_title", baseAmount = "base_amount",
             workflowVersion = "workflow_version", dueAt = "due_at", waivedBy = "waived_by", waivedAt = "waived_at",
             waiverReason = "waiver_reason", recordedBy = "recorded_by"
    }
}

/// `POST /api/v1/fines`: a fine a manager records by hand.
package struct RecordFineRequest: Codable, Sendable, Hashable {
    /// The fine rule's id, e.g. `account-shared`.
    package var rule: String
    /// The workflow whose rule it is, when more than one records a fine of that id.
    package var workflow: String?
    /// The person who committed the violation and pays.
    package var person: String
    /// What happened, in the recorder's words.
    package var reason: String
    /// The amount, for a rule of a range; a fixed rule's own amount otherwise.
    package var amount: Decimal?
    /// The dossier concerned, if any.
    package var dossier: Int?
    /// The restoration's roles to assign, as role → person.
    package var assignments: [String: String]?

    package init(rule: String, workflow: String?, person: String, reason: String, amount: Decimal?, dossier: Int?, assignments: [String: String]?) {
        self.rule = rule
        self.workflow = workflow
        self.person = person
        self.reason = reason
        self.amount = amount
        self.dossier = dossier
        self.assignments = assignments
    }
}

/// What `POST /api/v1/fines` recorded: the fine, priced, and the restoration it started.
package struct RecordedFineBody: Codable, Sendable, Hashable {
    package var fine: FineBody
    /// The dossier started for the person to restore what was lost or damaged, with its first task.
    package var restoration: StartResponse?

    package init(fine: FineBody, restoration: StartResponse?) {
        self.fine = fine
        self.restoration = restoration
    }
}

/// `POST /api/v1/fines/{fine}/waiver`.
package struct WaiveRequest: Codable, Sendable, Hashable {
    package var reason: String

    package init(reason: String) {
        self.reason = reason
    }
}

/// What `POST /api/v1/tick`, the deadline sweep, did.
package struct TickResponse: Codable, Sendable, Hashable {
    /// A dossier a workflow's schedule started (the month's department hand-over).
    package struct Started: Codable, Sendable, Hashable {
        package var dossier: Int
        package var workflow: String
        /// The department it is for; absent for the office.
        package var department: String?
        /// The day it is due by (YYYY-MM-DD).
        package var dueOn: String
        /// Its first task.
        package var task: TaskBody?

        package init(dossier: Int, workflow: String, department: String?, dueOn: String, task: TaskBody?) {
            self.dossier = dossier
            self.workflow = workflow
            self.department = department
            self.dueOn = dueOn
            self.task = task
        }

        enum CodingKeys: String, CodingKey {
            case dossier, workflow, department, task
            case dueOn = "due_on"
        }
    }

    package var at: Date
    /// Dossiers started by schedules.
    package var started: [Started]
    /// Duty tasks opened (follow-up calls whose time came).
    package var dutiesOpened: Int
    package var tasksChecked: Int
    package var deadlinesChecked: Int
    package var newlyOverdue: Int
    /// The ledger numbers of the fines recorded.
    package var assessed: [Int]
    /// Those fines, when few enough to show (20 at most).
    package var fines: [FineBody]
    /// Tasks that could not be assessed, each with the reason; tried again next time.
    package var problems: [String]

    package init(at: Date, started: [Started], dutiesOpened: Int, tasksChecked: Int, deadlinesChecked: Int, newlyOverdue: Int, assessed: [Int],
                 fines: [FineBody], problems: [String]) {
        self.at = at
        self.started = started
        self.dutiesOpened = dutiesOpened
        self.tasksChecked = tasksChecked
        self.deadlinesChecked = deadlinesChecked
        self.newlyOverdue = newlyOverdue
        self.assessed = assessed
        self.fines = fines
        self.problems = problems
    }

    enum CodingKeys: String, CodingKey {
        case at, started, assessed, fines, problems
        case tasksChecked = "tasks_checked", deadlinesChecked = "deadlines_checked", newlyOverdue = "newly_overdue", dutiesOpened = "duties_opened"
    }
}

/// `GET /api/v1/clock`: the time the store acts at.
package struct ClockBody: Codable, Sendable, Hashable {
    /// A simulation store's own clock; a production store's is the server's.
    package var at: Date
    package var simulation: Bool

    package init(at: Date, simulation: Bool) {
        self.at = at
        self.simulation = simulation
    }
}

/// `PUT /api/v1/clock`: move a simulation store's clock on to `at`.
package struct ClockRequest: Codable, Sendable, Hashable {
    package var at: Date

    package init(at: Date) {
        self.at = at
    }
}

/// One line of the register (档案登记本).
package struct RegisterLineBody: Codable, Sendable, Hashable {
    /// A contract inside, numbered after the archive number.
    package struct Contract: Codable, Sendable, Hashable {
        package var number: String
        package var item: String
        package var title: String

        package init(number: String, item: String, title: String) {
            self.number = number
            self.item = item
            self.title = title
        }
    }

    /// A field the workflow's register shows, with the dossier's value.
    package struct FieldValue: Codable, Sendable, Hashable {
        package var field: String
        package var title: String
        package var value: String?

        package init(field: String, title: String, value: String?) {
            self.field = field
            self.title = title
            self.value = value
        }
    }

    /// A role the workflow's register shows, with who holds it.
    package struct Holder: Codable, Sendable, Hashable {
        package var role: String
        package var title: String
        package var person: String?

        package init(role: String, title: String, person: String?) {
            self.role = role
            self.title = title
            self.person = person
        }
    }

    package var archiveNumber: String
    package var dossier: Int
    package var workflow: String
    package var workflowVersion: Int
    /// The fields its workflow's `<register>` names, in order.
    package var fields: [FieldValue]
    /// The roles its workflow's `<register>` names, with their holders, in order.
    package var people: [Holder]
    package var startedAt: Date
    package var registeredAt: Date
    package var items: Int
    package var pages: Int
    package var contracts: [Contract]
    /// When it was destroyed, by whom and by which destruction list; absent while it is kept.
    package var destroyedAt: Date?
    package var destroyedBy: String?
    package var destructionList: Int?

    package init(archiveNumber: String, dossier: Int, workflow: String, workflowVersion: Int, fields: [FieldValue], people: [Holder],
                startedAt: Date, registeredAt: Date, items: Int, pages: Int, contracts: [Contract],
                destroyedAt: Date? = nil, destroyedBy: String? = nil, destructionList: Int? = nil) {
        self.destroyedAt = destroyedAt
        self.destroyedBy = destroyedBy
        self.destructionList = destructionList
        self.archiveNumber = archiveNumber
        self.dossier = dossier
        self.workflow = workflow
        self.workflowVersion = workflowVersion
        self.fields = fields
        self.people = people
        self.startedAt = startedAt
        self.registeredAt = registeredAt
        self.items = items
        self.pages = pages
        self.contracts = contracts
    }

    enum CodingKeys: String, CodingKey {
        case dossier, workflow, fields, people, items, pages, contracts
        case archiveNumber = "archive_number", workflowVersion = "workflow_version", startedAt = "started_at", registeredAt = "registered_at"
        case destroyedAt = "destroyed_at", destroyedBy = "destroyed_by", destructionList = "destruction_list"
    }
}

/// `POST /api/v1/tasks/{task}/extension`: move a deadline to the end of a later date.
package struct ExtendRequest: Codable, Sendable, Hashable {
    /// The date, `YYYY-MM-DD`.
    package var until: String
    package var reason: String

    package init(until: String, reason: String) {
        self.until = until
        self.reason = reason
    }
}

/// What an extension did.
package struct ExtendResponse: Codable, Sendable, Hashable {
    package var task: Int
    package var dueAt: Date?
    package var previousDueAt: Date?

    package init(task: Int, dueAt: Date?, previousDueAt: Date?) {
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
package struct PendingBody: Codable, Sendable, Hashable {
    package var task: TaskBody
    package var workingDaysOverdue: Int?
    package var waitingFor: [AwaitedSignatureBody]
    /// For a borrow slip waiting for its level's approver: the staff roles that may approve it.
    package var approvers: [String]
    /// For a task a schedule left open (several people may take it): the staff roles whose
    /// holders may, the first to act taking it.
    package var openTo: [String]

    package init(task: TaskBody, workingDaysOverdue: Int?, waitingFor: [AwaitedSignatureBody], approvers: [String], openTo: [String] = []) {
        self.task = task
        self.workingDaysOverdue = workingDaysOverdue
        self.waitingFor = waitingFor
        self.approvers = approvers
        self.openTo = openTo
    }

    enum CodingKeys: String, CodingKey {
        case task, approvers
        case workingDaysOverdue = "working_days_overdue", waitingFor = "waiting_for", openTo = "open_to"
    }
}

/// What an advance did.
package struct AdvanceResponse: Codable, Sendable, Hashable {
    /// Who acted: the person logged in.
    package var actor: String
    package var dossier: Int
    package var action: String
    package var signedRoles: [String]
    package var waitingFor: [AwaitedSignatureBody]
    package var completingRole: String?
    package var newState: String?
    package var archiveNumber: String?
    package var openedTask: TaskBody?
    package var finished: Bool
    /// The duty recorded (a follow-up call), when the task was one.
    package var recordedDuty: String?
    /// The role whose parallel task the action closed while others stay open (`waiting_for`).
    package var closedAs: String?

    package init(actor: String, dossier: Int, action: String, signedRoles: [String], waitingFor: [AwaitedSignatureBody], completingRole: String?,
                newState: String?, archiveNumber: String?, openedTask: TaskBody?, finished: Bool, recordedDuty: String? = nil,
                closedAs: String? = nil) {
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
        self.recordedDuty = recordedDuty
        self.closedAs = closedAs
    }

    enum CodingKeys: String, CodingKey {
        case actor, dossier, action, finished
        case signedRoles = "signed_roles", waitingFor = "waiting_for", completingRole = "completing_role", newState = "new_state",
             archiveNumber = "archive_number", openedTask = "opened_task", recordedDuty = "recorded_duty", closedAs = "closed_as"
    }
}

/// An RFC 9457 problem: `type` names the refusal's kind, `detail` is the sentence, `exit` the
/// CLI's exit status for it, and `facts` the refusal's data.
package struct ProblemBody: Codable, Sendable, Hashable {
    package var type: String
    package var title: String
    package var status: Int
    package var detail: String
    package var exit: Int32
    package var facts: [String: String]?
    /// Findings that explain the refusal, one a line (a definition's errors as file:line:column),
    /// printed before the sentence.
    package var diagnostics: [String]?

    package init(type: String, title: String, status: Int, detail: String, exit: Int32, facts: [String: String]?, diagnostics: [String]? = nil) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.exit = exit
        self.facts = facts
        self.diagnostics = diagnostics
    }
}

/// The API's JSON coders: ISO 8601 moments.
package enum APICoding {
    package static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// How the service reads request bodies: ISO 8601 moments, as Hummingbird's default does.
    package static func requestDecoder() -> JSONDecoder {
        decoder()
    }

    package static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// `GET /api/v1/definitions/{kind}/{id}`: one deployed version, its exact text, and its siblings.
package struct DefinitionDetailBody: Codable, Sendable, Hashable {
    /// Running and finished dossiers of one workflow version.
    package struct Count: Codable, Sendable, Hashable {
        package var version: Int
        package var running: Int
        package var finished: Int

        package init(version: Int, running: Int, finished: Int) {
            self.version = version
            self.running = running
            self.finished = finished
        }
    }

    package var version: DefinitionVersionBody
    /// The exact XML text of that version.
    package var source: String
    package var versions: [DefinitionVersionBody]
    package var counts: [Count]

    package init(version: DefinitionVersionBody, source: String, versions: [DefinitionVersionBody], counts: [Count]) {
        self.version = version
        self.source = source
        self.versions = versions
        self.counts = counts
    }
}

/// `GET /api/v1/staff/{user}`: a person and their open tasks.
package struct StaffDetailBody: Codable, Sendable, Hashable {
    package var staff: StaffBody
    package var openTasks: [TaskBody]

    package init(staff: StaffBody, openTasks: [TaskBody]) {
        self.staff = staff
        self.openTasks = openTasks
    }

    enum CodingKeys: String, CodingKey {
        case staff
        case openTasks = "open_tasks"
    }
}

/// `GET /api/v1/reports/kpi`: one line of the month's on-time and completeness rates.
package struct PerformanceLineBody: Codable, Sendable, Hashable {
    /// `department` or `person`.
    package var scope: String
    package var name: String
    package var department: String?
    package var deadlines: Int
    package var onTime: Int
    package var onTimePercent: Decimal?
    /// Of the deadlines, duties time made (follow-up calls, scheduled dossiers), and those met.
    package var duties: Int
    package var dutiesOnTime: Int
    package var dutiesOnTimePercent: Decimal?
    package var reviews: Int
    package var complete: Int
    package var completePercent: Decimal?
    /// The share of the month's performance pay that may be cut, such as `10-30` (percent), for a
    /// person whose fines reached an escalation with a performance-cut.
    package var performanceCut: String?

    package init(scope: String, name: String, department: String?, deadlines: Int, onTime: Int, onTimePercent: Decimal?,
                 duties: Int = 0, dutiesOnTime: Int = 0, dutiesOnTimePercent: Decimal? = nil, reviews: Int,
                 complete: Int, completePercent: Decimal?, performanceCut: String? = nil) {
        self.performanceCut = performanceCut
        self.duties = duties
        self.dutiesOnTime = dutiesOnTime
        self.dutiesOnTimePercent = dutiesOnTimePercent
        self.scope = scope
        self.name = name
        self.department = department
        self.deadlines = deadlines
        self.onTime = onTime
        self.onTimePercent = onTimePercent
        self.reviews = reviews
        self.complete = complete
        self.completePercent = completePercent
    }

    enum CodingKeys: String, CodingKey {
        case scope, name, department, deadlines, reviews, complete, duties
        case onTime = "on_time", onTimePercent = "on_time_percent", completePercent = "complete_percent"
        case dutiesOnTime = "duties_on_time", dutiesOnTimePercent = "duties_on_time_percent", performanceCut = "performance_cut"
    }
}

/// A duty task a command's success took: the task (as `task list` numbers it), its dossier and
/// workflow, and the action taken.
package struct MetDutyBody: Codable, Sendable, Hashable {
    /// The task, by the number `task list` shows.
    package var task: Int
    /// Its dossier.
    package var dossier: Int
    /// The dossier's workflow.
    package var workflow: String
    /// The action the command took on it.
    package var action: String

    package init(task: Int, dossier: Int, workflow: String, action: String) {
        self.task = task
        self.dossier = dossier
        self.workflow = workflow
        self.action = action
    }
}
