import DossierAPI
import DossierOffice
import DossierStore
import Foundation
import Hummingbird

extension Endpoints {
    /// Deployed definitions, read.
    static let definitions: [Endpoint] = [
        Endpoint(method: .get, path: "/definitions/{kind}/{id}", operationID: "readDefinition",
                 summary: "One deployed version of a workflow or calendar (the latest unless version=N), its exact XML text, its versions and, for a workflow, its dossiers per version.",
                 authenticated: true, requestSchema: nil, success: (200, "DefinitionDetail"),
                 query: [("version", "integer", "A deployed version (default: the latest).")]) { request, context, office in
            let kindText = try text(context, "kind"), id = try text(context, "id")
            guard let kind = DefinitionKind(rawValue: kindText) else { throw OfficeError.invalid("\(kindText) is not workflow or calendar") }
            let version = try request.uri.queryParameters["version"].map { try integer(String($0), "version") }
            let detail = try await office.run(context) { try $0.definition(kind, id: id, version: version) }
            return try json(APIBodies.body(detail))
        },
    ]
}
