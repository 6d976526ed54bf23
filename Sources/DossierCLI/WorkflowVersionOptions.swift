import ArgumentParser
import DossierDefinition
import DossierStore

/// `ID [--version N]`: which deployed workflow version a command is about.
struct WorkflowVersionOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The workflow's id, e.g. loan-intake.", valueName: "id"))
    var id: String

    @Option(help: ArgumentHelp("A deployed version (default: the latest).", valueName: "n"))
    var version: Int?

    func validate() throws {
        if let version, version < 1 { throw ValidationError("--version counts from 1") }
    }

    /// The stored version and its compiled definition.
    func load(from store: DossierStore) throws -> (DefinitionVersion, WorkflowDefinition) {
        guard let stored = try store.version(of: .workflow, id: id, version: version) else {
            let known = try store.latestVersions(of: .workflow).map(\.id)
            if let version, !(try store.versions(of: .workflow, id: id)).isEmpty {
                throw CommandFailure("workflow \(id) has no version \(version); see `dossier workflow show \(id)` for its versions")
            }
            let hint = known.isEmpty ? "no workflow is deployed yet" : "deployed workflows: " + known.joined(separator: ", ")
            throw CommandFailure("no workflow \(id) is deployed; \(hint)")
        }
        return (stored, try DefinitionDeployment.compile(stored))
    }
}
