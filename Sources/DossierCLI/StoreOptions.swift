import ArgumentParser
import DossierPostgres
import DossierStore
import Foundation

/// `--store PATH` or `--database URL`, shared by every command that uses a store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store file (default: $DOSSIER_STORE, else ./dossier.db).", valueName: "path"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp(
        "A store in PostgreSQL instead of a file, postgres://USER@HOST[:PORT]/DATABASE[?sslmode=require] (default: $DOSSIER_DATABASE); the password comes from PGPASSWORD or ~/.pgpass, never the command line.",
        valueName: "url"))
    var database: String?

    func validate() throws {
        if store != nil, database != nil { throw ValidationError("--store and --database name two stores; give one") }
    }

    /// The path in force: the flag, then `DOSSIER_STORE`, then `./dossier.db`.
    var path: String {
        store ?? ProcessInfo.processInfo.environment["DOSSIER_STORE"] ?? "dossier.db"
    }

    /// The PostgreSQL store in force: --database, else `DOSSIER_DATABASE` unless --store names a
    /// file; `nil` for a store file.
    func location() throws -> PostgresLocation? {
        let environment = ProcessInfo.processInfo.environment
        guard let url = database ?? (store == nil ? environment["DOSSIER_DATABASE"].flatMap { $0.isEmpty ? nil : $0 } : nil) else { return nil }
        return try PostgresLocation(url: url, environment: environment, home: environment["HOME"])
    }

    /// Where the store is, as messages name it: the file's path, or the database's URL without its password.
    var description: String {
        (try? location())?.map(\.description) ?? path
    }

    /// Opens the existing store: the database, or the file (perhaps taken from `StorePrefetch`,
    /// which opened it while the command line was parsed).
    func open() throws -> any DossierStore {
        if let location = try location() { return try PostgresStore(openingAt: location) }
        let path = self.path
        if let store = StorePrefetch.shared.take(path) { return store }
        return try SQLiteStore(openingAt: path)
    }
}
