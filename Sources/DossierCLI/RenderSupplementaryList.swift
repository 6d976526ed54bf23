import DossierOffice
import ArgumentParser
import DossierDocuments
import Foundation

/// `dossier render supplementary-list DOSSIER`.
struct RenderSupplementaryList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supplementary-list",
        abstract: "The supplementary list (补充资料清单) of a dossier's last return: each defective item and what is wrong.",
        discussion: """
            Built from the log: the defects found during the review task that ended with the \
            latest return (an action with effect issue-supplementary-list), each item's last finding.
            Example: dossier render supplementary-list 1
            """
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var document: DocumentFormOption

    @Argument(help: ArgumentHelp("The dossier's number.", valueName: "dossier"))
    var id: Int

    func run() throws {
        try reportingFailures {
            let session = try acting.session()
            let (dossier, engine) = try session.dossier(id)
            let definition = engine.definition
            let events = try session.store.events(dossier: id)
            // The latest transition that issued a supplementary list, and the task it closed.
            guard let returned = events.last(where: { event in
                event.kind == "transitioned" && event.fromState.flatMap { definition.state($0) }?
                    .transition(event.action ?? "")?.effects.contains(.issueSupplementaryList) == true
            }) else {
                throw CommandFailure("dossier \(id) has not been returned with a supplementary list; see `dossier history \(id)`")
            }
            var findings: [String: (defect: String?, by: String)] = [:]
            var order: [String] = []
            for event in events where event.kind == "item-verified" && event.taskID == returned.taskID && event.sequence < returned.sequence {
                guard let item = event.details["item"] else { continue }
                if findings[item] == nil { order.append(item) }
                findings[item] = (event.details["result"] == "defect" ? event.details["defect"] : nil, event.actor)
            }
            let defective = (definition.checklist?.items.map(\.id) ?? order).filter { findings[$0]?.defect != nil }
            let handlerRole = definition.state(returned.toState ?? "")?.roleID
            var values: [String: Any] = [
                "dossier": id, "workflow_title": definition.title, "customer": dossier.fields["customer"] ?? "-",
                "handler": handlerRole.flatMap { dossier.assignments[$0] } ?? "-", "returned_by": returned.actor,
                "returned_at": Session.local(returned.at),
                "lines": defective.enumerated().map { index, item -> [String: Any] in
                    ["number": index + 1, "item": item, "item_title": definition.checklist?.item(item)?.title ?? item,
                     "defect": findings[item]?.defect ?? "", "found_by": findings[item]?.by ?? "-"]
                },
            ]
            if let note = returned.note { values["note"] = note }
            try document.emit("supplementary-list", values: values)
        }
    }
}
