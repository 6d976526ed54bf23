import ArgumentParser
import DossierDocuments
import DossierService
import Foundation

/// `dossier view ARCHIVE-NO`: a registered dossier's details, to those with a right to read it.
struct View: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Read a registered dossier's details; allowed only with a right or an approved loan, and always logged.",
        discussion: """
            Those who may read a dossier: its own people (who hold a role in it; not for sealed \
            forms), the readers of its confidentiality level (at department level, anyone of its \
            department), executives (sealed forms: only the GM), and a borrower whose loan of it \
            is approved and not yet returned. Every view is an event on the dossier, with the right it was read on. Anyone \
            else is refused (exit 1); the attempt is recorded and, where the lending workflow \
            defines an unauthorised-view fine, fined. Borrow it first: dossier borrow request.
            Example: dossier view 鸿借字第001号 --as dan
            """
    )

    /// How the details are printed.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var acting: ActingOptions
    @OptionGroup var lending: LendingWorkflowOption

    @Argument(help: ArgumentHelp("The dossier's archive number.", valueName: "archive-no"))
    var archiveNumber: String

    @Option(help: ArgumentHelp("An earlier version of its contents, before later corrections (default the latest).", valueName: "n"))
    var version: Int?

    @Option(help: "text or json.")
    var format: Format = .text

    func run() throws {
        try reportingFailures {
            let workflow = lending.workflow
            let view = try acting.perform(remote: { [archiveNumber, version] in try await $0.view(archiveNumber, workflow: workflow, version: version) },
                                          local: { [version] in APIBodies.body(try $0.view(archiveNumber, workflow: workflow, version: version)) })
            switch format {
            case .text:
                print("\(view.archiveNumber): dossier \(view.dossier), \(view.workflow) v\(view.workflowVersion) (\(view.workflowTitle))")
                print("read by \(view.reader): \(view.right)")
                print("level: \(view.level)" + (view.department.map { ", department \($0)" } ?? "") + "; state: \(view.state)")
                if view.latestVersion > 1 || view.version != view.latestVersion {
                    print("version \(view.version) of \(view.latestVersion)" + (view.version < view.latestVersion ? ", before later corrections" : ""))
                }
                for field in view.fields { print("\(field.title): \(field.value)") }
                for role in view.roles { print("\(role.title): \(role.value)") }
                for item in view.items { print("  \(item.item): \(item.title), \(item.pages) page\(item.pages == 1 ? "" : "s")") }
            case .json:
                let object: [String: Any] = [
                    "archive_number": view.archiveNumber, "dossier": view.dossier, "workflow": view.workflow, "version": view.workflowVersion,
                    "level": view.level, "department": view.department ?? NSNull(), "state": view.state, "right": view.right,
                    "fields": Dictionary(view.fields.map { ($0.id, $0.value) }, uniquingKeysWith: { first, _ in first }),
                    "roles": Dictionary(view.roles.map { ($0.id, $0.value) }, uniquingKeysWith: { first, _ in first }),
                    "items": view.items.sorted { $0.item < $1.item }.map { ["item": $0.item, "pages": $0.pages] as [String: Any] },
                    "content_version": view.version, "latest_version": view.latestVersion,
                ]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                Swift.print(String(decoding: data, as: UTF8.self))
            }
        }
    }
}

/// Each line this command prints holds text from the store: its control characters are shown
/// escaped, so a name or a note can neither drive the terminal nor forge another line.
private func print(_ line: String) {
    Swift.print(VisibleText.escaped(line))
}
