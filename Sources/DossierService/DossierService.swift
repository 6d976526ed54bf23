import DossierOffice
import DossierPostgres
import DossierStore
import DossierWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTLS
import NIOSSL
import Logging

/// `dossier serve`'s configuration, built once by the command line.
package struct ServiceConfiguration: Sendable {
    /// Where the store is, as the service names it.
    package var storeDescription: String { database?.description ?? storePath }
    /// The store the service owns: a file, unless `database` names a PostgreSQL store.
    package var storePath: String
    /// A PostgreSQL store, shared with any other servers in front of it.
    package var database: PostgresLocation?
    /// Where to listen.
    package var host: String
    package var port: Int
    /// The key that signs checkpoints of the event chain; `nil` signs none.
    package var signingKeyPath: String?
    /// Sign a checkpoint at least every this many events.
    package var checkpointInterval: Int
    /// Logins, sessions and lockouts.
    package var policy: AccessPolicy
    /// Single sign-on: the header a reverse proxy names the person in, accepted only from
    /// `trustedProxies` (IP addresses); `nil` accepts bearer tokens alone.
    package var proxyHeader: String?
    package var trustedProxies: [String]
    /// TLS: the certificate chain and the private key, PEM files; `nil` serves plain HTTP.
    package var tls: (certificate: String, key: String)?
    /// The folder `POST /api/v1/backups` writes into, by a bare file name; `nil` takes no backups.
    package var backupFolder: String?

    package init(storePath: String, database: PostgresLocation? = nil, host: String = "127.0.0.1", port: Int = 8470, signingKeyPath: String?,
                 checkpointInterval: Int = 100, policy: AccessPolicy = .standard, proxyHeader: String? = nil, trustedProxies: [String] = [],
                 tls: (certificate: String, key: String)? = nil, backupFolder: String? = nil) {
        self.tls = tls
        self.backupFolder = backupFolder
        self.proxyHeader = proxyHeader
        self.trustedProxies = trustedProxies
        self.storePath = storePath
        self.database = database
        self.host = host
        self.port = port
        self.signingKeyPath = signingKeyPath
        self.checkpointInterval = checkpointInterval
        self.policy = policy
    }
}

/// The trusted service: the only process that opens the store, serving `/api/v1` to people who
/// log in.
package struct DossierService {
    package let configuration: ServiceConfiguration
    package let store: any DossierStore
    let checkpoints: Checkpoints?
    let logger: Logger
    /// The web pages' templates; `nil` serves the API alone (no Templates/web folder found).
    let pageTemplates: PageTemplates?

    /// Opens the store (and reads the signing key) for `configuration`.
    package init(_ configuration: ServiceConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        let store: any DossierStore = if let database = configuration.database {
            try PostgresStore(openingAt: database)
        } else {
            try SQLiteStore(openingAt: configuration.storePath, concurrentReads: true)
        }
        self.store = store
        do {
            pageTemplates = try PageTemplates.shipped()
        } catch {
            logger.warning("web pages not served", metadata: ["reason": "\(error)"])
            pageTemplates = nil
        }
        checkpoints = try configuration.signingKeyPath.map { path in
            Checkpoints(store: store, key: try AuditSigningKey.read(at: path), interval: configuration.checkpointInterval, logger: logger)
        }
    }

    /// The router: every endpoint of `/api/v1`, problems as RFC 9457 JSON, a request log.
    package func router() -> Router<ServiceContext> {
        let router = Router(context: ServiceContext.self)
        router.add(middleware: RequestLog())
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: SimulatedClock())
        let office = ServiceOffice(store: store, policy: configuration.policy, checkpoints: checkpoints,
                                   backupFolder: configuration.backupFolder)
        office.warm()
        let pages = pageTemplates.map { templates in
            Pages(office: office, templates: templates, tls: configuration.tls != nil, trustedProxies: Set(configuration.trustedProxies))
        }
        pages?.add(to: router)
        let api = router.group("api/v1")
        api.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.json())))
        }
        for endpoint in Endpoints.all where !endpoint.authenticated {
            api.on(RouterPath(endpoint.routerPath.dropFirst().description), method: endpoint.method) { request, context in
                try await endpoint.handler(request, context, office)
            }
        }
        let proxy = configuration.proxyHeader.flatMap { HTTPField.Name($0) }.map { TrustedProxy(header: $0, addresses: Set(configuration.trustedProxies)) }
        let authenticated = router.group("api/v1").add(middleware: Authentication(office: office, proxy: proxy))
        for endpoint in Endpoints.all where endpoint.authenticated {
            authenticated.on(RouterPath(endpoint.routerPath.dropFirst().description), method: endpoint.method) { request, context in
                try await endpoint.handler(request, context, office)
            }
        }
        if let pages { router.add(middleware: PageNotFound(pages: pages)) }
        return router
    }

    /// The application, listening where the configuration says; `listening` hears the address
    /// once the server accepts connections (with the port chosen when the configuration says 0).
    package func application(listening: @escaping @Sendable (String) -> Void = { _ in }) throws -> some ApplicationProtocol {
        let host = configuration.host
        let scheme = configuration.tls == nil ? "http" : "https"
        return Application(router: router(),
                           server: try configuration.tls.map { try .tls(.http1(), tlsConfiguration: Self.tlsConfiguration($0)) } ?? .http1(),
                           configuration: .init(address: .hostname(host, port: configuration.port), serverName: "dossier"),
                           onServerRunning: { channel in
                               let port = channel.localAddress?.port ?? 0
                               listening("\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)")
                           },
                           logger: logger)
    }

    /// The server's TLS from PEM files, with a sentence for each file that cannot be used.
    static func tlsConfiguration(_ files: (certificate: String, key: String)) throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMFile(files.certificate) } catch {
            throw OfficeError.refused("--tls-cert \(files.certificate) is not a readable PEM certificate chain (\(error))")
        }
        guard !chain.isEmpty else { throw OfficeError.refused("--tls-cert \(files.certificate) holds no certificate") }
        let key: NIOSSLPrivateKey
        do { key = try NIOSSLPrivateKey(file: files.key, format: .pem) } catch {
            throw OfficeError.refused("--tls-key \(files.key) is not a readable PEM private key (\(error))")
        }
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    }

    /// Serves until SIGTERM or SIGINT: then stops accepting, finishes the requests in flight,
    /// signs a last checkpoint and closes the store.
    package func run(listening: @escaping @Sendable (String) -> Void = { _ in }) async throws {
        try await application(listening: listening).runService()
        try await checkpoints?.sign()
    }
}
