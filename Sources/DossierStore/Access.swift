import Foundation

/// A person's session with the service, as the store keeps it: found by the SHA-256 of its
/// token, which only the person's client holds.
public struct LoginSession: Sendable, Hashable {
    /// The session's number, for `dossier session list|revoke`.
    public var id: Int
    /// Whose session it is.
    public var staffID: String
    /// When it was opened.
    public var createdAt: Date
    /// When it was last used.
    public var lastUsedAt: Date
    /// It ends unless used again before this moment.
    public var idleExpiresAt: Date
    /// It ends at this moment whatever happens.
    public var expiresAt: Date
    /// When it was ended by a logout or a revocation.
    public var revokedAt: Date?
    /// What the client said it is (e.g. `dossier-cli`), for the session list.
    public var client: String?

    /// Creates a session value.
    public init(id: Int, staffID: String, createdAt: Date, lastUsedAt: Date, idleExpiresAt: Date, expiresAt: Date,
                revokedAt: Date?, client: String?) {
        self.id = id
        self.staffID = staffID
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.idleExpiresAt = idleExpiresAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.client = client
    }

    /// Whether the session may still be used at `time`.
    public func isLive(at time: Date) -> Bool {
        revokedAt == nil && time < idleExpiresAt && time < expiresAt
    }
}

/// How long sessions last: an idle limit, renewed by each use, and an absolute one.
public struct SessionLifetime: Sendable, Hashable {
    /// A session unused this long ends.
    public var idle: TimeInterval
    /// A session ends this long after it was opened, however often it is used.
    public var absolute: TimeInterval

    /// Creates a lifetime.
    public init(idle: TimeInterval, absolute: TimeInterval) {
        self.idle = idle
        self.absolute = absolute
    }

    /// Eight working hours idle, a week at most.
    public static let standard = SessionLifetime(idle: 8 * 3600, absolute: 7 * 86_400)
}

/// A signed statement that the event log had `sequence` events ending in `head` at `at`.
public struct AuditCheckpoint: Sendable, Hashable, Codable {
    /// The number of the last event covered.
    public var sequence: Int
    /// That event's hash: the head of the chain.
    public var head: String
    /// When the checkpoint was signed.
    public var at: Date
    /// The Ed25519 public key that signed it, base64.
    public var publicKey: String
    /// The Ed25519 signature of `signedText`, base64.
    public var signature: String

    /// Creates a checkpoint value.
    public init(sequence: Int, head: String, at: Date, publicKey: String, signature: String) {
        self.sequence = sequence
        self.head = head
        self.at = at
        self.publicKey = publicKey
        self.signature = signature
    }

    /// The bytes the signature covers.
    public var signedText: Data {
        Data("dossier-checkpoint-v1|\(sequence)|\(head)|\(StoredTime.text(at))".utf8)
    }

    enum CodingKeys: String, CodingKey {
        case sequence, head, at
        case publicKey = "public_key"
        case signature
    }
}

/// The head of the event chain: how many events there are and the last one's hash.
public struct ChainHead: Sendable, Hashable {
    /// The last event's number (0 before the first event).
    public var sequence: Int
    /// The last event's hash.
    public var hash: String

    package init(sequence: Int, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }
}
