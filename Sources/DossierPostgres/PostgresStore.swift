import Crypto
import DossierStore
import Foundation
import Logging
import PostgresNIO

/// A store in PostgreSQL, for an office whose archive lives on the database it already runs and
/// backs up, in front of which any number of `dossier serve` instances may run: PostgreSQL is the
/// shared engine, Dossier adds no cluster logic of its own.
///
/// It keeps the SQLite store's contract (`Tests/DossierStoreContractTests` holds both to it):
/// every write is one transaction that first locks the chain head's row, so writers on every
/// server append to one chain one after another, as SQLite's `BEGIN IMMEDIATE` lets one process
/// write at a time; a read reads one snapshot (a `REPEATABLE READ` transaction, or a single
/// statement on its own, which needs no `BEGIN` and `COMMIT`) and never waits for a writer.
/// postgres-nio runs a connection's statements one at a time, each a round trip, so a write holds
/// the chain head for as few as it can (`PostgresStore+Write.swift`): one statement reads what it
/// needs once the lock is held, one `WITH` statement writes a step (``StatementBatch``), then the
/// commit.
///
/// Several servers may sweep at once: due work is claimed `FOR UPDATE SKIP LOCKED` under a lease
/// (`PostgresStore+Sweep.swift`). Backups are the database's own (`pg_dump`, replicas).
public final class PostgresStore: DossierStore, Sendable {
    /// Where the store is (without its password).
    public let location: PostgresLocation
    let connections: PostgresConnections
    private let storeInfo: StoreInfo
    /// How many rows of due work one claim of the sweep takes.
    let sweepBatch: Int

    /// Opens the store at `location`, bringing it to the current format unless `migrating` is
    /// false (then an older format is refused with `StoreError.olderFormat`).
    /// The sweep claims `sweepBatch` rows of due work at a time: servers sweeping at once share
    /// the work batch by batch.
    public convenience init(openingAt location: PostgresLocation, migrating: Bool = true, sweepBatch: Int = 1_000,
                            logger: Logger = Logger(label: "dossier-postgres")) throws {
        try self.init(location, sweepBatch: sweepBatch, logger: logger) { session in
            let applied = try PostgresMigrations.migrate(session, creating: false, migrating: migrating)
            guard let info = try Self.readInfo(session, applied: applied) else {
                throw StoreError.unreadable(path: location.description, reason: "it has no store information; it was not made by `dossier init`")
            }
            return info
        }
    }

    /// Makes a new store in the empty database at `location`, refusing one that holds any table.
    /// Everything is made in one transaction, so a failure leaves the database empty.
    public convenience init(creatingAt location: PostgresLocation, simulation: Bool, at time: Date,
                            logger: Logger = Logger(label: "dossier-postgres")) throws {
        try self.init(creatingAt: location, simulation: simulation, at: time, logger: logger) { _ in }
    }

    /// Makes a new store as above and fills it with `fill` in the same transaction: a fill that
    /// throws leaves the database empty.
    convenience init(creatingAt location: PostgresLocation, simulation: Bool, at time: Date, logger: Logger,
                     filling fill: (Session) throws -> Void) throws {
        try self.init(location, sweepBatch: 1_000, logger: logger) { session in
            let applied = try PostgresMigrations.migrate(session, creating: true, migrating: true) { session in
                try session.rows("INSERT INTO store_info (id, mode, created_at) VALUES (1, \(simulation ? "simulation" : "production"), \(StoredTime.text(time)))")
                try fill(session)
            }
            guard let info = try Self.readInfo(session, applied: applied) else {
                throw StoreError.unreadable(path: location.description, reason: "its store information could not be read back")
            }
            return info
        }
    }

    /// Connects to `location` and reads what the store says of itself with `open`.
    private init(_ location: PostgresLocation, sweepBatch: Int, logger: Logger, open: (Session) throws -> StoreInfo) throws {
        self.location = location
        self.sweepBatch = max(1, sweepBatch)
        let connections = try PostgresConnections(location, logger: logger)
        self.connections = connections
        storeInfo = try Self.failing(on: location) {
            try connections.with { session in
                let info = try open(session)
                try PostgresKeyring.rememberDeployed(session)
                return info
            }
        }
    }

    private static func readInfo(_ session: Session, applied: [String]) throws -> StoreInfo? {
        guard let row = try session.rows("SELECT mode, created_at FROM store_info WHERE id = 1").first else { return nil }
        let (mode, created) = try row.decode((String, String).self)
        return StoreInfo(isSimulation: mode == "simulation", createdAt: StoredTime.date(created) ?? Date(timeIntervalSince1970: 0),
                         schemaVersion: PostgresMigrations.all.map(\.identifier).last { applied.contains($0) } ?? "none")
    }

