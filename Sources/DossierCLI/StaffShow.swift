import ArgumentParser
import DossierDocuments
import DossierService

/// `dossier staff show USER`.
struct StaffShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one person and their open tasks.")

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("Their login.", valueName: "user"))
    var user: String

    func run() throws {
        try reportingFailures {
            let detail = try acting.perform(remote: { [user] in try await $0.staffDetail(user) }, local: { APIBodies.body(try $0.staffDetail(user)) })
            let member = detail.staff
            print("\(member.id): \(member.name)")
            print("roles: \(member.roles.joined(separator: ", "))")
            if let department = member.department { print("department: \(department)") }
            print(member.active ? "active" : "departed")
            let open = detail.openTasks
            print("open tasks: \(open.isEmpty ? "none" : open.map { "\($0.task) (dossier \($0.dossier), \($0.state))" }.joined(separator: ", "))")
        }
    }
}

/// Each line this command prints holds text from the store: its control characters are shown
/// escaped, so a name or a note can neither drive the terminal nor forge another line.
private func print(_ line: String) {
    Swift.print(VisibleText.escaped(line))
}
