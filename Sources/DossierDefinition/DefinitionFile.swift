import DossierXML
import Foundation

/// One definition file after reading, schema validation and compilation.
public struct DefinitionFile: Sendable {
    /// What a file defines.
    public enum Content: Sendable {
        /// A workflow.
        case workflow(WorkflowDefinition)
        /// A working-day calendar.
        case calendar(CalendarDefinition)
        /// The office's staff roles.
        case staffRoles(StaffRoleVocabulary)
    }

    /// The file as named by the user.
    public var file: String
    /// The exact text, as deployed and versioned.
    public var source: String
    /// The definition, when the file has no errors.
    public var content: Content?
    /// Every problem found, in file order.
    public var diagnostics: [Diagnostic]
    /// For a workflow: whether its staff roles were checked against an office's list (one was
    /// among the files, beside the file or deployed).
    public var staffRolesChecked = false

    /// The definition's id, when compiled.
    public var id: String? {
        switch content {
        case .workflow(let workflow): workflow.id
        case .calendar(let calendar): calendar.id
        case .staffRoles: StaffRoleVocabulary.definitionID
        case nil: nil
        }
    }
}

/// Reads definition files: hardened parse, the published RELAX NG grammar chosen by the root
/// element's namespace, then the definition compiler, with all their diagnostics merged.
public struct DefinitionLoader {
    /// The grammars.
    public let schemas: DefinitionSchemas

    /// Creates a loader using `schemas`.
    public init(schemas: DefinitionSchemas) {
        self.schemas = schemas
    }

    /// Loads the files at `paths`. Calendars among them and `extraCalendars` are the calendars
    /// workflows may name; with `siblings`, so are those in a `calendars/` folder beside each
    /// workflow file. A list of staff roles among them is the one workflows are checked
    /// against; else, with `siblings`, a `staff-roles.xml` beside the workflow; else
    /// `staffRoles` (the store's); else staff roles are not checked. A catalogue may list the
    /// dossiers of a workflow among the files or, with `deployed` (which finds a deployed
    /// workflow), of one deployed; so may a fine's restore=.
    public func load(paths: [String], extraCalendars: Set<String> = [], staffRoles: Set<String>? = nil, siblings: Bool = true,
                     deployed: ((String) -> WorkflowDefinition?)? = nil) -> [DefinitionFile] {
        load(parsed: paths.map { path in (path, XMLTree.parse(contentsOf: path)) }, extraCalendars: extraCalendars, staffRoles: staffRoles,
             siblings: siblings, deployed: deployed)
    }

    /// Loads definitions sent as text (a client's files, by the names it gave them). Calendars
    /// among them and `extraCalendars` are the calendars workflows may name; a list of staff
    /// roles among them, else `staffRoles`, the staff roles; the workflows among them, else
    /// those `deployed` finds, the workflows a catalogue or a restore= may name.
    public func load(sources: [(name: String, text: String)], extraCalendars: Set<String> = [], staffRoles: Set<String>? = nil,
                     deployed: ((String) -> WorkflowDefinition?)? = nil) -> [DefinitionFile] {
        load(parsed: sources.map { ($0.name, XMLTree.parse(Array($0.text.utf8), file: $0.name)) }, extraCalendars: extraCalendars,
             staffRoles: staffRoles, siblings: false, deployed: deployed)
    }

