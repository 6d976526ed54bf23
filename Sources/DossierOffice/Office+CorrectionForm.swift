import DossierDefinition
import DossierEngine
import DossierStore
import Foundation

/// The correction form (信息更正单) of a dossier that corrects a registered one (`<acts-on
/// changes-field>`): a correction, or the longer chain for wrong customer information.
extension Office {
    /// What the correction form is printed with: the dossier corrected; who asked and why;
    /// each change with its value before and after (as made once approved, as proposed until
    /// then, against the dossier as it reads now); each step taken with who, when and the note;
    /// each department's report; and the version the correction made. A draft until finished.
    func correctionFormValues(_ id: Int) throws -> [String: Any] {
        let (dossier, engine) = try dossier(id)
        let definition = engine.definition
        guard let actsOn = definition.actsOn, let changesField = actsOn.changesFieldID else {
            throw OfficeError.refused("dossier \(id) is not a correction: workflow \(dossier.workflowID) changes no registered dossier (<acts-on changes-field>)")
        }
        let number = actsOn.archiveNumbers(in: dossier.fields).first ?? "-"
        let target = try store.registeredDossier(archiveNumber: number)
        let amended = try target.map { try store.events(dossier: $0) }?
            .last { $0.kind == DossierEvent.Kind.amended.rawValue && $0.details["correction"] == String(id) }
        var changes: [[String: Any]] = []
        if let amended {
            for key in amended.details.keys.sorted() where key.hasPrefix("after:") {
                let what = String(key.dropFirst(6))
                changes.append(["what": what, "before": amended.details["before:" + what] ?? "", "after": amended.details[key] ?? ""])
            }
        } else if let parsed = try? CorrectionChange.parse(dossier.fields[changesField] ?? "") {
            let current = try target.flatMap { try store.dossier($0) }
            for change in parsed {
                switch change.target {
                case .field(let field):
                    changes.append(["what": field, "before": current?.fields[field] ?? "", "after": change.value])
                case .pages(let item):
                    changes.append(["what": "pages:\(item)", "before": current?.checklist[item]?.pages.map(String.init) ?? "", "after": change.value])
                }
            }
        }
        let events = try store.events(dossier: id)
        let steps = events.filter { $0.kind == DossierEvent.Kind.transitioned.rawValue }.map { event -> [String: Any] in
            let from = event.fromState.flatMap(definition.state)?.title ?? event.fromState ?? "?"
            var step: [String: Any] = ["step": from, "action": event.action ?? "?", "by": event.actor, "at": Self.local(event.at)]
            if let note = event.note { step["note"] = note }
            return step
        }
        let reports = events.filter { $0.kind == DossierEvent.Kind.taskClosed.rawValue && $0.details["role"] != nil }.map { event -> [String: Any] in
            let role = event.details["role"] ?? "?"
            return ["department": definition.role(role)?.title ?? role, "by": event.actor, "at": Self.local(event.at), "report": event.note ?? ""]
        }
        var values: [String: Any] = [
            "dossier": id, "workflow_title": definition.title, "state": definition.state(dossier.stateID)?.title ?? dossier.stateID,
            "opened": Self.local(dossier.startedAt), "printed": Self.local(time), "requester": try staffName(dossier.startedBy),
            "archive_number": number, "target": target.map(String.init) ?? "-", "reason": dossier.fields["reason"] ?? "-",
            "changes": changes, "steps": steps, "reports": reports,
        ]
        if !reports.isEmpty { values["has_reports"] = true }
        if let version = amended?.details["version"] { values["version"] = version }
        if !dossier.isFinished { values["draft"] = true }
        return values
    }
}
