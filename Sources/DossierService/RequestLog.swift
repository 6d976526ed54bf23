import Hummingbird

/// Logs each request's method and path, never its query: a register search names customers,
/// and an erased customer's name must not stay findable in the service's log.
struct RequestLog<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        context.logger.info("Request", metadata: ["hb.request.path": .string(request.uri.path), "hb.request.method": .string(request.method.rawValue)])
        return try await next(request, context)
    }
}
