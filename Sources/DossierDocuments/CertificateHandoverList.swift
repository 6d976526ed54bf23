import DossierDefinition
import DossierEngine
import Foundation

/// The title-certificate hand-over list (权证移交清单): name, certificate number and quantity of
/// each certificate, signed by every signing role, kept in the safe under the dossier's number.
public struct CertificateHandoverList: Sendable {
    /// The dossier.
    public var dossier: Dossier
    /// Its workflow version.
    public var definition: WorkflowDefinition
    /// The list.
    public var list: CertificateList
    /// The archive number it is kept under, once registered.
    public var archiveNumber: String?
    /// When each role signed, as printed (role id → moment), from the log.
    public var signedAt: [String: String]

    /// Creates the document of `list` of `dossier`.
    public init(dossier: Dossier, definition: WorkflowDefinition, list: CertificateList, archiveNumber: String?, signedAt: [String: String]) {
        self.dossier = dossier
        self.definition = definition
        self.list = list
        self.archiveNumber = archiveNumber
        self.signedAt = signedAt
    }

    /// The values the `certificate-list` template reads.
    public func values(printedAt: String, handedOverAt: String?) -> [String: Any] {
        let kinds = definition.certificates?.kinds ?? []
        let lines = list.entries.enumerated().map { index, entry -> [String: Any] in
            ["number": index + 1, "name": kinds.first { $0.id == entry.kind }?.title ?? entry.kind,
             "certificate_number": entry.number, "quantity": entry.quantity]
        }
        let signers = (definition.certificates?.signedBy ?? []).map { role -> [String: Any] in
            var signer: [String: Any] = ["role": definition.role(role)?.title ?? role, "name": dossier.assignments[role] ?? "-"]
            if list.signatures[role] != nil, let at = signedAt[role] { signer["signed_at"] = at }
            return signer
        }
        var values: [String: Any] = [
            "dossier": dossier.id, "workflow_title": definition.title, "particulars": Particulars.values(of: dossier, definition: definition),
            "list": list.number, "lines": lines, "total": list.entries.reduce(0) { $0 + $1.quantity }, "signers": signers,
            "kept_under": archiveNumber ?? "dossier \(dossier.id) (archive number pending)", "printed": printedAt,
        ]
        if let handedOverAt { values["handed_over_at"] = handedOverAt }
        if let keeper = list.keeper { values["keeper"] = keeper }
        if !list.isHandedOver { values["draft"] = true }
        return values
    }
}
