import DossierOffice
import Foundation
import Hummingbird
import NIOPosix
import HTTPTypes

/// A reverse proxy that authenticates people itself and names them in a header.
struct TrustedProxy: Sendable {
    /// The header, e.g. `X-Remote-User`.
    var header: HTTPField.Name
    /// The proxies' IP addresses: the header counts only on a connection from one of them.
    var addresses: Set<String>
}

/// Accepts a request only with `Authorization: Bearer TOKEN` of a live session of current staff,
/// or, where single sign-on is configured, the proxy's header on a connection from a trusted
/// proxy; the person becomes the request's actor. Nothing a client types names who acts.
struct Authentication: RouterMiddleware {
    let office: ServiceOffice
    let proxy: TrustedProxy?

    func handle(_ request: Request, context: ServiceContext, next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        if let proxy, let user = request.headers[proxy.header] {
            guard let address = context.remoteAddress?.ipAddress, proxy.addresses.contains(address) else {
                context.logger.warning("identity header from an untrusted address refused",
                                       metadata: ["address": "\(context.remoteAddress?.description ?? "unknown")"])
                throw OfficeError.notAuthenticated("the \(proxy.header) header is accepted only from the trusted proxy")
            }
            let staff = try await office.run(as: user, at: context.simulatedTime) { try $0.actor() }
            var context = context
            context.staff = staff
            context.logger[metadataKey: "staff"] = .string(staff.id)
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "), header.count > 7 else {
            throw OfficeError.notAuthenticated("this needs a login: send `Authorization: Bearer TOKEN` (`dossier login` keeps one for the CLI)")
        }
        let token = String(header.dropFirst(7))
        let (session, staff) = try await office.authenticate(token: token, at: context.simulatedTime)
        // A web page's session is the pages' alone: its cookie, should it leak, opens no API.
        guard session.client != Pages.client else {
            throw OfficeError.notAuthenticated("this session was opened on the web pages and works only there; log in to the API with `dossier login`")
        }
        var context = context
        context.session = session
        context.staff = staff
        context.logger[metadataKey: "staff"] = .string(staff.id)
        return try await next(request, context)
    }
}
