import DossierEngine
import DossierStore
import Foundation

/// A priced fine with its waiver, if any.
package struct PricedFine: Sendable, Hashable {
    package var priced: FineLedger.Priced
    package var waiver: FineWaiver?
}

/// What a sweep did, with the fines it recorded (all of them when few, else none: the ledger
/// has them).
package struct SweepOutcome: Sendable, Hashable {
    package var report: SweepReport
    package var fines: [PricedFine]
    /// Dossiers the workflows' schedules started, first of all.
    package var started: [ScheduledStart] = []
}

extension Office {
    /// The ledger of `payers` (everyone's when `nil`), priced, and only `month`'s when given. A
    /// fine's price depends on the payer's other fines of its month and the earlier repetitions of
    /// its violation, so a month is priced with those; the whole ledger without a month.
    package func fines(payers: [String]?, month: String?) throws -> [PricedFine] {
        _ = try actor()
        let priced: [FineLedger.Priced]
        if let month {
            let entries = try payers.map { try $0.map { try store.fineEntries(payer: $0, month: month) } } ?? [store.fineEntries(payer: nil, month: month)]
            priced = entries.flatMap { FineLedger.price($0).filter { $0.entry.occurrence.month == month } }
        } else {
            priced = FineLedger.price(try payers.map { try $0.flatMap { try store.fineEntries(payer: $0) } } ?? store.fineEntries(payer: nil))
        }
        return try priced.map { priced in
            PricedFine(priced: priced, waiver: priced.entry.isWaived ? try store.waiver(of: priced.entry.id) : nil)
        }
    }

    /// Waives fine `id` with `reason`: only staff of a role the workflow names in `<fines
    /// waive-by>`, never for their own fine.
    package func waiveFine(_ id: Int, reason: String) throws -> PricedFine {
        let actor = try actor()
        guard let entry = try store.fineEntry(id) else { throw OfficeError.refused("there is no fine \(id); see `dossier fines list`") }
        let fine = entry.occurrence
        let engine = try engine(workflow: fine.workflowID, version: fine.workflowVersion)
        let roles = engine.definition.fineWaiverRoleIDs.compactMap { engine.definition.role($0) }
        guard !roles.isEmpty else {
            throw OfficeError.refused("workflow \(fine.workflowID)@\(fine.workflowVersion) names no role that may waive its fines (<fines waive-by=\"…\">)")
        }
        let staffRoles = roles.flatMap(\.staffRoles)
        guard actor.holdsAny(of: staffRoles) else {
            throw OfficeError.notPermitted(person: actor.id, what: "waive fines of \(fine.workflowID)",
                                           needs: staffRoles)
        }
        guard actor.id != fine.payer else { throw OfficeError.refused("\(actor.id) cannot waive their own fine; another manager must") }
        try store.waiveFine(id, reason: reason, by: actor.id, at: moment)
        guard let waived = try fines(payers: [fine.payer], month: nil).first(where: { $0.priced.entry.id == id }) else {
            throw OfficeError.refused("fine \(id) was waived but could not be read back")
        }
        return waived
    }

    /// The deadline sweep up to now: every open task and running deadline whose lateness
    /// changed is assessed, each fine recorded once. The fines are returned when at most
    /// `showing` were recorded.
    package func sweep(showing: Int) throws -> SweepOutcome {
        // A sweep to a moment says that moment has come: a simulation store's clock moves on to it
        // even when nothing was due (so `task list` after `tick --at` shows what is overdue then).
        if isSimulation { try store.setClock(to: time) }
        // Scheduled dossiers start first, so that one already late is assessed below.
        let scheduled = try startScheduled()
        var report = try store.sweep(at: moment) { dossier, time in
            try self.engine(workflow: dossier.workflowID, version: dossier.workflowVersion)
                .openingDuties(dossier, actor: WorkflowEngine.systemActor, at: time)
        } assess: { due in
            let engine = try self.engine(workflow: due.workflowID, version: due.workflowVersion)
            var assignments: [String: String]?
            return try engine.lateness(of: due.task, dossierID: due.dossierID, holder: { role in
                if assignments == nil { assignments = (try? due.assignments()) ?? [:] }
                return assignments?[role]
            }, before: moment.date)
        } assessDeadline: { due in
            let engine = try self.engine(workflow: due.workflowID, version: due.workflowVersion)
            guard let dossier = try due.dossier() else { throw OfficeError.refused("dossier \(due.dossierID) is missing; run `dossier audit verify`") }
            return try engine.lateness(ofDeadline: due.deadlineID, in: dossier, before: moment.date)
        }
        report.problems = scheduled.problems.map { "not started: " + $0 } + report.problems.map { "not assessed: " + $0 }
        guard !report.assessed.isEmpty, report.assessed.count <= showing else { return SweepOutcome(report: report, fines: [], started: scheduled.started) }
        let payers = Array(Set(try report.assessed.compactMap { try store.fineEntry($0)?.occurrence.payer })).sorted()
        let assessed = Set(report.assessed)
        let priced = FineLedger.price(try payers.flatMap { try store.fineEntries(payer: $0) }).filter { assessed.contains($0.entry.id) }
        return SweepOutcome(report: report, fines: priced.map { PricedFine(priced: $0, waiver: nil) }, started: scheduled.started)
    }
}
