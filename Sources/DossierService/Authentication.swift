import DossierOffice
import Foundation
import Hummingbird
import NIOPosix

/// Accepts a request only with `Authorization: Bearer TOKEN` of a live session of current staff;
/// the person becomes the request's actor. Nothing a client types names who acts.
struct Authentication: RouterMiddleware {
    let office: ServiceOffice

    func handle(_ request: Request, context: ServiceContext, next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "), header.count > 7 else {
            throw OfficeError.notAuthenticated("this needs a login: send `Authorization: Bearer TOKEN` (`dossier login` keeps one for the CLI)")
        }
        let token = String(header.dropFirst(7))
        let (session, staff) = try await office.authenticate(token: token)
        var context = context
        context.session = session
        context.staff = staff
        context.logger[metadataKey: "staff"] = .string(staff.id)
        return try await next(request, context)
    }
}
