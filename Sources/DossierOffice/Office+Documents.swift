import DossierDocuments
import DossierEngine
import DossierStore
import Foundation

/// A printable document of `Templates/`, with what it is printed of.
package enum PrintedDocument: Sendable, Hashable {
    /// A dossier's item list (物品清单), all its copies or one (a role id, or `dossier`).
    case itemList(dossier: Int, copy: String?)
    /// The supplementary list (补充清单) of a dossier's latest return.
    case supplementaryList(dossier: Int)
    /// The receipt book entry (签收薄) of a dossier's hand-over.
    case receiptBookEntry(dossier: Int)
    /// A certificate hand-over list: the latest, or number `list`.
    case certificateList(dossier: Int, list: Int?)
    /// A register page, one workflow's or all.
    case register(workflow: String?)
    /// A loan's borrow slip (档案资料出借单).
    case borrowSlip(loan: Int)
    /// A page of the loan ledger (借阅台帐) of a lending workflow, all loans or one month's.
    case loanLedger(workflow: String, month: String?)
    /// A dossier's catalogue (目录) of the dossiers its workflow's `<catalogue>` lists.
    case catalogue(dossier: Int)
    /// A departure's list (离职交接清单): what was handed over, what is still held, the fines and the signatures.
    case departureList(dossier: Int)
    /// The customers a leaver's departure must inform, each with who now looks after them.
    case customerList(dossier: Int)
    /// The destruction register (销毁登记簿): every destroyed dossier, how and in front of whom.
    case destructionRegister
    /// A correction's form (信息更正单): what changes, before and after, why, and who approved it.
    case correctionForm(dossier: Int)
    /// A custody transfer's form (档案移交单): the dossiers moved, from whom to whom, both signatures.
    case transferForm(dossier: Int)

    /// The template's name in `Templates/`.
    package var template: String {
        switch self {
        case .itemList: "item-list"
        case .supplementaryList: "supplementary-list"
        case .receiptBookEntry: "receipt-book-entry"
        case .certificateList: "certificate-list"
        case .register: "register"
        case .borrowSlip: "borrow-slip"
        case .loanLedger: "loan-ledger"
        case .catalogue: "catalogue"
        case .departureList: "departure-list"
        case .customerList: "customer-list"
        case .destructionRegister: "destruction-register"
        case .correctionForm: "correction-form"
        case .transferForm: "transfer-form"
        }
    }

    /// The dossier (or loan) whose contents the document shows; `nil` for a listing.
    package var dossierID: Int? {
        switch self {
        case .itemList(let id, _), .supplementaryList(let id), .receiptBookEntry(let id), .certificateList(let id, _), .borrowSlip(let id),
             .catalogue(let id), .departureList(let id), .customerList(let id), .correctionForm(let id),
             .transferForm(let id): id
        case .register, .loanLedger, .destructionRegister: nil
        }
    }
}

extension Office {
    /// `document` printed in `form` from `templates`, as of now. Through the service (`channel`
    /// names the endpoint), a dossier's document is for those with a right to read it, and the
    /// read is an event.
    package func render(_ document: PrintedDocument, form: DocumentTemplates.Form, templates: DocumentTemplates,
                        through channel: String? = nil) throws -> String {
        if channel != nil, let id = document.dossierID { try requireReadRight(of: id) }
        let text = try templates.render(document.template, form: form, values: try values(of: document))
        if let channel, let id = document.dossierID { try store.recordRead(dossier: id, by: actorID, through: channel, at: moment) }
        return text
    }

