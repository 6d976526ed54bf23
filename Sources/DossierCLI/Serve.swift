import ArgumentParser
import DossierOffice
import DossierService
import Foundation
import Logging
import NIOCore

/// `dossier serve [--store PATH] [--listen HOST:PORT] [--signing-key F]`.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the trusted service: the only process that opens the store, serving /api/v1 to people who log in.",
        discussion: """
            People log in with the password set by `dossier staff password` (POST /api/v1/sessions) \
            and act through the API with their bearer token; nobody can name someone else as the \
            actor. The OpenAPI document is served at /api/v1/openapi.json. Refusals are RFC 9457 \
            problems whose `exit` is the CLI's exit status. The service signs a checkpoint of the \
            event chain at least every 100 events and when it stops, with the signing key beside \
            the store (STORE.signing-key) or --signing-key F. SIGTERM or SIGINT stops it \
            gracefully: it stops accepting, finishes requests in flight and closes the store. \
            --tls-cert and --tls-key serve HTTPS; without them, listen on loopback or behind a proxy \
            that terminates TLS. --backup-dir DIR lets administrators back up into DIR by file name. \
            --database URL serves a store in PostgreSQL, which any number of servers may serve at \
            once (each given the same --signing-key).
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("Where to listen, HOST:PORT (default 127.0.0.1:8470).", valueName: "host:port"))
    var listen = "127.0.0.1:8470"

    @Option(help: ArgumentHelp("The key that signs checkpoints (default: STORE.signing-key).", valueName: "file"))
    var signingKey: String?

    @Option(help: ArgumentHelp("Serve HTTPS with this PEM certificate chain (with --tls-key).", valueName: "file"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The certificate's PEM private key.", valueName: "file"))
    var tlsKey: String?

    @Option(help: ArgumentHelp("Single sign-on: accept the person named in this header (e.g. X-Remote-User)…", valueName: "header"))
    var trustProxyHeader: String?

    @Option(help: ArgumentHelp("A reverse proxy's IP address (repeat for several): its X-Forwarded-Proto: https marks the web pages' cookies Secure, and the header above is believed only from it.", valueName: "address"))
    var trustedProxy: [String] = []

    @Option(help: ArgumentHelp("The folder `dossier backup --to NAME` writes into through this server (none without it).", valueName: "folder"))
    var backupDir: String?

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if trustProxyHeader != nil, trustedProxy.isEmpty {
            throw ValidationError("--trust-proxy-header needs --trusted-proxy ADDRESS: the header is believed only from the proxy")
        }
        if let header = trustProxyHeader, header.isEmpty || !header.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
            throw ValidationError("--trust-proxy-header \(header) is not a header name such as X-Remote-User")
        }
        if let backupDir {
            var isFolder: ObjCBool = false
            guard backupDir.hasPrefix("/"), FileManager.default.fileExists(atPath: backupDir, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("--backup-dir \(backupDir) is not an existing folder named from the root, e.g. /srv/dossier-backups")
            }
        }
        guard Self.address(listen) != nil else {
            throw ValidationError("--listen \(listen) is not HOST:PORT, e.g. 127.0.0.1:8470 (port 0 picks a free one)")
        }
    }

    static func address(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        let host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host.isEmpty ? nil : (host, port)
    }

    func run() throws {
        try reportingFailures {
            guard let (host, port) = Self.address(listen) else { return }
            let database = try storeOptions.location()
            let keyPath: String
            if let signingKey {
                keyPath = signingKey
            } else if database != nil {
                throw CommandFailure("a store in PostgreSQL keeps no key beside it: give every server the key `dossier init --database` made, with --signing-key FILE",
                                     status: .usage)
            } else {
                keyPath = AuditSigningKey.defaultPath(forStore: storeOptions.path)
                // A store made before stores had keys gets its key beside it.
                if FileManager.default.fileExists(atPath: storeOptions.path), !FileManager.default.fileExists(atPath: keyPath) {
                    _ = try AuditSigningKey.create(at: keyPath)
                    FileHandle.standardOutput.write(Data("dossier serve: created the signing key \(keyPath) (mode 0600; its public half beside it)\n".utf8))
                }
            }
            let configuration = ServiceConfiguration(storePath: storeOptions.path, database: database, host: host, port: port,
                                                     signingKeyPath: keyPath, proxyHeader: trustProxyHeader, trustedProxies: trustedProxy,
                                                     tls: tlsCert.flatMap { cert in tlsKey.map { (cert, $0) } }, backupFolder: backupDir)
            var logger = Logger(label: "dossier")
            logger.logLevel = .info
            let service = try DossierService(configuration, logger: logger)
            // The service runs on Swift's concurrency pool until a signal stops it.
            do {
                try Blocking.run {
                    try await service.run { address in
                        // Written whole and unbuffered: a supervisor or a test reads the address at once.
                        FileHandle.standardOutput.write(Data("dossier serve: listening on \(address), store \(configuration.storeDescription)\n".utf8))
                    }
                }
            } catch let error as IOError {
                throw CommandFailure("cannot listen on \(listen): \(String(cString: strerror(error.errnoCode))); choose another address with --listen")
            }
        }
    }
}
