import DossierDefinition
import DossierEngine
import DossierStore
import Foundation

/// A fine recorded by hand, priced, and the restoration it started.
package struct RecordedFineOutcome: Sendable, Hashable {
    package var fine: PricedFine
    /// The dossier started for the person to restore what was lost or damaged.
    package var restoration: Dossier?
    /// Its first task.
    package var task: TaskSummary?
}

extension Office {
    /// Records fine `ruleID` on `person` for `reason`: a violation only people see (an account
    /// lent, a dossier copied or taken away, material lost), by staff of a role the workflow
    /// names in the rule's `record-by`, never on themselves. The rule is looked up in `workflow`,
    /// else in the one deployed workflow that records a fine of that id. A ranged rule takes
    /// `amount`; a rule with `restore=` starts a dossier of that workflow for `person`, its roles
    /// given by `assignments`.
    package func recordFine(_ ruleID: String, workflow: String?, person: String, amount: Decimal?, reason: String,
                            dossier dossierID: Int?, assignments: [String: String]) throws -> RecordedFineOutcome {
        let recorder = try actor()
        let engine = try recordingEngine(for: ruleID, workflow: workflow)
        let rule = try engine.recordableRule(ruleID)
        let recorders = rule.recordedBy.compactMap { engine.definition.role($0) }.flatMap(\.staffRoles)
        guard recorder.holdsAny(of: recorders) else {
            throw OfficeError.notPermitted(person: recorder.id, what: "record fine \(ruleID) of \(engine.definition.id)", needs: recorders)
        }
        guard let member = try store.staffMember(person) else { throw Refusal.unknownStaff(person) }
        var archiveNumber: String?
        if let dossierID {
            guard try store.dossier(dossierID) != nil else { throw OfficeError.noDossier(dossierID) }
            archiveNumber = try store.archiveNumber(of: dossierID)
        }
        if rule.restoreWorkflowID == nil, !assignments.isEmpty {
            throw OfficeError.invalid("fine \(ruleID) starts no restoration, so there is nobody to --assign")
        }
        let staff = try staff(Array(assignments.values) + [person])
        var restoration: ((Int, Date, Int) throws -> WorkflowEngine.Step)?
        if let restoreID = rule.restoreWorkflowID {
            let restoring = try self.engine(workflow: restoreID)
            restoration = { id, time, fine in
                // The restoration is told what it restores, in the fields it declares.
                let facts = ["fine": String(fine), "reason": reason, "archive-number": archiveNumber, "dossier": dossierID.map(String.init)]
                let fields = facts.compactMapValues { $0 }.filter { restoring.definition.field($0.key) != nil }
                return try restoring.startRestoration(id: id, fields: fields, assignments: assignments, person: person, actor: recorder,
                                                      staff: staff, at: time)
            }
        }
        let recorded = try store.recordFine(at: moment, { time in
            try engine.recordedFine(ruleID, on: member, by: recorder, amount: amount, reason: reason, dossierID: dossierID, at: time)
        }, restoration: restoration)
        guard let priced = try fines(payers: [person], month: nil).first(where: { $0.priced.entry.id == recorded.fine }) else {
            throw OfficeError.refused("fine \(recorded.fine) was recorded but could not be read back")
        }
        return RecordedFineOutcome(fine: priced, restoration: recorded.restoration, task: recorded.task)
    }

    /// The engine of the workflow whose fine `ruleID` is recorded: `workflow` when named, else the
    /// one deployed workflow with a fine of that id recorded by hand.
    private func recordingEngine(for ruleID: String, workflow: String?) throws -> WorkflowEngine {
        if let workflow { return try engine(workflow: workflow) }
        var holding: [WorkflowEngine] = []
        var recordable: [String] = []
        for version in try store.latestVersions(of: .workflow) {
            let candidate = try engine(workflow: version.id)
            if candidate.definition.fine(ruleID) != nil { holding.append(candidate) }
            recordable += candidate.definition.fines.filter(\.isRecorded).map { "\($0.id) (\(version.id))" }
        }
        let recording = holding.filter { $0.definition.fine(ruleID)?.isRecorded == true }
        if recording.count > 1 {
            throw OfficeError.invalid("fine \(ruleID) is recorded in several workflows (\(recording.map(\.definition.id).joined(separator: ", "))); name one with --workflow")
        }
        if let only = recording.first ?? holding.first { return only }
        throw OfficeError.refused("no deployed workflow has a fine '\(ruleID)'"
            + (recordable.isEmpty ? "; none records a fine by hand (record-by=…)" : "; the fines recorded by hand are \(recordable.joined(separator: ", "))"))
    }
}
