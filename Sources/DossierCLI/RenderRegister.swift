import DossierOffice
import ArgumentParser
import DossierDocuments
import Foundation

/// `dossier render register [--workflow ID]`.
struct RenderRegister: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "The register page (档案登记本) of archived dossiers.",
        discussion: "Example: dossier render register --workflow loan-intake --form html > register.html"
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var document: DocumentFormOption

    @Option(help: ArgumentHelp("Only dossiers of this workflow.", valueName: "id"))
    var workflow: String?

    func run() throws {
        try reportingFailures {
            let session = try acting.session()
            let lines = try RegisterLines.read(session: session, workflow: workflow)
            var values: [String: Any] = [
                "printed": Session.local(session.time),
                "lines": lines.map { line -> [String: Any] in
                    [
                        "archive_number": line.archiveNumber, "dossier": line.dossierID,
                        "workflow": "\(line.workflowID)@\(line.workflowVersion)", "customer": line.customer ?? "-",
                        "handler": line.handler ?? "-", "reviewer": line.reviewer ?? "-", "archivist": line.archivist ?? "-",
                        "started": Session.local(line.startedAt), "registered": Session.local(line.registeredAt),
                        "items": line.items, "pages": line.pages,
                        "contracts": line.contracts.map { ["number": $0.number, "title": $0.title] },
                    ]
                },
            ]
            if let workflow { values["workflow"] = workflow }
            try document.emit("register", values: values)
        }
    }
}
