import ArgumentParser

/// `dossier workflow list`: the deployed workflows.
struct WorkflowList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List deployed workflows with their latest version."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let rows = try store.latestVersions(of: .workflow).map { latest -> [Listing.Value] in
                [.text(latest.id), .text(latest.title), .integer(latest.version), .text(Timestamp.string(latest.deployedAt)),
                 .text(String(latest.sha256.prefix(12)))]
            }
            let listing = Listing(columns: [("id", "ID"), ("title", "TITLE"), ("version", "VERSION"), ("deployed_at", "DEPLOYED"),
                                            ("sha256", "SHA-256")], rows: rows)
            print(listing.render(format), terminator: "")
        }
    }
}
