import DossierPostgres
import DossierStore
import Foundation
import GRDB
import Logging
import NIOPosix
import PostgresNIO

/// The stores Dossier keeps its data in; each test runs against every one here.
enum StoreKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite, postgres

    var description: String { rawValue }

    /// The PostgreSQL server for tests: `DOSSIER_TEST_DATABASE`, a URL of a role that may create
    /// databases (`.ci/with-postgres` starts one), its password in `PGPASSWORD`.
    static let server = ProcessInfo.processInfo.environment["DOSSIER_TEST_DATABASE"]

    /// SQLite always; PostgreSQL when a server is given, and always under CI, where a missing
    /// server fails the tests rather than skipping them.
    static let available: [StoreKind] = server != nil || ProcessInfo.processInfo.environment["CI"] != nil ? allCases : [.sqlite]
}

/// The contract: everything a store keeps.
typealias ContractStore = DossierStore

/// A new, empty store of one kind for one test: a SQLite file in a folder of its own, or a
/// PostgreSQL database of its own on the test server. `remove()` deletes it.
final class FreshStore: Sendable {
    let kind: StoreKind
    /// A SQLite file's path, or a PostgreSQL database's URL.
    let address: String
    private let folder: URL?
    private let database: String?

    init(_ kind: StoreKind) throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-contract-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            self.folder = folder
            database = nil
            address = folder.appendingPathComponent("store.db").path
        case .postgres:
            guard let server = StoreKind.server else { throw ContractFailure("DOSSIER_TEST_DATABASE names no PostgreSQL server (run the tests through .ci/with-postgres)") }
            let name = "dossier_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try Self.administer(server, "CREATE DATABASE \(name)")
            folder = nil
            database = name
            address = Self.replacingDatabase(in: server, with: name)
        }
    }

    /// Creates the store.
    func create(simulation: Bool = true, at time: Date = FreshStore.opening) throws -> any ContractStore {
        switch kind {
        case .sqlite: try SQLiteStore(creatingAt: address, simulation: simulation, at: time)
        case .postgres: try PostgresStore(creatingAt: Self.location(address), simulation: simulation, at: time)
        }
    }

    /// Opens the store again, as another process (or another server) would; a PostgreSQL
    /// store's sweep claiming `sweepBatch` rows at a time.
    func open(sweepBatch: Int = SQLiteStore.sweepBatch) throws -> any ContractStore {
        switch kind {
        case .sqlite: try SQLiteStore(openingAt: address)
        case .postgres: try PostgresStore(openingAt: Self.location(address), sweepBatch: sweepBatch)
        }
    }

    /// Runs `sql` on the store's database behind its back, as someone with write access to the
    /// file or the database could.
    func tamper(_ sql: String) throws {
        switch kind {
        case .sqlite: try DatabaseQueue(path: address).write { try $0.execute(sql: sql) }
        case .postgres: try Self.administer(address, sql)
        }
    }

    /// Whether `text` stands anywhere in the store as written: in the SQLite file or its journal,
    /// or in any row of the PostgreSQL database's tables.
    func holds(_ text: String) throws -> Bool {
        switch kind {
        case .sqlite:
            let bytes = try Data(contentsOf: URL(fileURLWithPath: address)) + ((try? Data(contentsOf: URL(fileURLWithPath: address + "-wal"))) ?? Data())
            return bytes.range(of: Data(text.utf8)) != nil
        case .postgres:
            let tables = ["dossier", "event", "task", "customer_key", "dossier_key", "archive_number", "fine", "certificate"]
            let pattern = "%" + text.replacingOccurrences(of: "%", with: "\\%") + "%"
            let found = try tables.contains { table in
                try !Self.query(address, "SELECT 1 FROM \(table) AS t WHERE t::text LIKE '\(pattern.replacingOccurrences(of: "'", with: "''"))' LIMIT 1").isEmpty
            }
            return found
        }
    }

    func remove() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        if let database, let server = StoreKind.server { try? Self.administer(server, "DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }
    }

    static let opening = Date(timeIntervalSince1970: 1_772_443_800)

    static func location(_ url: String) throws -> PostgresLocation {
        try PostgresLocation(url: url, environment: ProcessInfo.processInfo.environment, home: nil)
    }

    static func replacingDatabase(in url: String, with name: String) -> String {
        guard var parts = URLComponents(string: url) else { return url }
        parts.path = "/" + name
        return parts.string ?? url
    }

    /// Runs one administrative statement on the test server.
    static func administer(_ url: String, _ sql: String) throws {
        _ = try query(url, sql)
    }

    /// The rows one statement answers on the test server.
    static func query(_ url: String, _ sql: String) throws -> [PostgresRow] {
        let connection = try connect(url)
        defer { try? connection.close().wait() }
        return try run(sql, on: connection)
    }

    /// A connection of its own to the test server, for a test that holds a transaction open.
    static func connect(_ url: String) throws -> PostgresConnection {
        let location = try location(url)
        let configuration = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                             password: location.password, database: location.database, tls: .disable)
        return try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 0,
                                              logger: Logger(label: "dossier-test")).wait()
    }

    /// The rows `sql` answers on `connection`.
    @discardableResult
    static func run(_ sql: String, on connection: PostgresConnection) throws -> [PostgresRow] {
        try connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "dossier-test")).wait().rows
    }
}

struct ContractFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
