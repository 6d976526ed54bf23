/// What identifies a dossier on the register (档案登记本) and at the head of its printed
/// documents: some of its fields and the people holding some of its roles, in the order the
/// workflow's `<register fields="…" roles="…"/>` names them.
///
/// A department hand-over has a period and two archivists; a loan has a customer, a project,
/// A and B: each workflow says which, so no line shows a customer or a reviewer it never had.
public struct RegisterColumns: Sendable, Hashable {
    /// The fields shown, in order.
    public var fieldIDs: [String]
    /// The roles whose holders are shown, in order.
    public var roleIDs: [String]

    /// Columns naming `fieldIDs` and `roleIDs`.
    public init(fieldIDs: [String], roleIDs: [String]) {
        self.fieldIDs = fieldIDs
        self.roleIDs = roleIDs
    }

    /// The columns of a workflow without `<register>`: the fields a dossier cannot start
    /// without and the roles that are always filled, in the order they are declared.
    public init(defaultFor roles: [Role], fields: [Field]) {
        fieldIDs = fields.filter(\.isRequired).map(\.id)
        roleIDs = roles.filter { !$0.isOptional }.map(\.id)
    }
}