    private func load(parsed: [(String, XMLTree.ParseResult)], extraCalendars: Set<String>, staffRoles: Set<String>?,
                      siblings: Bool, deployed: ((String) -> WorkflowDefinition?)?) -> [DefinitionFile] {
        // The exact text is kept for deployment; the tree holds the same bytes.
        var calendars = extraCalendars
        var results: [Int: DefinitionFile] = [:]
        func namespace(_ result: XMLTree.ParseResult) -> String? { result.tree?.root?.namespaceURI }
        // Calendars and the list of staff roles first: workflows refer to them.
        var given: Set<String>?
        var listIsBroken = false
        for (index, (path, result)) in parsed.enumerated() {
            switch namespace(result) {
            case CalendarCompiler.namespace:
                let file = compileCalendar(path: path, result: result)
                if case .calendar(let calendar)? = file.content { calendars.insert(calendar.id) }
                results[index] = file
            case StaffRoleVocabulary.namespace:
                var file = compileStaffRoles(path: path, result: result)
                if given != nil || listIsBroken {
                    let first = parsed.first { namespace($0.1) == StaffRoleVocabulary.namespace }?.0 ?? "?"
                    file.diagnostics.append(.error(at: SourceLocation(file: path, line: 1), stage: .semantic,
                                                   "a second list of staff roles (the first is \(first)); an office has one: merge them"))
                    file.content = nil
                } else if case .staffRoles(let vocabulary)? = file.content {
                    given = vocabulary.ids
                } else {
                    listIsBroken = true  // its errors say why; workflows are not checked against another list
                }
                results[index] = file
            default: continue
            }
        }
        if siblings {
            let folders = Set(parsed.indices.filter { results[$0] == nil }.map { URL(fileURLWithPath: parsed[$0].0).deletingLastPathComponent().path })
            for folder in folders { calendars.formUnion(Self.calendarIDs(in: folder + "/calendars", loader: self)) }
        }
        for (index, (path, result)) in parsed.enumerated() where results[index] == nil {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            let known = listIsBroken ? nil : given ?? (siblings ? Self.staffRoleIDs(in: folder, loader: self) : nil) ?? staffRoles
            var file = compileWorkflow(path: path, result: result, calendars: calendars, staffRoles: known)
            file.staffRolesChecked = known != nil
            results[index] = file
        }
        var files = parsed.indices.compactMap { results[$0] }
        let trees = parsed.map(\.1.tree)
        Self.checkCatalogues(&files, trees: trees, deployedStates: deployed.map { find in { find($0).map { Set($0.states.map(\.id)) } } })
        Self.checkRestorations(&files, trees: trees, deployedRoles: deployed.map { find in { find($0)?.roles } })
        return files
    }

    /// The staff roles of the valid `staff-roles.xml` in `folder`, if there is one.
    static func staffRoleIDs(in folder: String, loader: DefinitionLoader) -> Set<String>? {
        let path = folder + "/" + StaffRoleVocabulary.fileName
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard case .staffRoles(let vocabulary)? = loader.compileStaffRoles(path: path, result: XMLTree.parse(contentsOf: path)).content else {
            return nil
        }
        return vocabulary.ids
    }

    /// The ids of the valid calendars in `folder`.
    static func calendarIDs(in folder: String, loader: DefinitionLoader) -> Set<String> {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var ids = Set<String>()
        for name in names where name.hasSuffix(".xml") {
            let path = folder + "/" + name
            let file = loader.compileCalendar(path: path, result: XMLTree.parse(contentsOf: path))
            if let id = file.id { ids.insert(id) }
        }
        return ids
    }

    func compileCalendar(path: String, result: XMLTree.ParseResult) -> DefinitionFile {
        guard let tree = result.tree else { return failed(path, result) }
        let compiled = CalendarCompiler().compile(tree)
        let diagnostics = Self.merge(schema: schemas.calendar.validate(tree), compiler: compiled.diagnostics, parse: result.diagnostics,
                                     extent: tree.startTagExtent(at:))
        return DefinitionFile(file: path, source: Self.source(of: tree), content: compiled.definition.map(DefinitionFile.Content.calendar),
                              diagnostics: diagnostics)
    }

