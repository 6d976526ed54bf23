/// A part someone plays in one dossier, such as A (the handler) or B (the reviewer).
public struct Role: Sendable, Hashable, Identifiable {
    /// How a role gets its person.
    public enum Binding: String, Sendable, Hashable, CaseIterable {
        /// Assigned when the dossier starts (`--assign ROLE=USER`).
        case atStart = "at-start"
        /// The person who starts the dossier, e.g. the borrower.
        case starter
        /// Any holder of an approver staff role of the dossier's confidentiality level.
        case levelApprover = "level-approver"
        /// Filled when the workflow's `<schedule>` starts a dossier: the holder of the role's
        /// staff role in the department (or the office) the occurrence is for.
        case scheduled
        /// The person a manager records a fine on, when the fine's rule starts a dossier of this
        /// workflow to restore what was lost or damaged (`<fine restore="…">`).
        case fined
    }

    /// The role's id within its workflow, e.g. `a`.
    public var id: String
    /// A human title, e.g. "A (经办人)".
    public var title: String
    /// Staff roles any of which qualifies a person for this role.
    public var staffRoles: [String]
    /// Roles that may never be held by the same person in one dossier (four-eyes).
    public var distinctFrom: [String]
    /// How the role gets its person.
    public var binding: Binding
    /// Whether a dossier may start without anyone in this role.
    public var isOptional: Bool

    /// Creates a role.
    public init(id: String, title: String? = nil, staffRoles: [String], distinctFrom: [String] = [],
                binding: Binding = .atStart, isOptional: Bool = false) {
        self.id = id
        self.title = title ?? id
        self.staffRoles = staffRoles
        self.distinctFrom = distinctFrom
        self.binding = binding
        self.isOptional = isOptional
    }
}
