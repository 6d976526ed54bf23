import ArgumentParser
import DossierDefinition
import DossierStore
import Foundation

/// `dossier init`: create a store and deploy the shipped workflows.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a store and deploy the workflows and calendars of Workflows/.",
        discussion: """
            Creates the SQLite store (./dossier.db unless --store says otherwise), brings it to the \
            current format, and deploys every workflow in Workflows/ (or --workflows DIR) and every \
            calendar in its calendars/ folder as version 1. If any file has an error, nothing is \
            created and every error is printed.

            --simulation makes a store that accepts --at on every command, so a month can be replayed \
            in seconds; a production store only ever uses the clock.
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: "Create a simulation store that accepts --at TIMESTAMP.")
    var simulation = false

    @Option(help: ArgumentHelp("The folder of workflows to deploy (default: the shipped Workflows/).", valueName: "dir"))
    var workflows: String?

    func run() throws {
        try reportingFailures {
            let directory = try workflows ?? Self.shippedWorkflows()
            let files = try DefinitionDeployment.check(DefinitionDeployment.files(in: directory), against: nil)
            var lines: [String] = []
            let path = storeOptions.path
            _ = try SQLiteStore(creatingAt: path, simulation: simulation, at: Date()) { store in
                lines = try DefinitionDeployment.deploy(files, into: store, at: Date()).map { DefinitionDeployment.describe($0.outcome) }
            }
            print("created \(simulation ? "simulation" : "production") store \(path)")
            lines.forEach { print($0) }
        }
    }

    static func shippedWorkflows() throws -> String {
        let location = DefinitionSchemas.locateWorkflowsDirectory()
        guard let found = location.found else {
            throw CommandFailure("cannot find the shipped Workflows/ folder; name one with --workflows DIR or set DOSSIER_HOME")
        }
        return found
    }
}
