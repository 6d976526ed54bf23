import DossierDocuments
import DossierOffice
import DossierWeb
import Foundation
import Hummingbird
import HTTPTypes

/// The web pages: the same people, sessions and permissions as `/api/v1`, in HTML that works
/// without JavaScript, in Chinese unless the person chooses English. Each route reads or acts
/// through the office, as an endpoint does, and renders the result; refusals are worded by
/// `Wording` on the page where they happened.
struct Pages: Sendable {
    let office: ServiceOffice
    let templates: PageTemplates
    /// Whether the service speaks TLS itself.
    let tls: Bool
    /// Reverse proxies whose `X-Forwarded-Proto: https` says a request came over TLS.
    let trustedProxies: Set<String>
    /// The zone moments are shown in.
    let timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt

    func add(to router: Router<ServiceContext>) {
        let css = templates.stylesheet
        router.get("static/dossier.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: css)))
        }
        router.get("") { _, _ in Response.redirect(to: "/waiting", type: .normal) }
        let open = router.group().add(middleware: PageErrors(pages: self))
        open.get("login") { request, context in try loginPage(request, context) }
        open.post("login") { request, context in try await logIn(request, context) }
        let pages = router.group().add(middleware: PageErrors(pages: self)).add(middleware: PageSession(office: office) { request, context in isSecure(request, context) })
        pages.post("logout") { request, context in try await logOut(request, context) }
        pages.get("waiting") { request, context in try await waiting(request, context) }
        pages.get("dossiers/:dossier") { request, context in try await dossier(request, context) }
        pages.post("tasks/:task/advance") { request, context in try await advance(request, context) }
        pages.get("fines") { request, context in try await fines(request, context) }
        pages.post("fines/:fine/waiver") { request, context in try await waive(request, context) }
        pages.get("register") { request, context in try await register(request, context) }
        pages.get("loans") { request, context in try await loans(request, context) }
        pages.get("reports") { request, context in try await reports(request, context) }
        pages.get("documents/:document") { request, context in try await document(request, context) }
    }

    // MARK: Logging in and out

    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")
    /// The client a page's login names its session by; the API refuses such sessions.
    static let client = "web browser"

    /// Whether `request` came over TLS: to this service, or to a trusted proxy that says so.
    /// Cookies then get `Secure`, and pages tell the browser to keep to HTTPS.
    func isSecure(_ request: Request, _ context: ServiceContext) -> Bool {
        if tls { return true }
        guard let address = context.remoteAddress?.ipAddress, trustedProxies.contains(address) else { return false }
        return Self.forwardedProto.flatMap { request.headers[$0] }?.lowercased() == "https"
    }

    private func loginPage(_ request: Request, _ context: ServiceContext, status: HTTPResponse.Status = .ok, refusal: String? = nil,
                           next: String? = nil) throws -> Response {
        let value = Credentials.newToken()
        let secure = isSecure(request, context)
        let next = Self.localPath(next ?? request.uri.queryParameters["next"].map(String.init))
        var response = render("login", ["next": next], request, context, section: "login", status: status, refusal: refusal, formToken: value)
        if let cookie = PageCookie.make(PageCookie.login(secure: secure), value, secure: secure, maxAge: 3600) { response.setCookie(cookie) }
        return response
    }

    private func logIn(_ request: Request, _ context: ServiceContext) async throws -> Response {
        try PageSession.checkOrigin(request)
        let form = try await PageSession.form(request, context: context)
        let secure = isSecure(request, context)
        guard let expected = request.cookies[PageCookie.login(secure: secure)]?.value, let given = form["form_token"], !given.isEmpty,
              given == expected else {
            return try loginPage(request, context, status: .forbidden, refusal: words(request)["login_form_expired"], next: form["next"])
        }
        let policy = office.policy
        let user = form["user"] ?? "", password = form["password"] ?? ""
        do {
            let previous = request.cookies[PageCookie.session(secure: secure)]?.value
            let opened = try await office.write(context) { office in
                let opened = try office.logIn(user: user, password: password, client: Pages.client, policy: policy)
                if let previous { try office.endPresentedSession(token: previous, client: Pages.client, policy: policy) }
                return opened
            }
            var response = Response.redirect(to: Self.localPath(form["next"]), type: .normal)
            if let cookie = PageCookie.make(PageCookie.session(secure: secure), opened.token, secure: secure) { response.setCookie(cookie) }
            Self.harden(&response, secure: secure)
            response.setCookie(Cookie(name: PageCookie.login(secure: secure), value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict))
            return response
        } catch {
            let problem = Problem.from(error)
            return try loginPage(request, context, status: problem.status, refusal: Wording.sentence(error, in: language(request)), next: form["next"])
        }
    }

