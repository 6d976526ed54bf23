import ArgumentParser

/// `dossier checklist …`: the dossier's items.
struct ChecklistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist",
        abstract: "Show, record and verify a dossier's checklist items.",
        discussion: """
            The holder of the open task's role records items (A, while compiling) and verifies them \
            (B while reviewing, the archivist while archiving). Guards such as checklist-complete \
            and all-items-verified read what is recorded here.
            """,
        subcommands: [ChecklistShow.self, ChecklistSet.self, ChecklistVerify.self]
    )
}
