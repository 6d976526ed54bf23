import DossierDefinition
import DossierDocuments
import DossierEngine
import DossierStore
import Foundation

/// A borrow slip just filled in: the loan, what it borrows and who approves it.
package struct LoanRequest: Sendable, Hashable {
    package var loanID: Int
    package var archiveNumber: String
    package var levelID: String
    package var borrower: String
    package var until: String
    package var takeAway: Bool
    package var material: [String]
    /// Why no approval is needed, when none is.
    package var directReason: String?
    /// Who may approve, each role named with its department where a local manager approves.
    package var approvers: [String]
    package var openedTask: TaskSummary?
    /// The step of its approval the slip waits for (`step 1 of 2`), when its level has several.
    package var step: String?
}

/// A step taken on a loan: the action, the state it led to, and what followed.
package struct LoanChange: Sendable, Hashable {
    package var loanID: Int
    package var action: String
    package var state: String
    package var openedTask: TaskSummary?
    package var isClosed: Bool
    /// For a renewal: the new return date and on whose grant.
    package var renewedUntil: String?
    package var renewal: String?
    /// For a return: the fines for what did not come back as lent.
    package var fines: [FineOccurrence]
    /// After an earlier step of a slip's approval: who signs the next step, and which it is.
    package var approvers: [String] = []
    package var step: String?
}

/// A line of `dossier loans`.
package struct LoanLine: Sendable, Hashable {
    package var loanID: Int
    package var archiveNumber: String?
    package var levelID: String?
    package var borrower: String
    package var approver: String?
    package var state: String
    package var takeAway: Bool
    package var purpose: String
    package var requestedAt: Date
    /// The return deadline (the end of its last day) while the dossier is out.
    package var dueAt: Date?
    package var isOverdue: Bool
}

/// Where a registered dossier is, and every loan of it.
package struct CustodyReport: Sendable, Hashable {
    /// Where the dossier is now.
    package enum Whereabouts: Sendable, Hashable {
        case archive
        /// Out on `loan`, taken away or in the reading room.
        case lent(loan: Int, borrower: String, takenAway: Bool, since: Date?, dueAt: Date?)
        /// Back, but incomplete: the missing material is being recovered.
        case incomplete(loan: Int, borrower: String)
    }

    /// One step of a loan's life.
    package struct Step: Sendable, Hashable {
        package var what: String
        package var at: Date
        package var by: String
        package var note: String?
    }

    /// One loan of the dossier.
    package struct Loan: Sendable, Hashable {
        package var loanID: Int
        package var borrower: String
        package var purpose: String
        package var until: String?
        package var steps: [Step]
        package var state: String
    }

    /// One move to another custodian (and department), both having signed.
    package struct Transfer: Sendable, Hashable {
        package var at: Date
        package var from: String
        package var to: String
        package var department: String?
        /// The custody transfer dossier that moved it.
        package var transfer: Int?
    }

    package var archiveNumber: String
    package var dossierID: Int
    package var now: Whereabouts
    package var loans: [Loan]
    /// Who keeps it now, in which department, and each move, oldest first.
    package var custodian: String?
    package var department: String?
    package var transfers: [Transfer] = []
}

/// A registered dossier as its reader sees it, with the right they read it on.
package struct DossierView: Sendable {
    package var archiveNumber: String
    package var dossier: Dossier
    package var workflowTitle: String
    package var reader: String
    package var right: String
    package var levelID: String
    package var department: String?
    /// The fields with a value, in the workflow's order: id, title, value.
    package var fields: [(id: String, title: String, value: String)]
    /// The roles filled, in the workflow's order: id, title, person.
    package var roles: [(id: String, title: String, person: String)]
    /// The registered items with their pages, in the checklist's order: id, title, pages.
    package var items: [(id: String, title: String, pages: Int)]
    /// The version of its contents shown, and the latest (1 until a correction is approved).
    package var version: Int
    package var latestVersion: Int
}

