import DossierOffice
import ArgumentParser
import DossierAPI
import DossierEngine
import DossierOffice
import DossierStore

/// `dossier staff add USER --name NAME --role ROLE…`.
struct StaffAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a person to the staff directory.",
        discussion: "Example: dossier staff add alice --name \"Alice Wang\" --role handler --department loans"
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("Their login, e.g. alice.", valueName: "user"))
    var user: String

    @Option(help: "Their full name.")
    var name: String

    @Option(name: .customLong("role"), parsing: .upToNextOption,
            help: ArgumentHelp("The staff roles they hold: several after one --role (--role archivist admin), with commas, or --role repeated.",
                               valueName: "role"))
    var givenRoles: [String]

    /// The roles as given, however they were written, each once.
    var roles: [String] {
        var seen: Set<String> = []
        return givenRoles.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    @Option(help: "Their department.")
    var department: String?

    func validate() throws {
        if roles.isEmpty { throw ValidationError("give at least one --role, e.g. --role handler") }
        for value in [user] + roles where !value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) || value.isEmpty {
            throw ValidationError("'\(value)' may only contain letters, digits, '-', '_' and '.'")
        }
    }

    func run() throws {
        try reportingFailures {
            if let remote = try acting.remote() {
                let new = NewStaffRequest(id: user, name: name, roles: roles, department: department)
                _ = try Blocking.run { try await remote.addStaff(new) }
            } else {
                try acting.session().addStaff(StaffMember(id: user, name: name, roles: roles, department: department))
            }
            print("added \(user) (\(name)): \(roles.joined(separator: ", "))\(department.map { ", department \($0)" } ?? "")")
        }
    }
}