    private func logOut(_ request: Request, _ context: ServiceContext) async throws -> Response {
        if let session = context.session { try await office.write(context) { try $0.revokeSession(session.id) } }
        return Self.loggedOut(secure: isSecure(request, context))
    }

    /// To the login, the session cookie cleared.
    static func loggedOut(secure: Bool) -> Response {
        var response = Response.redirect(to: "/login", type: .normal)
        response.setCookie(Cookie(name: PageCookie.session(secure: secure), value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict))
        return response
    }

    // MARK: Pages

    private func waiting(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let query = request.uri.queryParameters
        let filter = WaitingPage.Filter(workflow: Self.nonEmpty(query["workflow"]), role: Self.nonEmpty(query["role"]),
                                        overdueOnly: query["overdue"] == "1", department: query["scope"] == "department",
                                        page: query["page"].flatMap { Int(String($0)) } ?? 1)
        let person = context.staff?.id ?? ""
        let (lines, people) = try await office.run(context) { office in
            filter.department
                ? try office.pendingInDepartment(of: person, role: filter.role, overdue: filter.overdueOnly)
                : (try office.pending(role: filter.role, user: person, overdue: filter.overdueOnly, limit: nil), [:])
        }
        let page = WaitingPage(lines: lines, filter: filter, dates: dates(request), people: people)
        return render("waiting", page.values(), request, context, section: "waiting")
    }

    private func dossier(_ request: Request, _ context: ServiceContext, refusal: String? = nil,
                         status: HTTPResponse.Status = .ok) async throws -> Response {
        let id = try Self.number(context, "dossier")
        return try await dossierPage(id, request, context, refusal: refusal, status: status)
    }

    private func dossierPage(_ id: Int, _ request: Request, _ context: ServiceContext, refusal: String? = nil,
                             status: HTTPResponse.Status = .ok) async throws -> Response {
        let overview = try await office.write(context) { try $0.overview(of: id, through: "page /dossiers/\(id)") }
        let page = DossierPage(overview: overview, dates: dates(request), person: context.staff?.id ?? "",
                               historyPage: request.uri.queryParameters["history"].flatMap { Int(String($0)) } ?? 1)
        let done = request.uri.queryParameters["done"].map(String.init)
        let notice = done.map { String(format: words(request)["done_action"] ?? "%@", $0) }
        return render("dossier", page.values(), request, context, section: "waiting", status: status, notice: notice, refusal: refusal)
    }

    private func advance(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let task = try Self.number(context, "task")
        let form = context.form
        guard let action = Self.nonEmpty(form["action"].map { Substring($0) }), let dossier = form["dossier"].flatMap({ Int($0) }) else {
            throw OfficeError.invalid("the form names no action or dossier")
        }
        let note = Self.nonEmpty(form["note"].map { Substring($0) })
        do {
            let done = try await office.write(context) { try $0.advance(task: task, action: action, note: note, fields: [:]) }
            return Response.redirect(to: "/dossiers/\(done.dossierID)?done=" + PageLinks.escape(action), type: .normal)
        } catch where Self.isRefusal(error) {
            // The page of the task's own dossier, whatever the form said.
            let own = try await office.run(context) { try $0.store.task(task)?.dossierID } ?? dossier
            return try await dossierPage(own, request, context, refusal: Wording.sentence(error, in: language(request)),
                                         status: Problem.from(error).status)
        }
    }

    /// The fines page the address's query asks for (`address`'s, when a refused waiver shows the
    /// page it came from).
    private func fines(_ request: Request, _ context: ServiceContext, address: String? = nil, refusal: String? = nil,
                       status: HTTPResponse.Status = .ok, notice: String? = nil) async throws -> Response {
        var query: [String: String] = [:]
        if let address {
            for item in URLComponents(string: address)?.queryItems ?? [] where query[item.name] == nil { query[item.name] = item.value }
        } else {
            for (name, value) in request.uri.queryParameters where query[String(name)] == nil { query[String(name)] = String(value) }
        }
        let asked = Self.nonEmpty(query["month"].map { Substring($0) })
        if let asked, !Endpoints.isMonth(asked) { throw OfficeError.invalid("month=\(asked) is not a month such as 2026-03") }
        let scope = try query["scope"].map { asked in
            guard let scope = FineStatement.Scope(rawValue: asked) else { throw OfficeError.invalid("scope=\(asked) is none of own, department, office") }
            return scope
        } ?? .own
        let zone = timeZone
        let shown = query["page"].flatMap { Int($0) } ?? 1
        let statement = try await office.run(context) { office in
            try office.fineStatement(month: asked ?? Self.month(of: office.time, in: zone), scope: scope,
                                     page: shown, pageSize: WaitingPage.pageSize)
        }
        let page = FinesPage(statement: statement, person: context.staff?.id ?? "", dates: dates(request))
        return render("fines", page.values(), request, context, section: "fines", status: status, notice: notice, refusal: refusal)
    }

