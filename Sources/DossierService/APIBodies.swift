import DossierAPI
import DossierEngine
import DossierOffice
import DossierStore
import Foundation

/// The office's values as the API's JSON bodies: what the service answers, and what the CLI
/// renders locally, so that a command prints the same through a server as on a store.
package enum APIBodies {
    package static func body(_ session: LoginSession) -> SessionBody {
        SessionBody(id: session.id, staff: session.staffID, createdAt: session.createdAt, lastUsedAt: session.lastUsedAt,
                    idleExpiresAt: session.idleExpiresAt, expiresAt: session.expiresAt, client: session.client)
    }

    package static func body(_ member: StaffMember) -> StaffBody {
        StaffBody(id: member.id, name: member.name, roles: member.roles, department: member.department, active: member.isActive)
    }

    package static func body(_ task: TaskSummary) -> TaskBody {
        TaskBody(task: task.id, dossier: task.dossierID, number: task.number, workflow: task.workflowID, workflowVersion: task.workflowVersion, state: task.stateID,
                 role: task.roleID, assignee: task.assignee, openedAt: task.openedAt, dueAt: task.dueAt, closedAt: task.closedAt,
                 closedBy: task.closedBy, action: task.action)
    }

    package static func body(_ awaited: WorkflowEngine.AwaitedSignature) -> AwaitedSignatureBody {
        AwaitedSignatureBody(action: awaited.action, role: awaited.role, person: awaited.person)
    }

    package static func body(_ line: PendingLine) -> PendingBody {
        PendingBody(task: body(line.task), workingDaysOverdue: line.workingDaysLate, waitingFor: line.waiting.map(body), approvers: line.approvers,
                    openTo: line.openTo)
    }

    package static func body(_ done: Advancement, actor: String) -> AdvanceResponse {
        AdvanceResponse(actor: actor, dossier: done.dossierID, action: done.action, signedRoles: done.signedRoles,
                        waitingFor: done.waitingFor.map(body),
                        completingRole: done.completingRole, newState: done.newState, archiveNumber: done.archiveNumber,
                        openedTask: done.openedTask.map(body), finished: done.isFinished, recordedDuty: done.recordedDuty,
                        closedAs: done.closedAs)
    }

    package static func body(_ line: ChecklistLine) -> ChecklistItemBody {
        let record = line.record
        var verification: String?, verifiedBy: String?, defect: String?
        switch record?.verification {
        case .ok(let by)?: verification = "ok"; verifiedBy = by
        case .defect(let text, let by)?: verification = "defect"; verifiedBy = by; defect = text
        case .unchecked?: verification = "unchecked"
        case nil: verification = nil
        }
        return ChecklistItemBody(section: line.section, item: line.item.id, title: line.item.title, kind: line.item.kind.rawValue,
                                 required: line.item.isRequired, signaturesRequired: line.item.signatures.map(\.rawValue),
                                 recorded: record != nil, pages: record?.pages, signaturesPresent: record?.signatures ?? [],
                                 missing: record?.isMissing ?? false, verification: verification, verifiedBy: verifiedBy, defect: defect,
                                 recordedBy: record?.recordedBy)
    }

    package static func body(_ event: StoredEvent) -> EventBody {
        EventBody(seq: event.sequence, task: event.taskID, at: event.at, actor: event.actor, kind: event.kind, action: event.action, fromState: event.fromState,
                  toState: event.toState, note: event.note, details: event.details, hash: event.hash)
    }

    /// An event from the API as the store's value, for the CLI to render.
    package static func event(_ body: EventBody, dossier: Int) -> StoredEvent {
        StoredEvent(sequence: body.seq, dossierID: dossier, taskID: body.task, at: body.at, actor: body.actor, kind: body.kind, action: body.action,
                    fromState: body.fromState, toState: body.toState, note: body.note, details: body.details, hash: body.hash)
    }

    package static func body(_ fine: PricedFine) -> FineBody {
        let priced = fine.priced, occurrence = priced.entry.occurrence
        return FineBody(fine: priced.entry.id, occurredAt: occurrence.occurredAt, payer: occurrence.payer, rule: occurrence.ruleID,
                        ruleTitle: occurrence.ruleTitle, dossier: occurrence.dossierID, task: priced.entry.task, item: occurrence.itemID,
                        amount: priced.amount, baseAmount: occurrence.baseAmount, nth: priced.nth, factor: priced.factor,
                        escalates: occurrence.escalationFromNth != nil,
                        status: priced.entry.isWaived ? "waived" : (priced.isCapped ? "capped" : "due"), workflow: occurrence.workflowID,
                        workflowVersion: occurrence.workflowVersion, calendar: occurrence.calendar, provisional: occurrence.isProvisional,
                        dueAt: occurrence.dueAt, reason: occurrence.reason, waivedBy: fine.waiver?.by, waivedAt: fine.waiver?.at,
                        waiverReason: fine.waiver?.reason, recordedBy: occurrence.recordedBy)
    }

    package static func body(_ outcome: RecordedFineOutcome) -> RecordedFineBody {
        RecordedFineBody(fine: body(outcome.fine), restoration: outcome.restoration.map { dossier in
            StartResponse(dossier: dossier.id, workflow: dossier.workflowID, workflowVersion: dossier.workflowVersion, state: dossier.stateID,
                          task: outcome.task.map(body))
        })
    }

    package static func body(_ outcome: SweepOutcome) -> TickResponse {
        let report = outcome.report
        let started = outcome.started.map {
            TickResponse.Started(dossier: $0.dossier.id, workflow: $0.dossier.workflowID, department: $0.department, dueOn: $0.dueOn.description,
                                 task: $0.task.map(body))
        }
        return TickResponse(at: report.at, started: started, dutiesOpened: report.dutiesOpened, tasksChecked: report.tasksChecked, deadlinesChecked: report.deadlinesChecked,
                            newlyOverdue: report.newlyOverdue, assessed: report.assessed, fines: outcome.fines.map(body), problems: report.problems)
    }

    package static func body(_ line: RegisterLine) -> RegisterLineBody {
        RegisterLineBody(archiveNumber: line.archiveNumber, dossier: line.dossierID, workflow: line.workflowID, workflowVersion: line.workflowVersion,
                         fields: line.fields.map { RegisterLineBody.FieldValue(field: $0.fieldID, title: $0.title, value: $0.value) },
                         people: line.people.map { RegisterLineBody.Holder(role: $0.roleID, title: $0.title, person: $0.person) },
                         startedAt: line.startedAt, registeredAt: line.registeredAt, items: line.items, pages: line.pages,
                         contracts: line.contracts.map { RegisterLineBody.Contract(number: $0.number, item: $0.itemID, title: $0.title) },
                         destroyedAt: line.destruction?.at, destroyedBy: line.destruction?.by, destructionList: line.destruction?.list)
    }

    package static func body(_ export: CustomerExport) -> CustomerExportBody {
        CustomerExportBody(customer: export.customer, exportedAt: export.exportedAt, exportedBy: export.exportedBy, dossiers: export.entries.map { entry in
            CustomerExportBody.Entry(
                dossier: entry.dossier.id, workflow: entry.dossier.workflowID, workflowTitle: entry.workflowTitle, archiveNumber: entry.archiveNumber,
                state: entry.dossier.stateID, version: entry.dossier.contentVersion,
                fields: Dictionary(entry.fields.map { ($0.id, $0.value) }, uniquingKeysWith: { first, _ in first }),
                people: Dictionary(entry.people.map { ($0.id, $0.person) }, uniquingKeysWith: { first, _ in first }),
                items: entry.items.map { CustomerExportBody.Item(item: $0.id, title: $0.title, pages: $0.pages) },
                history: entry.history.map { CustomerExportBody.Event(at: $0.at, actor: $0.actor, kind: $0.kind, note: $0.note, details: $0.details) })
        })
    }

    package static func body(_ move: CertificateMove) -> CertificateMoveBody {
        CertificateMoveBody(dossier: move.dossierID, lists: move.lists, from: move.from, to: move.to, returned: move.returned)
    }

    package static func body(_ candidate: DestructionCandidate) -> DestructionCandidateBody {
        DestructionCandidateBody(archiveNumber: candidate.archiveNumber, dossier: candidate.dossier, workflow: candidate.workflow,
                                 registeredAt: candidate.registeredAt, keptUntil: candidate.keptUntil.description, obstacles: candidate.obstacles)
    }

    package static func body(_ checkpoint: AuditCheckpoint) -> CheckpointBody {
        CheckpointBody(sequence: checkpoint.sequence, head: checkpoint.head, at: checkpoint.at, publicKey: checkpoint.publicKey,
                       signature: checkpoint.signature)
    }

    package static func checkpoint(_ body: CheckpointBody) -> AuditCheckpoint {
        AuditCheckpoint(sequence: body.sequence, head: body.head, at: body.at, publicKey: body.publicKey, signature: body.signature)
    }

    package static func body(_ version: DefinitionVersion, outcome: String?) -> DefinitionVersionBody {
        DefinitionVersionBody(kind: version.kind.rawValue, id: version.id, title: version.title, version: version.version,
                              deployedAt: version.deployedAt, sha256: version.sha256, outcome: outcome)
    }

    package static func body(_ detail: DefinitionDetail) -> DefinitionDetailBody {
        DefinitionDetailBody(version: body(detail.stored, outcome: nil), source: detail.stored.source,
                             versions: detail.versions.map { body($0, outcome: nil) },
                             counts: detail.counts.sorted { $0.key < $1.key }.map { .init(version: $0.key, running: $0.value.running, finished: $0.value.finished) })
    }

    /// The stored version a detail body describes, with its text.
    package static func version(_ detail: DefinitionDetailBody) -> DefinitionVersion {
        version(detail.version, source: detail.source)
    }

    /// A version body as the store's value; `source` is its text when known.
    package static func version(_ body: DefinitionVersionBody, source: String = "") -> DefinitionVersion {
        DefinitionVersion(kind: DefinitionKind(rawValue: body.kind) ?? .workflow, id: body.id, version: body.version, title: body.title,
                          sha256: body.sha256, source: source, deployedAt: body.deployedAt)
    }

    package static func body(_ detail: StaffDetail) -> StaffDetailBody {
        StaffDetailBody(staff: body(detail.member), openTasks: detail.openTasks.map(body))
    }

    package static func body(_ line: PerformanceReport.Line) -> PerformanceLineBody {
        PerformanceLineBody(scope: line.scope, name: line.name, department: line.department, deadlines: line.deadlines, onTime: line.onTime,
                            onTimePercent: line.onTimeRate, duties: line.duties, dutiesOnTime: line.dutiesOnTime,
                            dutiesOnTimePercent: line.dutiesOnTimeRate, reviews: line.reviews, complete: line.complete,
                            completePercent: line.completenessRate,
                            performanceCut: line.performanceCut.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" })
    }

    package static func body(_ outcome: DeploymentOutcome) -> DefinitionVersionBody {
        switch outcome {
        case .deployed(let version): body(version, outcome: "deployed")
        case .unchanged(let version): body(version, outcome: "unchanged")
        }
    }

    package static func body(_ details: TaskDetails) -> TaskDetailsBody {
        TaskDetailsBody(task: body(details.task), workflow: details.dossier.workflowID, workflowVersion: details.dossier.workflowVersion,
                        dossierState: details.dossier.stateID, dossierFinished: details.dossier.isFinished, assignments: details.dossier.assignments,
                        actions: details.actions.map { action in
                            TaskDetailsBody.Action(action: action.action, target: action.target, by: action.by,
                                                   signOff: action.signOff.map { TaskDetailsBody.SignOff(role: $0.role, awaiting: $0.awaiting, signedBy: $0.signedBy) },
                                                   guards: action.guards, needsNote: action.needsNote)
                        })
    }

    package static func body(_ change: CertificateListChange) -> CertificateListBody {
        CertificateListBody(dossier: change.dossierID, list: change.list?.number,
                            lines: change.list?.entries.map { CertificateListBody.Line(kind: $0.kind, number: $0.number, quantity: $0.quantity) } ?? [],
                            signatures: change.list?.signatures ?? [:], handedOverAt: change.list?.handedOverAt, keeper: change.list?.keeper,
                            signedAs: change.signedAs, cleared: change.cleared, awaited: change.awaited)
    }
}
