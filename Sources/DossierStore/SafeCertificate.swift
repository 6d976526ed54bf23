import Foundation

/// A title certificate as the safe's book holds it: which dossier it belongs to (and so which
/// archive number it is kept under), the list it came on, and who signed that list.
public struct SafeCertificate: Sendable, Hashable {
    /// The dossier it belongs to.
    public var dossierID: Int
    /// The dossier's workflow.
    public var workflowID: String
    /// The dossier's archive number, once registered; the certificate is kept under it.
    public var archiveNumber: String?
    /// The hand-over list's number within the dossier.
    public var list: Int
    /// The line on that list, from 1.
    public var line: Int
    /// The certificate kind's id.
    public var kind: String
    /// The certificate's own number.
    public var number: String
    /// How many.
    public var quantity: Int
    /// Who put it on the list.
    public var addedBy: String
    /// Who signed the list so far: role id → staff id.
    public var signatures: [String: String]
    /// When the list was handed over; `nil` while it is a draft.
    public var handedOverAt: Date?
    /// Who keeps the safe it went into.
    public var keeper: String?

    package init(dossierID: Int, workflowID: String, archiveNumber: String?, list: Int, line: Int, kind: String, number: String,
                 quantity: Int, addedBy: String, signatures: [String: String], handedOverAt: Date?, keeper: String?) {
        self.dossierID = dossierID
        self.workflowID = workflowID
        self.archiveNumber = archiveNumber
        self.list = list
        self.line = line
        self.kind = kind
        self.number = number
        self.quantity = quantity
        self.addedBy = addedBy
        self.signatures = signatures
        self.handedOverAt = handedOverAt
        self.keeper = keeper
    }
}

/// Which certificates to list.
public enum CertificateScope: Sendable, Hashable {
    /// Handed over and in the safe.
    case inSafe
    /// On draft lists still waiting for signatures.
    case drafts
    /// Both.
    case all
}

extension SafeCertificate {
    /// The query of the safe's book in `scope`, with `dossier` (a placeholder for its number)
    /// when only one dossier's: the columns in the order both stores read them.
    package static func query(_ scope: CertificateScope, dossier placeholder: String?) -> String {
        var conditions: [String] = []
        switch scope {
        case .inSafe: conditions.append("c.handed_over_at IS NOT NULL AND c.returned_at IS NULL")
        case .drafts: conditions.append("c.handed_over_at IS NULL")
        case .all: break
        }
        if let placeholder { conditions.append("c.dossier_id = \(placeholder)") }
        return """
            SELECT c.dossier_id, d.workflow_id, a.number, c.list, c.line, c.kind, c.number, c.quantity, c.added_by, c.signatures,
                   c.handed_over_at, c.keeper
            FROM certificate c JOIN dossier d ON d.id = c.dossier_id LEFT JOIN archive_number a ON a.dossier_id = c.dossier_id
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY c.dossier_id, c.list, c.line
            """
    }
}
