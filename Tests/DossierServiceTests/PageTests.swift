import DossierOffice
import DossierService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The web pages in-process: the login and its cookies, the form token and the origin every
/// form is checked for, the language, and each refusal.
@Suite("Web pages")
struct PageTests {
    /// The value of cookie `name` set by `response`, with its attributes.
    static func cookie(_ name: String, _ response: TestResponse) -> String? {
        response.headers[values: .setCookie].first { $0.hasPrefix(name + "=") }
    }

    static func value(of cookie: String) -> String {
        String(cookie.prefix { $0 != ";" }.drop { $0 != "=" }.dropFirst())
    }

    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    /// The hidden `form_token` of a page.
    static func formToken(_ html: String) -> String? {
        guard let range = html.range(of: #"name="form_token" value="([^"]*)""#, options: .regularExpression) else { return nil }
        return String(html[range].dropFirst(#"name="form_token" value=""#.count).dropLast())
    }

    static func form(_ fields: [String: String]) -> ByteBuffer {
        ByteBuffer(string: fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    /// Logs `user` in through the login page; answers the session cookie's value.
    static func logIn(_ client: some TestClientProtocol, _ user: String, password: String = ServiceFixture.password) async throws -> String {
        let page = try await client.execute(uri: "/login", method: .get)
        let login = try #require(cookie("dossier_login", page))
        let token = try #require(formToken(text(page)))
        var headers = formHeaders
        headers[.cookie] = "dossier_login=\(value(of: login))"
        let answer = try await client.execute(uri: "/login", method: .post, headers: headers,
                                              body: form(["form_token": token, "user": user, "password": password, "next": "/waiting"]))
        #expect(answer.status == .seeOther)
        return value(of: try #require(cookie("dossier_session", answer)))
    }

    @Test("a page without a login leads to the login; the login sets an HttpOnly, SameSite=Strict session cookie and goes back")
    func login() async throws {
        let fixture = try ServiceFixture()
        let app = Application(router: fixture.service.router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/waiting?overdue=1", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/login?next=%2Fwaiting%3Foverdue%3D1")
            }
            let page = try await client.execute(uri: "/login", method: .get)
            #expect(page.status == .ok)
            let login = try #require(Self.cookie("dossier_login", page))
            #expect(login.contains("HttpOnly") && login.contains("SameSite=Strict"))
            #expect(Self.formToken(Self.text(page)) == Self.value(of: login), "the form repeats the login cookie")
            #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)

            // Without the login cookie's value in the form, nobody is logged in.
            try await client.execute(uri: "/login", method: .post, headers: Self.formHeaders,
                                     body: Self.form(["form_token": "guess", "user": "alice", "password": ServiceFixture.password])) { response in
                #expect(response.status == .forbidden)
                #expect(Self.cookie("dossier_session", response) == nil)
            }
            // A wrong password: the page says so in Chinese, with 401.
            var headers = Self.formHeaders
            headers[.cookie] = "dossier_login=\(Self.value(of: login))"
            try await client.execute(uri: "/login", method: .post, headers: headers,
                                     body: Self.form(["form_token": Self.value(of: login), "user": "alice", "password": "wrong password"])) { response in
                #expect(response.status == .unauthorized)
                #expect(Self.cookie("dossier_session", response) == nil)
                #expect(Self.text(response).contains("class=\"refusal\""))
            }
            // The right one: a session cookie, and back to where the person was going, on this site only.
            try await client.execute(uri: "/login", method: .post, headers: headers,
                                     body: Self.form(["form_token": Self.value(of: login), "user": "alice", "password": ServiceFixture.password,
                                                      "next": "//elsewhere.example/x"])) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/waiting", "a next page on another site is not followed")
                let session = try #require(Self.cookie("dossier_session", response))
                #expect(session.contains("HttpOnly") && session.contains("SameSite=Strict") && session.contains("Path=/"))
                #expect(!session.contains("Secure"), "plain HTTP: Secure only under TLS")
            }
        }
    }

    @Test("pages speak Chinese unless the browser or the switch asks for English; the switch is kept in a cookie")
    func languages() async throws {
        let fixture = try ServiceFixture()
        let app = Application(router: fixture.service.router())
        try await app.test(.router) { client in
            let session = try await Self.logIn(client, "alice")
            try await client.execute(uri: "/waiting", method: .get, headers: [.cookie: "dossier_session=\(session)"]) { response in
                #expect(response.status == .ok)
                #expect(Self.text(response).contains("<html lang=\"zh-CN\">") && Self.text(response).contains("待我处理"))
            }
            try await client.execute(uri: "/waiting", method: .get,
                                     headers: [.cookie: "dossier_session=\(session)", .acceptLanguage: "en-GB,en;q=0.9,zh;q=0.5"]) { response in
                #expect(Self.text(response).contains("<html lang=\"en\">") && Self.text(response).contains("Waiting for me"))
            }
            try await client.execute(uri: "/waiting?lang=en", method: .get, headers: [.cookie: "dossier_session=\(session)"]) { response in
                #expect(Self.text(response).contains("Waiting for me"))
                #expect(Self.cookie("dossier_lang", response).map(Self.value) == "en")
            }
            try await client.execute(uri: "/waiting", method: .get, headers: [.cookie: "dossier_session=\(session); dossier_lang=en"]) { response in
                #expect(Self.text(response).contains("Waiting for me"))
            }
        }
    }

    @Test("a form is taken only with the session's form token, from this site: a forged token, another origin or no session change nothing")
    func forms() async throws {
        let fixture = try ServiceFixture()
        let task = try fixture.startPing()
        let store = fixture.store
        let app = Application(router: fixture.service.router())
        try await app.test(.router) { client in
            let session = try await Self.logIn(client, "alice")
            let page = try await client.execute(uri: "/dossiers/1", method: .get, headers: [.cookie: "dossier_session=\(session)"])
            #expect(page.status == .ok)
            let token = try #require(Self.formToken(Self.text(page)))
            #expect(token == Credentials.formToken(forSession: session))
            let fields = ["form_token": token, "dossier": "1", "action": "ping"]
            var headers = Self.formHeaders
            headers[.cookie] = "dossier_session=\(session)"

            try await client.execute(uri: "/tasks/\(task)/advance", method: .post, headers: headers,
                                     body: Self.form(fields.merging(["form_token": String(repeating: "0", count: 64)]) { $1 })) { response in
                #expect(response.status == .forbidden)
            }
            var elsewhere = headers
            elsewhere[.origin] = "https://elsewhere.example"
            try await client.execute(uri: "/tasks/\(task)/advance", method: .post, headers: elsewhere, body: Self.form(fields)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/tasks/\(task)/advance", method: .post, headers: Self.formHeaders, body: Self.form(fields)) { response in
                #expect(response.status == .unauthorized, "no session cookie")
            }
            var forged = Self.formHeaders
            forged[.cookie] = "dossier_session=\(String(session.reversed()))"
            try await client.execute(uri: "/tasks/\(task)/advance", method: .post, headers: forged, body: Self.form(fields)) { response in
                #expect(response.status == .unauthorized, "a forged session")
            }
            #expect(try store.task(task)?.isOpen == true, "nothing was taken")

            // bob may not take alice's step: the page shows why, and nothing changes.
            let bob = try await Self.logIn(client, "bob")
            var bobs = Self.formHeaders
            bobs[.cookie] = "dossier_session=\(bob)"
            try await client.execute(uri: "/tasks/\(task)/advance", method: .post, headers: bobs,
                                     body: Self.form(fields.merging(["form_token": Credentials.formToken(forSession: bob)]) { $1 })) { response in
                #expect(response.status == .unprocessableContent)
                #expect(Self.text(response).contains("class=\"refusal\"") && Self.text(response).contains("bob"))
            }
            #expect(try store.task(task)?.isOpen == true)

            // The right token from this site's own page: taken, and back to the dossier.
            try await client.execute(uri: "/tasks/\(task)/advance", method: .post, headers: headers, body: Self.form(fields)) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/dossiers/1?done=ping")
            }
            #expect(try store.task(task)?.isOpen == false)

            // After logging out, the cookie no longer opens a page.
            try await client.execute(uri: "/logout", method: .post, headers: headers, body: Self.form(["form_token": token])) { response in
                #expect(response.status == .seeOther)
                #expect(Self.cookie("dossier_session", response)?.contains("Max-Age=0") == true)
            }
            try await client.execute(uri: "/waiting", method: .get, headers: [.cookie: "dossier_session=\(session)"]) { response in
                #expect(response.status == .seeOther)
            }
        }
    }

    @Test("each page renders for a logged-in person; a dossier they hold no role in is refused with 403 in a sentence")
    func everyPage() async throws {
        let fixture = try ServiceFixture()
        _ = try fixture.startPing()
        let app = Application(router: fixture.service.router())
        try await app.test(.router) { client in
            let carol = try await Self.logIn(client, "carol")
            for page in ["/waiting", "/fines", "/fines?scope=department", "/register", "/register?number=X&q=Y&from=2026-01-01", "/loans", "/reports"] {
                try await client.execute(uri: page, method: .get, headers: [.cookie: "dossier_session=\(carol)"]) { response in
                    #expect(response.status == .ok, "\(page)")
                    #expect(Self.text(response).contains("</html>"), "\(page)")
                }
            }
            try await client.execute(uri: "/fines?month=March", method: .get, headers: [.cookie: "dossier_session=\(carol)"]) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/dossiers/1", method: .get, headers: [.cookie: "dossier_session=\(carol)"]) { response in
                #expect(response.status == .forbidden)
                #expect(Self.text(response).contains("carol"))
            }
            try await client.execute(uri: "/dossiers/99", method: .get, headers: [.cookie: "dossier_session=\(carol)"]) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/dossiers/abc", method: .get, headers: [.cookie: "dossier_session=\(carol)"]) { response in
                #expect(response.status == .badRequest)
                #expect(Self.text(response).contains("abc"), "the page says which part of the address is wrong")
            }
            try await client.execute(uri: "/no/such/page", method: .get, headers: [.cookie: "dossier_session=\(carol)", .acceptLanguage: "en"]) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true && Self.text(response).contains("no such page"))
            }
            try await client.execute(uri: "/api/v1/no-such-endpoint", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json", "the API's addresses answer problems")
            }
            try await client.execute(uri: "/static/dossier.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/css") == true)
            }
        }
    }

    @Test("after a login, only a plain path on this service is followed: no other host, however it is disguised")
    func nextPage() async throws {
        let fixture = try ServiceFixture()
        let app = Application(router: fixture.service.router())
        try await app.test(.router) { client in
            for (next, expected) in [("/dossiers/1?lang=en", "/dossiers/1?lang=en"), ("//elsewhere.example/x", "/waiting"),
                                     ("/\t/elsewhere.example", "/waiting"), ("/\\elsewhere.example", "/waiting"),
                                     ("https://elsewhere.example", "/waiting"), ("/\n/elsewhere.example", "/waiting"), ("", "/waiting")] {
                let page = try await client.execute(uri: "/login", method: .get)
                let login = Self.value(of: try #require(Self.cookie("dossier_login", page)))
                var headers = Self.formHeaders
                headers[.cookie] = "dossier_login=\(login)"
                try await client.execute(uri: "/login", method: .post, headers: headers,
                                         body: Self.form(["form_token": login, "user": "alice", "password": ServiceFixture.password, "next": next])) { response in
                    #expect(response.headers[.location] == expected, "next=\(next.debugDescription)")
                }
            }
            // A wrong password keeps where the person was going.
            let page = try await client.execute(uri: "/login?next=%2Fregister", method: .get)
            let login = Self.value(of: try #require(Self.cookie("dossier_login", page)))
            var headers = Self.formHeaders
            headers[.cookie] = "dossier_login=\(login)"
            try await client.execute(uri: "/login", method: .post, headers: headers,
                                     body: Self.form(["form_token": login, "user": "alice", "password": "wrong password", "next": "/register"])) { response in
                #expect(Self.text(response).contains("name=\"next\" value=\"/register\""))
            }
        }
    }

    @Test("a web page's session opens no API; pages forbid scripts and framing; logging out of an ended session clears its cookie")
    func hardening() async throws {
        let fixture = try ServiceFixture()
        let app = Application(router: fixture.service.router())
        try await app.test(.router) { client in
            let session = try await Self.logIn(client, "alice")
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(session)"]) { response in
                #expect(response.status == .unauthorized, "the cookie's token is not an API token")
            }
            try await client.execute(uri: "/waiting", method: .get, headers: [.cookie: "dossier_session=\(session)"]) { response in
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("script-src 'none'") && policy.contains("frame-ancestors 'none'") && policy.contains("base-uri 'none'"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[.strictTransportSecurity] == nil, "plain HTTP from no trusted proxy")
                #expect(Self.text(response).contains("href=\"?lang=en\""), "the language switch is a query on this page")
            }
            var headers = Self.formHeaders
            headers[.cookie] = "dossier_session=\(String(session.reversed()))"
            try await client.execute(uri: "/logout", method: .post, headers: headers, body: Self.form(["form_token": "x"])) { response in
                #expect(response.status == .seeOther)
                #expect(Self.cookie("dossier_session", response)?.contains("Max-Age=0") == true)
            }
        }
    }

    @Test("fines: everyone's month for the GM, who waives one from it; a refused waiver shows the page it came from; a bad scope is a 400")
    func fines() async throws {
        let fixture = try DemoStoreFixture()
        let store = fixture.store
        let app = Application(router: fixture.service.router())
        defer { withExtendedLifetime(fixture) {} }
        try await app.test(.router) { client in
            let gina = try await Self.logIn(client, "gina", password: DemoStoreFixture.password)
            let back = "/fines?month=2026-03&scope=office&page=1"
            let page = try await client.execute(uri: back, method: .get, headers: [.cookie: "dossier_session=\(gina)"])
            #expect(page.status == .ok)
            let html = Self.text(page)
            #expect(html.contains("id=\"payer-alice\"") && html.contains("id=\"payer-sam\""))
            #expect(html.contains("action=\"/fines/2/waiver\"") && html.contains("value=\"\(back.replacingOccurrences(of: "&", with: "&amp;"))\""))
            var headers = Self.formHeaders
            headers[.cookie] = "dossier_session=\(gina)"
            try await client.execute(uri: "/fines/2/waiver", method: .post, headers: headers,
                                     body: Self.form(["form_token": Credentials.formToken(forSession: gina), "reason": "sick leave", "back": back])) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == back)
            }
            #expect(try store.waiver(of: 2)?.by == "gina")

            // mia may not waive a fine of the loans' workflow: the sentence on sales' March, where she asked from.
            let mia = try await Self.logIn(client, "mia", password: DemoStoreFixture.password)
            headers[.cookie] = "dossier_session=\(mia)"
            let sales = "/fines?month=2026-03&scope=department"
            try await client.execute(uri: "/fines/3/waiver", method: .post, headers: headers,
                                     body: Self.form(["form_token": Credentials.formToken(forSession: mia), "reason": "mine", "back": sales])) { response in
                #expect(response.status == .forbidden)
                let html = Self.text(response)
                #expect(html.contains("class=\"refusal\"") && html.contains("id=\"payer-sam\"") && html.contains("sales"))
                #expect(html.contains("/fines?month=2026-02&amp;scope=department"), "the month and scope it came from")
            }
            #expect(try store.waiver(of: 3) == nil)
            try await client.execute(uri: "/fines?scope=everybody", method: .get, headers: [.cookie: "dossier_session=\(mia)"]) { response in
                #expect(response.status == .badRequest)
                #expect(Self.text(response).contains("everybody"))
            }
        }
    }

    @Test("logging in anew on a browser ends the session it had, whoever held it; a wrong password ends nothing")
    func loginEndsPrevious() async throws {
        let fixture = try ServiceFixture()
        let app = Application(router: fixture.service.router())
        try await app.test(.router) { client in
            let alice = try await Self.logIn(client, "alice")
            func logIn(_ user: String, password: String, over session: String) async throws -> TestResponse {
                let page = try await client.execute(uri: "/login", method: .get)
                let login = try #require(Self.cookie("dossier_login", page))
                var headers = Self.formHeaders
                headers[.cookie] = "dossier_login=\(Self.value(of: login)); dossier_session=\(session)"
                return try await client.execute(uri: "/login", method: .post, headers: headers, body: Self.form(
                    ["form_token": try #require(Self.formToken(Self.text(page))), "user": user, "password": password, "next": "/waiting"]))
            }
            #expect(try await logIn("bob", password: "wrong", over: alice).status == .unauthorized)
            try await client.execute(uri: "/waiting", method: .get, headers: [.cookie: "dossier_session=\(alice)"]) { response in
                #expect(response.status == .ok, "a failed login leaves the browser's session")
            }
            let bob = try await logIn("bob", password: ServiceFixture.password, over: alice)
            #expect(bob.status == .seeOther)
            try await client.execute(uri: "/waiting", method: .get, headers: [.cookie: "dossier_session=\(alice)"]) { response in
                #expect(response.status == .seeOther, "alice's session on this browser ended")
            }
            let session = Self.value(of: try #require(Self.cookie("dossier_session", bob)))
            try await client.execute(uri: "/waiting", method: .get, headers: [.cookie: "dossier_session=\(session)"]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("behind a trusted proxy that says HTTPS: __Host- cookies, Secure, HSTS; the plain names are not read there, nor the prefixed over HTTP")
    func hostCookies() async throws {
        let fixture = try ServiceFixture(trustedProxies: ["127.0.0.1"])
        let app = Application(router: fixture.service.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let https: HTTPFields = [HTTPField.Name("X-Forwarded-Proto")!: "https"]
            let page = try await client.execute(uri: "/login", method: .get, headers: https)
            let login = try #require(Self.cookie("__Host-dossier_login", page))
            #expect(login.contains("Secure") && login.contains("Path=/") && !login.lowercased().contains("domain="))
            var headers = Self.formHeaders
            headers[HTTPField.Name("X-Forwarded-Proto")!] = "https"
            headers[.cookie] = "__Host-dossier_login=\(Self.value(of: login))"
            let answer = try await client.execute(uri: "/login", method: .post, headers: headers, body: Self.form(
                ["form_token": try #require(Self.formToken(Self.text(page))), "user": "alice", "password": ServiceFixture.password, "next": "/waiting"]))
            #expect(answer.status == .seeOther)
            #expect(answer.headers[.strictTransportSecurity] != nil)
            let cookie = try #require(Self.cookie("__Host-dossier_session", answer))
            #expect(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("Path=/"))
            let token = Self.value(of: cookie)

            var prefixed = https
            prefixed[.cookie] = "__Host-dossier_session=\(token)"
            try await client.execute(uri: "/waiting", method: .get, headers: prefixed) { response in
                #expect(response.status == .ok)
            }
            var plain = https
            plain[.cookie] = "dossier_session=\(token)"
            try await client.execute(uri: "/waiting", method: .get, headers: plain) { response in
                #expect(response.status == .seeOther, "over HTTPS only the __Host- cookie is a session")
            }
            try await client.execute(uri: "/waiting", method: .get, headers: [.cookie: "__Host-dossier_session=\(token)"]) { response in
                #expect(response.status == .seeOther, "over plain HTTP only the plain name is read")
            }
        }
    }

    @Test("a form's origin is compared as browsers write it: default ports and case do not matter, another host or port does")
    func origins() throws {
        #expect(Origins.authority(host: "Office.Example", port: 443, scheme: "https") == "office.example")
        #expect(Origins.authority(host: "::1", port: 8470, scheme: "http") == "[::1]:8470")
        #expect(Origins.normalised("office.example:443", scheme: "https") == "office.example")
        #expect(Origins.normalised("[::1]:8470", scheme: "http") == "[::1]:8470")
        #expect(Origins.normalised("office.example:8443", scheme: "https") != "office.example")
    }
}
