import DossierOffice
import ArgumentParser
import DossierDocuments
import DossierService
import DossierStore

/// `dossier history INSTANCE`.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "A dossier's events as a timeline: who did what, when and why.")

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The dossier's number.", valueName: "dossier"))
    var dossier: Int

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func run() throws {
        try reportingFailures {
            let events: [StoredEvent]
            if let remote = try acting.remote() {
                events = try Blocking.run { [dossier] in try await remote.history(dossier: dossier) }.map { APIBodies.event($0, dossier: dossier) }
            } else {
                events = try acting.openStore().events(dossier: dossier)
            }
            guard !events.isEmpty else { throw CommandFailure("there is no dossier \(dossier); see `dossier task list`") }
            if format != .table {
                let rows = events.map { event -> [Listing.Value] in
                    [.integer(event.sequence), event.taskID.map(Listing.Value.integer) ?? .null, .text(Session.iso(event.at)), .text(event.actor), .text(event.kind),
                     event.action.map(Listing.Value.text) ?? .null, event.fromState.map(Listing.Value.text) ?? .null,
                     event.toState.map(Listing.Value.text) ?? .null, event.note.map(Listing.Value.text) ?? .null,
                     .text(event.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))]
                }
                print(Listing(columns: [("seq", ""), ("task", ""), ("at", ""), ("actor", ""), ("kind", ""), ("action", ""), ("from_state", ""),
                                        ("to_state", ""), ("note", ""), ("details", "")], rows: rows).render(format), terminator: "")
                return
            }
            for event in events {
                var line = "\(Session.local(event.at))  #\(event.sequence)  \(event.actor)  "
                switch event.kind {
                case "started": line += "started in \(event.toState ?? "?")"
                case "task-opened" where event.details["duty"] != nil:
                    line += "task \(event.taskID.map(String.init) ?? "?") for \(event.details["role"] ?? "-") (\(event.details["assignee"] ?? "nobody")) opened: duty \(event.details["duty"] ?? "?")"
                    if let opens = event.details["window-opens"] { line += ", window from \(opens)" }
                    line += ", due \(event.details["due"] ?? "?")"
                case "task-opened":
                    line += "task \(event.taskID.map(String.init) ?? "?") for \(event.details["role"] ?? "-") (\(event.details["assignee"] ?? "nobody")) opened in \(event.toState ?? "?")"
                case "signed":
                    line += "signed '\(event.action ?? "?")' as \(event.details["role"] ?? "?")" + (event.details["step"].map { ", step \($0)" } ?? "")
                case "task-closed" where event.details["withdrawn"] != nil:
                    line += "withdrew duty \(event.details["duty"] ?? "?") (task \(event.taskID.map(String.init) ?? "?")): "
                        + "\(event.details["withdrawn"] ?? "its condition") no longer holds"
                case "task-closed" where event.details["duty"] != nil:
                    let record = event.details.filter { $0.key.hasPrefix("record:") }.sorted { $0.key < $1.key }
                        .map { "\($0.key.dropFirst(7))=\($0.value)" }
                    line += "recorded duty \(event.details["duty"] ?? "?") (task \(event.taskID.map(String.init) ?? "?"))"
                    if !record.isEmpty { line += ": " + record.joined(separator: ", ") }
                    if let late = event.details["late"] { line += " (late: \(late))" }
                case "task-closed" where event.details["role"] != nil:
                    // A parallel task: each role closes its own, with its report as the note.
                    line += "closed task \(event.taskID.map(String.init) ?? "?") of \(event.details["role"] ?? "?") with '\(event.action ?? "?")'"
                case "task-closed": line += "closed task \(event.taskID.map(String.init) ?? "?") with '\(event.action ?? "?")'"
                case "transitioned": line += "\(event.action ?? "?"): \(event.fromState ?? "?") → \(event.toState ?? "?")"
                case "finished": line += "finished in \(event.toState ?? "?")"
                case "archive-number-assigned": line += "archive number \(event.details["archive-number"] ?? "?")"
                case "item-recorded":
                    let item = event.details["item"] ?? "?"
                    if event.details["missing"] == "true" {
                        line += "recorded \(item) as missing"
                    } else {
                        let signed = event.details["signatures"].flatMap { $0.isEmpty ? nil : $0 } ?? "no signature"
                        line += "recorded \(item): \(event.details["pages"] ?? "?") pages, \(signed)"
                    }
                case "item-verified":
                    let item = event.details["item"] ?? "?"
                    line += event.details["result"] == "defect" ? "found a defect in \(item): \(event.details["defect"] ?? "")" : "verified \(item)"
                case "deadline-extended": line += "extended the deadline to the end of \(event.details["until"] ?? "?")"
                case "fine-assessed":
                    line += "fine \(event.details["fine"] ?? "?") recorded: \(event.details["amount"] ?? "?") to \(event.details["payer"] ?? "?") under \(event.details["rule"] ?? "?")"
                case "fine-settled":
                    line += "settled fine \(event.details["fine"] ?? "?") (\(event.details["rule"] ?? "?"), \(event.details["payer"] ?? "?"))"
                case "fine-waived":
                    line += "waived fine \(event.details["fine"] ?? "?") (\(event.details["rule"] ?? "?"), \(event.details["payer"] ?? "?"))"
                case "certificate-added":
                    line += "put \(event.details["kind"] ?? "?") \(event.details["number"] ?? "?") ×\(event.details["quantity"] ?? "1") on certificate list \(event.details["list"] ?? "?")"
                case "certificate-removed":
                    line += "took \(event.details["kind"] ?? "?") \(event.details["number"] ?? "?") off certificate list \(event.details["list"] ?? "?")"
                case "certificates-signed": line += "signed certificate list \(event.details["list"] ?? "?") as \(event.details["role"] ?? "?")"
                case "certificates-handed-over":
                    line += "certificate list \(event.details["list"] ?? "?") handed over: \(event.details["certificates"] ?? "?") into the safe of \(event.details["keeper"] ?? "?")"
                case "customer-erased":
                    line += "erased the customer's personal fields under request \(event.details["request"] ?? "?") (\(event.details["keys"] ?? "?") key(s) destroyed)"
                case "amended":
                    let changes = event.details.keys.filter { $0.hasPrefix("after:") }.sorted().map { key in
                        let target = String(key.dropFirst("after:".count))
                        return "\(target) \"\(event.details["before:" + target] ?? "")\" → \"\(event.details[key] ?? "")\""
                    }
                    line += "version \(event.details["version"] ?? "?") by correction \(event.details["correction"] ?? "?"): " + changes.joined(separator: ", ")
                case "destroyed":
                    line += "destroyed by list \(event.details["list"] ?? "?")" + (event.details["method"].map { " (\($0))" } ?? "")
                        + " in front of \(event.details["witnesses"] ?? "?")"
                case "certificates-rekept":
                    line += "certificate list \(event.details["lists"] ?? "?") passed from \(event.details["from"] ?? "?") to keeper \(event.details["to"] ?? "?")"
                case "certificates-returned":
                    line += "certificate list \(event.details["lists"] ?? "?") returned to \(event.details["to"] ?? "?"), out of the safe"
                case "custody-transferred":
                    line += "custody passed from \(event.details["from"] ?? "?") to \(event.details["to"] ?? "?")"
                        + (event.details["department"].map { ", department \($0)" } ?? "") + " by transfer \(event.details["transfer"] ?? "?")"
                case "hold-placed": line += "placed a legal hold"
                case "hold-released": line += "released the legal hold"
                case "read": line += "read it (\(event.details["through"] ?? "?"))"
                case "fields-set", "reassigned": line += event.kind
                default: line += event.kind
                }
                let details = event.details.filter { !["role", "assignee"].contains($0.key) || event.kind == "started" }
                if event.kind == "started" || event.kind == "fields-set" || event.kind == "reassigned" {
                    line += " (" + details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"
                }
                if let note = event.note { line += " — \"\(note)\"" }
                print(line)
            }
        }
    }
}

/// Each line this command prints holds text from the store: its control characters are shown
/// escaped, so a name or a note can neither drive the terminal nor forge another line.
private func print(_ line: String) {
    Swift.print(VisibleText.escaped(line))
}
