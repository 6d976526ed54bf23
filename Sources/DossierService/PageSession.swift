import DossierOffice
import DossierEngine
import DossierStore
import DossierWeb
import Foundation
import Hummingbird
import HTTPTypes

/// The cookies of the web pages. Over HTTPS the session's and the login's carry the `__Host-`
/// prefix, so the browser takes them only from this host, sent `Secure` for the whole site: no
/// sibling domain or plain-HTTP page can plant or shadow them.
enum PageCookie {
    /// The session token, as the API's bearer token: `HttpOnly`, `SameSite=Strict`, `Secure` under TLS.
    static func session(secure: Bool) -> String { secure ? "__Host-dossier_session" : "dossier_session" }
    /// The language chosen with the switch on every page.
    static let language = "dossier_lang"
    /// Before a login: the random value the login form repeats (a double-submit token).
    static func login(secure: Bool) -> String { secure ? "__Host-dossier_login" : "dossier_login" }

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
    /// Whether a request came over HTTPS (and so names its cookies with `__Host-`).
    let isSecure: @Sendable (Request, ServiceContext) -> Bool

    func handle(_ request: Request, context: ServiceContext, next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        let isForm = request.method != .get && request.method != .head
        let secure = isSecure(request, context)
        guard let token = request.cookies[PageCookie.session(secure: secure)]?.value, !token.isEmpty else {
            if isForm { throw OfficeError.notAuthenticated("this form needs a login") }
            return Response.redirect(to: "/login?next=" + PageLinks.escape(request.uri.description), type: .normal)
        }
        let session: LoginSession, staff: StaffMember
        do {
            (session, staff) = try await office.authenticate(token: token, at: context.simulatedTime)
        } catch let error as OfficeError {
            guard case .notAuthenticated = error else { throw error }
            // Logging out of a session that has ended already: it is over; clear its cookie.
            if request.uri.path == "/logout" { return Pages.loggedOut(secure: secure) }
            if isForm { throw error }
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

    /// Refuses a form whose `Origin` is another site's than the one it was posted to (the
    /// `Host` it came with: a reverse proxy in front must pass the browser's `Host` on).
    static func checkOrigin(_ request: Request) throws {
        guard let origin = request.headers[.origin] else { return }
        guard let url = URLComponents(string: origin), let scheme = url.scheme, let host = url.host, !host.isEmpty,
              Origins.authority(host: host, port: url.port, scheme: scheme) == Origins.normalised(request.head.authority ?? "", scheme: scheme) else {
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

/// Where a request says it is going, and where a form says it comes from, written alike.
package enum Origins {
    /// `host:port` in lower case, IPv6 addresses in brackets, the scheme's default port left out.
    package static func authority(host: String, port: Int?, scheme: String) -> String {
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        let name = bare.contains(":") ? "[\(bare.lowercased())]" : bare.lowercased()
        let standard = scheme.lowercased() == "https" ? 443 : 80
        return port.map { $0 == standard ? name : "\(name):\($0)" } ?? name
    }

    /// A `Host` header's value as `authority` writes it.
    package static func normalised(_ value: String, scheme: String) -> String {
        guard let parts = URLComponents(string: "\(scheme)://\(value)"), let host = parts.host else { return value.lowercased() }
        return authority(host: host, port: parts.port, scheme: scheme)
    }
}
