import ArgumentParser
import DossierStore

/// `dossier staff show USER`.
struct StaffShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one person and their open tasks.")

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("Their login.", valueName: "user"))
    var user: String

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            guard let member = try store.staffMember(user) else {
                throw CommandFailure("nobody called \(user) is in the staff directory; see `dossier staff list`")
            }
            print("\(member.id): \(member.name)")
            print("roles: \(member.roles.joined(separator: ", "))")
            if let department = member.department { print("department: \(department)") }
            print(member.isActive ? "active" : "departed")
            let open = try store.tasks(TaskQuery(assignee: user))
            print("open tasks: \(open.isEmpty ? "none" : open.map { "\($0.id) (dossier \($0.dossierID), \($0.stateID))" }.joined(separator: ", "))")
        }
    }
}
