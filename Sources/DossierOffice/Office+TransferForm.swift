import DossierDefinition
import DossierEngine
import DossierStore
import Foundation

/// The transfer form (档案移交单) of a custody transfer (`<acts-on custodian-role>`): the
/// dossiers it moves, from whom to whom and into which department, and both signatures.
extension Office {
    /// What the transfer form is printed with: each dossier named, with its custodian before
    /// and after and its department once moved (from the dossier's own log); why; and each
    /// signature with its time. A draft until both have signed and the dossiers moved.
    func transferFormValues(_ id: Int) throws -> [String: Any] {
        let (dossier, engine) = try dossier(id)
        let definition = engine.definition
        guard let actsOn = definition.actsOn, let custodianRole = actsOn.custodianRoleID else {
            throw OfficeError.refused("dossier \(id) is not a custody transfer: workflow \(dossier.workflowID) names no custodian who takes the dossiers (<acts-on custodian-role>)")
        }
        var lines: [[String: Any]] = []
        for (index, number) in actsOn.archiveNumbers(in: dossier.fields).enumerated() {
            let moved = try store.registeredDossier(archiveNumber: number).flatMap { target in
                try store.events(dossier: target).last { $0.kind == DossierEvent.Kind.custodyTransferred.rawValue && $0.details["transfer"] == String(id) }
            }
            lines.append([
                "number": index + 1, "archive_number": number,
                "from": moved?.details["from"].flatMap { $0.isEmpty ? nil : $0 } ?? dossier.startedBy,
                "to": moved?.details["to"] ?? dossier.assignments[custodianRole] ?? "-",
                "department": moved?.details["department"] ?? actsOn.departmentFieldID.flatMap { dossier.fields[$0] } ?? "-",
                "status": moved.map { "moved \(Self.local($0.at))" } ?? "not moved yet",
            ])
        }
        var signedAt: [String: String] = [:]
        for event in try store.events(dossier: id) where event.kind == DossierEvent.Kind.signed.rawValue {
            if let role = event.details["role"] { signedAt[role] = Self.local(event.at) }
        }
        let signing = definition.states.flatMap(\.transitions).first { $0.effects.contains(.transferCustody) }
        let signers = try (signing?.signOffRoleIDs ?? []).map { role -> [String: Any] in
            var signer: [String: Any] = ["role": definition.role(role)?.title ?? role, "name": try staffName(dossier.assignments[role])]
            if let at = signedAt[role] { signer["signed_at"] = at }
            return signer
        }
        var values: [String: Any] = [
            "dossier": id, "workflow_title": definition.title, "state": definition.state(dossier.stateID)?.title ?? dossier.stateID,
            "opened": Self.local(dossier.startedAt), "printed": Self.local(time), "reason": dossier.fields["reason"] ?? "-",
            "lines": lines, "count": lines.count, "signers": signers,
        ]
        if !dossier.isFinished { values["draft"] = true }
        return values
    }
}
