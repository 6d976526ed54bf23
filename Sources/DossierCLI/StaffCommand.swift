import ArgumentParser

/// `dossier staff …`: the staff directory.
struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Add and list the people who act in dossiers.",
        discussion: """
            Every command acts as a member of staff (--as, DOSSIER_USER or your login). Staff roles \
            such as handler, reviewer, archivist, certificate-keeper, gm, chairman, deputy-gm, \
            department-manager and marketing-director decide which workflow roles a person may hold. \
            The first person can be added by anyone; after that, only members of staff add people.
            """,
        subcommands: [StaffAdd.self, StaffList.self, StaffShow.self]
    )
}
