import DossierDefinition
import Foundation

/// Recording and verifying checklist items: A records what the dossier holds; B, then the
/// archivist, check each item. Both are done by whoever holds the role of the open task.
extension WorkflowEngine {
    /// Records item `itemID`: its page count, the signatures present, or that it is missing.
    /// Recording changes the item, so any earlier verification of it no longer holds.
    public func recordItem(_ dossier: Dossier, item itemID: String, pages: Int?, signatures: [String]?, missing: Bool,
                           actor: StaffMember, at time: Date) throws(Refusal) -> Step {
        let item = try checklistItem(itemID, in: dossier, actor: actor, doing: "record items")
        if let pages, pages < 1 { throw .invalidField("--pages", value: String(pages), expected: "a page count of 1 or more") }
        for signature in signatures ?? [] where ChecklistItem.Signature(rawValue: signature) == nil {
            throw .invalidField("--signed", value: signature, expected: "customer or internal")
        }
        var record = dossier.checklist[item.id] ?? ItemRecord()
        if missing {
            record = ItemRecord(isMissing: true)
        } else {
            if let pages { record.pages = pages }
            if let signatures { record.signatures = Array(Set(signatures)).sorted() }
            record.isMissing = false
            record.verification = .unchecked
        }
        record.recordedBy = actor.id
        var next = dossier
        next.checklist[item.id] = record
        next.revision += 1
        var details = ["item": item.id, "missing": String(record.isMissing)]
        if let pages = record.pages { details["pages"] = String(pages) }
        details["signatures"] = record.signatures.joined(separator: " ")
        let event = DossierEvent(kind: .itemRecorded, actor: actor.id, at: time, fromState: dossier.stateID, toState: dossier.stateID,
                                 taskNumber: dossier.openTask?.number, details: details)
        return try assessed(Step(dossier: next, events: [event], closedTask: nil, effects: []), from: dossier, at: time)
    }

    /// Verifies item `itemID`: in order, or with a defect that will go on the supplementary list.
    public func verifyItem(_ dossier: Dossier, item itemID: String, defect: String?, actor: StaffMember,
                           at time: Date) throws(Refusal) -> Step {
        let item = try checklistItem(itemID, in: dossier, actor: actor, doing: "verify items")
        guard let record = dossier.checklist[item.id] else {
            throw .guardsUnmet(action: "verify \(item.id)", missing: ["item '\(item.id)' is not recorded yet; the handler records it with `dossier checklist set`"])
        }
        // Four-eyes on items: whoever recorded an item does not check it.
        if record.recordedBy == actor.id {
            throw .fourEyesItem(person: actor.id, item: item.id)
        }
        let defect = defect?.trimmingCharacters(in: .whitespacesAndNewlines)
        let isDefect = !(defect ?? "").isEmpty
        var updated = record
        updated.verification = isDefect ? .defect(defect ?? "", by: actor.id) : .ok(by: actor.id)
        var next = dossier
        next.checklist[item.id] = updated
        next.revision += 1
        var details = ["item": item.id, "result": isDefect ? "defect" : "ok"]
        if isDefect, let defect { details["defect"] = defect }
        let event = DossierEvent(kind: .itemVerified, actor: actor.id, at: time, fromState: dossier.stateID, toState: dossier.stateID,
                                 taskNumber: dossier.openTask?.number, details: details)
        return try assessed(Step(dossier: next, events: [event], closedTask: nil, effects: []), from: dossier, at: time)
    }

    private func checklistItem(_ itemID: String, in dossier: Dossier, actor: StaffMember, doing work: String) throws(Refusal) -> ChecklistItem {
        guard !dossier.isFinished else { throw .finished(dossier: dossier.id, state: dossier.stateID) }
        guard let checklist = definition.checklist else {
            throw .unknownField(itemID, suggestion: nil, known: ["(workflow \(definition.id) keeps no checklist)"])
        }
        guard let item = checklist.item(itemID) else {
            let ids = checklist.items.map(\.id)
            throw .unknownItem(itemID, suggestion: ids.first { $0.hasPrefix(itemID) || itemID.hasPrefix($0) }, known: ids)
        }
        guard let task = dossier.openTask, let role = task.roleID, dossier.assignments[role] == actor.id else {
            let role = dossier.openTask?.roleID ?? "nobody"
            throw .notYourTask(person: actor.id, action: work, roles: [role], holders: [dossier.assignments[role] ?? "nobody"])
        }
        return item
    }
}
