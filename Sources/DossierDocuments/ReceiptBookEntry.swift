import DossierDefinition
import DossierEngine
import Foundation

/// An entry of the receipt book (签收薄): the dossier handed over by the handler and received
/// by the receiving side (the archivist, or B for a loan), the items received with their pages,
/// and any missing material noted, with
/// a signature line for each side.
public struct ReceiptBookEntry: Sendable {
    /// The dossier.
    public var dossier: Dossier
    /// Its workflow version.
    public var definition: WorkflowDefinition
    /// When it was handed over (the last action leaving the initial state), if it was.
    public var handedOverAt: String?
    /// The archive number, once filed.
    public var archiveNumber: String?
    /// Who handed it over and who received it, as the log has them: the people who acted then,
    /// though a role may have passed to someone else since. `nil` for one not done yet.
    public var handedOverBy: String?
    public var receivedBy: String?

    /// Creates the entry of `dossier`.
    public init(dossier: Dossier, definition: WorkflowDefinition, handedOverAt: String?, archiveNumber: String?,
                handedOverBy: String? = nil, receivedBy: String? = nil) {
        self.dossier = dossier
        self.definition = definition
        self.handedOverAt = handedOverAt
        self.archiveNumber = archiveNumber
        self.handedOverBy = handedOverBy
        self.receivedBy = receivedBy
    }

    /// The role that receives the hand-over: B for a loan, the archivist for a car.
    public var receivingRole: String? {
        definition.initialState?.transitions.first.flatMap { definition.state($0.targetStateID)?.roleID } ?? IntakeRoles(definition).archivist
    }

    /// What the receiving side notes as missing: items not there, signatures lacking, defects found.
    public var missingMaterial: [String] {
        var notes: [String] = []
        for item in definition.checklist?.items ?? [] {
            let record = dossier.checklist[item.id]
            if record?.isMissing == true || (record == nil && item.isRequired && item.kind != .attachment) {
                notes.append("\(item.title): missing")
                continue
            }
            guard let record else { continue }
            let lacking = item.signatures.filter { !record.signatures.contains($0.rawValue) }
            if !lacking.isEmpty { notes.append("\(item.title): no \(lacking.map(\.rawValue).joined(separator: " or ")) signature") }
            if case .defect(let text, _) = record.verification { notes.append("\(item.title): \(text)") }
        }
        return notes
    }

    /// The values the `receipt-book-entry` template reads.
    public func values(printedAt: String) -> [String: Any] {
        let roles = IntakeRoles(definition)
        let receiver = receivingRole
        let received = (definition.checklist?.items ?? []).compactMap { item -> [String: Any]? in
            guard let record = dossier.checklist[item.id], !record.isMissing else { return nil }
            return ["title": item.title, "pages": record.pages.map(String.init) ?? "-"]
        }
        var values: [String: Any] = [
            "dossier": dossier.id, "workflow_title": definition.title, "particulars": Particulars.values(of: dossier, definition: definition),
            "printed": printedAt,
            "handed_over_by": handedOverBy ?? roles.handler.flatMap { dossier.assignments[$0] } ?? "-",
            "handed_over_role": roles.handler.flatMap { definition.role($0)?.title } ?? "Handler",
            "received_by": receivedBy ?? receiver.flatMap { dossier.assignments[$0] } ?? "-",
            "received_role": receiver.flatMap { definition.role($0)?.title } ?? "Archivist",
            "items": received.enumerated().map { index, item in item.merging(["number": index + 1]) { old, _ in old } },
            "item_count": received.count,
            "page_count": received.reduce(0) { $0 + (Int($1["pages"] as? String ?? "") ?? 0) },
        ]
        let facts = definition.fields.filter { !definition.register.fieldIDs.contains($0.id) }.compactMap { field -> [String: Any]? in
            dossier.fields[field.id].map { ["title": field.title, "value": $0] }
        }
        if !facts.isEmpty { values["facts"] = facts }
        if let handedOverAt { values["handed_over_at"] = handedOverAt }
        if let archiveNumber { values["archive_number"] = archiveNumber }
        let missing = missingMaterial
        if !missing.isEmpty { values["missing"] = missing.map { ["note": $0] } }
        return values
    }
}
