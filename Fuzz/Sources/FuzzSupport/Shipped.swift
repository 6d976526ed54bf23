import DossierDefinition
import DossierEngine
import Foundation

/// What every target reads once: the shipped grammars and calendars, from the checkout this
/// package sits in (or `$DOSSIER_HOME`).
public enum Shipped {
    /// The checkout's `Workflows/` folder.
    public static let workflows: String = {
        if let home = ProcessInfo.processInfo.environment["DOSSIER_HOME"] { return home + "/Workflows" }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Workflows").path
    }()

    /// The loader with the published RELAX NG grammars (libFuzzer runs one input at a time).
    nonisolated(unsafe) public static let loader: DefinitionLoader = {
        do {
            return DefinitionLoader(schemas: try DefinitionSchemas(directory: workflows + "/schema"))
        } catch {
            Fuzzing.fail("the grammars in \(workflows)/schema cannot be read: \(error)")
        }
    }()

    /// The shipped calendars by id (`cn`, `weekdays`).
    public static let calendars: [String: CalendarDefinition] = {
        var found: [String: CalendarDefinition] = [:]
        for file in loader.load(paths: ["cn", "weekdays"].map { "\(workflows)/calendars/\($0).xml" }) {
            guard case .calendar(let calendar)? = file.content else { Fuzzing.fail("\(file.file) does not compile: \(file.diagnostics)") }
            found[calendar.id] = calendar
        }
        return found
    }()

    /// The shipped list of staff roles, which workflows are checked against.
    public static let staffRoles: Set<String> = {
        let path = "\(workflows)/\(StaffRoleVocabulary.fileName)"
        guard case .staffRoles(let list)? = loader.load(paths: [path]).first?.content else { Fuzzing.fail("\(path) does not compile") }
        return list.ids
    }()

    /// Beijing time, the zone the shipped workflows are run in.
    public static let zone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .current

    /// Compiles one workflow held in memory against the shipped calendars and staff roles;
    /// `nil` with the diagnostics when it has errors.
    public static func workflow(_ text: String) -> (definition: WorkflowDefinition?, diagnostics: [String]) {
        guard let file = loader.load(sources: [(name: "fuzz.xml", text: text)], extraCalendars: Set(calendars.keys), staffRoles: staffRoles).first else {
            Fuzzing.fail("the loader returned nothing for one source")
        }
        switch file.content {
        case .workflow(let definition)?: return (definition, [])
        case .calendar?: return (nil, ["a calendar, not a workflow"])
        case .staffRoles?: return (nil, ["a list of staff roles, not a workflow"])
        case nil: return (nil, file.diagnostics.map(\.description))
        }
    }

    /// An engine for `definition` with the shipped calendars, in Beijing time.
    public static func engine(_ definition: WorkflowDefinition) -> WorkflowEngine {
        WorkflowEngine(definition: definition, version: 1, calendars: calendars, calendarVersions: ["cn": 1, "weekdays": 1], timeZone: zone)
    }

    /// `text` escaped for an XML attribute value.
    public static func attribute(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
