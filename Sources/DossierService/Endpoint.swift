import Hummingbird

/// One route of `/api/v1`: what the router serves and what the OpenAPI document says of it,
/// from the same value, so the two cannot disagree.
struct Endpoint: Sendable {
    /// The HTTP method.
    var method: HTTPRequest.Method
    /// The path below `/api/v1` in OpenAPI's form, e.g. `/tasks/{task}`.
    var path: String
    /// The operation's id in the document.
    var operationID: String
    /// One sentence for the document.
    var summary: String
    /// Whether the route needs a bearer token.
    var authenticated: Bool
    /// The request body's schema component, if it takes one.
    var requestSchema: String?
    /// The success status and its body's schema component (`nil`: no body).
    var success: (status: Int, schema: String?)
    /// The success body's media type: JSON, or a printed document's.
    var successContentType = "application/json"
    /// Query parameters: name, type, description.
    var query: [(name: String, type: String, description: String)] = []
    /// What the route does.
    var handler: @Sendable (Request, ServiceContext, ServiceOffice) async throws -> Response

    /// The path in Hummingbird's form: `{task}` → `:task`.
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : String(part)
        }.joined(separator: "/")
    }

    /// The names of the path's parameters.
    var pathParameters: [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }
}
