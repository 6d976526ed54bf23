import ArgumentParser
import DossierDefinition
import DossierStore
import Foundation

/// `dossier demo`: a guided tour on a fresh simulation store.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "A guided tour of Dossier on a fresh simulation store.",
        discussion: """
            Creates a new simulation store (in a fresh temporary folder unless --store names a file \
            that does not exist yet), deploys the shipped workflows and calendars, and walks \
            through what Dossier does with them, printing each step and the command that does it.
            """
    )

    @Option(help: ArgumentHelp("Where to create the demo store; the file must not exist.", valueName: "path"))
    var store: String?

    @Flag(help: "Take the tour through a server: once the first admin is added, the store is served on a loopback port and each person logs in with a password and acts through the API.")
    var serve = false

    func run() throws {
        try reportingFailures {
            let path = try store ?? {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-demo-\(UUID().uuidString.prefix(8))")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                return folder.appendingPathComponent("dossier.db").path
            }()
            var tour = DemoTour(storePath: path, throughServer: serve)
            defer { tour.finish() }
            try tour.run()
        }
    }
}
