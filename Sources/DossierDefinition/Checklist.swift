/// The itemised contents of a dossier (档案清单 / 册内资料清单), in sections.
public struct Checklist: Sendable, Hashable {
    /// A titled group of items, e.g. "Project approval documents".
    public struct Section: Sendable, Hashable, Identifiable {
        /// The section's id.
        public var id: String
        /// Its title.
        public var title: String
        /// Its items, in order.
        public var items: [ChecklistItem]

        /// Creates a section.
        public init(id: String, title: String, items: [ChecklistItem]) {
            self.id = id
            self.title = title
            self.items = items
        }
    }

    /// Who keeps a copy of the item list: role ids, and `dossier` for the copy inside.
    public var copies: [String]
    /// The sections, in order.
    public var sections: [Section]

    /// Creates a checklist.
    public init(copies: [String] = [], sections: [Section]) {
        self.copies = copies
        self.sections = sections
    }

    /// Every item of every section, in order.
    public var items: [ChecklistItem] { sections.flatMap(\.items) }

    /// The item with id `id`.
    public func item(_ id: String) -> ChecklistItem? { items.first { $0.id == id } }
}

/// One document of a dossier's checklist.
public struct ChecklistItem: Sendable, Hashable, Identifiable {
    /// Whose signature an item needs.
    public enum Signature: String, Sendable, Hashable, CaseIterable {
        /// The customer's.
        case customer
        /// An internal signer's.
        case `internal`
    }

    /// What kind of document an item is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// An ordinary document.
        case document
        /// A contract, numbered after the archive number (e.g. `GY-SH-001-03`).
        case contract
        /// A customer-owned contract never collected: filed as an attachment, unnumbered.
        case attachment
    }

    /// The item's id, unique within the checklist.
    public var id: String
    /// Its title.
    public var title: String
    /// The signatures it must carry.
    public var signatures: [Signature]
    /// The expected page count, when fixed.
    public var expectedPages: Int?
    /// Whether the dossier is incomplete without it.
    public var isRequired: Bool
    /// What kind of document it is.
    public var kind: Kind
    /// Whether it is an original record (原始记录), which no correction ever changes; a working
    /// record changes only through an approved correction.
    public var isOriginal: Bool

    /// Creates an item.
    public init(id: String, title: String, signatures: [Signature] = [], expectedPages: Int? = nil,
                isRequired: Bool = true, kind: Kind = .document, isOriginal: Bool = false) {
        self.id = id
        self.title = title
        self.signatures = signatures
        self.expectedPages = expectedPages
        self.isRequired = isRequired
        self.kind = kind
        self.isOriginal = isOriginal
    }
}

/// How important title certificates (重要权证) are handed over and kept: separately, at once, on
/// a signed list, in the safe under the dossier's number.
public struct CertificateRules: Sendable, Hashable {
    /// A kind of certificate, e.g. a property certificate.
    public struct Kind: Sendable, Hashable, Identifiable {
        /// The kind's id.
        public var id: String
        /// Its title.
        public var title: String

        /// Creates a kind.
        public init(id: String, title: String) {
            self.id = id
            self.title = title
        }
    }

    /// Roles that sign the certificate hand-over list.
    public var signedBy: [String]
    /// The role that keeps the safe.
    public var keeper: String
    /// The kinds of certificate the workflow knows.
    public var kinds: [Kind]

    /// Creates certificate rules.
    public init(signedBy: [String], keeper: String, kinds: [Kind]) {
        self.signedBy = signedBy
        self.keeper = keeper
        self.kinds = kinds
    }
}
