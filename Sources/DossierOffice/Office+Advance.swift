import DossierDefinition
import DossierEngine
import DossierStore

/// What taking an action on a task did.
package struct Advancement: Sendable, Hashable {
    /// The dossier acted on.
    package var dossierID: Int
    /// The action taken.
    package var action: String
    /// The roles the acting person signed the action in.
    package var signedRoles: [String]
    /// Sign-offs the action still waits for; empty once it is signed or taken.
    package var waitingFor: [WorkflowEngine.AwaitedSignature]
    /// The role that completes a fully signed action that is not taken yet.
    package var completingRole: String?
    /// The state the dossier moved to, when the action was taken.
    package var newState: String?
    /// The archive number the dossier received, when this action registered it.
    package var archiveNumber: String?
    /// The task the dossier opened next.
    package var openedTask: TaskSummary?
    /// Whether the dossier is finished.
    package var isFinished: Bool
    /// The duty recorded (a follow-up call), when the task was one.
    package var recordedDuty: String?
    /// The role whose parallel task the action closed while the other roles' tasks stay open
    /// (``waitingFor`` names them); the dossier moves on when the last one closes.
    package var closedAs: String?

    /// Creates an advancement value (a client rebuilds one from the API's answer).
    package init(dossierID: Int, action: String, signedRoles: [String], waitingFor: [WorkflowEngine.AwaitedSignature], completingRole: String?,
                 newState: String?, archiveNumber: String?, openedTask: TaskSummary?, isFinished: Bool, recordedDuty: String? = nil,
                 closedAs: String? = nil) {
        self.dossierID = dossierID
        self.action = action
        self.signedRoles = signedRoles
        self.waitingFor = waitingFor
        self.completingRole = completingRole
        self.newState = newState
        self.archiveNumber = archiveNumber
        self.openedTask = openedTask
        self.isFinished = isFinished
        self.recordedDuty = recordedDuty
        self.closedAs = closedAs
    }

    /// Whether the action was taken (the task closed), rather than only signed.
    package var isTaken: Bool { newState != nil || recordedDuty != nil || closedAs != nil }
}

extension Office {
    /// Takes `action` on task `taskID` as the acting person: the engine checks role, guards,
    /// notes and four-eyes; the step is committed with any archive number it asks for.
    /// Throws `StoreError.conflict` when someone else acted on the dossier in between.
    package func advance(task taskID: Int, action: String, note: String?, fields: [String: String]) throws -> Advancement {
        try advance(task: taskID, action: action, note: note, fields: fields, on: nil)
    }

