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
    }

    /// The file as named by the user.
    public var file: String
    /// The exact text, as deployed and versioned.
    public var source: String
    /// The definition, when the file has no errors.
    public var content: Content?
    /// Every problem found, in file order.
    public var diagnostics: [Diagnostic]

    /// The definition's id, when compiled.
    public var id: String? {
        switch content {
        case .workflow(let workflow): workflow.id
        case .calendar(let calendar): calendar.id
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
    /// workflows may name; with `siblingCalendars`, so are those in a `calendars/` folder beside
    /// each workflow file.
    public func load(paths: [String], extraCalendars: Set<String> = [], siblingCalendars: Bool = true) -> [DefinitionFile] {
        load(parsed: paths.map { path in (path, XMLTree.parse(contentsOf: path)) }, extraCalendars: extraCalendars, siblingCalendars: siblingCalendars)
    }

    /// Loads definitions sent as text (a client's files, by the names it gave them). Calendars
    /// among them and `extraCalendars` are the calendars workflows may name.
    public func load(sources: [(name: String, text: String)], extraCalendars: Set<String> = []) -> [DefinitionFile] {
        load(parsed: sources.map { ($0.name, XMLTree.parse(Array($0.text.utf8), file: $0.name)) }, extraCalendars: extraCalendars,
             siblingCalendars: false)
    }

    private func load(parsed: [(String, XMLTree.ParseResult)], extraCalendars: Set<String>, siblingCalendars: Bool) -> [DefinitionFile] {
        // The exact text is kept for deployment; the tree holds the same bytes.
        var calendars = extraCalendars
        var results: [Int: DefinitionFile] = [:]
        // Calendars first: workflows refer to them.
        for (index, (path, result)) in parsed.enumerated() where result.tree?.root?.namespaceURI == CalendarCompiler.namespace {
            let file = compileCalendar(path: path, result: result)
            if case .calendar(let calendar)? = file.content { calendars.insert(calendar.id) }
            results[index] = file
        }
        var siblingFolders = Set<String>()
        for (path, result) in parsed where result.tree?.root?.namespaceURI != CalendarCompiler.namespace {
            siblingFolders.insert(URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("calendars").path)
        }
        for folder in siblingFolders where siblingCalendars {
            calendars.formUnion(Self.calendarIDs(in: folder, loader: self))
        }
        for (index, (path, result)) in parsed.enumerated() where results[index] == nil {
            results[index] = compileWorkflow(path: path, result: result, calendars: calendars)
        }
        return parsed.indices.compactMap { results[$0] }
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

    func compileWorkflow(path: String, result: XMLTree.ParseResult, calendars: Set<String>) -> DefinitionFile {
        guard let tree = result.tree else { return failed(path, result) }
        // The grammar check and the compiler read the same immutable tree; on a large file they
        // take similar time, so they run side by side.
        let compiler = WorkflowCompiler(knownCalendars: calendars)
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
