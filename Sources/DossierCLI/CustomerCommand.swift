import ArgumentParser
import DossierAPI
import DossierDocuments
import DossierService
import Foundation

/// `dossier customer …`: the customer's rights over what is stored about them.
struct CustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "What the office stores about a customer, for the customer who asks to see it (查询).",
        discussion: """
            A customer asking to correct their data gets a correction (`dossier start correction`).
            Example: dossier customer export "Hongda Trading Ltd" --format json -o hongda.json
            """,
        subcommands: [CustomerExportCommand.self]
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