    /// Takes `action` on task `taskID` as the acting person, for `trigger` when a command's
    /// success takes it (``meetDuties(on:note:)``).
    func advance(task taskID: Int, action: String, note: String?, fields: [String: String], on trigger: Transition.Trigger?) throws -> Advancement {
        let actor = try actor()
        guard let task = try store.task(taskID) else { throw OfficeError.noTask(taskID) }
        if let closed = task.closedAt {
            throw OfficeError.taskDone(task: taskID, dossier: task.dossierID, by: task.closedBy, action: task.action, at: closed)
        }
        let (dossier, engine) = try dossier(task.dossierID)
        if engine.definition.timer(task.stateID) != nil {
            return try recordDuty(task, of: dossier, engine: engine, action: action, note: note, values: fields, actor: actor)
        }
        // Read open a moment ago, closed now: someone else acted in between.
        if dossier.openTask?.number != task.number, dossier.parallelRole(task: task.number) == nil { throw StoreError.conflict("task \(taskID)") }
        // A departure waits until its leaver holds nothing: what each such person holds is looked up here.
        let waitsForNothingHeld = engine.definition.state(dossier.stateID)?.transition(action)?.guards.compactMap { guardKind -> String? in
            if case .nothingHeld(let role) = guardKind { return dossier.assignments[role] }
            return nil
        } ?? []
        let held = waitsForNothingHeld.isEmpty ? nil
            : Dictionary(try waitsForNothingHeld.map { ($0, try lookUpHoldings(of: $0).lines) }, uniquingKeysWith: { first, _ in first })
        let step = try engine.advance(dossier, task: task.number, action: action, note: note, fields: fields, actor: actor, at: time, on: trigger,
                                      held: held)
        var numbering: ArchiveNumbering?
        if let pattern = engine.definition.archiveNumber {
            let date = try numberingDate(pattern, of: step.dossier, engine: engine)
            numbering = ArchiveNumbering(pattern: pattern, year: date.year, month: date.month)
        }
        // A destruction list destroys the dossiers it names, a correction corrects its dossier,
        // in the same transaction, or nothing happens.
        let others = try stepsOnOthers(by: dossier, engine: engine, step: step, actor: actor)
        let opened = try store.commit(step, readAt: dossier.revision, at: moment, archiveNumbers: numbering, together: others)
        var result = Advancement(dossierID: dossier.id, action: action,
                                 signedRoles: step.events.filter { $0.kind == .signed }.map { $0.details["role"] ?? "?" },
                                 waitingFor: [], completingRole: nil, newState: nil, archiveNumber: nil, openedTask: opened,
                                 isFinished: step.dossier.isFinished)
        guard step.closedTask != nil else {
            result.waitingFor = engine.awaitedSignatures(in: step.dossier, action: action)
            if result.waitingFor.isEmpty {
                let state = engine.definition.state(dossier.stateID)
                result.completingRole = state?.transition(action)?.byRoleID ?? state?.roleID
            }
            return result
        }
        if let roleID = dossier.parallelRole(task: task.number), step.dossier.parallelRole(task: task.number) == nil,
           step.dossier.stateID == dossier.stateID, !step.dossier.parallelTasks.isEmpty {
            // One department reported; the others' tasks keep the dossier where it is.
            result.closedAs = roleID
            result.waitingFor = engine.awaitedParallelTasks(in: step.dossier, action: action)
            return result
        }
        result.newState = step.dossier.stateID
        if step.effects.contains(.assignArchiveNumber) { result.archiveNumber = try store.archiveNumber(of: dossier.id) }
        return result
    }
}

extension Office {
    /// Records duty task `task` (a follow-up call): its one action is `record`, and the values
    /// its timer asks for are given as fields.
    private func recordDuty(_ task: TaskSummary, of dossier: Dossier, engine: WorkflowEngine, action: String, note: String?,
                            values: [String: String], actor: StaffMember) throws -> Advancement {
        guard action == WorkflowEngine.recordAction else {
            throw Refusal.unknownAction(action, state: task.stateID, available: [WorkflowEngine.recordAction])
        }
        // Read open a moment ago, recorded now: someone else acted in between.
        guard dossier.duties[task.stateID]?.isOpen == true, dossier.duties[task.stateID]?.taskNumber == task.number else {
            throw StoreError.conflict("task \(task.id)")
        }
        let step = try engine.recordDuty(dossier, task: task.number, values: values, note: note, actor: actor, at: time)
        _ = try store.commit(step, readAt: dossier.revision, at: moment, archiveNumbers: nil)
        return Advancement(dossierID: dossier.id, action: action, signedRoles: [], waitingFor: [], completingRole: nil, newState: nil,
                           archiveNumber: nil, openedTask: nil, isFinished: dossier.isFinished, recordedDuty: task.stateID)
    }

    /// The date whose year and month an archive number of `pattern` writes: the date field the
    /// pattern names (`{yyyy:month-end}`), else today.
    func numberingDate(_ pattern: ArchiveNumberPattern, of dossier: Dossier, engine: WorkflowEngine) throws -> CalendarDate {
        guard let field = pattern.dateField else { return engine.localTime.date(of: time) }
        let text = dossier.fields[field] ?? ""
        if let date = CalendarDate(iso: text) { return date }
        if let moment = engine.localTime.parse(text) { return engine.localTime.date(of: moment) }
        throw OfficeError.refused("dossier \(dossier.id) cannot be numbered: pattern \(pattern.source) takes its year and month from field '\(field)', which holds no date; correct the field first")
    }
}
