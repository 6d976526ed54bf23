import DossierAPI
import DossierOffice
import DossierService
import DossierStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `/api/v1` in-process through HummingbirdTesting, on a real SQLite store.
@Suite("Service: /api/v1")
struct ServiceTests {
    typealias Client = any TestClientProtocol

    static func json(_ value: some Encodable) throws -> ByteBuffer {
        ByteBuffer(bytes: try APICoding.encoder().encode(value))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try APICoding.decoder().decode(T.self, from: Data(buffer: response.body))
    }

    /// Logs `user` in and returns the bearer token.
    static func logIn(_ client: Client, _ user: String, password: String = ServiceFixture.password) async throws -> String {
        try await client.execute(uri: "/api/v1/sessions", method: .post, headers: [.contentType: "application/json"],
                                 body: json(LoginRequest(user: user, password: password, client: "test"))) { response in
            #expect(response.status == .created)
            return try decode(LoginResponse.self, response).token
        }
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    static func expectProblem(_ response: TestResponse, status: HTTPResponse.Status, type: String, exit: Int32,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(response.status == status, sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        let problem = try decode(ProblemBody.self, response)
        #expect(problem.type == "/api/v1/problems/\(type)", "\(problem)", sourceLocation: sourceLocation)
        #expect(problem.exit == exit, sourceLocation: sourceLocation)
        #expect(problem.status == Int(status.code), sourceLocation: sourceLocation)
    }

    @Test("log in, act as oneself, log out; a wrong password, no token, a forged or ended token are refused with 401 (exit 77)")
    func sessions() async throws {
        let fixture = try ServiceFixture()
        let app = Application(router: fixture.service.router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/sessions", method: .post, body: Self.json(LoginRequest(user: "alice", password: "wrong password", client: nil))) { response in
                try Self.expectProblem(response, status: .unauthorized, type: "not-authenticated", exit: 77)
            }
            try await client.execute(uri: "/api/v1/sessions", method: .post, body: Self.json(LoginRequest(user: "nobody", password: "wrong password", client: nil))) { response in
                let problem = try Self.decode(ProblemBody.self, response)
                #expect(problem.detail == "the login name or the password is wrong", "an unknown person reads like a wrong password")
            }
            try await client.execute(uri: "/api/v1/sessions", method: .post, body: Self.json(LoginRequest(user: "x\ny", password: "whatever", client: nil))) { response in
                try Self.expectProblem(response, status: .badRequest, type: "invalid", exit: 64)
            }
            let token = try await Self.logIn(client, "alice")
            try await client.execute(uri: "/api/v1/me", method: .get, headers: Self.bearer(token)) { response in
                #expect(response.status == .ok)
                let me = try Self.decode(StaffBody.self, response)
                #expect(me.id == "alice")
            }
            try await client.execute(uri: "/api/v1/me", method: .get) { response in
                try Self.expectProblem(response, status: .unauthorized, type: "not-authenticated", exit: 77)
                #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"dossier\"")
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: Self.bearer(String(token.reversed()))) { response in
                try Self.expectProblem(response, status: .unauthorized, type: "not-authenticated", exit: 77)
            }
            try await client.execute(uri: "/api/v1/sessions/current", method: .delete, headers: Self.bearer(token)) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: Self.bearer(token)) { response in
                try Self.expectProblem(response, status: .unauthorized, type: "not-authenticated", exit: 77)
            }
        }
        // The token is stored only as its SHA-256; failed logins and the logout are events.
        let kinds = try fixture.store.events(dossier: nil).map(\.kind)
        #expect(kinds.filter { $0 == "login-failed" }.count == 2)
        #expect(kinds.contains("logged-in") && kinds.contains("session-revoked"))
    }

