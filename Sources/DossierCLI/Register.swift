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
            One line per registered dossier, in the order of registration: archive number, \
            customer, handler, reviewer, archivist, dates, items, pages, and the contracts inside \
            numbered after the archive number (e.g. GY-SH-001-01).
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
            let columns: [(key: String, header: String)] = [
                ("archive_number", "ARCHIVE NO"), ("dossier", "DOSSIER"), ("workflow", "WORKFLOW"), ("customer", "CUSTOMER"),
                ("handler", "HANDLER"), ("reviewer", "REVIEWER"), ("archivist", "ARCHIVIST"), ("started_at", "STARTED"),
                ("registered_at", "REGISTERED"), ("items", "ITEMS"), ("pages", "PAGES"), ("contracts", "CONTRACTS"),
            ]
            func text(_ value: String?) -> Listing.Value { value.map(Listing.Value.text) ?? .null }
            let rows = lines.map { line -> [Listing.Value] in
                [.text(line.archiveNumber), .integer(line.dossier), .text("\(line.workflow)@\(line.workflowVersion)"), text(line.customer),
                 text(line.handler), text(line.reviewer), text(line.archivist), .moment(line.startedAt), .moment(line.registeredAt),
                 .integer(line.items), .integer(line.pages),
                 .text(line.contracts.map { "\($0.number) \($0.item)" }.joined(separator: "; "))]
            }
            print(Listing(columns: columns, rows: rows).render(format), terminator: "")
        }
    }
}

/// Reading the register's lines from a store.
enum RegisterLines {
    static func read(session: Session, workflow: String?) throws -> [RegisterLine] {
        try session.register(workflow: workflow)
    }
}
