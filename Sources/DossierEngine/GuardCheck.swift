import DossierDefinition

/// Evaluates a transition's guards against a dossier and says, item by item, what is missing.
struct GuardCheck {
    let definition: WorkflowDefinition
    let dossier: Dossier
    /// What each person still holds in the office, one line per thing, for `nothing-held`;
    /// `nil` when the caller did not look (the guard is then unmet).
    var held: [String: [String]]? = nil

    /// One sentence per unmet condition; empty when every guard holds.
    func unmet(_ guards: [Guard]) -> [String] {
        guards.flatMap(unmet)
    }

    private var requiredItems: [ChecklistItem] {
        definition.checklist?.items.filter { $0.isRequired && $0.kind != .attachment } ?? []
    }

    private func name(_ item: ChecklistItem) -> String { "item '\(item.id)' (\(item.title))" }

    private func unmet(_ condition: Guard) -> [String] {
        switch condition {
        case .checklistComplete:
            return requiredItems.compactMap { item in
                guard let record = dossier.checklist[item.id] else { return "\(name(item)) is not recorded" }
                if record.isMissing { return "\(name(item)) is recorded as missing" }
                if record.pages == nil { return "\(name(item)) has no page count" }
                return nil
            }
        case .allItemsVerified:
            return requiredItems.compactMap { item in
                if case .unchecked = dossier.checklist[item.id]?.verification ?? .unchecked { return "\(name(item)) is not verified" }
                return nil
            }
        case .noOpenDefects:
            return (definition.checklist?.items ?? []).compactMap { item in
                if case .defect(let text, _)? = dossier.checklist[item.id]?.verification { return "\(name(item)) has a defect: \(text)" }
                return nil
            }
        case .signaturesComplete:
            return requiredItems.flatMap { item -> [String] in
                let present = dossier.checklist[item.id]?.signatures ?? []
                return item.signatures.filter { !present.contains($0.rawValue) }.map { "\(name(item)) lacks the \($0.rawValue) signature" }
            }
        case .certificatesSigned:
            guard let rules = definition.certificates, let draft = dossier.draftCertificateList, !draft.entries.isEmpty else { return [] }
            let waiting = rules.signedBy.filter { draft.signatures[$0] == nil }.map { "\($0) (\(dossier.assignments[$0] ?? "nobody"))" }
            return ["certificate list \(draft.number) still waits for the signature of \(waiting.joined(separator: ", ")): `dossier certificates sign \(dossier.id)`"]
        case .fieldSet(let field):
            return (dossier.fields[field] ?? "").isEmpty ? ["field \(field) is not set"] : []
        case .nothingHeld(let role):
            guard let person = dossier.assignments[role] else { return ["nobody holds role \(role)"] }
            guard let held else { return ["what \(person) still holds was not looked up"] }
            return (held[person] ?? []).map { "\(person) still holds \($0)" }
        }
    }
}
