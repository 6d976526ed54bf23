import Foundation

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
    /// The smallest and largest value of an integer or decimal field (`min`, `max`; by default
    /// 0 and `defaultMaximum`); `nil` for other kinds.
    public var range: ClosedRange<Decimal>?
    /// Whether it holds personal information (`personal="true"`): the store keeps its value
    /// sealed under the key of the dossier's customer, and erasing the customer destroys the key.
    public var isPersonal: Bool = false

    /// The field naming a dossier's customer: whose key seals its personal fields, and by
    /// which a customer's dossiers are found for an export or an erasure. A dossier that names
    /// no customer keeps its personal fields unsealed.
    public static let customerID = "customer"

    /// The largest number a field holds unless its workflow says otherwise: a trillion less a
    /// cent, more than any amount of money a dossier records.
    public static let defaultMaximum = Decimal(string: "999999999999.99") ?? 0

    /// Creates a field.
    public init(id: String, title: String? = nil, kind: Kind, isRequired: Bool = true, values: [String] = [], range: ClosedRange<Decimal>? = nil) {
        self.id = id
        self.title = title ?? id
        self.kind = kind
        self.isRequired = isRequired
        self.values = values
        self.range = range ?? (kind == .integer || kind == .decimal ? 0...Self.defaultMaximum : nil)
    }
}
