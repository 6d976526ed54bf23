import DossierDefinition
import DossierStore
import DossierXML
import Foundation

/// The steps of `dossier demo`, each printed with the command a user would type.
struct DemoTour {
    var storePath: String
    private var step = 0

    init(storePath: String) {
        self.storePath = storePath
    }

    private mutating func heading(_ title: String, command: String) {
        step += 1
        print("\n== \(step). \(title)")
        print("   $ \(command)")
    }

    mutating func run() throws {
        print("Dossier demo: a fresh simulation store at \(storePath)")

        heading("Create a simulation store and deploy the shipped workflows and calendars",
                command: "dossier init --simulation --store \(storePath)")
        let directory = try Init.shippedWorkflows()
        let files = try DefinitionDeployment.check(DefinitionDeployment.files(in: directory), against: nil)
        let store = try SQLiteStore(creatingAt: storePath, simulation: true, at: Date()) { store in
            for result in try DefinitionDeployment.deploy(files, into: store, at: Date()) {
                print("   " + DefinitionDeployment.describe(result.outcome))
            }
        }

        heading("The deployed workflows", command: "dossier workflow list --store \(storePath)")
        let rows = try store.latestVersions(of: .workflow).map { [Listing.Value.text($0.id), .text($0.title), .integer($0.version)] }
        print(indent(Listing(columns: [("id", "ID"), ("title", "TITLE"), ("version", "VERSION")], rows: rows).table()))

        heading("The loan-dossier intake in detail", command: "dossier workflow show loan-intake --store \(storePath)")
        guard let stored = try store.version(of: .workflow, id: "loan-intake", version: nil) else {
            throw CommandFailure("the shipped workflows have no loan-intake; the demo needs it")
        }
        let loan = try DefinitionDeployment.compile(stored)
        print(indent(WorkflowDescription(definition: loan, stored: stored, versions: [stored]).text))

        heading("Its state machine as a diagram", command: "dossier workflow graph loan-intake --format mermaid --store \(storePath)")
        print(indent(WorkflowDiagram(loan).render(.mermaid)))

        heading("A mistaken edit is caught before anyone relies on it",
                command: "dossier workflow validate broken-loan-intake.xml")
        let broken = stored.source
            .replacingOccurrences(of: "to=\"reviewing\"", with: "to=\"reviewng\"")
            .replacingOccurrences(of: "within=\"3\"", with: "within=\"0\"")
        let folder = URL(fileURLWithPath: storePath).deletingLastPathComponent()
        let brokenPath = folder.appendingPathComponent("broken-loan-intake.xml").path
        try broken.write(toFile: brokenPath, atomically: true, encoding: .utf8)
        let loader = DefinitionLoader(schemas: try DefinitionSchemas.locate())
        for diagnostic in loader.load(paths: [brokenPath], extraCalendars: Set(try store.latestVersions(of: .calendar).map(\.id)),
                                      siblingCalendars: false).flatMap(\.diagnostics) {
            print("   " + diagnostic.description.replacingOccurrences(of: folder.path + "/", with: ""))
        }

        heading("Deploying the same files again changes nothing",
                command: "dossier workflow deploy Workflows/*.xml --store \(storePath)")
        for result in try DefinitionDeployment.deploy(files, into: store, at: Date()) {
            print("   " + DefinitionDeployment.describe(result.outcome))
        }

        print("""

            The store is kept at \(storePath); point any command at it with --store.
            """)
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "   " + $0 }.joined(separator: "\n")
    }
}