    @Test("five failed logins within the window lock the person out: even the right password gets 429 for a while")
    func lockout() async throws {
        // The window is an hour here so that a machine slowed down by other tests cannot spread the
        // five tries over more than it; what is tested is the counting, not the clock.
        let fixture = try ServiceFixture(policy: AccessPolicy(failureWindow: 3600, passwordCost: 4))
        let app = Application(router: fixture.service.router())
        try await app.test(.router) { client in
            for _ in 0..<5 {
                try await client.execute(uri: "/api/v1/sessions", method: .post, body: Self.json(LoginRequest(user: "bob", password: "guess guess guess", client: nil))) { response in
                    #expect(response.status == .unauthorized)
                }
            }
            try await client.execute(uri: "/api/v1/sessions", method: .post, body: Self.json(LoginRequest(user: "bob", password: ServiceFixture.password, client: nil))) { response in
                try Self.expectProblem(response, status: .tooManyRequests, type: "locked-out", exit: 77)
                #expect(response.headers[.retryAfter] != nil)
            }
            // Someone else is not locked out.
            _ = try await Self.logIn(client, "alice")
        }
        // The counting table keeps only what can still lock someone out: a failure from yesterday
        // is dropped by the next failed login (its event stays in the log).
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [fixture.store.path, "INSERT INTO login_failure (staff_id, at) VALUES ('zed', '2000-01-01T00:00:00.000Z')"]
        try sqlite.run()
        sqlite.waitUntilExit()
        let long = Date(timeIntervalSince1970: 0)
        #expect(try fixture.store.loginFailureTimes(user: "zed", since: long).count == 1)
        try fixture.store.recordLoginFailure(user: "zed", reason: "wrong password", counts: true,
                                             forgetBefore: ServiceFixture.policy.forgetFailuresBefore(Date()), at: .clock(Date()))
        #expect(try fixture.store.loginFailureTimes(user: "zed", since: long).count == 1, "yesterday's failure is forgotten, today's counts")
        #expect(try fixture.store.loginFailureTimes(user: "bob", since: long).count == 5)
    }

    @Test("advance as the logged-in person: the engine's refusals are 422 problems with their kind; a done task is refused")
    func advance() async throws {
        let fixture = try ServiceFixture()
        let task = try fixture.startPing()
        let app = Application(router: fixture.service.router())
        try await app.test(.router) { client in
            let alice = try await Self.logIn(client, "alice"), bob = try await Self.logIn(client, "bob")
            try await client.execute(uri: "/api/v1/tasks/\(task)/advance", method: .post, headers: Self.bearer(bob),
                                     body: Self.json(AdvanceRequest(action: "ping", note: nil, fields: nil))) { response in
                try Self.expectProblem(response, status: .unprocessableContent, type: "refused/not-your-task", exit: 1)
                let problem = try Self.decode(ProblemBody.self, response)
                #expect(problem.detail.contains("bob cannot take 'ping'"))
                #expect(problem.facts?["person"] == "bob")
            }
            try await client.execute(uri: "/api/v1/tasks/\(task)/advance", method: .post, headers: Self.bearer(alice),
                                     body: Self.json(AdvanceRequest(action: "ping", note: nil, fields: nil))) { response in
                #expect(response.status == .ok)
                let done = try Self.decode(AdvanceResponse.self, response)
                #expect(done.newState == "two")
                #expect(done.openedTask?.assignee == "bob")
            }
            try await client.execute(uri: "/api/v1/tasks/\(task)/advance", method: .post, headers: Self.bearer(alice),
                                     body: Self.json(AdvanceRequest(action: "ping", note: nil, fields: nil))) { response in
                try Self.expectProblem(response, status: .unprocessableContent, type: "task-done", exit: 1)
            }
            try await client.execute(uri: "/api/v1/tasks/99999", method: .get, headers: Self.bearer(alice)) { response in
                try Self.expectProblem(response, status: .notFound, type: "no-task", exit: 1)
            }
            try await client.execute(uri: "/api/v1/tasks/\(task)/advance", method: .post, headers: Self.bearer(alice),
                                     body: ByteBuffer(string: "{\"act\": 1}")) { response in
                try Self.expectProblem(response, status: .badRequest, type: "malformed-request", exit: 64)
            }
            try await client.execute(uri: "/api/v1/tasks?mine=true", method: .get, headers: Self.bearer(bob)) { response in
                let tasks = try Self.decode([TaskBody].self, response)
                #expect(tasks.map(\.state) == ["two"])
            }
        }
        // The person acting is the one logged in: the log names alice for the ping.
        let signed = try fixture.store.events(dossier: 1).filter { $0.kind == "transitioned" }
        #expect(signed.map(\.actor) == ["alice"])
    }

