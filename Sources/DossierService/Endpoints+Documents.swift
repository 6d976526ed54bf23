import DossierDocuments
import DossierOffice
import Foundation
import Hummingbird

extension Endpoints {
    /// Printable documents, rendered from the service's `Templates/`.
    static let documents: [Endpoint] = [
        Endpoint(method: .get, path: "/documents/{document}", operationID: "printDocument",
                 summary: "A printable document from Templates/, as text or as HTML that prints on A4; a dossier's document is read on a right, and the read is recorded.",
                 authenticated: true, requestSchema: nil, success: (200, nil), successContentType: "text/plain",
                 query: [("dossier", "integer", "The dossier (item-list, supplementary-list, receipt-book-entry, certificate-list, catalogue; a departure for departure-list and customer-list; a correction for correction-form; a custody transfer for transfer-form)."),
                         ("copy", "string", "item-list: only this copy (a role id, or dossier)."),
                         ("list", "integer", "certificate-list: the list's number (default the latest)."),
                         ("loan", "integer", "borrow-slip: the loan."), ("workflow", "string", "register: only this workflow; loan-ledger: the lending workflow."),
                         ("month", "string", "loan-ledger: only slips of this month, e.g. 2026-03."),
                         ("form", "string", "text (default) or html.")]) { request, context, office in
            let name = try text(context, "document")
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
            let document = try PrintedDocument(name: name, query: query)
            let formText = query["form"] ?? "text"
            guard let form = DocumentTemplates.Form(rawValue: formText) else { throw OfficeError.invalid("form=\(formText) is not text or html") }
            let templates = try DocumentTemplates.locate()
            let channel = "GET \(request.uri.path)"
            let printed = try await office.write(context) { try $0.render(document, form: form, templates: templates, through: channel) }
            let type = form == .html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8"
            return Response(status: .ok, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(string: printed)))
        },
    ]
}

extension PrintedDocument {
    /// The document `name` of `/documents/{document}` with its query's parameters.
    package init(name: String, query: [String: String]) throws {
        func number(_ key: String) throws -> Int {
            guard let text = query[key] else { throw OfficeError.invalid("\(name) needs \(key)=N") }
            return try Endpoints.integer(text, key)
        }
        switch name {
        case "item-list": self = .itemList(dossier: try number("dossier"), copy: query["copy"])
        case "supplementary-list": self = .supplementaryList(dossier: try number("dossier"))
        case "receipt-book-entry": self = .receiptBookEntry(dossier: try number("dossier"))
        case "certificate-list": self = .certificateList(dossier: try number("dossier"), list: try query["list"].map { try Endpoints.integer($0, "list") })
        case "register": self = .register(workflow: query["workflow"])
        case "borrow-slip": self = .borrowSlip(loan: try number("loan"))
        case "loan-ledger":
            if let month = query["month"], !Endpoints.isMonth(month) { throw OfficeError.invalid("month=\(month) is not a month such as 2026-03") }
            self = .loanLedger(workflow: query["workflow"] ?? "borrow", month: query["month"])
        case "catalogue": self = .catalogue(dossier: try number("dossier"))
        case "departure-list": self = .departureList(dossier: try number("dossier"))
        case "customer-list": self = .customerList(dossier: try number("dossier"))
        case "destruction-register": self = .destructionRegister
        case "correction-form": self = .correctionForm(dossier: try number("dossier"))
        case "transfer-form": self = .transferForm(dossier: try number("dossier"))
        default:
            throw OfficeError.invalid("there is no document \(name); the documents are item-list, supplementary-list, receipt-book-entry, "
                                      + "certificate-list, register, borrow-slip, loan-ledger, catalogue, departure-list, customer-list, "
                                      + "destruction-register, correction-form and transfer-form")
        }
    }

    /// Its path and query below `/api/v1`, without the form.
    package var resource: String {
        func escaped(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
        }
        var query: [String] = []
        switch self {
        case .itemList(let id, let copy):
            query = ["dossier=\(id)"] + (copy.map { ["copy=" + escaped($0)] } ?? [])
        case .supplementaryList(let id), .receiptBookEntry(let id), .catalogue(let id), .departureList(let id), .customerList(let id),
             .correctionForm(let id), .transferForm(let id):
            query = ["dossier=\(id)"]
        case .certificateList(let id, let list):
            query = ["dossier=\(id)"] + (list.map { ["list=\($0)"] } ?? [])
        case .register(let workflow):
            query = workflow.map { ["workflow=" + escaped($0)] } ?? []
        case .destructionRegister:
            query = []
        case .borrowSlip(let loan):
            query = ["loan=\(loan)"]
        case .loanLedger(let workflow, let month):
            query = ["workflow=" + escaped(workflow)] + (month.map { ["month=" + escaped($0)] } ?? [])
        }
        return "/documents/\(template)" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }
}
