import ArgumentParser

/// `dossier staff …`: the staff directory.
struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Add and list the people who act in dossiers; hand over and deactivate someone who leaves.",
        discussion: """
            Every command acts as a member of staff: your login on a production store (or the person \
            logged in to its server), --as or DOSSIER_USER on a simulation store. Staff roles such as \
            handler, reviewer, archivist, certificate-keeper, gm, chairman, deputy-gm, \
            department-manager and marketing-director decide which workflow roles a person may hold. \
            The staff role 'admin' administers the directory, passwords and deployments: \
            `dossier init --admin USER` names the first admin of a production store; on a \
            simulation store the first person may be added by anyone.
            """,
        subcommands: [StaffAdd.self, StaffList.self, StaffShow.self, StaffPassword.self, StaffHoldings.self, StaffDepart.self,
                      StaffTransfer.self, StaffDeactivate.self]
    )
}
