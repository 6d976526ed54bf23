import DossierOffice
import DossierEngine
import DossierStore
import DossierWeb
import Foundation
import Hummingbird
import HTTPTypes

/// The cookies of the web pages.
enum PageCookie {
    /// The session token, as the API's bearer token: `HttpOnly`, `SameSite=Strict`, `Secure` under TLS.
    static let session = "dossier_session"
    /// The language chosen with the switch on every page.
    static let language = "dossier_lang"
    /// Before a login: the random value the login form repeats (a double-submit token).
    static let login = "dossier_login"

    static func make(_ name: String, _ value: String, secure: Bool, maxAge: Int? = nil) -> Cookie? {
        try? Cookie.validated(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }
}

/// Lets a page request through only with the session cookie of a live session of current
/// staff, who becomes the request's actor. A page asked for without one is sent to the login;
/// a form posted without one is refused. A form that changes something must come from this
/// service's own pages: its `Origin`, when the browser sends one, is this service's, and it
/// carries the session's form token.
struct PageSession: RouterMiddleware {
    let office: ServiceOffice

    func handle(_ request: Request, context: ServiceContext, next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        let isForm = request.method != .get && request.method != .head
        guard let token = request.cookies[PageCookie.session]?.value, !token.isEmpty else {
            if isForm { throw OfficeError.notAuthenticated("this form needs a login") }
            return Response.redirect(to: "/login?next=" + PageLinks.escape(request.uri.description), type: .normal)
        }
        let session: LoginSession, staff: StaffMember
        do {
            (session, staff) = try await office.authenticate(token: token, at: context.simulatedTime)
        } catch let error as OfficeError {
            if isForm { throw error }
            guard case .notAuthenticated = error else { throw error }
            return Response.redirect(to: "/login?next=" + PageLinks.escape(request.uri.description), type: .normal)
        }
        var context = context
        context.session = session
        context.staff = staff
        context.sessionToken = token
        context.logger[metadataKey: "staff"] = .string(staff.id)
        if isForm {
            try Self.checkOrigin(request)
            context.form = try await Self.form(request, context: context)
            guard let given = context.form["form_token"], Credentials.isFormToken(given, forSession: token) else {
                context.logger.warning("a form without this session's form token refused")
                throw OfficeError.notPermitted(person: staff.id, what: "send a form that was not served by this service's own pages", needs: [])
            }
        }
        return try await next(request, context)
    }

    /// Refuses a form whose `Origin` is another site's than the one it was posted to.
    static func checkOrigin(_ request: Request) throws {
        guard let origin = request.headers[.origin] else { return }
        let host = request.head.authority ?? ""
        guard let url = URL(string: origin), let originHost = url.host else {
            throw OfficeError.notPermitted(person: "", what: "send a form from origin \(origin)", needs: [])
        }
        let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
        guard originAuthority == host else {
            throw OfficeError.notPermitted(person: "", what: "send a form from another site (\(origin))", needs: [])
        }
    }

    /// The request's URL-encoded form, as names and values (Hummingbird's form decoder).
    static func form(_ request: Request, context: ServiceContext) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        do {
            return try URLEncodedFormDecoder().decode([String: String].self, from: String(buffer: buffer))
        } catch {
            throw OfficeError.invalid("the form is not URL-encoded names and values")
        }
    }
}
