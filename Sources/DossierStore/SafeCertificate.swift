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
