import DossierAPI
import DossierOffice
import Foundation
import Hummingbird

extension Endpoints {
    /// Retention and destruction: the dossiers past retention, and legal holds.
    static let destruction: [Endpoint] = [
        Endpoint(method: .get, path: "/destruction/candidates", operationID: "destructionCandidates",
                 summary: "Registered dossiers past their workflow's retention, with what still keeps each from being destroyed (an administrator or whoever proposes destruction lists).",
                 authenticated: true, requestSchema: nil, success: (200, "DestructionCandidates"),
                 query: [("workflow", "string", "The destruction workflow whose proposers may read this (default destruction).")]) { request, context, office in
            let workflow = request.uri.queryParameters["workflow"].map(String.init) ?? Office.destructionWorkflow
            let candidates = try await office.run(context) { try $0.destructionCandidates(workflow: workflow) }
            return try json(candidates.map(APIBodies.body))
        },
        Endpoint(method: .post, path: "/archive/{number}/legal-hold", operationID: "legalHold",
                 summary: "Place a legal hold on a registered dossier, or release it (administrators); a held dossier is never destroyed.",
                 authenticated: true, requestSchema: "LegalHoldRequest", success: (200, "LegalHold")) { request, context, office in
            let number = try text(context, "number")
            let hold = try await request.decode(as: LegalHoldRequest.self, context: context)
            guard !hold.reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw OfficeError.invalid("a legal hold needs a reason") }
            let placing = hold.release != true
            let id = try await office.write(context) { try $0.hold(number, placing: placing, reason: hold.reason) }
            return try json(LegalHoldBody(archiveNumber: number, dossier: id, held: placing))
        },
        Endpoint(method: .get, path: "/customers/{customer}/export", operationID: "exportCustomer",
                 summary: "Everything stored about one customer (each dossier naming them, with its fields, people, items and history), for an administrator; each dossier read is logged.",
                 authenticated: true, requestSchema: nil, success: (200, "CustomerExport")) { _, context, office in
            let customer = try text(context, "customer")
            let export = try await office.write(context) { try $0.customerExport(customer) }
            return try json(APIBodies.body(export))
        },
        Endpoint(method: .post, path: "/customers/{customer}/erasure", operationID: "eraseCustomer",
                 summary: "Erase a customer at their written request (administrators): the keys sealing their personal fields are destroyed, the log keeps every event and its hash, and the fields read as erased; refused with every reason while any of their dossiers must keep the data.",
                 authenticated: true, requestSchema: "ErasureRequest", success: (200, "CustomerErasure")) { request, context, office in
            let customer = try text(context, "customer")
            let erasure = try await request.decode(as: ErasureRequest.self, context: context)
            let report = try await office.write(context) { try $0.eraseCustomer(customer, request: erasure.request) }
            return try json(CustomerErasureBody(customer: report.customer, dossiers: report.dossiers, keys: report.keys, erasedAs: report.erasedAs,
                                                journalEmptied: report.journalEmptied))
        },
    ]
}
