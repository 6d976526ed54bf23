import DossierDefinition
import DossierEngine
import DossierXML
import Foundation

/// Shared fixtures: the shipped workflows and calendars, compiled from the checkout.
enum EngineFixtures {
    static let workflows = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Workflows")

    static func workflow(_ id: String) throws -> WorkflowDefinition {
        let tree = XMLTree.parse(contentsOf: workflows.appendingPathComponent("\(id).xml").path).tree
        guard let tree, let definition = WorkflowCompiler().compile(tree).definition else {
            throw FixtureError("workflow \(id) does not compile")
        }
        return definition
    }

    static func calendar(_ id: String) throws -> CalendarDefinition {
        let tree = XMLTree.parse(contentsOf: workflows.appendingPathComponent("calendars/\(id).xml").path).tree
        guard let tree, let definition = CalendarCompiler().compile(tree).definition else {
            throw FixtureError("calendar \(id) does not compile")
        }
        return definition
    }

    /// An engine for a shipped workflow with the shipped calendars.
    static func engine(_ id: String, version: Int = 1) throws -> WorkflowEngine {
        WorkflowEngine(definition: try workflow(id), version: version,
                       calendars: ["cn": try calendar("cn"), "weekdays": try calendar("weekdays")],
                       timeZone: TimeZone(identifier: "Asia/Shanghai")!)
    }

    /// A moment in Beijing time, e.g. "2026-03-02T09:30".
    static func at(_ text: String) -> Date {
        Timestamps.parse(text, timeZone: TimeZone(identifier: "Asia/Shanghai")!)!
    }

    static let staff: [String: StaffMember] = [
        "alice": StaffMember(id: "alice", name: "Alice Wang", roles: ["handler"]),
        "bob": StaffMember(id: "bob", name: "Bob Li", roles: ["handler"]),
        "dan": StaffMember(id: "dan", name: "Dan Xu", roles: ["handler"]),
        "carol": StaffMember(id: "carol", name: "Carol Zhao", roles: ["archivist"]),
        "gina": StaffMember(id: "gina", name: "Gina Sun", roles: ["gm"]),
        "olga": StaffMember(id: "olga", name: "Olga Ma", roles: ["handler"], isActive: false),
    ]
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
