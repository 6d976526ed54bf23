import DossierAPI
import DossierOffice
import Foundation
import Hummingbird

extension Endpoints {
    /// A person's departure: what they hold, the departure dossier, transfers, deactivation.
    static let departure: [Endpoint] = [
        Endpoint(method: .get, path: "/staff/{user}/holdings", operationID: "readHoldings",
                 summary: "What a person still holds: roles, loans, certificates, fines and customers to inform.", authenticated: true,
                 requestSchema: nil, success: (200, "Holdings")) { _, context, office in
            let user = try text(context, "user")
            let holdings = try await office.run(context) { try $0.holdings(of: user) }
            return try json(APIBodies.body(holdings))
        },
        Endpoint(method: .post, path: "/staff/{user}/departure", operationID: "openDeparture",
                 summary: "Open a person's departure with their successor and supervisor (admin only).", authenticated: true,
                 requestSchema: "DepartureRequest", success: (201, "Departure")) { request, context, office in
            let user = try text(context, "user")
            let departure = try await request.decode(as: DepartureRequest.self, context: context)
            let (dossier, task, holdings) = try await office.write(context) { try $0.depart(user, successor: departure.successor, supervisor: departure.supervisor) }
            return try json(DepartureBody(dossier: dossier.id, task: task.map(APIBodies.body), holdings: APIBodies.body(holdings)), status: .created)
        },
        Endpoint(method: .post, path: "/staff/{user}/transfers", operationID: "transferHoldings",
                 summary: "Hand every role the person holds to their successor (admin or the departure's supervisor); all or nothing.",
                 authenticated: true, requestSchema: "TransferRequest", success: (200, "TransferList")) { request, context, office in
            let user = try text(context, "user")
            let transfer = try await request.decode(as: TransferRequest.self, context: context)
            let made = try await office.write(context) { try $0.transfer(from: user, to: transfer.to, dossier: transfer.dossier) }
            return try json(made.map { TransferBody(dossier: $0.dossier, workflow: $0.workflow, role: $0.role, from: $0.from, to: $0.to) })
        },
        Endpoint(method: .post, path: "/staff/{user}/deactivation", operationID: "deactivateStaff",
                 summary: "Deactivate a person who has left: admin only, once their departure is signed and they hold nothing.",
                 authenticated: true, requestSchema: "DeactivationRequest", success: (204, nil)) { request, context, office in
            let user = try text(context, "user")
            let deactivation = try await request.decode(as: DeactivationRequest.self, context: context)
            guard !deactivation.reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw OfficeError.invalid("a deactivation needs a reason") }
            try await office.write(context) { try $0.deactivate(user, reason: deactivation.reason) }
            return Response(status: .noContent)
        },
    ]
}
