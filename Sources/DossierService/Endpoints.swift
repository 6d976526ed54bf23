import DossierAPI
import DossierDefinition
import DossierEngine
import DossierOffice
import DossierStore
import Foundation
import Hummingbird

/// Every route of `/api/v1`.
enum Endpoints {
    static let all: [Endpoint] = core + lending + safe + definitions + reports + documents + departure + destruction + certificateMoves

    /// Sessions, staff, tasks, dossiers, checklists, certificates, fines, the register, audit and definitions.
    static let core: [Endpoint] = [
        Endpoint(method: .post, path: "/sessions", operationID: "logIn", summary: "Log in with a password; answers a bearer token, shown once.",
                 authenticated: false, requestSchema: "LoginRequest", success: (201, "LoginResponse")) { request, context, office in
            let login = try await request.decode(as: LoginRequest.self, context: context)
            let policy = office.policy
            let opened = try await office.write(context) { office in
                try office.logIn(user: login.user, password: login.password, client: login.client, policy: policy)
            }
            return try json(LoginResponse(token: opened.token, session: APIBodies.body(opened.session)), status: .created)
        },
        Endpoint(method: .get, path: "/sessions", operationID: "listSessions",
                 summary: "Your live sessions; everyone's with all=true, for an admin.", authenticated: true, requestSchema: nil,
                 success: (200, "SessionList"), query: [("all", "boolean", "Everyone's sessions (admin only).")]) { request, context, office in
            let all = request.uri.queryParameters["all"] == "true"
            let sessions = try await office.run(context) { try $0.sessions(all: all) }
            return try json(sessions.map(APIBodies.body))
        },
        Endpoint(method: .delete, path: "/sessions/current", operationID: "logOut", summary: "End the session this request came with.",
                 authenticated: true, requestSchema: nil, success: (204, nil)) { _, context, office in
            guard let session = context.session else { throw OfficeError.notAuthenticated("no session") }
            try await office.write(context) { try $0.revokeSession(session.id) }
            return Response(status: .noContent)
        },
        Endpoint(method: .delete, path: "/sessions/{session}", operationID: "revokeSession",
                 summary: "End one of your sessions, or anyone's as an admin.", authenticated: true, requestSchema: nil,
                 success: (204, nil)) { _, context, office in
            let id = try context.parameters.require("session", as: Int.self)
            try await office.write(context) { try $0.revokeSession(id) }
            return Response(status: .noContent)
        },
        Endpoint(method: .get, path: "/me", operationID: "whoAmI", summary: "The person the token acts for.", authenticated: true,
                 requestSchema: nil, success: (200, "Staff")) { _, context, _ in
            guard let staff = context.staff else { throw OfficeError.notAuthenticated("no session") }
            return try json(APIBodies.body(staff))
        },
        Endpoint(method: .get, path: "/staff", operationID: "listStaff", summary: "The staff directory.", authenticated: true,
                 requestSchema: nil, success: (200, "StaffList")) { _, context, office in
            let directory = try await office.run(context) { try $0.store.staffDirectory() }
            return try json(directory.map(APIBodies.body))
        },
        Endpoint(method: .post, path: "/staff", operationID: "addStaff", summary: "Add a person (admin only).", authenticated: true,
                 requestSchema: "NewStaffRequest", success: (201, "Staff")) { request, context, office in
            let new = try await request.decode(as: NewStaffRequest.self, context: context)
            let member = StaffMember(id: new.id, name: new.name, roles: new.roles, department: new.department)
            try await office.write(context) { try $0.addStaff(member) }
            return try json(APIBodies.body(member), status: .created)
        },
        Endpoint(method: .put, path: "/staff/{user}/password", operationID: "setPassword",
                 summary: "Set a password: one's own, or anyone's for an admin (kept only as a bcrypt hash).", authenticated: true,
                 requestSchema: "PasswordRequest", success: (204, nil)) { request, context, office in
            let user = try text(context, "user")
            let change = try await request.decode(as: PasswordRequest.self, context: context)
            let policy = office.policy
            try await office.write(context) { try $0.setPassword(of: user, to: change.password, policy: policy) }
            return Response(status: .noContent)
        },
        Endpoint(method: .get, path: "/tasks", operationID: "listTasks", summary: "Open tasks, oldest first: yours with mine=true, or a dossier's.",
                 authenticated: true, requestSchema: nil, success: (200, "TaskList"),
                 query: [("mine", "boolean", "Only tasks assigned to you."), ("dossier", "integer", "Only this dossier's tasks."),
                         ("limit", "integer", "At most this many.")]) { request, context, office in
            let query = request.uri.queryParameters
            let taskQuery = TaskQuery(assignee: query["mine"] == "true" ? context.staff?.id : nil,
                                      dossierID: try query["dossier"].map { try integer(String($0), "dossier") },
                                      includeClosed: query["dossier"] != nil, limit: try query["limit"].map { try integer(String($0), "limit") })
            let tasks = try await office.run(context) { office in
                _ = try office.actor()
                return try office.store.tasks(taskQuery)
            }
            return try json(tasks.map(APIBodies.body))
        },
        Endpoint(method: .post, path: "/dossiers", operationID: "startDossier",
                 summary: "Start a dossier on a workflow's latest version; fields typed and checked, roles bound, four-eyes enforced.",
                 authenticated: true, requestSchema: "StartRequest", success: (201, "StartResponse")) { request, context, office in
            let start = try await request.decode(as: StartRequest.self, context: context)
            let (dossier, task) = try await office.write(context) { office in
                try office.start(workflow: start.workflow, fields: start.fields, assignments: start.assignments)
            }
            return try json(StartResponse(dossier: dossier.id, workflow: dossier.workflowID, workflowVersion: dossier.workflowVersion,
                                          state: dossier.stateID, task: task.map(APIBodies.body)), status: .created)
        },
        Endpoint(method: .get, path: "/dossiers/{dossier}", operationID: "readDossier",
                 summary: "A dossier's fields, people and state; the read is recorded in the dossier's log.", authenticated: true,
                 requestSchema: nil, success: (200, "Dossier")) { request, context, office in
            let id = try context.parameters.require("dossier", as: Int.self)
            let channel = "GET \(request.uri.path)"
            let (dossier, number) = try await office.write(context) { try $0.readDossier(id, through: channel) }
            return try json(DossierBody(dossier: dossier.id, workflow: dossier.workflowID, workflowVersion: dossier.workflowVersion,
                                        state: dossier.stateID, finished: dossier.isFinished, fields: dossier.fields,
                                        assignments: dossier.assignments, archiveNumber: number))
        },
        Endpoint(method: .get, path: "/dossiers/{dossier}/checklist", operationID: "readChecklist",
                 summary: "A dossier's checklist: each item, what was recorded and checked (for its own people; the read is recorded).",
                 authenticated: true, requestSchema: nil, success: (200, "Checklist")) { request, context, office in
            let id = try context.parameters.require("dossier", as: Int.self)
            let channel = "GET \(request.uri.path)"
            let lines = try await office.write(context) { try $0.readChecklist(of: id, through: channel) }
            return try json(lines.map(APIBodies.body))
        },
        Endpoint(method: .get, path: "/dossiers/{dossier}/history", operationID: "readHistory",
                 summary: "A dossier's events in order (for its own people; the read is recorded after them).", authenticated: true,
                 requestSchema: nil, success: (200, "History")) { request, context, office in
            let id = try context.parameters.require("dossier", as: Int.self)
            let channel = "GET \(request.uri.path)"
            let events = try await office.write(context) { try $0.history(of: id, through: channel) }
            return try json(events.map(APIBodies.body))
        },
        Endpoint(method: .put, path: "/dossiers/{dossier}/checklist/{item}", operationID: "recordItem",
                 summary: "Record a checklist item: its pages, the signatures present, or that it is missing.", authenticated: true,
                 requestSchema: "RecordItemRequest", success: (200, "ChecklistItem")) { request, context, office in
            let id = try context.parameters.require("dossier", as: Int.self)
            let item = try text(context, "item")
            let record = try await request.decode(as: RecordItemRequest.self, context: context)
            let line = try await office.write(context) { office in
                _ = try office.recordItem(dossier: id, item: item, pages: record.pages, signatures: record.signatures, missing: record.missing)
                return try office.checklist(dossier: id).first { $0.item.id == item }
            }
            guard let line else { throw OfficeError.refused("item \(item) is not on the checklist") }
            return try json(APIBodies.body(line))
        },
        Endpoint(method: .post, path: "/dossiers/{dossier}/checklist/{item}/verification", operationID: "verifyItem",
                 summary: "Check a checklist item: in order, or with a defect; whoever recorded it cannot.", authenticated: true,
                 requestSchema: "VerifyItemRequest", success: (200, "ChecklistItem")) { request, context, office in
            let id = try context.parameters.require("dossier", as: Int.self)
            let item = try text(context, "item")
            let check = try await request.decode(as: VerifyItemRequest.self, context: context)
            let line = try await office.write(context) { office in
                _ = try office.verifyItem(dossier: id, item: item, defect: check.defect)
                return try office.checklist(dossier: id).first { $0.item.id == item }
            }
            guard let line else { throw OfficeError.refused("item \(item) is not on the checklist") }
            return try json(APIBodies.body(line))
        },
        Endpoint(method: .get, path: "/fines", operationID: "listFines",
                 summary: "The fine ledger, priced: everyone's, or one person's; one month's when asked.", authenticated: true,
                 requestSchema: nil, success: (200, "FineList"),
                 query: [("person", "string", "Only this person's fines."), ("month", "string", "Only this month's, e.g. 2026-03.")]) { request, context, office in
            let query = request.uri.queryParameters
            let person = query["person"].map(String.init), month = query["month"].map(String.init)
            if let month, !isMonth(month) { throw OfficeError.invalid("month=\(month) is not a month such as 2026-03") }
            let fines = try await office.run(context) { try $0.fines(payers: person.map { [$0] }, month: month) }
            return try json(fines.map(APIBodies.body))
        },
        Endpoint(method: .post, path: "/fines", operationID: "recordFine",
                 summary: "Record a fine only people see (an account lent, a dossier copied): by a role the rule names in record-by, never on oneself.",
                 authenticated: true, requestSchema: "RecordFineRequest", success: (201, "RecordedFine")) { request, context, office in
            let record = try await request.decode(as: RecordFineRequest.self, context: context)
            guard !record.reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw OfficeError.invalid("a fine recorded by hand needs a reason") }
            let outcome = try await office.write(context) { office in
                try office.recordFine(record.rule, workflow: record.workflow, person: record.person, amount: record.amount, reason: record.reason,
                                      dossier: record.dossier, assignments: record.assignments ?? [:])
            }
            return try json(APIBodies.body(outcome), status: .created)
        },
        Endpoint(method: .post, path: "/fines/{fine}/waiver", operationID: "waiveFine",
                 summary: "Waive a fine with a reason: only a role the workflow names in waive-by, never one's own.", authenticated: true,
                 requestSchema: "WaiveRequest", success: (200, "Fine")) { request, context, office in
            let id = try context.parameters.require("fine", as: Int.self)
            let waiver = try await request.decode(as: WaiveRequest.self, context: context)
            guard !waiver.reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw OfficeError.invalid("a waiver needs a reason") }
            let fine = try await office.write(context) { try $0.waiveFine(id, reason: waiver.reason) }
            return try json(APIBodies.body(fine))
        },
        Endpoint(method: .post, path: "/fines/settlements", operationID: "settleFines",
                 summary: "Settle fines (paid, or deducted from pay) by number, or all of one person's up to a month: an administrator, or the successor or supervisor of the payer's departure; all of them or none.",
                 authenticated: true, requestSchema: "SettlementRequest", success: (200, "FineSettlements")) { request, context, office in
            let settlement = try await request.decode(as: SettlementRequest.self, context: context)
            let settled = try await office.write(context) { office in
                try office.settleFines(settlement.fines ?? [], person: settlement.person, through: settlement.through, note: settlement.note)
            }
            return try json(settled.map { FineSettlementBody(fine: $0.fine, at: $0.at, by: $0.by, note: $0.note) })
        },
        Endpoint(method: .post, path: "/tick", operationID: "tick",
                 summary: "The deadline sweep: marks overdue tasks and records the fines they incur, once each.", authenticated: true,
                 requestSchema: nil, success: (200, "Tick")) { _, context, office in
            let outcome = try await office.write(context) { office in
                _ = try office.actor()
                return try office.sweep(showing: 20)
            }
            return try json(APIBodies.body(outcome))
        },
        Endpoint(method: .get, path: "/clock", operationID: "readClock",
                 summary: "The time the store acts at: a simulation store's own clock, else the server's.", authenticated: true,
                 requestSchema: nil, success: (200, "Clock")) { _, context, office in
            let reading = try await office.run(context) { office in
                _ = try office.actor()
                return ClockBody(at: try office.clockTime(), simulation: office.isSimulation)
            }
            return try json(reading)
        },
        Endpoint(method: .put, path: "/clock", operationID: "setClock",
                 summary: "Move a simulation store's clock on (never back); a production store keeps the real clock.", authenticated: true,
                 requestSchema: "ClockRequest", success: (200, "Clock")) { request, context, office in
            let asked = try await request.decode(as: ClockRequest.self, context: context)
            let set = try await office.write(context) { try $0.setClock(to: asked.at) }
            return try json(ClockBody(at: set, simulation: true))
        },
        Endpoint(method: .get, path: "/register", operationID: "readRegister",
                 summary: "The register: archived dossiers in the order of registration, one workflow's when asked.", authenticated: true,
                 requestSchema: nil, success: (200, "Register"), query: [("workflow", "string", "Only this workflow's dossiers.")]) { request, context, office in
            let workflow = request.uri.queryParameters["workflow"].map(String.init)
            let lines = try await office.run(context) { office in
                _ = try office.actor()
                return try office.register(workflow: workflow)
            }
            return try json(lines.map(APIBodies.body))
        },
        Endpoint(method: .post, path: "/tasks/{task}/extension", operationID: "extendTask",
                 summary: "Move a task's deadline to the end of a later date, with a reason: only roles the workflow names in extend-by.",
                 authenticated: true, requestSchema: "ExtendRequest", success: (200, "Extension")) { request, context, office in
            let id = try context.parameters.require("task", as: Int.self)
            let asked = try await request.decode(as: ExtendRequest.self, context: context)
            guard let until = CalendarDate(iso: asked.until) else { throw OfficeError.invalid("until=\(asked.until) is not a date such as 2026-03-10") }
            guard !asked.reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw OfficeError.invalid("an extension needs a reason") }
            let (due, before) = try await office.write(context) { try $0.extend(task: id, until: until, reason: asked.reason) }
            return try json(ExtendResponse(task: id, dueAt: due, previousDueAt: before))
        },
        Endpoint(method: .get, path: "/audit/checkpoint", operationID: "latestCheckpoint",
                 summary: "The latest signed checkpoint of the event chain, to keep elsewhere.", authenticated: true, requestSchema: nil,
                 success: (200, "Checkpoint")) { _, context, office in
            let latest = try await office.run(context) { office in
                _ = try office.actor()
                return try office.store.latestCheckpoint()
            }
            guard let latest else { throw OfficeError.refused("no checkpoint has been signed yet") }
            return try json(APIBodies.body(latest))
        },
        Endpoint(method: .post, path: "/audit/checkpoint", operationID: "signCheckpoint",
                 summary: "Sign a checkpoint at the chain's head now (admin only).", authenticated: true, requestSchema: nil,
                 success: (200, "Checkpoint")) { _, context, office in
            _ = try await office.run(context) { try $0.requireStaffRole(Office.administratorRole, for: "sign checkpoints") }
            guard let checkpoints = office.checkpoints, let latest = try await checkpoints.signNow() else {
                throw OfficeError.refused("this service signs no checkpoints: it was started without a signing key")
            }
            return try json(APIBodies.body(latest))
        },
        Endpoint(method: .post, path: "/audit/verification", operationID: "verifyAudit",
                 summary: "Recompute the hash chain, check every dossier against its log and every checkpoint against the service's key (admin only).",
                 authenticated: true, requestSchema: "AuditRequest", success: (200, "Audit")) { request, context, office in
            let asked = try await request.decode(as: AuditRequest.self, context: context)
            let publicKey = office.checkpoints?.key.privateKey.publicKey
            let findings = try await office.run(context) { office in
                try office.audit(publicKey: publicKey, external: asked.checkpoint.map(APIBodies.checkpoint))
            }
            return try json(AuditResponse(eventsChecked: findings.eventsChecked, checkpointsChecked: findings.checkpointsChecked,
                                          problems: findings.problems))
        },
        Endpoint(method: .post, path: "/backups", operationID: "backUp",
                 summary: "Write a consistent copy of the whole store to a new file in the service's backup folder (serve --backup-dir), audit the copy in full and log the backup (admin only).",
                 authenticated: true, requestSchema: "BackupRequest", success: (201, "Backup")) { request, context, office in
            let asked = try await request.decode(as: BackupRequest.self, context: context)
            let path = try Office.backupPath(named: asked.name, in: office.backupFolder)
            let publicKey = office.checkpoints?.key.privateKey.publicKey
            let copy = try await office.write(context) { try $0.backup(to: path, publicKey: publicKey) }
            return try json(BackupBody(path: copy.path, events: copy.events, head: copy.head, checkpoints: copy.checkpoints,
                                       duties: copy.met.map { MetDutyBody(task: $0.task, dossier: $0.dossier, workflow: $0.workflow, action: $0.action) }),
                            status: .created)
        },
        Endpoint(method: .get, path: "/workflows", operationID: "listWorkflows",
                 summary: "The deployed workflows, each at its latest version.", authenticated: true, requestSchema: nil,
                 success: (200, "DefinitionList")) { _, context, office in
            let versions = try await office.run(context) { office in
                _ = try office.actor()
                return try office.store.latestVersions(of: .workflow)
            }
            return try json(versions.map { APIBodies.body($0, outcome: nil) })
        },
        Endpoint(method: .post, path: "/definitions", operationID: "deployDefinitions",
                 summary: "Validate workflows and calendars and store a new version of each changed one, all or nothing (admin only).",
                 authenticated: true, requestSchema: "DeployRequest", success: (200, "DefinitionList")) { request, context, office in
            let deploy = try await request.decode(as: DeployRequest.self, context: context)
            guard !deploy.files.isEmpty else { throw OfficeError.invalid("send at least one definition file") }
            let outcomes = try await office.write(context) { office in
                try office.deploy(sources: deploy.files.map { ($0.name, $0.source) }, schemas: try DefinitionSchemas.locate())
            }
            return try json(outcomes.map(APIBodies.body))
        },
        Endpoint(method: .post, path: "/dossiers/{dossier}/certificates", operationID: "addCertificate",
                 summary: "Put a title certificate on the dossier's draft hand-over list (clears the signatures given so far).",
                 authenticated: true, requestSchema: "AddCertificateRequest", success: (200, "CertificateList")) { request, context, office in
            let id = try context.parameters.require("dossier", as: Int.self)
            let add = try await request.decode(as: AddCertificateRequest.self, context: context)
            guard add.quantity >= 1 else { throw OfficeError.invalid("quantity \(add.quantity) is not a number of certificates; give 1 or more") }
            let change = try await office.write(context) { try $0.addCertificate(dossier: id, kind: add.kind, number: add.number, quantity: add.quantity) }
            return try json(APIBodies.body(change))
        },
        Endpoint(method: .delete, path: "/dossiers/{dossier}/certificates/{number}", operationID: "removeCertificate",
                 summary: "Take a certificate off the draft list.", authenticated: true, requestSchema: nil,
                 success: (200, "CertificateList")) { _, context, office in
            let id = try context.parameters.require("dossier", as: Int.self)
            let number = try text(context, "number")
            let change = try await office.write(context) { try $0.removeCertificate(dossier: id, number: number) }
            return try json(APIBodies.body(change))
        },
        Endpoint(method: .post, path: "/dossiers/{dossier}/certificates/signature", operationID: "signCertificates",
                 summary: "Sign the draft list for one's role; the last signature hands the certificates to the keeper.", authenticated: true,
                 requestSchema: nil, success: (200, "CertificateList")) { _, context, office in
            let id = try context.parameters.require("dossier", as: Int.self)
            let change = try await office.write(context) { try $0.signCertificates(dossier: id) }
            return try json(APIBodies.body(change))
        },
        Endpoint(method: .get, path: "/pending", operationID: "listPending",
                 summary: "What waits: open tasks and sign-offs, oldest first (soonest due first with overdue=true).", authenticated: true,
                 requestSchema: nil, success: (200, "PendingList"),
                 query: [("role", "string", "Only tasks of this workflow role."),
                         ("user", "string", "Only what waits for this person: assigned, awaiting their sign-off, or a slip they may approve."),
                         ("overdue", "boolean", "Only overdue tasks."), ("limit", "integer", "At most this many.")]) { request, context, office in
            let query = request.uri.queryParameters
            let role = query["role"].map(String.init), user = query["user"].map(String.init), overdue = query["overdue"] == "true"
            let limit = try query["limit"].map { try integer(String($0), "limit") }
            let lines = try await office.run(context) { office in
                _ = try office.actor()
                return try office.pending(role: role, user: user, overdue: overdue, limit: limit)
            }
            // Thousands of rows: written byte by byte rather than through JSONEncoder.
            let bytes = ListEncoding.pending(lines.map(APIBodies.body))
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        },
        Endpoint(method: .get, path: "/tasks/{task}", operationID: "getTask", summary: "One task.", authenticated: true,
                 requestSchema: nil, success: (200, "Task")) { _, context, office in
            let id = try context.parameters.require("task", as: Int.self)
            let task = try await office.run(context) { office in
                _ = try office.actor()
                guard let task = try office.store.task(id) else { throw OfficeError.noTask(id) }
                return task
            }
            return try json(APIBodies.body(task))
        },
        Endpoint(method: .get, path: "/tasks/{task}/details", operationID: "taskDetails",
                 summary: "A task, its dossier's state and people, and the actions it allows: who takes them, who must sign, the guards.",
                 authenticated: true, requestSchema: nil, success: (200, "TaskDetails")) { _, context, office in
            let id = try context.parameters.require("task", as: Int.self)
            let details = try await office.run(context) { try $0.taskDetails(id) }
            return try json(APIBodies.body(details))
        },
        Endpoint(method: .post, path: "/tasks/{task}/advance", operationID: "advanceTask",
                 summary: "Take an action on a task: role, guards, notes and four-eyes are checked.", authenticated: true,
                 requestSchema: "AdvanceRequest", success: (200, "AdvanceResponse")) { request, context, office in
            let id = try context.parameters.require("task", as: Int.self)
            let advance = try await request.decode(as: AdvanceRequest.self, context: context)
            let done = try await office.write(context) { office in
                try office.advance(task: id, action: advance.action, note: advance.note, fields: advance.fields ?? [:])
            }
            return try json(APIBodies.body(done, actor: context.staff?.id ?? ""))
        },
    ]

    // MARK: Bodies

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try APICoding.encoder().encode(value)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Whether `text` is a month such as `2026-03`.
    static func isMonth(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]) else { return false }
        return year >= 1900 && (1...12).contains(month)
    }

    /// Path parameter `name` as text, percent-decoded (an archive number, a certificate's number, a user).
    static func text(_ context: ServiceContext, _ name: String) throws -> String {
        let raw = try context.parameters.require(name)
        guard let text = raw.removingPercentEncoding else { throw OfficeError.invalid("\(name) \(raw) is not percent-encoded UTF-8") }
        return text
    }

    static func integer(_ text: String, _ name: String) throws -> Int {
        guard let value = Int(text), value >= 0 else { throw OfficeError.invalid("\(name)=\(text) is not a whole number") }
        return value
    }
}
