import DossierAPI
import DossierOffice
import DossierStore
import Foundation
import Hummingbird

extension Endpoints {
    /// The safe's book.
    static let safe: [Endpoint] = [
        Endpoint(method: .get, path: "/certificates", operationID: "listCertificates",
                 summary: "The title certificates in the safe, under the archive numbers they are kept under; drafts or both when asked.",
                 authenticated: true, requestSchema: nil, success: (200, "CertificateBook"),
                 query: [("scope", "string", "in-safe (default), drafts or all."), ("dossier", "integer", "Only this dossier's certificates.")]) { request, context, office in
            let query = request.uri.queryParameters
            let scope: CertificateScope
            switch query["scope"].map(String.init) ?? "in-safe" {
            case "in-safe": scope = .inSafe
            case "drafts": scope = .drafts
            case "all": scope = .all
            case let other: throw OfficeError.invalid("scope=\(other) is not in-safe, drafts or all")
            }
            let dossier = try query["dossier"].map { try integer(String($0), "dossier") }
            let lines = try await office.run(context) { try $0.certificates(scope, dossier: dossier) }
            return try json(lines.map(APIBodies.body))
        },
    ]
}