    @Test("checkpoints signed while writes and signing requests come at once: each sequence signed once, in order, the last at the head")
    func checkpointsUnderLoad() async throws {
        let fixture = try ServiceFixture()
        let tasks = try (0..<12).map { _ in try fixture.startPing() }
        let store = fixture.store
        let app = Application(router: fixture.service.router())
        try await app.test(.router) { client in
            let alice = try await Self.logIn(client, "alice"), ada = try await Self.logIn(client, "ada")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in tasks {
                    group.addTask {
                        try await client.execute(uri: "/api/v1/tasks/\(task)/advance", method: .post, headers: Self.bearer(alice),
                                                 body: Self.json(AdvanceRequest(action: "ping", note: nil, fields: nil))) { response in
                            #expect(response.status == .ok)
                        }
                    }
                }
                for _ in 0..<6 {
                    group.addTask {
                        try await client.execute(uri: "/api/v1/audit/checkpoint", method: .post, headers: Self.bearer(ada)) { response in
                            #expect(response.status == .ok)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let signed = try await client.execute(uri: "/api/v1/audit/checkpoint", method: .post, headers: Self.bearer(ada)) { response in
                try Self.decode(CheckpointBody.self, response).sequence
            }
            #expect(signed == (try store.chainHead().sequence))
        }
        let sequences = try fixture.store.checkpoints().map(\.sequence)
        #expect(sequences == Array(Set(sequences)).sorted(), "\(sequences)")
        #expect(sequences.count >= 2)
    }

    @Test("writes that come while a checkpoint is being signed wait for it and do not each sign again: one checkpoint per 10 events")
    func checkpointsNotRepeated() async throws {
        let fixture = try ServiceFixture()
        let firstTasks = try (0..<8).map { _ in try fixture.startPing() }
        let store = fixture.store
        let before = try store.chainHead().sequence
        let app = Application(router: fixture.service.router())
        try await app.test(.router) { client in
            let alice = try await Self.logIn(client, "alice"), bob = try await Self.logIn(client, "bob")
            // Eight streams of writes: each plays ping-pong on its own dossier, 20 strokes.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for first in firstTasks {
                    group.addTask {
                        var task = first
                        for stroke in 0..<20 {
                            let (token, action) = stroke.isMultiple(of: 2) ? (alice, "ping") : (bob, "pong")
                            task = try await client.execute(uri: "/api/v1/tasks/\(task)/advance", method: .post, headers: Self.bearer(token),
                                                            body: Self.json(AdvanceRequest(action: action, note: nil, fields: nil))) { response in
                                #expect(response.status == .ok)
                                return try #require(try Self.decode(AdvanceResponse.self, response).openedTask?.task)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let sequences = try store.checkpoints().map(\.sequence)
        let written = try store.chainHead().sequence - before
        #expect(sequences == Array(Set(sequences)).sorted())
        #expect(!sequences.isEmpty && sequences.count <= written / 10 + 1, "\(sequences.count) checkpoints for \(written) events written")
    }

    @Test("a checkpoint that cannot be signed does not fail the write it follows: the advance is answered and kept; signing on request reports the failure")
    func checkpointFailureAfterAWrite() async throws {
        let fixture = try ServiceFixture()
        let tasks = try (0..<6).map { _ in try fixture.startPing() }
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [fixture.store.path, "CREATE TRIGGER no_checkpoints BEFORE INSERT ON audit_checkpoint BEGIN SELECT RAISE(ABORT, 'checkpoints refused'); END"]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
        let app = Application(router: fixture.service.router())
        try await app.test(.router) { client in
            let alice = try await Self.logIn(client, "alice"), ada = try await Self.logIn(client, "ada")
            for task in tasks {
                try await client.execute(uri: "/api/v1/tasks/\(task)/advance", method: .post, headers: Self.bearer(alice),
                                         body: Self.json(AdvanceRequest(action: "ping", note: nil, fields: nil))) { response in
                    #expect(response.status == .ok)
                }
            }
            try await client.execute(uri: "/api/v1/audit/checkpoint", method: .post, headers: Self.bearer(ada)) { response in
                #expect(response.status.code >= 500 || response.status == .unprocessableContent, "\(response.status)")
            }
        }
        #expect(try fixture.store.checkpoints().isEmpty)
        #expect(try fixture.store.tasks(TaskQuery()).allSatisfy { $0.stateID == "two" })
    }

    @Test("reading a dossier through the service is an event naming who read it and through what; only its own people read it")
    func readsAreEvents() async throws {
        let fixture = try ServiceFixture()
        _ = try fixture.startPing()
        let app = Application(router: fixture.service.router())
        try await app.test(.router) { client in
            let bob = try await Self.logIn(client, "bob"), carol = try await Self.logIn(client, "carol")
            try await client.execute(uri: "/api/v1/dossiers/1", method: .get, headers: Self.bearer(bob)) { response in
                #expect(response.status == .ok)
                let dossier = try Self.decode(DossierBody.self, response)
                #expect(dossier.assignments == ["a": "alice", "b": "bob"])
                #expect(dossier.state == "one")
            }
            // Carol holds no role in it: refused, and nothing is read.
            try await client.execute(uri: "/api/v1/dossiers/1", method: .get, headers: Self.bearer(carol)) { response in
                try Self.expectProblem(response, status: .forbidden, type: "may-not-read", exit: 77)
            }
            try await client.execute(uri: "/api/v1/dossiers/7", method: .get, headers: Self.bearer(carol)) { response in
                try Self.expectProblem(response, status: .notFound, type: "no-dossier", exit: 1)
            }
        }
        let reads = try fixture.store.events(dossier: 1).filter { $0.kind == "read" }
        #expect(reads.map(\.actor) == ["bob"])
        #expect(reads.first?.details["through"] == "GET /api/v1/dossiers/1")
        // The read changed no revision: the dossier's audit still agrees with its log.
        #expect(try fixture.store.verifyAudit().problems.isEmpty)
    }

    @Test("only an admin adds staff: anyone else gets 403 naming the role (exit 77)")
    func staff() async throws {
        let fixture = try ServiceFixture()
        let app = Application(router: fixture.service.router())
        try await app.test(.router) { client in
            let alice = try await Self.logIn(client, "alice"), ada = try await Self.logIn(client, "ada")
            let eve = NewStaffRequest(id: "eve", name: "Eve", roles: ["gm"], department: nil)
            try await client.execute(uri: "/api/v1/staff", method: .post, headers: Self.bearer(alice), body: Self.json(eve)) { response in
                try Self.expectProblem(response, status: .forbidden, type: "not-permitted", exit: 77)
                let problem = try Self.decode(ProblemBody.self, response)
                #expect(problem.facts?["needs_role"] == "admin")
            }
            try await client.execute(uri: "/api/v1/staff", method: .post, headers: Self.bearer(ada), body: Self.json(eve)) { response in
                #expect(response.status == .created)
            }
            // The API checks what the CLI's parser checks: no name a terminal would act on.
            let escape = NewStaffRequest(id: "mal\u{1b}]0;owned\u{07}", name: "Mal", roles: ["gm"], department: nil)
            try await client.execute(uri: "/api/v1/staff", method: .post, headers: Self.bearer(ada), body: Self.json(escape)) { response in
                try Self.expectProblem(response, status: .badRequest, type: "invalid", exit: 64)
            }
            try await client.execute(uri: "/api/v1/staff", method: .get, headers: Self.bearer(alice)) { response in
                let directory = try Self.decode([StaffBody].self, response)
                #expect(directory.map(\.id).contains("eve"))
            }
        }
    }

    @Test("a production store acts at the server's clock: a request giving its own time is refused with 400 (exit 64)")
    func productionClock() async throws {
        let fixture = try ServiceFixture()
        let app = Application(router: fixture.service.router())
        try await app.test(.router) { client in
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[try #require(HTTPField.Name("Dossier-Simulated-Time"))] = "2026-03-02T09:30:00+08:00"
            try await client.execute(uri: "/api/v1/sessions", method: .post, headers: headers,
                                     body: Self.json(LoginRequest(user: "alice", password: ServiceFixture.password, client: nil))) { response in
                try Self.expectProblem(response, status: .badRequest, type: "invalid", exit: 64)
                #expect(try Self.decode(ProblemBody.self, response).detail.contains("production store"))
            }
            let token = try await Self.logIn(client, "alice")
            headers[.authorization] = "Bearer \(token)"
            try await client.execute(uri: "/api/v1/me", method: .get, headers: headers) { response in
                try Self.expectProblem(response, status: .badRequest, type: "invalid", exit: 64)
            }
            headers[try #require(HTTPField.Name("Dossier-Simulated-Time"))] = "last Tuesday"
            try await client.execute(uri: "/api/v1/me", method: .get, headers: headers) { response in
                try Self.expectProblem(response, status: .badRequest, type: "invalid", exit: 64)
            }
        }
        #expect(try fixture.store.events(dossier: nil).filter { $0.kind == "logged-in" }.count == 1, "the refused login left no session")
    }

    @Test("the OpenAPI document served is the one kept in the repository, and names every route")
    func openAPI() async throws {
        let fixture = try ServiceFixture()
        let app = Application(router: fixture.service.router())
        let kept = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Docs/openapi.json")
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                let served = Data(buffer: response.body)
                if ProcessInfo.processInfo.environment["DOSSIER_RECORD"] == "1" { try served.write(to: kept) }
                let keptData = try Data(contentsOf: kept)
                #expect(served == keptData, "Docs/openapi.json is out of date: rerun with DOSSIER_RECORD=1")
                let document = try #require(try JSONSerialization.jsonObject(with: served) as? [String: Any])
                let paths = try #require(document["paths"] as? [String: [String: Any]])
                #expect(paths["/api/v1/tasks/{task}/advance"]?["post"] != nil)
                #expect(paths["/api/v1/sessions"]?.keys.sorted() == ["get", "post"])
            }
            // Every documented operation is routed: none answers 404 for want of a route.
            let document = try #require(try JSONSerialization.jsonObject(with: try Data(contentsOf: kept)) as? [String: Any])
            for (path, operations) in try #require(document["paths"] as? [String: [String: Any]]) {
                for method in operations.keys {
                    let uri = path.replacingOccurrences(of: "{task}", with: "1").replacingOccurrences(of: "{session}", with: "1")
                        .replacingOccurrences(of: "{dossier}", with: "1")
                    try await client.execute(uri: uri, method: HTTPRequest.Method(rawValue: method.uppercased()) ?? .get) { response in
                        #expect(response.status != .notFound || response.headers[.contentType] == "application/problem+json",
                                "\(method) \(path) is documented but not routed")
                    }
                }
            }
        }
    }
}

/// Single sign-on through a reverse proxy's header, believed only from the proxy's address.
@Suite("Service: a trusted proxy's identity header")
struct TrustedProxyTests {
    static let header = HTTPField.Name("X-Remote-User")!

    @Test("the header names the person on a connection from the trusted proxy")
    func trusted() async throws {
        let fixture = try ServiceFixture(proxyHeader: "X-Remote-User", trustedProxies: ["127.0.0.1"])
        let app = Application(router: fixture.service.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [Self.header: "alice"]) { response in
                #expect(response.status == .ok)
                let me = try ServiceTests.decode(StaffBody.self, response)
                #expect(me.id == "alice")
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [Self.header: "zed"]) { response in
                try ServiceTests.expectProblem(response, status: .forbidden, type: "not-staff", exit: 77)
            }
        }
    }

    @Test("from any other address the header is refused, and without single sign-on it is ignored")
    func untrusted() async throws {
        let fixture = try ServiceFixture(proxyHeader: "X-Remote-User", trustedProxies: ["192.0.2.1"])
        let app = Application(router: fixture.service.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [Self.header: "ada"]) { response in
                try ServiceTests.expectProblem(response, status: .unauthorized, type: "not-authenticated", exit: 77)
            }
        }
        let plain = try ServiceFixture()
        try await Application(router: plain.service.router()).test(.router) { client in
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [Self.header: "ada"]) { response in
                try ServiceTests.expectProblem(response, status: .unauthorized, type: "not-authenticated", exit: 77)
            }
        }
    }
}

/// The byte-by-byte JSON of long lists reads back as what `JSONEncoder` would have written.
@Suite("Service: list encoding")
struct ListEncodingTests {
    @Test("pending rows round-trip through the API's decoder, with escapes, nulls and moments around the epoch")
    func roundTrip() throws {
        let moments = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_772_415_000), Date(timeIntervalSince1970: -86_401),
                       Date(timeIntervalSince1970: 951_782_400)]  // 2000-02-29
        let lines = moments.enumerated().map { index, moment in
            PendingBody(task: TaskBody(task: index, dossier: 7, number: 2, workflow: "loan \"intake\"\n", workflowVersion: 1, state: "a\\b\u{1}",
                                       role: index.isMultiple(of: 2) ? nil : "a", assignee: "张三", openedAt: moment, dueAt: index == 0 ? nil : moment,
                                       closedAt: nil, closedBy: nil, action: nil),
                        workingDaysOverdue: index == 1 ? nil : index, waitingFor: [AwaitedSignatureBody(action: "go", role: "b", person: nil)],
                        approvers: index == 3 ? ["gm", "chairman"] : [])
        }
        let decoded = try APICoding.decoder().decode([PendingBody].self, from: Data(ListEncoding.pending(lines)))
        #expect(decoded == lines)
        let viaEncoder = try APICoding.decoder().decode([PendingBody].self, from: APICoding.encoder().encode(lines))
        #expect(decoded == viaEncoder)
        #expect(try APICoding.decoder().decode([PendingBody].self, from: Data(ListEncoding.pending([]))) == [])
    }
}
