import DossierDefinition
import Foundation

/// One change a correction (信息更正) makes to a registered dossier: a field's value, or an
/// item's page count.
public struct CorrectionChange: Sendable, Hashable {
    /// What is changed.
    public enum Target: Sendable, Hashable {
        /// A field, by id.
        case field(String)
        /// A checklist item's page count.
        case pages(item: String)
    }

    /// What is changed.
    public var target: Target
    /// The new value, as written.
    public var value: String

    /// A change of `target` to `value`.
    public init(target: Target, value: String) {
        self.target = target
        self.value = value
    }

    /// How the change is written: `customer=…` or `pages:articles=7`.
    public var key: String {
        switch target {
        case .field(let id): id
        case .pages(let item): "pages:\(item)"
        }
    }

    /// The changes written in `text`: `field=value` and `pages:item=N`, separated by semicolons
    /// or new lines; a value may hold spaces. Refused when one is not of that form, or a key
    /// comes twice.
    public static func parse(_ text: String) throws(Refusal) -> [CorrectionChange] {
        var changes: [CorrectionChange] = []
        for part in text.split(whereSeparator: { $0 == ";" || $0 == "\n" }) {
            let written = part.trimmingCharacters(in: .whitespaces)
            if written.isEmpty { continue }
            guard let equals = written.firstIndex(of: "=") else { throw .malformedCorrection(written) }
            let key = written[..<equals].trimmingCharacters(in: .whitespaces)
            let value = written[written.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { throw .malformedCorrection(written) }
            let target: Target = key.hasPrefix("pages:") ? .pages(item: String(key.dropFirst("pages:".count))) : .field(key)
            let change = CorrectionChange(target: target, value: value)
            if changes.contains(where: { $0.key == change.key }) { throw .malformedCorrection("\(key) is changed twice") }
            changes.append(change)
        }
        if changes.isEmpty { throw .malformedCorrection(text) }
        return changes
    }
}

extension WorkflowEngine {
    /// `changes` made to registered `dossier` (of this engine's workflow): the same dossier with
    /// each field set and each item's pages counted anew, its version one higher, and an
    /// `amended` event naming the correction, the reason and each value before and after.
    /// Refused, with every reason, for a dossier not registered or destroyed, an unknown field
    /// or item, a value of the wrong type, or an original record, which never changes.
    public func amend(_ dossier: Dossier, archiveNumber: String, changes: [CorrectionChange], correction: Int, reason: String?,
                      actor: StaffMember, at time: Date) throws(Refusal) -> Step {
        var next = dossier
        var problems: [String] = []
        var details = ["correction": String(correction), "archive-number": archiveNumber]
        if dossier.stateID == WorkflowState.destroyedID {
            problems.append("\(archiveNumber) was destroyed")
        } else if !dossier.isFinished {
            problems.append("\(archiveNumber) is still running (\(dossier.stateID)): it changes through its own workflow until it is filed")
        }
        for change in changes {
            switch change.target {
            case .field(let id):
                guard let field = definition.field(id) else {
                    problems.append("\(definition.id) has no field '\(id)'; its fields are \(definition.fields.map(\.id).joined(separator: ", "))")
                    continue
                }
                do {
                    let value = try FieldValues.canonical(change.value, for: field)
                    if value.isEmpty, field.isRequired { problems.append("field \(id) is required and cannot be emptied") }
                    details["before:\(id)"] = dossier.fields[id] ?? ""
                    details["after:\(id)"] = value
                    next.fields[id] = value.isEmpty ? nil : value
                } catch {
                    problems.append(error.description)
                }
            case .pages(let itemID):
                guard let item = definition.checklist?.item(itemID) else {
                    problems.append("\(definition.id) has no checklist item '\(itemID)'")
                    continue
                }
                if item.isOriginal {
                    problems.append("\(item.title) (\(itemID)) is an original record, which no correction changes")
                    continue
                }
                guard let pages = Int(change.value), pages >= 1 else {
                    problems.append("pages:\(itemID)=\"\(change.value)\" is not a page count of at least 1")
                    continue
                }
                guard var record = dossier.checklist[itemID], !record.isMissing else {
                    problems.append("\(item.title) (\(itemID)) is not in the dossier")
                    continue
                }
                details["before:pages:\(itemID)"] = record.pages.map(String.init) ?? ""
                details["after:pages:\(itemID)"] = String(pages)
                record.pages = pages
                next.checklist[itemID] = record
            }
        }
        guard problems.isEmpty else { throw .correctionRefused(archiveNumber: archiveNumber, problems) }
        next.contentVersion = dossier.contentVersion + 1
        next.revision += 1
        details["version"] = String(next.contentVersion)
        let event = DossierEvent(kind: .amended, actor: actor.id, at: time, fromState: dossier.stateID, toState: dossier.stateID,
                                 note: reason, details: details)
        return Step(dossier: next, events: [event], closedTask: nil, effects: [])
    }

    /// Registered `dossier` as it read at `version`: each correction after it undone, newest
    /// first, from the `amended` events of its log (oldest first). `nil` for a version it never had.
    public static func version(_ version: Int, of dossier: Dossier, amendments: [DossierEvent]) -> Dossier? {
        guard version >= 1, version <= dossier.contentVersion else { return nil }
        var earlier = dossier
        for event in amendments.reversed() {
            guard let made = event.details["version"].flatMap(Int.init), made > version else { continue }
            for (key, before) in event.details where key.hasPrefix("before:") {
                let target = String(key.dropFirst("before:".count))
                if target.hasPrefix("pages:") {
                    let item = String(target.dropFirst("pages:".count))
                    earlier.checklist[item]?.pages = Int(before)
                } else {
                    earlier.fields[target] = before.isEmpty ? nil : before
                }
            }
            earlier.contentVersion = made - 1
        }
        return earlier
    }
}
