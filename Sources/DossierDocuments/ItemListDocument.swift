import DossierDefinition
import DossierEngine
import Foundation

/// The in-volume item list (册内资料清单): every item of the dossier with its page count and
/// signatures, made in the copies the checklist names (A's, B's and the one in the dossier),
/// each with a signature line for the handler, the reviewer and the archivist.
public struct ItemListDocument: Sendable {
    /// The dossier.
    public var dossier: Dossier
    /// Its workflow version.
    public var definition: WorkflowDefinition
    /// The archive number, once registered: contracts are numbered after it.
    public var archiveNumber: String?
    /// Which copies to print (role ids or `dossier`); all the checklist names when `nil`.
    public var copies: [String]?

    /// Creates the document of `dossier`.
    public init(dossier: Dossier, definition: WorkflowDefinition, archiveNumber: String?, copies: [String]? = nil) {
        self.dossier = dossier
        self.definition = definition
        self.archiveNumber = archiveNumber
        self.copies = copies
    }

    /// The copies this document prints: the selection, or every copy the checklist names (one
    /// for the dossier when it names none).
    public var copyIDs: [String] {
        let named = definition.checklist?.copies ?? []
        return copies ?? (named.isEmpty ? ["dossier"] : named)
    }

    /// The values the `item-list` template reads.
    public func values(printedAt: String) -> [String: Any] {
        let checklist = definition.checklist ?? Checklist(sections: [])
        let suffix = definition.archiveNumber?.contractSuffix
        var contractCount = 0
        var itemNumber = 0
        var totalPages = 0
        var totalItems = 0
        let sections = checklist.sections.map { section -> [String: Any] in
            // Optional items never recorded are not in the volume and not on its list.
            let listed = section.items.filter { dossier.checklist[$0.id] != nil || $0.isRequired }
            let items = listed.map { item -> [String: Any] in
                let record = dossier.checklist[item.id]
                var line: [String: Any] = ["id": item.id, "title": item.title]
                if item.kind == .attachment {
                    line["number"] = "附件"
                } else {
                    itemNumber += 1
                    line["number"] = String(itemNumber)
                }
                let present = record.map { !$0.isMissing } ?? false
                if present, item.kind == .contract {
                    contractCount += 1
                    if let archiveNumber {
                        line["contract_number"] = suffix?.number(contractCount, after: archiveNumber) ?? "\(archiveNumber)-\(contractCount)"
                    }
                }
                if present {
                    totalItems += 1
                    totalPages += record?.pages ?? 0
                }
                line["pages"] = record?.pages.map(String.init) ?? "-"
                line["signatures_needed"] = item.signatures.isEmpty ? "-" : item.signatures.map(\.rawValue).joined(separator: ", ")
                line["signatures_present"] = (record?.signatures ?? []).isEmpty ? "-" : (record?.signatures ?? []).joined(separator: ", ")
                line["status"] = status(of: item, record)
                return line
            }
            return ["title": section.title, "items": items]
        }
        let roles = IntakeRoles(definition)
        let signers = roles.inOrder.map { role -> [String: Any] in
            ["role": definition.role(role)?.title ?? role, "name": dossier.assignments[role] ?? "-"]
        }
        let copies = copyIDs.enumerated().map { index, copy -> [String: Any] in
            var values: [String: Any] = ["copy": copyLabel(copy), "sections": sections, "total_items": totalItems,
                                         "total_pages": totalPages, "signers": signers]
            if index > 0 { values["page_break"] = true }
            return values
        }
        var values: [String: Any] = [
            "dossier": dossier.id, "workflow_title": definition.title, "particulars": Particulars.values(of: dossier, definition: definition),
            "printed": printedAt, "copies": copies,
        ]
        if let archiveNumber { values["archive_number"] = archiveNumber }
        return values
    }

    private func copyLabel(_ copy: String) -> String {
        if copy == "dossier" { return "Copy kept in the dossier (存档联)" }
        let title = definition.role(copy)?.title ?? copy
        return "Copy for \(title), \(dossier.assignments[copy] ?? "unassigned")"
    }

    private func status(of item: ChecklistItem, _ record: ItemRecord?) -> String {
        guard let record else { return "not recorded" }
        if record.isMissing { return "missing" }
        switch record.verification {
        case .unchecked: return "not checked yet"
        case .ok(let by): return "checked by \(by)"
        case .defect(let text, let by): return "defect (\(by)): \(text)"
        }
    }
}
