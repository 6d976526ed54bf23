import DossierOffice
import DossierDefinition
import DossierStore
import DossierXML
import Foundation

/// Validating and deploying definition files: the steps `init`, `workflow deploy` and `demo`
/// share.
enum DefinitionDeployment {
    /// The definition files of a `Workflows/` folder: its `*.xml` and `calendars/*.xml`, sorted.
    static func files(in directory: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure("\(directory) is not a folder of workflows; name one with --workflows")
        }
        var files: [String] = []
        for folder in [directory + "/calendars", directory] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            files += names.filter { $0.hasSuffix(".xml") }.sorted().map { folder + "/" + $0 }
        }
        return files
    }

    /// Checks `paths` for deployment into `store`: workflows may name calendars already in the
    /// store or among the files, and the staff roles of the list among the files, beside them
    /// (without a store) or deployed. Throws with every diagnostic when any file has an error.
    static func check(_ paths: [String], against store: DossierStore?) throws -> [DefinitionFile] {
        let schemas = try DefinitionSchemas.locate()
        let stored = Set(try store?.latestVersions(of: .calendar).map(\.id) ?? [])
        let staffRoles = try store.flatMap { try Office.staffRoles(in: $0)?.ids }
        let files = DefinitionLoader(schemas: schemas).load(paths: paths, extraCalendars: stored, staffRoles: staffRoles, siblings: store == nil,
                                                           deployed: store.map(Office.deployedWorkflows(in:)))
        let diagnostics = files.flatMap(\.diagnostics)
        for diagnostic in diagnostics { StandardError.print(diagnostic.description) }
        if diagnostics.containsErrors {
            let errors = diagnostics.filter { $0.severity == .error }.count
            throw CommandFailure("\(errors) error\(errors == 1 ? "" : "s") in the definitions; nothing was deployed")
        }
        return files
    }

    /// Deploys checked files in one transaction.
    static func deploy(_ files: [DefinitionFile], into store: DossierStore, at time: Date) throws -> [(file: String, outcome: DeploymentOutcome)] {
        let deployed = files.filter { $0.content != nil }
        let outcomes = try Office.deploy(deployed, into: store, at: time)
        return zip(deployed.map(\.file), outcomes).map { ($0, $1) }
    }

    /// "workflow loan-intake: deployed version 2" or "staff roles: unchanged (version 1)".
    static func describe(_ outcome: DeploymentOutcome) -> String {
        switch outcome {
        case .deployed(let version):
            "\(version.kind.naming(version.id)): deployed version \(version.version)"
        case .unchanged(let version):
            "\(version.kind.naming(version.id)): unchanged (version \(version.version))"
        }
    }

    /// Compiles a stored version again. Stored sources were validated when deployed, so this
    /// only fails if the store was edited by hand.
    static func compile(_ version: DefinitionVersion) throws -> WorkflowDefinition {
        try Office.compile(version)
    }
}

extension DefinitionFile {
    var kindName: String {
        switch content {
        case .calendar: "calendar"
        case .staffRoles: "staff roles"
        default: "workflow"
        }
    }
}
