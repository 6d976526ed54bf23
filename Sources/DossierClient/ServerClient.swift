import AsyncHTTPClient
import DossierAPI
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// A refusal or failure the server answered with, as the CLI reports it: the problem's sentence
/// and the exit status it names.
package struct RemoteFailure: Error, Sendable, CustomStringConvertible {
    /// The sentence for standard error.
    package var description: String
    /// The CLI's exit status.
    package var exitStatus: Int32
    /// The problem's type, when the server sent one.
    package var type: String?
    /// Findings printed before the sentence, one a line.
    package var diagnostics: [String] = []
}

/// The client of `dossier serve`'s `/api/v1`: each call is one request with the saved bearer token.
package struct ServerClient: Sendable {
    /// The server's base URL, e.g. `http://127.0.0.1:8470`.
    package let server: String
    /// The bearer token, once logged in.
    package let token: String?
    /// A PEM file of the certificate authority to trust for an HTTPS server, besides the system's.
    package let caFile: String?
    /// On a simulation store, the time each request acts at (`--at`), ISO 8601 with its offset.
    package let simulatedTime: String?

    package init(server: String, token: String?, caFile: String? = nil, simulatedTime: String? = nil) {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.token = token
        self.caFile = caFile
        self.simulatedTime = simulatedTime
    }

    // MARK: Endpoints

    package func logIn(user: String, password: String) async throws -> LoginResponse {
        try await send(.POST, "/sessions", body: LoginRequest(user: user, password: password, client: "dossier-cli"))
    }

    package func logOut() async throws {
        try await sendWithoutAnswer(.DELETE, "/sessions/current")
    }

    package func sessions(all: Bool) async throws -> [SessionBody] {
        try await send(.GET, "/sessions" + (all ? "?all=true" : ""))
    }

    package func revokeSession(_ id: Int) async throws {
        try await sendWithoutAnswer(.DELETE, "/sessions/\(id)")
    }

    package func me() async throws -> StaffBody {
        try await send(.GET, "/me")
    }

    package func staff() async throws -> [StaffBody] {
        try await send(.GET, "/staff")
    }

    package func addStaff(_ new: NewStaffRequest) async throws -> StaffBody {
        try await send(.POST, "/staff", body: new)
    }

    package func holdings(of user: String) async throws -> HoldingsBody {
        try await send(.GET, "/staff/\(Self.escaped(user))/holdings")
    }

    package func depart(_ user: String, _ request: DepartureRequest) async throws -> DepartureBody {
        try await send(.POST, "/staff/\(Self.escaped(user))/departure", body: request)
    }

    package func transfer(from user: String, _ request: TransferRequest) async throws -> [TransferBody] {
        try await send(.POST, "/staff/\(Self.escaped(user))/transfers", body: request)
    }

    package func moveCertificates(dossier: Int, returning: Bool, _ request: CertificateMoveRequest) async throws -> CertificateMoveBody {
        try await send(.POST, "/dossiers/\(dossier)/certificates/\(returning ? "return" : "keeper")", body: request)
    }

    package func exportCustomer(_ customer: String) async throws -> CustomerExportBody {
        try await send(.GET, "/customers/\(Self.escaped(customer))/export")
    }

    package func eraseCustomer(_ customer: String, _ request: ErasureRequest) async throws -> CustomerErasureBody {
        try await send(.POST, "/customers/\(Self.escaped(customer))/erasure", body: request)
    }

    package func destructionCandidates(workflow: String) async throws -> [DestructionCandidateBody] {
        try await send(.GET, "/destruction/candidates?workflow=\(Self.escaped(workflow))")
    }

    package func hold(_ archiveNumber: String, _ request: LegalHoldRequest) async throws -> LegalHoldBody {
        try await send(.POST, "/archive/\(Self.escaped(archiveNumber))/legal-hold", body: request)
    }

    package func deactivate(_ user: String, reason: String) async throws {
        let _: Empty? = try await sendOptional(.POST, "/staff/\(Self.escaped(user))/deactivation", body: DeactivationRequest(reason: reason))
    }

    package func setPassword(of user: String, to password: String) async throws {
        let _: Empty? = try await sendOptional(.PUT, "/staff/\(Self.escaped(user))/password", body: PasswordRequest(password: password))
    }

    package func latestCheckpoint() async throws -> CheckpointBody {
        try await send(.GET, "/audit/checkpoint")
    }

    package func signCheckpoint() async throws -> CheckpointBody {
        try await send(.POST, "/audit/checkpoint")
    }

    package func audit(_ request: AuditRequest) async throws -> AuditResponse {
        try await send(.POST, "/audit/verification", body: request)
    }

    package func backup(named name: String) async throws -> BackupBody {
        try await send(.POST, "/backups", body: BackupRequest(name: name))
    }

    package func workflows() async throws -> [DefinitionVersionBody] {
        try await send(.GET, "/workflows")
    }

    package func deploy(_ request: DeployRequest) async throws -> [DefinitionVersionBody] {
        try await send(.POST, "/definitions", body: request)
    }

    package func tasks(mine: Bool, dossier: Int?, limit: Int?) async throws -> [TaskBody] {
        var query: [String] = []
        if mine { query.append("mine=true") }
        if let dossier { query.append("dossier=\(dossier)") }
        if let limit { query.append("limit=\(limit)") }
        return try await send(.GET, "/tasks" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
    }

    package func start(_ request: StartRequest) async throws -> StartResponse {
        try await send(.POST, "/dossiers", body: request)
    }

    package func fines(person: String?, month: String?) async throws -> [FineBody] {
        var query: [String] = []
        if let person { query.append("person=" + Self.escaped(person)) }
        if let month { query.append("month=" + Self.escaped(month)) }
        return try await send(.GET, "/fines" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
    }

    package func recordFine(_ request: RecordFineRequest) async throws -> RecordedFineBody {
        try await send(.POST, "/fines", body: request)
    }

    package func settleFines(_ request: SettlementRequest) async throws -> [FineSettlementBody] {
        try await send(.POST, "/fines/settlements", body: request)
    }

    package func waiveFine(_ id: Int, reason: String) async throws -> FineBody {
        try await send(.POST, "/fines/\(id)/waiver", body: WaiveRequest(reason: reason))
    }

    package func tick() async throws -> TickResponse {
        try await send(.POST, "/tick")
    }

    package func clock() async throws -> ClockBody {
        try await send(.GET, "/clock")
    }

    package func setClock(to moment: Date) async throws -> ClockBody {
        try await send(.PUT, "/clock", body: ClockRequest(at: moment))
    }

    package func register(workflow: String?) async throws -> [RegisterLineBody] {
        try await send(.GET, "/register" + (workflow.map { "?workflow=" + Self.escaped($0) } ?? ""))
    }

    package func extend(task id: Int, _ request: ExtendRequest) async throws -> ExtendResponse {
        try await send(.POST, "/tasks/\(id)/extension", body: request)
    }

    package func history(dossier: Int) async throws -> [EventBody] {
        try await send(.GET, "/dossiers/\(dossier)/history")
    }

    package func checklist(dossier: Int) async throws -> [ChecklistItemBody] {
        try await send(.GET, "/dossiers/\(dossier)/checklist")
    }

    package func recordItem(dossier: Int, item: String, _ request: RecordItemRequest) async throws -> ChecklistItemBody {
        try await send(.PUT, "/dossiers/\(dossier)/checklist/\(Self.escaped(item))", body: request)
    }

    package func verifyItem(dossier: Int, item: String, _ request: VerifyItemRequest) async throws -> ChecklistItemBody {
        try await send(.POST, "/dossiers/\(dossier)/checklist/\(Self.escaped(item))/verification", body: request)
    }

    package func addCertificate(dossier: Int, _ request: AddCertificateRequest) async throws -> CertificateListBody {
        try await send(.POST, "/dossiers/\(dossier)/certificates", body: request)
    }

    package func removeCertificate(dossier: Int, number: String) async throws -> CertificateListBody {
        try await send(.DELETE, "/dossiers/\(dossier)/certificates/\(Self.escaped(number))")
    }

    package func signCertificates(dossier: Int) async throws -> CertificateListBody {
        try await send(.POST, "/dossiers/\(dossier)/certificates/signature")
    }

    package func pending(role: String?, user: String?, overdue: Bool, limit: Int?) async throws -> [PendingBody] {
        var query: [String] = []
        if let role { query.append("role=" + Self.escaped(role)) }
        if let user { query.append("user=" + Self.escaped(user)) }
        if overdue { query.append("overdue=true") }
        if let limit { query.append("limit=\(limit)") }
        return try await send(.GET, "/pending" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
    }

    /// `text` as a query value.
    static func escaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }

    package func task(_ id: Int) async throws -> TaskBody {
        try await send(.GET, "/tasks/\(id)")
    }

    package func taskDetails(_ id: Int) async throws -> TaskDetailsBody {
        try await send(.GET, "/tasks/\(id)/details")
    }

    package func advance(task id: Int, _ request: AdvanceRequest) async throws -> AdvanceResponse {
        try await send(.POST, "/tasks/\(id)/advance", body: request)
    }

    /// The raw answer to `GET /api/v1` + `path`, undecoded (for a load generator, whose own
    /// decoding would compete with the server it measures).
    package func fetch(_ path: String) async throws -> Data {
        try await exchange(.GET, path, body: Optional<Empty>.none)
    }

    // MARK: Requests

    /// One HTTP client for the process (like `HTTPClient.shared`, never shut down): a server that
    /// is not there fails a command at once instead of being retried until the deadline.
    private static let http = makeClient(caFile: nil)

    fileprivate static func makeClient(caFile: String?) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(5)
        configuration.connectionPool.retryConnectionEstablishment = false
        // Room for a benchmark's or a script's concurrent requests (a command sends one at a time).
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 32
        if let caFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(caFile)
            configuration.tlsConfiguration = tls
        }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Clients that trust a given authority, one per file, kept (never shut down) like `http`.
    private final class Trusting: @unchecked Sendable {
        // Every access holds `lock`.
        private let lock = NSLock()
        private var clients: [String: HTTPClient] = [:]

        func client(for caFile: String) -> HTTPClient {
            lock.withLock {
                if let client = clients[caFile] { return client }
                let client = ServerClient.makeClient(caFile: caFile)
                clients[caFile] = client
                return client
            }
        }
    }

    private static let trusting = Trusting()

    private var http: HTTPClient {
        caFile.map(Self.trusting.client) ?? Self.http
    }

    struct Empty: Codable {}

    func send<Answer: Decodable>(_ method: HTTPMethod, _ path: String) async throws -> Answer {
        try await send(method, path, body: Optional<Empty>.none)
    }

    func send<Answer: Decodable>(_ method: HTTPMethod, _ path: String, body: (some Encodable)?) async throws -> Answer {
        let data = try await exchange(method, path, body: body)
        do {
            return try APICoding.decoder().decode(Answer.self, from: data)
        } catch {
            throw RemoteFailure(description: "the server at \(server) answered \(path) with something this dossier cannot read; is it the same version?",
                                exitStatus: 1)
        }
    }

    /// A request whose answer has no body (204).
    func sendOptional(_ method: HTTPMethod, _ path: String, body: some Encodable) async throws -> Empty? {
        _ = try await exchange(method, path, body: body)
        return nil
    }

    func sendWithoutAnswer(_ method: HTTPMethod, _ path: String) async throws {
        _ = try await exchange(method, path, body: Optional<Empty>.none)
    }

    private func exchange(_ method: HTTPMethod, _ path: String, body: (some Encodable)?) async throws -> Data {
        var request = HTTPClientRequest(url: server + "/api/v1" + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json, application/problem+json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let simulatedTime { request.headers.add(name: "Dossier-Simulated-Time", value: simulatedTime) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try APICoding.encoder().encode(body)))
        }
        let response: HTTPClientResponse
        let data: Data
        do {
            response = try await http.execute(request, timeout: .seconds(300))
            data = Data((try await response.body.collect(upTo: 64 * 1024 * 1024)).readableBytesView)
        } catch let tls as NIOSSLError {
            throw RemoteFailure(description: "cannot reach the server at \(server): its TLS certificate is not trusted (\(tls)); "
                                + "if your office signs its own certificates, log in with `dossier login --server \(server) --ca-file FILE`", exitStatus: 1)
        } catch {
            throw RemoteFailure(description: "cannot reach the server at \(server): \(error); is `dossier serve` running there?", exitStatus: 1)
        }
        guard (200..<300).contains(response.status.code) else {
            if let problem = try? APICoding.decoder().decode(ProblemBody.self, from: data) {
                throw RemoteFailure(description: problem.detail, exitStatus: problem.exit, type: problem.type, diagnostics: problem.diagnostics ?? [])
            }
            throw RemoteFailure(description: "the server at \(server) answered \(response.status.code) \(response.status.reasonPhrase) to \(path)",
                                exitStatus: response.status.code == 401 || response.status.code == 403 ? 77 : 1)
        }
        return data
    }
}