    func compileStaffRoles(path: String, result: XMLTree.ParseResult) -> DefinitionFile {
        guard let tree = result.tree else { return failed(path, result) }
        let compiled = StaffRolesCompiler().compile(tree)
        let diagnostics = Self.merge(schema: schemas.staffRoles.validate(tree), compiler: compiled.diagnostics, parse: result.diagnostics,
                                     extent: tree.startTagExtent(at:))
        return DefinitionFile(file: path, source: Self.source(of: tree),
                              content: diagnostics.containsErrors ? nil : compiled.definition.map(DefinitionFile.Content.staffRoles),
                              diagnostics: diagnostics)
    }

    func compileWorkflow(path: String, result: XMLTree.ParseResult, calendars: Set<String>, staffRoles: Set<String>?) -> DefinitionFile {
        guard let tree = result.tree else { return failed(path, result) }
        // The grammar check and the compiler read the same immutable tree; on a large file they
        // take similar time, so they run side by side.
        let compiler = WorkflowCompiler(knownCalendars: calendars, knownStaffRoles: staffRoles)
        nonisolated(unsafe) var compiledResult: WorkflowCompiler.Result?
        let group = DispatchGroup()
        DispatchQueue.global(qos: .userInitiated).async(group: group) { compiledResult = compiler.compile(tree) }
        let schemaDiagnostics = tree.root?.namespaceURI == WorkflowCompiler.namespace ? schemas.workflow.validate(tree) : []
        group.wait()
        guard let compiled = compiledResult else { return failed(path, result) }
        let diagnostics = Self.merge(schema: schemaDiagnostics, compiler: compiled.diagnostics, parse: result.diagnostics,
                                     extent: tree.startTagExtent(at:))
        let definition = diagnostics.containsErrors ? nil : compiled.definition
        return DefinitionFile(file: path, source: Self.source(of: tree), content: definition.map(DefinitionFile.Content.workflow),
                              diagnostics: diagnostics)
    }

    private func failed(_ path: String, _ result: XMLTree.ParseResult) -> DefinitionFile {
        DefinitionFile(file: path, source: "", content: nil, diagnostics: result.diagnostics)
    }

    private static func source(of tree: XMLTree) -> String {
        tree.sourceText
    }

    /// libxml2's RELAX NG messages are exact about grammar but often vague ("element role
    /// failed to validate attributes"). Where the compiler said something about the same
    /// element (anywhere in its start tag), its sentence is kept and libxml2's dropped; libxml2's
    /// own are kept everywhere else.
    static func merge(schema: [Diagnostic], compiler: [Diagnostic], parse: [Diagnostic],
                      extent: (SourceLocation) -> ClosedRange<SourceLocation>?) -> [Diagnostic] {
        // libxml2's messages as reworded by RelaxNGSchema.explain.
        let vague = ["has an attribute the schema does not allow", "failed to validate content", "has extra content",
                     "is not allowed here", "expecting an element", "error validating"]
        func coveredByCompiler(_ diagnostic: Diagnostic) -> Bool {
            if let range = extent(diagnostic.location) {
                return compiler.contains { range.contains($0.location) }
            }
            return compiler.contains { $0.location == diagnostic.location }
        }
        // The compiler explains misplaced elements with the order they belong in; libxml2's
        // "did not expect element X there" then says nothing more.
        let orderExplained = compiler.contains { $0.message.contains(" must come before ") }
        var kept = schema.filter { diagnostic in
            if diagnostic.location.line == 0 || coveredByCompiler(diagnostic) { return false }
            if orderExplained, diagnostic.message.contains("is not allowed here") || diagnostic.message.contains("has extra content") {
                return false
            }
            if vague.contains(where: diagnostic.message.contains) {
                // Keep a vague message only when nothing more specific is said about the element.
                return !schema.contains { $0.location == diagnostic.location && !vague.contains(where: $0.message.contains) }
            }
            return true
        }
        if kept.isEmpty, !schema.isEmpty, !compiler.containsErrors {
            kept = [schema[0]]  // never lose the fact that the grammar was broken
        }
        var seen = Set<String>()
        return (parse + kept + compiler)
            .filter { seen.insert($0.description).inserted }
            .sorted { $0.location < $1.location }
    }
}
