import DossierOffice
import ArgumentParser
import DossierEngine
import DossierStore
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

    @Option(help: "text or json.")
    var format: Format = .text

    func run() throws {
        try reportingFailures {
            let session = try acting.session()
            let actor = try session.actor()
            let lendingEngine = try session.engine(workflow: lending.workflow)
            guard let id = try session.store.registeredDossier(archiveNumber: archiveNumber) else {
                throw CommandFailure("no registered dossier has archive number \(archiveNumber); see `dossier register`")
            }
            let (dossier, engine) = try session.dossier(id)
            let target = try Loans.target(of: dossier, engine: engine, archiveNumber: archiveNumber, session: session, lending: lendingEngine)
            let loans = try session.store.dossiers(workflow: lending.workflow, field: "archive-number", equals: archiveNumber, runningOnly: true)
            let viewing = try lendingEngine.view(dossier, target: target, viewer: actor, loans: loans, at: session.time)
            let step = try engine.recording(viewing.events, fines: viewing.fines, on: dossier, at: session.time)
            _ = try session.store.commit(step, readAt: dossier.revision, at: session.moment, archiveNumbers: nil)
            guard let right = viewing.right else {
                var message = viewing.refusal ?? "\(actor.id) may not view \(archiveNumber)"
                message += ". The attempt is recorded in the log"
                if let fine = viewing.fines.first { message += " and fined \(fine.baseAmount) under \(fine.ruleID)" }
                throw CommandFailure(message + ".")
            }
            let definition = engine.definition
            switch format {
            case .text:
                print("\(archiveNumber): dossier \(dossier.id), \(definition.id) v\(dossier.workflowVersion) (\(definition.title))")
                print("read by \(actor.id): \(right)")
                print("level: \(target.levelID)" + (target.department.map { ", department \($0)" } ?? "") + "; state: \(dossier.stateID)")
                for field in definition.fields {
                    if let value = dossier.fields[field.id], !value.isEmpty { print("\(field.title): \(value)") }
                }
                for role in definition.roles {
                    if let person = dossier.assignments[role.id] { print("\(role.title): \(person)") }
                }
                for item in definition.checklist?.items ?? [] {
                    if let pages = target.items[item.id] { print("  \(item.id): \(item.title), \(pages) page\(pages == 1 ? "" : "s")") }
                }
            case .json:
                let object: [String: Any] = [
                    "archive_number": archiveNumber, "dossier": dossier.id, "workflow": definition.id, "version": dossier.workflowVersion,
                    "level": target.levelID, "department": target.department ?? NSNull(), "state": dossier.stateID, "right": right,
                    "fields": dossier.fields.filter { !$0.value.isEmpty }, "roles": dossier.assignments,
                    "items": target.items.sorted { $0.key < $1.key }.map { ["item": $0.key, "pages": $0.value] as [String: Any] },
                ]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }
}