    /// Closes the store's connections.
    public func close() { connections.close() }

    public func info() throws -> StoreInfo { storeInfo }

    // MARK: Transactions

    /// Runs `body` in one read-only snapshot.
    func read<T>(_ body: (Session) throws -> T) throws -> T {
        try Self.failing(on: location) {
            try connections.with { session in try session.transaction(readOnly: true, body) }
        }
    }

    /// Runs `body` on a connection outside any transaction block, each of its statements on its
    /// own: for a read of one statement, which reads one snapshot by itself (saving the round
    /// trips of `BEGIN` and `COMMIT`), or of statements that need no snapshot in common.
    func readEach<T>(_ body: (Session) throws -> T) throws -> T {
        try Self.failing(on: location) { try connections.with(body) }
    }

    /// `body`, with PostgreSQL's failures as the store's errors (its message kept as the cause).
    static func failing<T>(on location: PostgresLocation, writing: Bool = false, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch let error as PSQLError {
            let cause = Session.message(of: error)
            if writing { throw StoreError.writeFailed(path: location.description, cause: cause) }
            throw StoreError.unreadable(path: location.description, reason: cause)
        } catch let error as PostgresDecodingError {
            throw StoreError.unreadable(path: location.description, reason: "column \(error.columnName) could not be read (\(error.code))")
        }
    }

    // MARK: Definitions

    public func deploy(_ submissions: [DefinitionSubmission], at time: Date) throws -> [DeploymentOutcome] {
        try write { session, _ in
            var outcomes: [DeploymentOutcome] = []
            for submission in submissions {
                let hash = EventChain.hex(SHA256.hash(data: Data(submission.source.utf8)))
                let latest = try Self.versions(session, "WHERE kind = \(submission.kind.rawValue) AND definition_id = \(submission.id) ORDER BY version DESC LIMIT 1").first
                if let latest, latest.sha256 == hash {
                    outcomes.append(.unchanged(latest))
                    continue
                }
                let version = DefinitionVersion(kind: submission.kind, id: submission.id, version: (latest?.version ?? 0) + 1, title: submission.title,
                                                sha256: hash, source: submission.source, deployedAt: time)
                try session.rows("""
                    INSERT INTO definition_version (kind, definition_id, version, title, content_sha256, source, deployed_at)
                    VALUES (\(version.kind.rawValue), \(version.id), \(version.version), \(version.title), \(hash), \(version.source),
                            \(StoredTime.text(time)))
                    """)
                for field in submission.personalFields {
                    try session.rows("INSERT INTO personal_field (workflow_id, workflow_version, field_id) VALUES (\(submission.id), \(version.version), \(field))")
                }
                outcomes.append(.deployed(version))
            }
            return outcomes
        }
    }

    public func latestVersions(of kind: DefinitionKind) throws -> [DefinitionVersion] {
        try readEach { session in
            try Self.versions(session, """
                AS v WHERE kind = \(kind.rawValue) AND version = (SELECT MAX(version) FROM definition_version
                                                                 WHERE kind = v.kind AND definition_id = v.definition_id)
                ORDER BY definition_id
                """)
        }
    }

    public func versions(of kind: DefinitionKind, id: String) throws -> [DefinitionVersion] {
        try readEach { session in try Self.versions(session, "WHERE kind = \(kind.rawValue) AND definition_id = \(id) ORDER BY version") }
    }

    public func version(of kind: DefinitionKind, id: String, version: Int?) throws -> DefinitionVersion? {
        try readEach { session in
            if let version {
                return try Self.versions(session, "WHERE kind = \(kind.rawValue) AND definition_id = \(id) AND version = \(version)").first
            }
            return try Self.versions(session, "WHERE kind = \(kind.rawValue) AND definition_id = \(id) ORDER BY version DESC LIMIT 1").first
        }
    }

    /// Definition versions chosen by `condition` (the rest of the query after the table).
    private static func versions(_ session: Session, _ condition: PostgresQuery) throws -> [DefinitionVersion] {
        let query = PostgresQuery(unsafeSQL: "SELECT kind, definition_id, version, title, content_sha256, source, deployed_at FROM definition_version "
                                  + condition.sql, binds: condition.binds)
        return try session.rows(query).map { row in
            let (kind, id, version, title, hash, source, deployed) = try row.decode((String, String, Int, String, String, String, String).self)
            return DefinitionVersion(kind: DefinitionKind(rawValue: kind) ?? .workflow, id: id, version: version, title: title, sha256: hash,
                                     source: source, deployedAt: StoredTime.date(deployed) ?? Date(timeIntervalSince1970: 0))
        }
    }
}
