import ArgumentParser

/// `dossier fines …`: the fine ledger.
struct FinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fines",
        abstract: "The fine ledger: list fines, print a person's monthly statement, record a fine by hand, waive a fine.",
        discussion: """
            Fines come from the workflows' <fines> rules and are recorded by `dossier tick` (late \
            tasks) and by returns with a supplementary list (defective items); a manager records \
            those only people see (`fines record`). Each names the rule, \
            the workflow and calendar version, the task, the dates compared, the person, the nth in \
            the month and the factor applied. Amounts are decimal. A waived fine stays in the \
            ledger at 0 and no longer counts towards the payer's monthly escalation.
            """,
        subcommands: [FinesList.self, FinesStatementCommand.self, FinesRecord.self, FinesWaive.self, FinesSettle.self]
    )
}
