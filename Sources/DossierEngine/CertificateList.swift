import Foundation

/// A title-certificate hand-over list (权证移交清单): important certificates are "handled like
/// cash", handed over separately and at once on a list that every signing role checks and
/// signs, then kept in the safe under the dossier's number.
///
/// A list is a draft while signatures are missing; changing a draft clears the signatures
/// given so far, so everyone signs exactly what is handed over. Once every role has signed, the
/// list is handed over and never changes; certificates that arrive later go on a new list.
public struct CertificateList: Sendable, Hashable, Codable {
    /// One line of the list: a certificate by kind and number.
    public struct Entry: Sendable, Hashable, Codable {
        /// The certificate kind's id from the workflow, e.g. `property-certificate`.
        public var kind: String
        /// The certificate's own number, as printed on it.
        public var number: String
        /// How many copies or volumes of it are handed over.
        public var quantity: Int
        /// Who put it on the list.
        public var addedBy: String

        /// Creates an entry.
        public init(kind: String, number: String, quantity: Int, addedBy: String) {
            self.kind = kind
            self.number = number
            self.quantity = quantity
            self.addedBy = addedBy
        }
    }

    /// The list's number within its dossier, from 1.
    public var number: Int
    /// The certificates on it, in the order they were added.
    public var entries: [Entry]
    /// Who signed it so far: role id → staff id.
    public var signatures: [String: String]
    /// When the last signature made it a hand-over; `nil` while it is a draft.
    public var handedOverAt: Date?
    /// The person keeping the safe: who received it, or whom it was handed to since.
    public var keeper: String?
    /// When its certificates went back to their owner, out of the safe, and to whom.
    public var returnedAt: Date?
    public var returnedTo: String?

    /// Creates a list.
    public init(number: Int, entries: [Entry] = [], signatures: [String: String] = [:], handedOverAt: Date? = nil, keeper: String? = nil) {
        self.number = number
        self.entries = entries
        self.signatures = signatures
        self.handedOverAt = handedOverAt
        self.keeper = keeper
    }

    /// Whether every signature is in and the certificates are in the safe.
    public var isHandedOver: Bool { handedOverAt != nil }
    /// Whether its certificates are in the safe now: handed over and not returned.
    public var isInSafe: Bool { handedOverAt != nil && returnedAt == nil }
}
