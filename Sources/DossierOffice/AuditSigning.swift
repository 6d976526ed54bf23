import Crypto
import DossierStore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Ed25519 key that signs checkpoints of the event chain. It lives in a file of its own
/// (mode 0600) beside the store, never in the store: whoever can rewrite the store but cannot
/// read the key cannot sign a rewritten log.
package struct AuditSigningKey: Sendable {
    package let privateKey: Curve25519.Signing.PrivateKey

    /// The public half, base64: what `audit verify --public-key` is given.
    package var publicKeyText: String { privateKey.publicKey.rawRepresentation.base64EncodedString() }

    /// Where the key of the store at `storePath` is kept by default.
    package static func defaultPath(forStore storePath: String) -> String { storePath + ".signing-key" }

    /// Where its public half is written for verifiers.
    package static func publicPath(forKey keyPath: String) -> String { keyPath + ".pub" }

    /// Creates a new key at `path` (mode 0600, never over an existing file) and its public half
    /// beside it.
    package static func create(at path: String) throws -> AuditSigningKey {
        let key = AuditSigningKey(privateKey: Curve25519.Signing.PrivateKey())
        try writeNew(key.privateKey.rawRepresentation.base64EncodedString() + "\n", to: path, mode: 0o600)
        try writeNew(key.publicKeyText + "\n", to: publicPath(forKey: path), mode: 0o644)
        return key
    }

    /// Reads the key at `path`.
    package static func read(at path: String) throws -> AuditSigningKey {
        let text = try keyText(at: path, what: "signing key")
        guard let data = Data(base64Encoded: text), let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: data) else {
            throw OfficeError.refused("\(path) is not a Dossier signing key (one line of base64, 32 bytes)")
        }
        return AuditSigningKey(privateKey: key)
    }

    /// Reads a public key (one line of base64) at `path`.
    package static func readPublicKey(at path: String) throws -> Curve25519.Signing.PublicKey {
        let text = try keyText(at: path, what: "public key")
        guard let data = Data(base64Encoded: text), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: data) else {
            throw OfficeError.refused("\(path) is not an Ed25519 public key (one line of base64, 32 bytes)")
        }
        return key
    }

    /// Signs the chain head `head` as of `time` (in whole seconds, as the printed JSON keeps it).
    package func sign(_ head: ChainHead, at time: Date) throws -> AuditCheckpoint {
        let second = Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.down))
        var checkpoint = AuditCheckpoint(sequence: head.sequence, head: head.hash, at: second, publicKey: publicKeyText, signature: "")
        checkpoint.signature = try privateKey.signature(for: checkpoint.signedText).base64EncodedString()
        return checkpoint
    }

    private static func keyText(at path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OfficeError.refused("cannot read the \(what) \(path): it is missing or not readable by this account")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes `text` to a new file at `path` with `mode`, refusing an existing file.
    private static func writeNew(_ text: String, to path: String, mode: mode_t) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw OfficeError.refused("cannot create \(path): \(String(cString: strerror(errno))); a key is never written over an existing file")
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count, fchmod(descriptor, mode) == 0 else {
            throw OfficeError.refused("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// Checking signed checkpoints against the log.
package enum CheckpointVerification {
    /// What is wrong with `checkpoint` given the trusted `publicKey` and the store's log: a bad
    /// signature, another signer, or a log that does not extend it. Empty when it holds.
    package static func problems(with checkpoint: AuditCheckpoint, publicKey: Curve25519.Signing.PublicKey, store: any DossierStore,
                                 label: String) throws -> [String] {
        guard checkpoint.publicKey == publicKey.rawRepresentation.base64EncodedString() else {
            return ["\(label) at event \(checkpoint.sequence) was signed by another key than the one trusted"]
        }
        guard let signature = Data(base64Encoded: checkpoint.signature),
              publicKey.isValidSignature(signature, for: checkpoint.signedText) else {
            return ["\(label) at event \(checkpoint.sequence) has a signature that does not verify: it was forged or altered"]
        }
        guard checkpoint.sequence > 0 else { return [] }
        guard let hash = try store.eventHash(checkpoint.sequence) else {
            return ["the log has no event \(checkpoint.sequence), which \(label) signed: events were deleted"]
        }
        if hash != checkpoint.head {
            return ["event \(checkpoint.sequence) is not the one \(label) signed: the log was rewritten up to there"]
        }
        return []
    }
}

extension Office {
    /// Signs a checkpoint of the chain's head now with `key` and keeps it in the store.
    package func signCheckpoint(with key: AuditSigningKey) throws -> AuditCheckpoint {
        let checkpoint = try key.sign(try store.chainHead(), at: time)
        try store.addCheckpoint(checkpoint)
        return checkpoint
    }

    /// Every problem with the store's checkpoints and with `external` (one kept elsewhere), each
    /// checked against the trusted `publicKey`.
    package func checkpointProblems(publicKey: Curve25519.Signing.PublicKey, external: AuditCheckpoint?) throws -> (checked: Int, problems: [String]) {
        var problems: [String] = []
        let stored = try store.checkpoints()
        for checkpoint in stored {
            problems += try CheckpointVerification.problems(with: checkpoint, publicKey: publicKey, store: store, label: "the checkpoint kept in the store")
        }
        if let external {
            problems += try CheckpointVerification.problems(with: external, publicKey: publicKey, store: store, label: "the checkpoint given")
        }
        return (stored.count + (external == nil ? 0 : 1), problems)
    }
}

/// What a full audit found: the chain, the state against the log, and the signed checkpoints.
package struct AuditFindings: Sendable, Hashable {
    package var eventsChecked: Int
    package var checkpointsChecked: Int
    package var problems: [String]
}

extension Office {
    /// The whole audit for an administrator: the hash chain, every dossier against its log, and
    /// every checkpoint (and `external`) against `publicKey`.
    package func audit(publicKey: Curve25519.Signing.PublicKey?, external: AuditCheckpoint?) throws -> AuditFindings {
        _ = try requireStaffRole(Self.administratorRole, for: "audit the store")
        let report = try store.verifyAudit()
        guard let publicKey else { return AuditFindings(eventsChecked: report.eventsChecked, checkpointsChecked: 0, problems: report.problems) }
        let (checked, problems) = try checkpointProblems(publicKey: publicKey, external: external)
        return AuditFindings(eventsChecked: report.eventsChecked, checkpointsChecked: checked, problems: report.problems + problems)
    }
}
