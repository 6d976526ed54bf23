import DossierEngine
import Foundation

/// What every store does alike when it writes an engine's step: the events it adds and the
/// moments it settles, whatever the database.
package enum StoredStep {
    /// `step` with every moment it records moved from `from` to `to` (a clock reading lifted to
    /// the store's time).
    package static func restamp(_ step: WorkflowEngine.Step, from: Date, to: Date) -> WorkflowEngine.Step {
        guard from != to else { return step }
        var step = step
        step.events = step.events.map { event in
            var event = event
            if event.at == from { event.at = to }
            return event
        }
        if step.dossier.openTask?.openedAt == from { step.dossier.openTask?.openedAt = to }
        if step.dossier.startedAt == from { step.dossier.startedAt = to }
        return step
    }

    /// The `fine-assessed` event of a fine recorded as ledger entry `id`.
    package static func fineAssessed(_ fine: FineOccurrence, id: Int, state: String?, at time: Date) -> DossierEvent {
        var details = ["fine": String(id), "rule": fine.ruleID, "payer": fine.payer, "amount": "\(fine.baseAmount)",
                       "occurred": StoredTime.text(fine.occurredAt), "key": fine.key]
        if let item = fine.itemID { details["item"] = item }
        if let calendar = fine.calendar { details["calendar"] = calendar }
        return DossierEvent(kind: .fineAssessed, actor: "dossier", at: time, fromState: state, toState: state,
                            taskNumber: fine.taskNumber, note: fine.reason, details: details)
    }

    /// The event of `dossier`'s registration under `number`, the `sequence`th of its pattern.
    package static func archiveNumberAssigned(_ number: String, sequence: Int, to dossier: Dossier, at time: Date) -> DossierEvent {
        DossierEvent(kind: .archiveNumberAssigned, actor: "dossier", at: time, fromState: dossier.stateID,
                     toState: dossier.stateID, details: ["archive-number": number, "sequence": String(sequence)])
    }

    /// Whether the step changed a certificate list (the safe's book is then rewritten from the snapshot).
    package static func changesCertificates(_ step: WorkflowEngine.Step) -> Bool {
        let kinds: Set<DossierEvent.Kind> = [.certificateAdded, .certificateRemoved, .certificatesSigned, .certificatesHandedOver,
                                             .certificatesRekept, .certificatesReturned]
        return step.events.contains { kinds.contains($0.kind) }
    }

    /// The snapshot of a dossier as stored: JSON with sorted keys.
    package static func snapshot(_ dossier: Dossier) throws -> String {
        String(decoding: try encoder.encode(dossier), as: UTF8.self)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}