extension Office {
    /// Fills in a borrow slip for registered dossier `archiveNumber` under lending workflow `workflow`.
    package func requestLoan(_ archiveNumber: String, purpose: String, until: String, takeAway: Bool, material: [String], archivist: String?,
                             workflow: String) throws -> LoanRequest {
        let actor = try actor()
        let lending = try engine(workflow: workflow)
        let target = try borrowTarget(archiveNumber, lending: lending)
        let staff = try staff([actor.id] + [archivist ?? target.archivist].compactMap { $0 })
        let route = try lending.route(for: actor, target: target)
        let (loan, opened) = try store.startDossier(at: moment) { id, time in
            try lending.requestLoan(id: id, target: target, purpose: purpose, until: until, takeAway: takeAway, material: material,
                                    archivist: archivist, actor: actor, staff: staff, at: time)
        }
        var request = LoanRequest(loanID: loan.id, archiveNumber: archiveNumber, levelID: target.levelID, borrower: actor.id, until: until,
                                  takeAway: takeAway, material: lending.loanMaterial(loan), directReason: nil, approvers: [], openedTask: opened)
        switch route {
        case .direct(let reason):
            request.directReason = reason
        case .approval:
            request.approvers = lending.awaitedApprovers(of: loan)
            request.step = lending.awaitedStepName(of: loan)
        }
        return request
    }

    /// Takes `action` on loan `id`: approve or reject (an approver of the level), complete (the
    /// archivist, once the missing material is back).
    package func takeLoanStep(_ action: String, loan id: Int, note: String?) throws -> LoanChange {
        let actor = try actor()
        let (loan, lending) = try self.loan(id)
        guard let task = loan.openTask else { throw OfficeError.loanClosed(loan: id, state: loan.stateID) }
        let step = try lending.advance(loan, task: task.number, action: action, note: note, actor: actor, at: time)
        return try commitLoan(step, on: loan, action: action)
    }

    /// Lends loan `id`: the archivist hands the dossier out.
    package func lend(loan id: Int) throws -> LoanChange {
        let actor = try actor()
        let (loan, lending) = try self.loan(id)
        let number = try archiveNumber(of: loan)
        let others = try store.dossiers(workflow: loan.workflowID, field: "archive-number", equals: number, runningOnly: true)
        let step = try lending.lendLoan(loan, others: others, actor: actor, at: time)
        return try commitLoan(step, on: loan, action: "lend")
    }

    /// Renews loan `id` until `until`, for `reason`.
    package func renew(loan id: Int, until: String, reason: String) throws -> LoanChange {
        let actor = try actor()
        let (loan, lending) = try self.loan(id)
        let target = try borrowTarget(try archiveNumber(of: loan), lending: lending)
        let step = try lending.renewLoan(loan, target: target, until: until, reason: reason, actor: actor, at: time)
        var change = try commitLoan(step, on: loan, action: "renew")
        change.renewedUntil = until
        change.renewal = step.events.last?.details["renewal"] ?? ""
        return change
    }

    /// Takes loan `id` back, checked item by item: what is `missing`, `damaged` or short of `pages`.
    package func returnLoan(_ id: Int, missing: [String], damaged: [String], pages: [String: Int]) throws -> LoanChange {
        let actor = try actor()
        let (loan, lending) = try self.loan(id)
        let target = try borrowTarget(try archiveNumber(of: loan), lending: lending)
        let step = try lending.returnLoan(loan, target: target, missing: missing, damaged: damaged, pages: pages, actor: actor, at: time)
        var change = try commitLoan(step, on: loan, action: step.dossier.stateID == "returned" ? "return" : "return-incomplete")
        let lostItem = lending.definition.assessedFine(on: .lostItem)?.id
        change.fines = step.fines.filter { $0.ruleID == lostItem }
        return change
    }

