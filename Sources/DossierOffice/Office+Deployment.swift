import DossierDefinition
import DossierStore
import DossierXML
import Foundation

/// Why definitions were not deployed: every diagnostic of every file, as
/// `file:line:col: error: message` lines.
package struct DeploymentRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    package var diagnostics: [String]
    package var summary: String

    package var description: String { (diagnostics + [summary]).joined(separator: "\n") }
}

extension Office {
    /// Validates definitions sent as text and, when none has an error, stores a new version of
    /// each changed one, all in one transaction (administrators only). Workflows may name the
    /// calendars deployed already or sent along.
    package func deploy(sources: [(name: String, text: String)], schemas: DefinitionSchemas) throws -> [DeploymentOutcome] {
        _ = try requireStaffRole(Self.administratorRole, for: "deploy workflows or calendars")
        let stored = Set(try store.latestVersions(of: .calendar).map(\.id))
        let files = DefinitionLoader(schemas: schemas).load(sources: sources, extraCalendars: stored)
        let diagnostics = files.flatMap(\.diagnostics)
        if diagnostics.containsErrors {
            let errors = diagnostics.filter { $0.severity == .error }.count
            throw DeploymentRefusal(diagnostics: diagnostics.map(\.description),
                                    summary: "\(errors) error\(errors == 1 ? "" : "s") in the definitions; nothing was deployed")
        }
        var seen: [String: String] = [:]
        var submissions: [DefinitionSubmission] = []
        for file in files {
            switch file.content {
            case .workflow(let workflow):
                submissions.append(DefinitionSubmission(kind: .workflow, id: workflow.id, title: workflow.title, source: file.source))
            case .calendar(let calendar):
                submissions.append(DefinitionSubmission(kind: .calendar, id: calendar.id, title: calendar.title, source: file.source))
            case nil: continue
            }
            let key = "\(submissions[submissions.count - 1].kind.rawValue) \(submissions[submissions.count - 1].id)"
            if let other = seen[key] {
                throw DeploymentRefusal(diagnostics: [], summary: "\(file.file) and \(other) both define \(key); deploy one of them; nothing was deployed")
            }
            seen[key] = file.file
        }
        return try store.deploy(submissions, at: time)
    }
}

/// One deployed definition version with its siblings: what `workflow show`, `workflow graph`
/// and `calendar …` read.
package struct DefinitionDetail: Sendable {
    /// The version asked for (the latest when none was).
    package var stored: DefinitionVersion
    /// Every version of the definition, oldest first.
    package var versions: [DefinitionVersion]
    /// For a workflow: running and finished dossiers per version.
    package var counts: [Int: (running: Int, finished: Int)]
}

extension Office {
    /// Version `version` (the latest when `nil`) of the `kind` definition `id`, with its versions.
    package func definition(_ kind: DefinitionKind, id: String, version: Int?) throws -> DefinitionDetail {
        guard let stored = try store.version(of: kind, id: id, version: version) else {
            let versions = try store.versions(of: kind, id: id)
            if let version, !versions.isEmpty { throw OfficeError.noVersion(kind: kind.rawValue, id: id, version: version) }
            let deployed = try store.latestVersions(of: kind).map(\.id)
            throw kind == .workflow ? OfficeError.noWorkflow(id, deployed: deployed) : OfficeError.noCalendar(id, deployed: deployed)
        }
        return DefinitionDetail(stored: stored, versions: try store.versions(of: kind, id: id),
                                counts: kind == .workflow ? try store.dossierCounts(workflow: id) : [:])
    }
}