    /// What the template of `document` is filled in with.
    private func values(of document: PrintedDocument) throws -> [String: Any] {
        let printed = Self.local(time)
        switch document {
        case .itemList(let id, let copy):
            let (dossier, engine) = try dossier(id)
            guard let checklist = engine.definition.checklist else {
                throw OfficeError.refused("workflow \(dossier.workflowID) keeps no checklist, so dossier \(id) has no item list")
            }
            let named = checklist.copies.isEmpty ? ["dossier"] : checklist.copies
            if let copy, !named.contains(copy) {
                throw OfficeError.invalid("the item list has no copy '\(copy)'; its copies are \(named.joined(separator: ", "))")
            }
            let list = ItemListDocument(dossier: dossier, definition: engine.definition, archiveNumber: try store.archiveNumber(of: id),
                                        copies: copy.map { [$0] })
            return list.values(printedAt: printed)
        case .supplementaryList(let id):
            return try supplementaryListValues(id)
        case .receiptBookEntry(let id):
            let (dossier, engine) = try dossier(id)
            guard engine.definition.checklist != nil else {
                throw OfficeError.refused("workflow \(dossier.workflowID) keeps no checklist, so dossier \(id) has no receipt book entry")
            }
            let initial = engine.definition.initialStateID
            let events = try store.events(dossier: id)
            let handOver = events.last { $0.kind == "transitioned" && $0.fromState == initial }
            var entry = ReceiptBookEntry(dossier: dossier, definition: engine.definition, handedOverAt: handOver.map { Self.local($0.at) },
                                         archiveNumber: try store.archiveNumber(of: id))
            // The people who held the two roles then, though a role may have passed to someone else since.
            if let handOver {
                let handler = IntakeRoles(engine.definition).handler
                entry.handedOverBy = handler.flatMap { Self.holder(of: $0, in: dossier, after: handOver.sequence, events: events) }
                entry.receivedBy = entry.receivingRole.flatMap { Self.holder(of: $0, in: dossier, after: handOver.sequence, events: events) }
            }
            return entry.values(printedAt: printed)
        case .certificateList(let id, let number):
            return try certificateListValues(id, number: number)
        case .register(let workflow):
            var values: [String: Any] = [
                "printed": printed,
                "lines": try register(workflow: workflow).map { line -> [String: Any] in
                    [
                        "archive_number": line.archiveNumber, "dossier": line.dossierID,
                        "workflow": "\(line.workflowID)@\(line.workflowVersion)",
                        "fields": line.fields.map { ["title": $0.title, "value": $0.value ?? "-"] },
                        "people": line.people.map { ["title": $0.title, "person": $0.person ?? "-"] },
                        "started": Self.local(line.startedAt), "registered": Self.local(line.registeredAt),
                        "items": line.items, "pages": line.pages,
                        "contracts": line.contracts.map { ["number": $0.number, "title": $0.title] },
                    ]
                },
            ]
            if let workflow { values["workflow"] = workflow }
            return values
        case .borrowSlip(let loan):
            let slip = try borrowSlip(loan: loan)
            return slip.line.slipValues(borrowerName: slip.borrowerName, dossierTitle: slip.dossierTitle, printedAt: printed, local: Self.local)
        case .loanLedger(let workflow, let month):
            let lines = try loanLedger(workflow: workflow, month: month)
            return LoanLedgerLine.pageValues(lines, heading: month.map { "slips of \($0)" } ?? "all loans", printedAt: printed, local: Self.local)
        case .catalogue(let id):
            return try catalogueValues(try catalogue(of: id), printedAt: printed)
        case .departureList(let id):
            return try departureListValues(id)
        case .customerList(let id):
            return try customerListValues(id)
        case .destructionRegister:
            return try destructionRegisterValues()
        case .correctionForm(let id):
            return try correctionFormValues(id)
        case .transferForm(let id):
            return try transferFormValues(id)
        }
    }

    /// Who held `role` of `dossier` at event `sequence`: the one it was next reassigned from,
    /// or its holder now if it never was since.
    static func holder(of role: String, in dossier: Dossier, after sequence: Int, events: [StoredEvent]) -> String? {
        events.first { $0.sequence > sequence && $0.kind == "reassigned" && $0.details["reassigned"] == role }?.details["from"]
            ?? dossier.assignments[role]
    }

