import DossierOffice
import ArgumentParser
import DossierAPI
import DossierEngine
import DossierService
import DossierStore
import Foundation

/// `dossier register [--workflow ID]`.
struct Register: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "The register (档案登记本): archived dossiers with their archive numbers.",
        discussion: """
            One line per registered dossier, in the order of registration: archive number, the \
            fields and people its workflow's <register> names (a loan's customer, A and B; a \
            department hand-over's period and archivists), dates, items, pages, and the contracts \
            inside numbered after the archive number (e.g. GY-SH-001-01).
            Example: dossier register --workflow new-car-intake --format csv
            """
    )

    @OptionGroup var acting: ActingOptions

    @Option(help: ArgumentHelp("Only dossiers of this workflow.", valueName: "id"))
    var workflow: String?

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func run() throws {
        try reportingFailures {
            let lines: [RegisterLineBody]
            if let remote = try acting.remote() {
                lines = try Blocking.run { [workflow] in try await remote.register(workflow: workflow) }
            } else {
                lines = try acting.session().register(workflow: workflow).map(APIBodies.body)
            }
            let listing = Self.listing(lines)
            print(listing.render(format), terminator: "")
        }
    }
}

extension Register {
    /// The register as a listing: the fixed columns around one column for each field and role
    /// that some line's workflow shows, in the order first met; a line of another workflow
    /// leaves it empty. A column is named by the field's or role's id, prefixed with `field-` or
    /// `role-` where the id is already taken.
    static func listing(_ lines: [RegisterLineBody]) -> Listing {
        var fixed: [(key: String, header: String)] = [("archive_number", "ARCHIVE NO"), ("dossier", "DOSSIER"), ("workflow", "WORKFLOW")]
        // Only a register with a destroyed dossier shows when and by whom it was destroyed.
        let showsDestruction = lines.contains { $0.destroyedAt != nil }
        let trailing: [(key: String, header: String)] = [("started_at", "STARTED"), ("registered_at", "REGISTERED"), ("items", "ITEMS"),
                                                         ("pages", "PAGES"), ("contracts", "CONTRACTS")]
            + (showsDestruction ? [("destroyed", "DESTROYED")] : [])
        var taken = Set((fixed + trailing).map(\.key))
        var fieldKeys: [String: String] = [:], roleKeys: [String: String] = [:]
        var shown: [(key: String, header: String)] = []
        func column(_ id: String, prefix: String) -> String {
            let key = taken.contains(id) ? "\(prefix)-\(id)" : id
            taken.insert(key)
            shown.append((key, key.uppercased()))
            return key
        }
        for line in lines {
            for field in line.fields where fieldKeys[field.field] == nil { fieldKeys[field.field] = column(field.field, prefix: "field") }
            for holder in line.people where roleKeys[holder.role] == nil { roleKeys[holder.role] = column(holder.role, prefix: "role") }
        }
        fixed += shown + trailing
        let rows = lines.map { line -> [Listing.Value] in
            var values: [String: String] = [:]
            for field in line.fields { if let key = fieldKeys[field.field] { values[key] = field.value } }
            for holder in line.people { if let key = roleKeys[holder.role] { values[key] = holder.person } }
            return [.text(line.archiveNumber), .integer(line.dossier), .text("\(line.workflow)@\(line.workflowVersion)")]
                + shown.map { values[$0.key].map(Listing.Value.text) ?? .null }
                + [.moment(line.startedAt), .moment(line.registeredAt), .integer(line.items), .integer(line.pages),
                   .text(line.contracts.map { "\($0.number) \($0.item)" }.joined(separator: "; "))]
                + (showsDestruction ? [line.destroyedAt.map { .text("\(Session.local($0)) by \(line.destroyedBy ?? "?")"
                                                                    + (line.destructionList.map { ", list \($0)" } ?? "")) } ?? .null] : [])
        }
        return Listing(columns: fixed, rows: rows)
    }
}
