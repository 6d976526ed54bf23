import ArgumentParser
import DossierAPI
import DossierService

/// `dossier workflow list`: the deployed workflows.
struct WorkflowList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List deployed workflows with their latest version."
    )

    @OptionGroup var acting: ActingOptions

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func run() throws {
        try reportingFailures {
            let versions: [DefinitionVersionBody]
            if let remote = try acting.remote() {
                versions = try Blocking.run { try await remote.workflows() }
            } else {
                versions = try acting.openStore().latestVersions(of: .workflow).map { APIBodies.body($0, outcome: nil) }
            }
            let rows = versions.map { latest -> [Listing.Value] in
                [.text(latest.id), .text(latest.title), .integer(latest.version), .text(Timestamp.string(latest.deployedAt)),
                 .text(String(latest.sha256.prefix(12)))]
            }
            let listing = Listing(columns: [("id", "ID"), ("title", "TITLE"), ("version", "VERSION"), ("deployed_at", "DEPLOYED"),
                                            ("sha256", "SHA-256")], rows: rows)
            print(listing.render(format), terminator: "")
        }
    }
}