    /// The loans of lending workflow `workflow`: open ones, or all; only overdue ones when asked.
    package func loans(workflow: String, overdue: Bool, all: Bool) throws -> [LoanLine] {
        try store.dossiers(workflow: workflow, field: nil, equals: nil, runningOnly: !all).compactMap { loan in
            let due = loan.stateID == "lent" ? loan.openTask?.dueAt : nil
            let isOverdue = due.map { $0 < time } ?? false
            if overdue, !isOverdue { return nil }
            return LoanLine(loanID: loan.id, archiveNumber: loan.fields["archive-number"], levelID: loan.fields["level"],
                            borrower: loan.assignments["borrower"] ?? loan.startedBy, approver: loan.assignments["approver"], state: loan.stateID,
                            takeAway: loan.fields["take-away"] == "true", purpose: loan.fields["purpose"] ?? "", requestedAt: loan.startedAt,
                            dueAt: due, isOverdue: isOverdue)
        }
    }

    /// The loans of every deployed workflow that lends (one of whose actions has the `lend`
    /// effect), oldest first.
    package func loans(overdue: Bool, all: Bool) throws -> [LoanLine] {
        // A version that no longer compiles is reported by whatever reads its own dossiers.
        let lending = try store.latestVersions(of: .workflow).filter { version in
            guard let definition = try? engine(workflow: version.id, version: version.version).definition else { return false }
            return definition.states.contains { $0.transitions.contains { $0.effects.contains(.lend) } }
        }
        return try lending.flatMap { try loans(workflow: $0.id, overdue: overdue, all: all) }.sorted { ($0.requestedAt, $0.loanID) < ($1.requestedAt, $1.loanID) }
    }

    /// Where registered dossier `archiveNumber` is now, and its loans under `workflow`, read from the log.
    package func custody(_ archiveNumber: String, workflow: String) throws -> CustodyReport {
        guard let dossierID = try store.registeredDossier(archiveNumber: archiveNumber) else { throw OfficeError.noArchiveNumber(archiveNumber) }
        let loans = try store.dossiers(workflow: workflow, field: "archive-number", equals: archiveNumber, runningOnly: false)
        var now = CustodyReport.Whereabouts.archive
        if let out = loans.last(where: { $0.stateID == "lent" || $0.stateID == "returned-incomplete" }) {
            let borrower = out.assignments["borrower"] ?? out.startedBy
            if out.stateID == "lent" {
                let since = try store.events(dossier: out.id).last { $0.kind == "transitioned" && $0.action == "lend" }?.at
                now = .lent(loan: out.id, borrower: borrower, takenAway: out.fields["take-away"] == "true", since: since, dueAt: out.openTask?.dueAt)
            } else {
                now = .incomplete(loan: out.id, borrower: borrower)
            }
        }
        let history = try loans.map { loan in
            let steps = try store.events(dossier: loan.id).filter { $0.kind == "transitioned" }.map { event in
                let what = event.details["direct"] == "true" ? "no approval needed" : (event.action ?? "?")
                let showsNote = event.action == "return-incomplete" || event.action == "reject"
                return CustodyReport.Step(what: what, at: event.at, by: event.actor, note: showsNote ? event.note : nil)
            }
            return CustodyReport.Loan(loanID: loan.id, borrower: loan.assignments["borrower"] ?? loan.startedBy, purpose: loan.fields["purpose"] ?? "",
                                      until: loan.fields["until"], steps: steps, state: loan.stateID)
        }
        var report = CustodyReport(archiveNumber: archiveNumber, dossierID: dossierID, now: now, loans: history)
        let (dossier, engine) = try dossier(dossierID)
        report.custodian = IntakeRoles(engine.definition).archivist.flatMap { dossier.assignments[$0] }
        report.department = dossier.custodyDepartment
        report.transfers = try store.events(dossier: dossierID).filter { $0.kind == DossierEvent.Kind.custodyTransferred.rawValue }.map { event in
            CustodyReport.Transfer(at: event.at, from: event.details["from"] ?? "", to: event.details["to"] ?? "", department: event.details["department"],
                                   transfer: event.details["transfer"].flatMap { Int($0) })
        }
        return report
    }

