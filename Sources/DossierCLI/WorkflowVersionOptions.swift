import ArgumentParser
import DossierDefinition
import DossierAPI
import DossierService
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

    /// The deployed version, through the server or from the store, with its siblings and compiled definition.
    func load(acting: ActingOptions) throws -> (detail: DefinitionDetailBody, definition: WorkflowDefinition) {
        let detail = try acting.definition(.workflow, id: id, version: version)
        return (detail, try DefinitionDeployment.compile(APIBodies.version(detail)))
    }
}
