import DossierDefinition
import DossierEngine
import DossierStore

/// One item of a dossier's checklist: what the workflow asks of it and what was recorded.
package struct ChecklistLine: Sendable, Hashable {
    package var section: String
    package var item: ChecklistItem
    /// What was recorded and checked; `nil` while nothing was.
    package var record: ItemRecord?
}

extension Office {
    /// Records checklist item `item` of dossier `id` as the acting person (pages, signatures
    /// present, or missing) and returns the record.
    package func recordItem(dossier id: Int, item: String, pages: Int?, signatures: [String]?, missing: Bool) throws -> ItemRecord {
        let actor = try actor()
        let (current, engine) = try dossier(id)
        let step = try engine.recordItem(current, item: item, pages: pages, signatures: signatures, missing: missing, actor: actor, at: time)
        _ = try store.commit(step, readAt: current.revision, at: moment, archiveNumbers: nil)
        return step.dossier.checklist[item] ?? ItemRecord()
    }

    /// Verifies item `item` of dossier `id` as the acting person: in order, or with a defect;
    /// whoever recorded it cannot verify it.
    package func verifyItem(dossier id: Int, item: String, defect: String?) throws -> ItemRecord {
        let actor = try actor()
        let (current, engine) = try dossier(id)
        let step = try engine.verifyItem(current, item: item, defect: defect, actor: actor, at: time)
        _ = try store.commit(step, readAt: current.revision, at: moment, archiveNumbers: nil)
        return step.dossier.checklist[item] ?? ItemRecord()
    }

    /// Dossier `id`'s checklist, item by item in the workflow's order.
    package func checklist(dossier id: Int) throws -> [ChecklistLine] {
        let (dossier, engine) = try dossier(id)
        guard let checklist = engine.definition.checklist else {
            throw OfficeError.refused("workflow \(dossier.workflowID) keeps no checklist")
        }
        return checklist.sections.flatMap { section in
            section.items.map { ChecklistLine(section: section.id, item: $0, record: dossier.checklist[$0.id]) }
        }
    }
}