    private func waive(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let fine = try Self.number(context, "fine")
        let reason = context.form["reason"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let back = Self.localPath(context.form["back"])
        do {
            guard !reason.isEmpty else { throw OfficeError.invalid("a waiver needs a reason") }
            _ = try await office.write(context) { try $0.waiveFine(fine, reason: reason) }
            return Response.redirect(to: back, type: .normal)
        } catch where Self.isRefusal(error) {
            return try await fines(request, context, address: back, refusal: Wording.sentence(error, in: language(request)),
                                   status: Problem.from(error).status)
        }
    }

    private func register(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let query = request.uri.queryParameters
        let search = RegisterPage.Search(number: Self.nonEmpty(query["number"]), text: Self.nonEmpty(query["q"]), from: Self.nonEmpty(query["from"]),
                                         through: Self.nonEmpty(query["through"]), page: query["page"].flatMap { Int(String($0)) } ?? 1)
        let lines = try await office.run(context) { office in
            _ = try office.actor()
            return try office.register(workflow: nil)
        }
        let zone = timeZone
        let page = RegisterPage(lines: lines, search: search, dates: dates(request)) { Self.isoDay($0, in: zone) }
        return render("register", page.values(), request, context, section: "register")
    }

    private func loans(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let overdueOnly = request.uri.queryParameters["overdue"] == "1"
        let person = context.staff?.id
        let (lines, slips) = try await office.run(context) { office in
            let lines = try office.loans(overdue: false, all: false)
            let slips = try person.map { try office.approvable(by: $0).filter { !$0.approvers.isEmpty } } ?? []
            return (lines, slips)
        }
        let page = LoansPage(loans: lines, slips: slips, overdueOnly: overdueOnly,
                             page: request.uri.queryParameters["page"].flatMap { Int(String($0)) } ?? 1, dates: dates(request))
        return render("loans", page.values(), request, context, section: "loans")
    }

    private func reports(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let zone = timeZone
        let months = try await office.run(context) { office in
            _ = try office.actor()
            let latest = Self.month(of: office.time, in: zone)
            let months = (0..<6).reversed().map { FinesPage.month(latest, adding: -$0) }
            return Array(zip(months, try office.performance(months: months))).map { (month: $0.0, report: $0.1) }
        }
        let page = ReportsPage(months: months, dates: dates(request), words: words(request),
                               page: request.uri.queryParameters["page"].flatMap { Int(String($0)) } ?? 1)
        return render("reports", page.values(), request, context, section: "reports")
    }

    /// A printed document as HTML that prints on A4, as `GET /api/v1/documents/{document}?form=html`
    /// renders it; a dossier's is read on a right, and the read is recorded.
    private func document(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let name = try context.parameters.require("document")
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let document = try PrintedDocument(name: name, query: query)
        let templates = try DocumentTemplates.locate()
        let channel = "page \(request.uri.path)"
        let printed = try await office.write(context) { try $0.render(document, form: .html, templates: templates, through: channel) }
        var response = Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: printed)))
        // The printed documents style themselves inline; nothing else runs or loads.
        response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
        Self.harden(&response, secure: isSecure(request, context))
        return response
    }

    // MARK: Rendering

    /// Page `name` in the request's language, framed for the person logged in; a language
    /// chosen with the switch is kept in a cookie.
    func render(_ name: String, _ values: [String: Any], _ request: Request, _ context: ServiceContext, section: String,
                status: HTTPResponse.Status = .ok, notice: String? = nil, refusal: String? = nil, formToken: String? = nil) -> Response {
        let language = language(request)
        let person = context.staff.map { (id: $0.id, name: $0.name) }
        let token = formToken ?? context.sessionToken.map { Credentials.formToken(forSession: $0) }
        let frame = PageFrame(language: language, person: person, formToken: token, section: section, path: Self.pathWithoutLanguage(request),
                              notice: notice, refusal: refusal)
        let html = templates.render(name, values, frame: frame)
        var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
        response.headers[.contentSecurityPolicy] = "default-src 'self'; style-src 'self'; img-src 'self' data:; script-src 'none'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        Self.harden(&response, secure: isSecure(request, context))
        if let chosen = request.uri.queryParameters["lang"].flatMap({ PageLanguage(tag: String($0)) }),
           let cookie = PageCookie.make(PageCookie.language, chosen.rawValue, secure: isSecure(request, context), maxAge: 365 * 24 * 3600) {
            response.setCookie(cookie)
        }
        return response
    }

    /// What every page and document answers with: no sniffing, and over TLS, HTTPS only from now on.
    static func harden(_ response: inout Response, secure: Bool) {
        response.headers[.xContentTypeOptions] = "nosniff"
        if secure { response.headers[.strictTransportSecurity] = "max-age=31536000" }
    }

    func language(_ request: Request) -> PageLanguage {
        PageLanguage.preferred(choice: request.uri.queryParameters["lang"].map(String.init) ?? request.cookies[PageCookie.language]?.value,
                               acceptLanguage: request.headers[.acceptLanguage])
    }

    func words(_ request: Request) -> [String: String] { templates.words(language(request)) }

    private func dates(_ request: Request) -> PageDates { PageDates(language: language(request), timeZone: timeZone) }

    /// The month (`YYYY-MM`) of `moment` in the office's zone.
    static func month(of moment: Date, in zone: TimeZone) -> String { String(isoDay(moment, in: zone).prefix(7)) }

    /// The day (`YYYY-MM-DD`) of `moment` in `zone`.
    static func isoDay(_ moment: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: moment)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// Whether `error` is a refusal to show on the page it came from, rather than an error page.
    static func isRefusal(_ error: any Error) -> Bool {
        let status = Problem.from(error).status.code
        return status == 403 || status == 409 || status == 422 || status == 400
    }

    /// The request's path and query without `lang`.
    static func pathWithoutLanguage(_ request: Request) -> String {
        let items = (request.uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("lang=") && !$0.hasPrefix("done=") }
        return request.uri.path + (items.isEmpty ? "" : "?" + items.joined(separator: "&"))
    }

    /// `path` if it is a path on this service (never another site), else the start page.
    static func localPath(_ path: String?) -> String {
        // Browsers drop tabs and newlines from an address and read `\` as `/`: `/\t/elsewhere`
        // is `//elsewhere`. Only a plain path (and query) on this service is followed.
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"),
              !path.unicodeScalars.contains(where: { $0 == "\\" || $0.value < 0x21 || $0.value == 0x7F || $0.properties.isWhitespace }),
              let parts = URLComponents(string: path), parts.scheme == nil, parts.host == nil, parts.path.hasPrefix("/"), !parts.path.hasPrefix("//")
        else { return "/waiting" }
        return path
    }

    /// The page address's number `name` (`/dossiers/12`), or a sentence saying it is none.
    static func number(_ context: ServiceContext, _ name: String) throws -> Int {
        let text = context.parameters.get(name) ?? ""
        guard let value = Int(text), value > 0 else { throw OfficeError.invalid("\(text) in the address is not a \(name)'s number, such as 12") }
        return value
    }

    static func nonEmpty(_ value: Substring?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return String(value)
    }
}

/// An address outside `/api/` that names no page: the error page saying so, not the API's
/// problem. Added to the router after every route, so it wraps only the router's "not found".
struct PageNotFound: RouterMiddleware {
    let pages: Pages

    func handle(_ request: Request, context: ServiceContext, next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && !request.uri.path.hasPrefix("/api/") {
            return pages.render("error", ["status": 404], request, context, section: "error", status: .notFound,
                                refusal: pages.words(request)["no_such_page"])
        }
    }
}

/// Shows an error on a page, worded for its reader, with the API's status.
struct PageErrors: RouterMiddleware {
    let pages: Pages

    func handle(_ request: Request, context: ServiceContext, next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem.from(error)
            if problem.status.code >= 500 {
                context.logger.error("page failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            let sentence = Wording.sentence(error, in: pages.language(request))
            return pages.render("error", ["status": Int(problem.status.code)], request, context, section: "error", status: problem.status, refusal: sentence)
        }
    }
}
