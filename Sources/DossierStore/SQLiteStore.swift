import Crypto
import Foundation
import GRDB

/// The embedded default store: one SQLite file in WAL mode, opened through GRDB.
///
/// One `DatabaseQueue` owned by this type: each `dossier` command is one short process with
/// one connection. WAL mode is set when the file is created and persists in it, so opening a
/// store never writes (readers never wait for writers); named migrations bring an older file up
/// to date; every write is one `BEGIN IMMEDIATE` transaction; a busy timeout lets several
/// processes share the file.
public final class SQLiteStore: DossierStore, Sendable {
    /// The file.
    public let path: String
    let database: any DatabaseWriter
    /// What the store says of itself, read once when it is opened: neither its mode nor its
    /// creation ever change, and its format only through this process's own migration.
    private let storeInfo: StoreInfo

    /// Opens the store at `path`, which must exist, bringing it to the current format unless
    /// `migrating` is false (then a store of an older format is refused with
    /// `StoreError.olderFormat`, and nothing is written). `concurrentReads` opens a pool of
    /// connections whose readers run side by side while one writes (WAL), for the service; a
    /// command's one short process keeps a single connection, which opens faster.
    public init(openingAt path: String, migrating: Bool = true, concurrentReads: Bool = false) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.missing(path: path) }
        self.path = path
        database = try Self.connect(path, pool: concurrentReads)
        try Self.migrate(database, path: path, creating: false, migrating: migrating)
        guard let info = try Self.readInfo(database, path: path) else {
            throw StoreError.unreadable(path: path, reason: "it has no store information; it was not made by `dossier init`")
        }
        storeInfo = info
    }

    /// Creates a new store at `path`, refusing to touch an existing file. `prepare` runs in
    /// the same transaction as the creation, so a failure leaves no file behind.
    public init(creatingAt path: String, simulation: Bool, at time: Date,
                prepare: (SQLiteStore) throws -> Void = { _ in }) throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw StoreError.alreadyExists(path: path) }
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
            throw StoreError.symbolicLink(path: path, target: target)
        }
        self.path = path
        do {
            database = try Self.connect(path)
            try database.writeWithoutTransaction { db in
                guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                    throw StoreError.unreadable(path: path, reason: "SQLite could not switch it to WAL mode")
                }
            }
            try Self.migrate(database, path: path, creating: true, migrating: true)
            try database.write { db in
                try StoreInfoRecord(mode: simulation ? "simulation" : "production", createdAt: time).insert(db)
            }
            guard let info = try Self.readInfo(database, path: path) else {
                throw StoreError.unreadable(path: path, reason: "its store information could not be read back")
            }
            storeInfo = info
            try prepare(self)
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
    }

    private static func connect(_ path: String, pool: Bool = false) throws -> any DatabaseWriter {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.label = "dossier"
        // A store this account may only read is opened read-only, so that reading it never
        // tries to write (SQLite would otherwise fail the first read with "readonly database").
        configuration.readonly = FileManager.default.fileExists(atPath: path) && !StoreFile.mayWrite(path)
        if !configuration.readonly {
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // What is deleted or overwritten (a destroyed customer key) is zeroed in the
                // file, never left in its free space.
                try db.execute(sql: "PRAGMA secure_delete = ON")
            }
        }
        let unjournaled = configuration.readonly && !FileManager.default.fileExists(atPath: path + "-wal")
        do {
            let database: any DatabaseWriter = pool ? try DatabasePool(path: path, configuration: configuration)
                                                    : try DatabaseQueue(path: path, configuration: configuration)
            if unjournaled { try database.read { db in try db.execute(sql: "SELECT 1 FROM sqlite_master LIMIT 1") } }
            return database
        } catch let error as DatabaseError
                    where unjournaled && [.SQLITE_READONLY, .SQLITE_CANTOPEN].contains(error.resultCode.primaryResultCode) {
            // In a folder this account may not write, SQLite cannot make the WAL index beside a
            // store that nobody has open; with no -wal file nobody is writing it, so it is read
            // as an immutable file.
            return try immutable(path, configuration: configuration)
        } catch let error as DatabaseError {
            throw StoreError.unreadable(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    private static func immutable(_ path: String, configuration: Configuration) throws -> any DatabaseWriter {
        var components = URLComponents()
        components.scheme = "file"
        components.path = URL(fileURLWithPath: path).standardizedFileURL.path
        components.queryItems = [URLQueryItem(name: "immutable", value: "1")]
        guard let uri = components.string else { throw StoreError.unreadable(path: path, reason: "its path cannot be written as a URI") }
        do {
            return try DatabaseQueue(path: uri, configuration: configuration)
        } catch let error as DatabaseError {
            throw StoreError.unreadable(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// Brings the file to the current format. An existing file that no migration ever touched
    /// is not a Dossier store: it is refused, never given Dossier's tables.
    private static func migrate(_ database: any DatabaseWriter, path: String, creating: Bool, migrating: Bool) throws {
        let migrator = StoreMigrations.migrator
        do {
            // Reading first keeps an up-to-date store from taking the write lock on every open.
            let (applied, complete) = try database.read { db in
                (try migrator.appliedIdentifiers(db), try migrator.hasCompletedMigrations(db))
            }
            if applied.isEmpty, !creating {
                throw StoreError.unreadable(path: path, reason: "it is some other SQLite database, not a Dossier store; name the store with --store, or create one with `dossier init`")
            }
            if let unknown = applied.first(where: { !migrator.migrations.contains($0) }) {
                throw StoreError.newerFormat(path: path, migration: unknown)
            }
            if !complete {
                guard migrating else { throw StoreError.olderFormat(path: path) }
                try migrator.migrate(database)
            }
        } catch let error as DatabaseError {
            throw StoreError.unreadable(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: the write lock is taken before anything
    /// is read, so a transaction never has to be retried half-way.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StoreError.unreadable(path: path, reason: "a transaction ended without a result") }
                return result
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw StoreError.busy(path: path, cause: "\(error)")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY {
            throw StoreError.readOnly(path: path, cause: "\(error)")
        } catch let error as DatabaseError {
            // SQLite's message without the statement: the statement is ours, not the reader's.
            throw StoreError.writeFailed(path: path, cause: error.message ?? "\(error.resultCode)")
        }
    }

    /// Runs `body` in one read-only snapshot; called while a write is under way (e.g. the
    /// engine loading a workflow during `sweep`), it reads inside that write's transaction.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try database.unsafeReentrantRead { db in
            if db.isInsideTransaction { return try body(db) }
            var result: T?
            try db.inTransaction(.deferred) {
                result = try db.readOnly { try body(db) }
                return .commit
            }
            guard let result else { throw StoreError.unreadable(path: path, reason: "a transaction ended without a result") }
            return result
        }
    }

    /// The store's mode, creation time and format.
    public func info() throws -> StoreInfo { storeInfo }

    /// Reads the store information and format in one snapshot; `nil` when there is none.
    private static func readInfo(_ database: any DatabaseWriter, path: String) throws -> StoreInfo? {
        do {
            return try database.read { db in
                guard let record = try StoreInfoRecord.fetch(db) else { return nil }
                let applied = try StoreMigrations.migrator.appliedIdentifiers(db)
                return StoreInfo(isSimulation: record.mode == "simulation", createdAt: record.createdAt,
                                 schemaVersion: StoreMigrations.migrator.migrations.last { applied.contains($0) } ?? "none")
            }
        } catch let error as DatabaseError {
            throw StoreError.unreadable(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// SHA-256 of `text`'s UTF-8 bytes, as lowercase hex.
    static func sha256(_ text: String) -> String {
        EventChain.hex(SHA256.hash(data: Data(text.utf8)))
    }

    /// Stores a new version of each changed submission, all in one transaction.
    public func deploy(_ submissions: [DefinitionSubmission], at time: Date) throws -> [DeploymentOutcome] {
        try write { db in
            var outcomes: [DeploymentOutcome] = []
            for submission in submissions {
                let hash = Self.sha256(submission.source)
                let latest = try DefinitionVersionRecord.fetchAll(db, sql: """
                    SELECT * FROM definition_version WHERE kind = ? AND definition_id = ? ORDER BY version DESC LIMIT 1
                    """, arguments: [submission.kind.rawValue, submission.id]).first
                if let latest, latest.contentSHA256 == hash {
                    outcomes.append(.unchanged(latest.value))
                    continue
                }
                let record = DefinitionVersionRecord(
                    kind: submission.kind.rawValue, definitionID: submission.id, version: (latest?.version ?? 0) + 1,
                    title: submission.title, contentSHA256: hash, source: submission.source, deployedAt: time)
                try record.insert(db)
                for field in submission.personalFields {
                    try db.execute(sql: "INSERT INTO personal_field (workflow_id, workflow_version, field_id) VALUES (?, ?, ?)",
                                   arguments: [submission.id, record.version, field])
                }
                outcomes.append(.deployed(record.value))
            }
            return outcomes
        }
    }

    /// The latest version of every definition of `kind`, by id.
    public func latestVersions(of kind: DefinitionKind) throws -> [DefinitionVersion] {
        try read { db in
            try DefinitionVersionRecord.fetchAll(db, sql: """
                SELECT * FROM definition_version AS v
                WHERE kind = ? AND version = (SELECT MAX(version) FROM definition_version
                                              WHERE kind = v.kind AND definition_id = v.definition_id)
                ORDER BY definition_id
                """, arguments: [kind.rawValue]).map(\.value)
        }
    }

    /// Every version of one definition, oldest first.
    public func versions(of kind: DefinitionKind, id: String) throws -> [DefinitionVersion] {
        try read { db in
            try DefinitionVersionRecord.fetchAll(db, sql: "SELECT * FROM definition_version WHERE kind = ? AND definition_id = ? ORDER BY version",
                                                 arguments: [kind.rawValue, id]).map(\.value)
        }
    }

    /// One version of a definition, the latest when `version` is `nil`.
    public func version(of kind: DefinitionKind, id: String, version: Int?) throws -> DefinitionVersion? {
        try read { db in
            if let version {
                return try DefinitionVersionRecord.fetchAll(db, sql: "SELECT * FROM definition_version WHERE kind = ? AND definition_id = ? AND version = ?",
                                                            arguments: [kind.rawValue, id, version]).first?.value
            }
            return try DefinitionVersionRecord.fetchAll(db, sql: """
                SELECT * FROM definition_version WHERE kind = ? AND definition_id = ? ORDER BY version DESC LIMIT 1
                """, arguments: [kind.rawValue, id]).first?.value
        }
    }
}
