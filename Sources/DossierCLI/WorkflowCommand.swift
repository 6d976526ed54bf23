import ArgumentParser

/// `dossier workflow …`: check, deploy and inspect workflow definitions.
struct WorkflowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow",
        abstract: "Validate, deploy and inspect workflow definitions.",
        discussion: """
            Workflows are XML in the namespace urn:dossier:workflow:1; the grammar is \
            Workflows/schema/workflow.rng. Each deployment whose content changed becomes a new \
            version; dossiers already under way stay on the version they started with.
            """,
        subcommands: [WorkflowValidate.self, WorkflowDeploy.self, WorkflowList.self, WorkflowShow.self, WorkflowGraph.self]
    )
}
