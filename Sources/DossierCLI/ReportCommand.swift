import ArgumentParser

/// `dossier report …`: figures for managers.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports for managers.",
        subcommands: [ReportKPI.self]
    )
}
