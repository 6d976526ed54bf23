import ArgumentParser

/// `dossier task …`: see and advance tasks.
struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "List, show and advance tasks.",
        discussion: """
            A dossier has one open task at a time: the work of its current state, for the person \
            holding the state's role. `advance` takes an action; where the workflow asks for \
            several sign-offs, each signer runs `advance` with the same action.
            """,
        subcommands: [TaskList.self, TaskShow.self, TaskAdvance.self, TaskExtend.self]
    )
}