    /// Registered dossier `archiveNumber` for the acting person, when they have a right to read
    /// it under lending workflow `workflow`. Granted or refused, the view is an event on the
    /// dossier; a refused one is fined where the workflow says so, and then refused.
    package func view(_ archiveNumber: String, workflow: String, version: Int? = nil) throws -> DossierView {
        let actor = try actor()
        let lending = try engine(workflow: workflow)
        guard let id = try store.registeredDossier(archiveNumber: archiveNumber) else { throw OfficeError.noArchiveNumber(archiveNumber) }
        let (dossier, engine) = try self.dossier(id)
        let target = try borrowTarget(of: dossier, engine: engine, archiveNumber: archiveNumber, lending: lending)
        let loans = try store.dossiers(workflow: workflow, field: "archive-number", equals: archiveNumber, runningOnly: true)
        let viewing = try lending.view(dossier, target: target, viewer: actor, loans: loans, at: time)
        let step = try engine.recording(viewing.events, fines: viewing.fines, on: dossier, at: time)
        _ = try store.commit(step, readAt: dossier.revision, at: moment, archiveNumbers: nil)
        guard let right = viewing.right else {
            var message = viewing.refusal ?? "\(actor.id) may not view \(archiveNumber)"
            message += ". The attempt is recorded in the log"
            if let fine = viewing.fines.first { message += " and fined \(fine.baseAmount) under \(fine.ruleID)" }
            throw OfficeError.refused(message + ".")
        }
        let definition = engine.definition
        // An earlier version: the corrections after it undone, from the log.
        var shown = dossier
        if let version, version != dossier.contentVersion {
            let amendments = try store.events(dossier: id).filter { $0.kind == DossierEvent.Kind.amended.rawValue }
                .map { DossierEvent(kind: .amended, actor: $0.actor, at: $0.at, details: $0.details) }
            guard let earlier = WorkflowEngine.version(version, of: dossier, amendments: amendments) else {
                throw OfficeError.invalid("\(archiveNumber) has version\(dossier.contentVersion == 1 ? " 1 only" : "s 1 to \(dossier.contentVersion)"); see `dossier history \(id)`")
            }
            shown = earlier
        }
        return DossierView(
            archiveNumber: archiveNumber, dossier: shown, workflowTitle: definition.title, reader: actor.id, right: right,
            levelID: shown.fields["level"].flatMap { $0.isEmpty ? nil : $0 } ?? definition.confidentiality?.defaultLevelID ?? target.levelID,
            department: target.department,
            fields: definition.fields.compactMap { field in
                shown.fields[field.id].flatMap { $0.isEmpty ? nil : (field.id, field.title, $0) }
            },
            roles: definition.roles.compactMap { role in shown.assignments[role.id].map { (role.id, role.title, $0) } },
            items: (definition.checklist?.items ?? []).compactMap { item in
                shown.checklist[item.id].flatMap { $0.isMissing ? nil : (item.id, item.title, $0.pages ?? 0) }
            },
            version: shown.contentVersion, latestVersion: dossier.contentVersion)
    }

    /// The ledger line of loan `id`, read from its events, with the borrower's name and the
    /// title of the borrowed dossier's workflow, for the borrow slip.
    package func borrowSlip(loan id: Int) throws -> (line: LoanLedgerLine, borrowerName: String, dossierTitle: String) {
        let (loan, lending) = try self.loan(id)
        let line = try ledgerLine(loan, engine: lending)
        var title = "-"
        if let dossierID = try store.registeredDossier(archiveNumber: line.archiveNumber) {
            title = try dossier(dossierID).1.definition.title
        }
        return (line, try store.staffMember(line.borrower)?.name ?? line.borrower, title)
    }

