import DossierAPI
import DossierOffice
import Foundation
import Hummingbird

extension Endpoints {
    /// Borrow slips, loans, custody and reading a registered dossier.
    static let lending: [Endpoint] = [
        Endpoint(method: .post, path: "/loans", operationID: "requestLoan",
                 summary: "Fill in a borrow slip for a registered dossier; it is routed to the approver its level requires.",
                 authenticated: true, requestSchema: "LoanRequest", success: (201, "LoanRequestResponse")) { request, context, office in
            let slip = try await request.decode(as: LoanRequestBody.self, context: context)
            guard !slip.purpose.trimmingCharacters(in: .whitespaces).isEmpty else { throw OfficeError.invalid("a borrow slip needs the purpose") }
            let made = try await office.write(context) { office in
                try office.requestLoan(slip.archiveNumber, purpose: slip.purpose, until: slip.until, takeAway: slip.takeAway, material: slip.material,
                                       archivist: slip.archivist, workflow: slip.workflow ?? "borrow")
            }
            return try json(APIBodies.body(made), status: .created)
        },
        Endpoint(method: .get, path: "/loans", operationID: "listLoans",
                 summary: "The loan ledger: open loans (all=true adds closed and rejected ones), overdue ones with overdue=true.",
                 authenticated: true, requestSchema: nil, success: (200, "LoanList"),
                 query: [("overdue", "boolean", "Only loans past their return date."), ("all", "boolean", "Include closed and rejected loans."),
                         ("workflow", "string", "The lending workflow (default borrow).")]) { request, context, office in
            let query = request.uri.queryParameters
            let overdue = query["overdue"] == "true", all = query["all"] == "true", workflow = query["workflow"].map(String.init) ?? "borrow"
            let lines = try await office.run(context) { try $0.loans(workflow: workflow, overdue: overdue, all: all) }
            return try json(lines.map(APIBodies.body))
        },
        loanStep("approval", operationID: "approveLoan", action: "approve",
                 summary: "Approve a borrow slip: someone holding a staff role the dossier's level names."),
        loanStep("rejection", operationID: "rejectLoan", action: "reject", summary: "Reject a borrow slip, with a note."),
        loanStep("completion", operationID: "completeLoan", action: "complete",
                 summary: "Close a loan returned incomplete once the missing material is back (the archivist)."),
        Endpoint(method: .post, path: "/loans/{loan}/lending", operationID: "lendLoan",
                 summary: "Lend the dossier of an approved slip (the archivist).", authenticated: true, requestSchema: nil,
                 success: (200, "LoanChange")) { _, context, office in
            let id = try context.parameters.require("loan", as: Int.self)
            let change = try await office.write(context) { try $0.lend(loan: id) }
            return try json(APIBodies.body(change))
        },
        Endpoint(method: .post, path: "/loans/{loan}/renewal", operationID: "renewLoan",
                 summary: "Renew a loan to a later return date, with a reason; it needs the same approval as the slip.",
                 authenticated: true, requestSchema: "RenewRequest", success: (200, "LoanChange")) { request, context, office in
            let id = try context.parameters.require("loan", as: Int.self)
            let renewal = try await request.decode(as: RenewRequest.self, context: context)
            guard !renewal.reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw OfficeError.invalid("a renewal needs a reason") }
            let change = try await office.write(context) { try $0.renew(loan: id, until: renewal.until, reason: renewal.reason) }
            return try json(APIBodies.body(change))
        },
        Endpoint(method: .post, path: "/loans/{loan}/return", operationID: "returnLoan",
                 summary: "Take a dossier back, checked item by item against the register (the archivist); what is missing is fined.",
                 authenticated: true, requestSchema: "ReturnRequest", success: (200, "LoanChange")) { request, context, office in
            let id = try context.parameters.require("loan", as: Int.self)
            let checked = try await request.decode(as: ReturnRequest.self, context: context)
            if let (item, count) = checked.pages.first(where: { $0.value < 0 }) {
                throw OfficeError.invalid("pages \(item)=\(count) is not a number of pages counted")
            }
            let change = try await office.write(context) {
                try $0.returnLoan(id, missing: checked.missing, damaged: checked.damaged, pages: checked.pages)
            }
            return try json(APIBodies.body(change))
        },
        Endpoint(method: .get, path: "/archive/{number}/custody", operationID: "custody",
                 summary: "Where a registered dossier is now and its loan history, read from the log.", authenticated: true,
                 requestSchema: nil, success: (200, "Custody"),
                 query: [("workflow", "string", "The lending workflow (default borrow).")]) { request, context, office in
            let number = try text(context, "number")
            let workflow = request.uri.queryParameters["workflow"].map(String.init) ?? "borrow"
            let report = try await office.run(context) { try $0.custody(number, workflow: workflow) }
            return try json(APIBodies.body(report))
        },
        Endpoint(method: .get, path: "/archive/{number}", operationID: "viewDossier",
                 summary: "Read a registered dossier on a right or an approved loan; every view is an event, a refused one fined where the workflow says so.",
                 authenticated: true, requestSchema: nil, success: (200, "DossierView"),
                 query: [("workflow", "string", "The lending workflow (default borrow)."),
                         ("version", "integer", "An earlier version of its contents, before later corrections (default the latest).")]) { request, context, office in
            let number = try text(context, "number")
            let workflow = request.uri.queryParameters["workflow"].map(String.init) ?? "borrow"
            let version = try request.uri.queryParameters["version"].map { try integer(String($0), "version") }
            let view = try await office.write(context) { try $0.view(number, workflow: workflow, version: version) }
            return try json(APIBodies.body(view))
        },
    ]

    /// A plain action of the lending workflow on loan `{loan}`, with an optional note.
    private static func loanStep(_ name: String, operationID: String, action: String, summary: String) -> Endpoint {
        Endpoint(method: .post, path: "/loans/{loan}/\(name)", operationID: operationID, summary: summary, authenticated: true,
                 requestSchema: "LoanNote", success: (200, "LoanChange")) { request, context, office in
            let id = try context.parameters.require("loan", as: Int.self)
            let note = try await request.decode(as: LoanNoteRequest.self, context: context).note
            let change = try await office.write(context) { try $0.takeLoanStep(action, loan: id, note: note) }
            return try json(APIBodies.body(change))
        }
    }
}
