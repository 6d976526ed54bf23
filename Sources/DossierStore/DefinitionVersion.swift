import Foundation

/// What kind of definition a stored version holds.
public enum DefinitionKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A workflow (`urn:dossier:workflow:1`).
    case workflow
    /// A working-day calendar (`urn:dossier:calendar:1`).
    case calendar
    /// The office's list of staff roles (`urn:dossier:staff-roles:1`), one per store.
    case staffRoles = "staff-roles"

    /// How a sentence names a definition of this kind: "workflow loan-intake", "staff roles".
    public func naming(_ id: String) -> String {
        self == .staffRoles ? "staff roles" : "\(rawValue) \(id)"
    }
}

/// A definition offered for deployment: its id, title and exact source text.
public struct DefinitionSubmission: Sendable, Hashable {
    /// Workflow or calendar.
    public var kind: DefinitionKind
    /// The definition's id.
    public var id: String
    /// Its title.
    public var title: String
    /// The exact XML text, stored as is.
    public var source: String
    /// A workflow's personal fields, which the store keeps sealed under the customer's key.
    public var personalFields: [String]

    /// Creates a submission.
    public init(kind: DefinitionKind, id: String, title: String, source: String, personalFields: [String] = []) {
        self.kind = kind
        self.id = id
        self.title = title
        self.source = source
        self.personalFields = personalFields
    }
}

/// One deployed version of a definition. Versions are numbered 1, 2, 3… per definition and
/// never change or disappear: a dossier started on version 2 runs on version 2 for ever.
public struct DefinitionVersion: Sendable, Hashable {
    /// Workflow or calendar.
    public var kind: DefinitionKind
    /// The definition's id.
    public var id: String
    /// The version number, from 1.
    public var version: Int
    /// Its title when deployed.
    public var title: String
    /// SHA-256 of the source, hex.
    public var sha256: String
    /// The exact XML text.
    public var source: String
    /// When it was deployed.
    public var deployedAt: Date

    /// Creates a version.
    public init(kind: DefinitionKind, id: String, version: Int, title: String, sha256: String, source: String, deployedAt: Date) {
        self.kind = kind
        self.id = id
        self.version = version
        self.title = title
        self.sha256 = sha256
        self.source = source
        self.deployedAt = deployedAt
    }
}

/// What deploying one submission did.
public enum DeploymentOutcome: Sendable, Hashable {
    /// A new version was stored.
    case deployed(DefinitionVersion)
    /// The content equals the latest version; nothing was stored.
    case unchanged(DefinitionVersion)
}

/// Facts about a store as a whole.
public struct StoreInfo: Sendable, Hashable {
    /// Whether the store accepts `--at` (simulation) or only the clock (production).
    public var isSimulation: Bool
    /// When it was created.
    public var createdAt: Date
    /// The store format, the name of the last migration applied.
    public var schemaVersion: String

    /// Facts a store read of itself.
    public init(isSimulation: Bool, createdAt: Date, schemaVersion: String) {
        self.isSimulation = isSimulation
        self.createdAt = createdAt
        self.schemaVersion = schemaVersion
    }
}