    /// The loan ledger under `workflow`: every loan, oldest first, or those requested in `month`.
    package func loanLedger(workflow: String, month: String?) throws -> [LoanLedgerLine] {
        var lines: [LoanLedgerLine] = []
        for loan in try store.dossiers(workflow: workflow, field: nil, equals: nil, runningOnly: false) {
            let engine = try engine(workflow: loan.workflowID, version: loan.workflowVersion)
            if let month, engine.month(of: loan.startedAt) != month { continue }
            lines.append(try ledgerLine(loan, engine: engine))
        }
        return lines
    }

    // MARK: Reading a loan

    /// Loan `id` with its engine, refusing dossiers that are not loans.
    private func loan(_ id: Int) throws -> (Dossier, WorkflowEngine) {
        let (dossier, engine) = try dossier(id)
        guard engine.definition.lending != nil else { throw OfficeError.notALoan(dossier: id, workflow: dossier.workflowID) }
        return (dossier, engine)
    }

    private func archiveNumber(of loan: Dossier) throws -> String {
        guard let number = loan.fields["archive-number"] else { throw OfficeError.refused("loan \(loan.id) names no archive number") }
        return number
    }

    /// The registered dossier `archiveNumber` as a borrow target, read under its own workflow.
    private func borrowTarget(_ archiveNumber: String, lending: WorkflowEngine) throws -> BorrowTarget {
        guard let id = try store.registeredDossier(archiveNumber: archiveNumber) else { throw OfficeError.noArchiveNumber(archiveNumber) }
        let (dossier, engine) = try dossier(id)
        if dossier.stateID == WorkflowState.destroyedID {
            throw OfficeError.refused("\(archiveNumber) was destroyed; nothing of it can be borrowed (`dossier history \(id)` says when and by whom)")
        }
        return try borrowTarget(of: dossier, engine: engine, archiveNumber: archiveNumber, lending: lending)
    }

    /// Registered `dossier` (run by `engine`) as a borrow target; its department is its handler's.
    func borrowTarget(of dossier: Dossier, engine: WorkflowEngine, archiveNumber: String, lending: WorkflowEngine) throws -> BorrowTarget {
        var departments: [String: String?] = [:]
        for person in Set(dossier.assignments.values).union([dossier.startedBy]) {
            departments[person] = try store.staffMember(person)?.department
        }
        return BorrowTarget(dossier: dossier, definition: engine.definition, archiveNumber: archiveNumber,
                            fallbackLevel: lending.definition.confidentiality?.defaultLevelID ?? "department",
                            departmentOf: { departments[$0] ?? nil })
    }

    /// The ledger line of `loan` (run by `engine`), read from its events.
    private func ledgerLine(_ loan: Dossier, engine: WorkflowEngine) throws -> LoanLedgerLine {
        let events = try store.events(dossier: loan.id).compactMap { stored -> DossierEvent? in
            guard let kind = DossierEvent.Kind(rawValue: stored.kind) else { return nil }
            return DossierEvent(kind: kind, actor: stored.actor, at: stored.at, action: stored.action, fromState: stored.fromState,
                                toState: stored.toState, note: stored.note, details: stored.details)
        }
        return LoanLedgerLine(loan: loan, definition: engine.definition, events: events)
    }

    private func commitLoan(_ step: WorkflowEngine.Step, on loan: Dossier, action: String) throws -> LoanChange {
        let opened = try store.commit(step, readAt: loan.revision, at: moment, archiveNumbers: nil)
        let lending = try engine(workflow: loan.workflowID, version: loan.workflowVersion)
        let waiting = step.closedTask == nil && step.events.contains { $0.kind == .signed && $0.details["step"] != nil }
        return LoanChange(loanID: loan.id, action: action, state: step.dossier.stateID, openedTask: opened, isClosed: step.dossier.isFinished,
                          renewedUntil: nil, renewal: nil, fines: [],
                          approvers: waiting ? lending.awaitedApprovers(of: step.dossier) : [],
                          step: waiting ? lending.awaitedStepName(of: step.dossier) : nil)
    }
}
