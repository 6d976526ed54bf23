import DossierXML

/// The staff roles of an organisation (岗位): the words a workflow's `staff-role`, its
/// confidentiality levels' readers and approvers and its direct borrowers use, and the only
/// roles `dossier staff add --role` gives. Deployed like a calendar, one list per store in
/// versions, so a typo is caught when a workflow is validated or deployed, not when someone
/// first starts a dossier.
public struct StaffRoleVocabulary: Sendable, Hashable {
    /// One staff role.
    public struct Entry: Sendable, Hashable {
        /// How workflows and `--role` name it.
        public var id: String
        /// What people call it.
        public var title: String

        /// Creates an entry.
        public init(id: String, title: String) {
            self.id = id
            self.title = title
        }
    }

    /// The namespace of the format.
    public static let namespace = "urn:dossier:staff-roles:1"
    /// The id the list is deployed under: a store has one, in versions.
    public static let definitionID = "staff-roles"
    /// Its file's name in a folder of workflows.
    public static let fileName = "staff-roles.xml"
    /// The role that administers staff and definitions: a staff role in every office.
    public static let administrator = "admin"

    /// Its title.
    public var title: String
    /// The roles, in the file's order.
    public var roles: [Entry]

    /// Creates a list.
    public init(title: String, roles: [Entry]) {
        self.title = title
        self.roles = roles
    }

    /// Every role's id, the administrator's included.
    public var ids: Set<String> { Set(roles.map(\.id)).union([Self.administrator]) }

    /// The ids in the file's order, the administrator's first when the file leaves it out.
    public var orderedIDs: [String] {
        let listed = roles.map(\.id)
        return listed.contains(Self.administrator) ? listed : [Self.administrator] + listed
    }
}

/// Compiles a parsed `<staff-roles>` document into a checked ``StaffRoleVocabulary``.
public struct StaffRolesCompiler: Sendable {
    /// The result of a compilation.
    public struct Result: Sendable {
        /// The list, when there were no errors.
        public var definition: StaffRoleVocabulary?
        /// Everything found.
        public var diagnostics: [Diagnostic]
    }

    /// Creates a compiler.
    public init() {}

    /// Compiles `tree`.
    public func compile(_ tree: XMLTree) -> Result {
        let sink = DiagnosticSink()
        let namespace = StaffRoleVocabulary.namespace
        guard let root = tree.root, root.name == "staff-roles", root.namespaceURI == namespace else {
            sink.error(tree.root?.location ?? SourceLocation(file: tree.file, line: 0), .structure,
                       "a list of staff roles starts with <staff-roles xmlns=\"\(namespace)\">")
            return Result(definition: nil, diagnostics: sink.diagnostics)
        }
        let reader = ElementReader(root, allowed: ["title"], sink: sink)
        var symbols = SymbolTable()
        var roles: [StaffRoleVocabulary.Entry] = []
        let children = reader.children(allowed: ["staff-role"], namespace: namespace)
        if children.isEmpty { sink.error(root.location, .structure, "<staff-roles> needs at least one <staff-role id=\"…\" title=\"…\"/>") }
        for child in children {
            let entry = ElementReader(child, allowed: ["id", "title"], sink: sink)
            _ = entry.children(allowed: [], namespace: namespace)
            guard let id = entry.identifier("id", required: true) else { continue }
            symbols.declare(.staffRole, id, at: entry.site("id"), sink: sink)  // a second one is an error
            if roles.contains(where: { $0.id == id }) { continue }
            roles.append(StaffRoleVocabulary.Entry(id: id, title: entry.label("title") ?? id))
        }
        let definition = StaffRoleVocabulary(title: reader.label("title") ?? "Staff roles", roles: roles)
        return Result(definition: sink.hasErrors ? nil : definition, diagnostics: sink.diagnostics)
    }
}
