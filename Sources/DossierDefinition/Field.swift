/// A typed fact of a dossier, given when it starts (`--field K=V`).
public struct Field: Sendable, Hashable, Identifiable {
    /// The kinds of value a field holds.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Free text.
        case text
        /// A calendar date, `YYYY-MM-DD`.
        case date
        /// A date and time, ISO 8601.
        case datetime
        /// A whole number.
        case integer
        /// A decimal number, e.g. an amount of money.
        case decimal
        /// `true` or `false`.
        case boolean
        /// One of a fixed list of values.
        case choice
    }

    /// The field's id, e.g. `ended-on`.
    public var id: String
    /// A human title.
    public var title: String
    /// The kind of value.
    public var kind: Kind
    /// Whether a dossier cannot start without it.
    public var isRequired: Bool
    /// The allowed values of a choice field; empty otherwise.
    public var values: [String]

    /// Creates a field.
    public init(id: String, title: String? = nil, kind: Kind, isRequired: Bool = true, values: [String] = []) {
        self.id = id
        self.title = title ?? id
        self.kind = kind
        self.isRequired = isRequired
        self.values = values
    }
}
