import ArgumentParser
import DossierEngine

/// `dossier staff list`.
struct StaffList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the staff directory.")

    @OptionGroup var acting: ActingOptions

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func run() throws {
        try reportingFailures {
            let directory: [StaffMember]
            if let remote = try acting.remote() {
                directory = try Blocking.run { try await remote.staff() }.map(StaffMember.init)
            } else {
                directory = try acting.openStore().staffDirectory()
            }
            let rows = directory.map { member -> [Listing.Value] in
                [.text(member.id), .text(member.name), .text(member.roles.joined(separator: " ")),
                 member.department.map(Listing.Value.text) ?? .null, .boolean(member.isActive)]
            }
            print(Listing(columns: [("id", "USER"), ("name", "NAME"), ("roles", "ROLES"), ("department", "DEPARTMENT"), ("active", "ACTIVE")],
                          rows: rows).render(format), terminator: "")
        }
    }
}
