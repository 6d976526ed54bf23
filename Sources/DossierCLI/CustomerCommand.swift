import ArgumentParser
import DossierAPI
import DossierDocuments
import DossierService
import Foundation

/// `dossier customer …`: the customer's rights over what is stored about them.
struct CustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "What the office stores about a customer: shown to them (查询), or erased at their request (删除).",
        discussion: """
            A customer asking to correct their data gets a correction (`dossier start correction`, \
            or `dossier start customer-correction` for the full chain).
            Example: dossier customer export "Hongda Trading Ltd" --format json -o hongda.json
            """,
        subcommands: [CustomerExportCommand.self, CustomerEraseCommand.self]
    )
}

/// `dossier customer export NAME [--format text|json] [-o FILE]`.
struct CustomerExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Everything stored about one customer: each dossier naming them, with its fields, people, items and history.",
        discussion: """
            The dossiers are those whose customer field holds NAME exactly. An administrator \
            exports; each dossier read is an event in its log. text prints a page to hand over; \
            json is the whole record.
            Example: dossier customer export "Zhou Min" -o zhou-min.txt
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The customer's name, as the dossiers' customer field holds it.", valueName: "name"))
    var customer: String

    @Option(help: "text or json.")
    var format: Format = .text

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write it to this file instead of standard output.", valueName: "file"))
    var output: String?

    func run() throws {
        try reportingFailures {
            let export = try acting.perform(remote: { [customer] in try await $0.exportCustomer(customer) },
                                            local: { [customer] in APIBodies.body(try $0.customerExport(customer)) })
            let text = format == .json
                ? String(decoding: try APICoding.encoder().encode(export), as: UTF8.self) + "\n"
                : Self.page(export)
            guard let output else {
                // Each line is text from the store: control characters are shown escaped, line by line.
                Swift.print(text.split(separator: "\n", omittingEmptySubsequences: false).map { VisibleText.escaped(String($0)) }
                    .joined(separator: "\n"), terminator: "")
                return
            }
            try DocumentFile.write(text, to: output)
            Swift.print("wrote \(output)")
        }
    }

    /// The export as a page to hand to the customer.
    static func page(_ export: CustomerExportBody) -> String {
        var lines = ["What we store about \(export.customer) (客户信息查询)",
                     "exported \(Session.local(export.exportedAt)) by \(export.exportedBy): \(export.dossiers.count) dossier\(export.dossiers.count == 1 ? "" : "s")", ""]
        for entry in export.dossiers {
            lines.append("dossier \(entry.dossier) (\(entry.workflowTitle))" + (entry.archiveNumber.map { ", \($0)" } ?? "")
                         + ", \(entry.state), version \(entry.version)")
            lines += entry.fields.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }
            lines += entry.people.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }
            lines += entry.items.map { "  item \($0.item): \($0.title), \($0.pages) page\($0.pages == 1 ? "" : "s")" }
            lines.append("  history: \(entry.history.count) events, from \(entry.history.first.map { Session.local($0.at) } ?? "-") to \(entry.history.last.map { Session.local($0.at) } ?? "-")")
            lines.append("")
        }
        if export.dossiers.isEmpty { lines += ["No dossier names this customer.", ""] }
        return lines.joined(separator: "\n")
    }
}

/// `dossier customer erase NAME --request REF`.
struct CustomerEraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a customer's personal data at their written request (删除), keeping the audit chain whole.",
        discussion: """
            The fields a workflow marks personal="true" are stored sealed under a key of the \
            customer's own; erasing destroys the keys. Every event stays with its hash, so \
            `dossier audit verify` still passes, and the fields read as "erased on DATE by WHOM \
            under request REF". An administrator erases; it is refused, with every reason and \
            nothing erased, while any of the customer's dossiers runs, is kept under its \
            retention or a legal hold, is on loan, has certificates in the safe or duties owed, \
            or keeps its fields unsealed. Copies of the store made before (backups) still hold \
            the keys: they age out with the backups.
            Example: dossier customer erase "Zhou Min" --request 2036-004
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The customer's name, as the dossiers' customer field holds it.", valueName: "name"))
    var customer: String

    @Option(help: ArgumentHelp("The number of the customer's written request.", valueName: "ref"))
    var request: String

    func run() throws {
        try reportingFailures {
            let erased = try acting.perform(remote: { [customer, request] in try await $0.eraseCustomer(customer, ErasureRequest(request: request)) },
                                            local: { [customer, request] in
                                                let report = try $0.eraseCustomer(customer, request: request)
                                                return CustomerErasureBody(customer: report.customer, dossiers: report.dossiers, keys: report.keys,
                                                                           erasedAs: report.erasedAs, journalEmptied: report.journalEmptied)
                                            })
            let count = erased.dossiers.count
            Swift.print("erased \(erased.customer): the personal fields of \(count) dossier\(count == 1 ? "" : "s") (\(erased.dossiers.map(String.init).joined(separator: ", "))) now read \"\(erased.erasedAs)\"")
            if !erased.journalEmptied {
                Swift.print("note: another process was reading the store, so its journal still holds the destroyed keys' old pages until SQLite's next checkpoint")
            }
        }
    }
}
