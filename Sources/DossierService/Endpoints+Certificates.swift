import DossierAPI
import DossierOffice
import Foundation
import Hummingbird

extension Endpoints {
    /// Certificates in the safe: handed to another keeper, or returned to their owner.
    static let certificateMoves: [Endpoint] = [
        Endpoint(method: .post, path: "/dossiers/{dossier}/certificates/keeper", operationID: "handCertificates",
                 summary: "Hand the dossier's certificates in the safe (every list, or one) to another keeper: by their keeper or an administrator.",
                 authenticated: true, requestSchema: "CertificateMoveRequest", success: (200, "CertificateMove")) { request, context, office in
            let id = try context.parameters.require("dossier", as: Int.self)
            let move = try await request.decode(as: CertificateMoveRequest.self, context: context)
            let moved = try await office.write(context) { try $0.handCertificates(dossier: id, list: move.list, to: move.to) }
            return try json(APIBodies.body(moved))
        },
        Endpoint(method: .post, path: "/dossiers/{dossier}/certificates/return", operationID: "returnCertificates",
                 summary: "Give the dossier's certificates in the safe (every list, or one) back to their owner, out of the safe: by their keeper or an administrator.",
                 authenticated: true, requestSchema: "CertificateMoveRequest", success: (200, "CertificateMove")) { request, context, office in
            let id = try context.parameters.require("dossier", as: Int.self)
            let move = try await request.decode(as: CertificateMoveRequest.self, context: context)
            guard !move.to.trimmingCharacters(in: .whitespaces).isEmpty else { throw OfficeError.invalid("say to whom the certificates go back") }
            let moved = try await office.write(context) { try $0.returnCertificates(dossier: id, list: move.list, to: move.to, note: move.note) }
            return try json(APIBodies.body(moved))
        },
    ]
}
