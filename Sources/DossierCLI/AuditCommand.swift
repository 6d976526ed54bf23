import ArgumentParser
import DossierAPI
import DossierOffice
import DossierService
import DossierStore
import Foundation

/// `dossier audit …`.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the event log, and sign or print checkpoints of it.",
        subcommands: [AuditVerify.self, AuditCheckpointCommand.self]
    )
}

/// `dossier audit verify [--checkpoint FILE] [--public-key F]`.
struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the hash chain of the whole event log, check the state against it, and check the signed checkpoints.",
        discussion: """
            Every event carries a SHA-256 hash over its content and the previous event's hash. An \
            event edited, deleted or inserted outside Dossier breaks the chain; verify names the \
            first such event, and also any dossier whose current state disagrees with its log.

            A log rewritten and re-hashed by someone who could write the store is caught by the \
            checkpoints: the service signs the chain's head with its Ed25519 key (at least every \
            100 events and when it stops; `dossier audit checkpoint --sign` does it by hand). Verify \
            checks each checkpoint in the store, and --checkpoint FILE (one printed by `dossier audit \
            checkpoint` and kept elsewhere), against the public key of --public-key F, else the one \
            beside the store (STORE.signing-key.pub). Exits 1 when anything is wrong.
            """
    )

    @OptionGroup var acting: ActingOptions

    var storeOptions: StoreOptions { acting.storeOptions }

    @Option(help: ArgumentHelp("A checkpoint kept elsewhere (JSON, as `dossier audit checkpoint` prints it) the log must extend.", valueName: "file"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("The trusted Ed25519 public key, one line of base64 (default: STORE.signing-key.pub).", valueName: "file"))
    var publicKey: String?

    func run() throws {
        try reportingFailures {
            if let remote = try acting.remote() {
                if publicKey != nil {
                    throw CommandFailure("--public-key checks a store file you hold; through a server the service checks with its own key (verify a copy of the store to trust no server)",
                                         status: .usage)
                }
                let external = try checkpoint.map { APIBodies.body(try Self.readCheckpoint($0)) }
                let found = try Blocking.run { try await remote.audit(AuditRequest(checkpoint: external)) }
                guard found.problems.isEmpty else {
                    throw CommandFailure("the audit log is not intact (\(found.eventsChecked) events read):\n"
                                         + found.problems.map { "  - \($0)" }.joined(separator: "\n"))
                }
                print("audit log intact: \(found.eventsChecked) events, hash chain verified, every dossier agrees with its log, "
                      + "\(found.checkpointsChecked) signed checkpoint\(found.checkpointsChecked == 1 ? "" : "s") verified against the service's key")
                return
            }
            let store = try acting.openStore()
            let report = try store.verifyAudit()
            var problems = report.problems
            let external = try checkpoint.map(Self.readCheckpoint)
            let keyPath = publicKey ?? AuditSigningKey.publicPath(forKey: AuditSigningKey.defaultPath(forStore: storeOptions.path))
            var signed = ""
            if publicKey != nil || external != nil || FileManager.default.fileExists(atPath: keyPath) {
                let key = try AuditSigningKey.readPublicKey(at: keyPath)
                let office = Office(store: store, actorName: ActorName { "" }, time: Date(), isSimulation: false, timeIsGiven: false)
                let (checked, found) = try office.checkpointProblems(publicKey: key, external: external)
                problems += found
                signed = ", \(checked) signed checkpoint\(checked == 1 ? "" : "s") verified against \(keyPath)"
            }
            guard problems.isEmpty else {
                throw CommandFailure("the audit log is not intact (\(report.eventsChecked) events read):\n"
                                     + problems.map { "  - \($0)" }.joined(separator: "\n"))
            }
            print("audit log intact: \(report.eventsChecked) events, hash chain verified, every dossier agrees with its log\(signed)")
        }
    }

    static func readCheckpoint(_ path: String) throws -> AuditCheckpoint {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read the checkpoint \(path): it is missing or not readable")
        }
        do {
            return try AuditCheckpointCommand.decoder.decode(AuditCheckpoint.self, from: data)
        } catch {
            throw CommandFailure("\(path) is not a checkpoint as `dossier audit checkpoint` prints it (JSON with sequence, head, at, public_key, signature)")
        }
    }
}

/// `dossier audit checkpoint [--sign]`.
struct AuditCheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Print the latest signed checkpoint of the event log, to keep elsewhere.",
        discussion: """
            A checkpoint is the chain's head (the last event's number and hash) and the time, signed \
            with the store's Ed25519 key. Keep the printed JSON somewhere the store's writers cannot \
            reach; `dossier audit verify --checkpoint FILE` then proves the log still extends it. \
            --sign signs a new checkpoint at the current head first, with the signing key beside the \
            store (STORE.signing-key, created by `dossier init`) or --signing-key F.
            """
    )

    @OptionGroup var acting: ActingOptions

    var storeOptions: StoreOptions { acting.storeOptions }

    @Flag(help: "Sign a new checkpoint at the current head first.")
    var sign = false

    @Option(help: ArgumentHelp("The signing key (default: STORE.signing-key).", valueName: "file"))
    var signingKey: String?

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    func validate() throws {
        if signingKey != nil, !sign { throw ValidationError("--signing-key goes with --sign") }
    }

    func run() throws {
        try reportingFailures {
            if let remote = try acting.remote() {
                if signingKey != nil { throw CommandFailure("--signing-key signs on a store file you hold; through a server the service signs", status: .usage) }
                let latest = try Blocking.run { [sign] in sign ? try await remote.signCheckpoint() : try await remote.latestCheckpoint() }
                print(String(decoding: try Self.encoder.encode(APIBodies.checkpoint(latest)), as: UTF8.self))
                return
            }
            let store = try acting.openStore()
            let latest: AuditCheckpoint?
            if sign {
                let key = try AuditSigningKey.read(at: signingKey ?? AuditSigningKey.defaultPath(forStore: storeOptions.path))
                let office = Office(store: store, actorName: ActorName { "" }, time: Date(), isSimulation: false, timeIsGiven: false)
                latest = try office.signCheckpoint(with: key)
            } else {
                latest = try store.latestCheckpoint()
            }
            guard let latest else {
                throw CommandFailure("no checkpoint has been signed yet: `dossier serve` signs them, or sign one now with `dossier audit checkpoint --sign`")
            }
            print(String(decoding: try Self.encoder.encode(latest), as: UTF8.self))
        }
    }
}
