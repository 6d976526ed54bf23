import DossierDefinition
import Foundation

/// Paths of the checkout, found from this file's location.
enum Fixtures {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let workflows = packageRoot.appendingPathComponent("Workflows")

    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    nonisolated(unsafe) private static var cachedSchemas: DefinitionSchemas?
    private static let lock = NSLock()

    /// The published grammars, compiled once per test process.
    static func schemas() throws -> DefinitionSchemas {
        lock.lock()
        defer { lock.unlock() }
        if let cachedSchemas { return cachedSchemas }
        let schemas = try DefinitionSchemas(directory: workflows.appendingPathComponent("schema").path)
        cachedSchemas = schemas
        return schemas
    }

    /// Loads files the way `dossier workflow validate` does, with the shipped calendars and
    /// staff roles known.
    static func load(_ paths: [String]) throws -> [DefinitionFile] {
        let loader = DefinitionLoader(schemas: try schemas())
        let shipped = loader.load(paths: [workflows.appendingPathComponent("staff-roles.xml").path], siblings: false)
        guard case .staffRoles(let staffRoles)? = shipped.first?.content else { throw FixtureError("Workflows/staff-roles.xml does not compile") }
        return loader.load(paths: paths, extraCalendars: ["cn", "weekdays"], staffRoles: staffRoles.ids, siblings: false)
    }
}

/// A fixture that could not be made.
struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