    private func catalogueValues(_ listing: CatalogueListing, printedAt printed: String) throws -> [String: Any] {
        let (dossier, engine) = try dossier(listing.dossierID)
        var values: [String: Any] = [
            "title": listing.catalogue.title, "dossier": listing.dossierID, "workflow": listing.catalogue.workflowID,
            "state": listing.stateTitle, "until": Self.local(listing.until), "printed": printed,
            "particulars": Particulars.values(of: dossier, definition: engine.definition),
            "count": listing.lines.count, "pages": listing.lines.reduce(0) { $0 + ($1.register?.pages ?? 0) },
            "lines": listing.lines.enumerated().map { index, line -> [String: Any] in
                [
                    "number": index + 1, "dossier": line.dossierID, "archive_number": line.register?.archiveNumber ?? "-",
                    "fields": line.register?.fields.map { ["title": $0.title, "value": $0.value ?? "-"] } ?? [],
                    "people": line.register?.people.map { ["title": $0.title, "person": $0.person ?? "-"] } ?? [],
                    "reached": Self.local(line.reachedAt), "items": line.register?.items ?? 0, "pages": line.register?.pages ?? 0,
                ]
            },
        ]
        if let since = listing.since { values["since"] = Self.local(since) }
        return values
    }

    private func supplementaryListValues(_ id: Int) throws -> [String: Any] {
        let (dossier, engine) = try dossier(id)
        let definition = engine.definition
        let events = try store.events(dossier: id)
        // The latest transition that issued a supplementary list, and the task it closed.
        guard let returned = events.last(where: { event in
            event.kind == "transitioned" && event.fromState.flatMap { definition.state($0) }?
                .transition(event.action ?? "")?.effects.contains(.issueSupplementaryList) == true
        }) else {
            throw OfficeError.refused("dossier \(id) has not been returned with a supplementary list; see `dossier history \(id)`")
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
            "dossier": id, "workflow_title": definition.title, "particulars": Particulars.values(of: dossier, definition: definition),
            "handler": handlerRole.flatMap { dossier.assignments[$0] } ?? "-", "returned_by": returned.actor,
            "returned_at": Self.local(returned.at),
            "lines": defective.enumerated().map { index, item -> [String: Any] in
                ["number": index + 1, "item": item, "item_title": definition.checklist?.item(item)?.title ?? item,
                 "defect": findings[item]?.defect ?? "", "found_by": findings[item]?.by ?? "-"]
            },
        ]
        if let note = returned.note { values["note"] = note }
        return values
    }

    private func certificateListValues(_ id: Int, number: Int?) throws -> [String: Any] {
        let (dossier, engine) = try dossier(id)
        guard let chosen = number.map({ number in dossier.certificateLists.first { $0.number == number } }) ?? dossier.certificateLists.last else {
            throw OfficeError.refused(dossier.certificateLists.isEmpty
                ? "dossier \(id) has no certificate list; start one with `dossier certificates add \(id) KIND --number N`"
                : "dossier \(id) has no certificate list \(number ?? 0); its lists are 1 to \(dossier.certificateLists.count)")
        }
        var signedAt: [String: String] = [:]
        var handedOverAt: String?
        for event in try store.events(dossier: id) where event.details["list"] == String(chosen.number) {
            switch event.kind {
            case "certificates-signed": if let role = event.details["role"] { signedAt[role] = Self.local(event.at) }
            case "certificate-added", "certificate-removed": signedAt = [:]
            case "certificates-handed-over": handedOverAt = Self.local(event.at)
            default: break
            }
        }
        let document = CertificateHandoverList(dossier: dossier, definition: engine.definition, list: chosen,
                                               archiveNumber: try store.archiveNumber(of: id), signedAt: signedAt)
        return document.values(printedAt: Self.local(time), handedOverAt: handedOverAt)
    }
}
