import ArgumentParser
import DossierStore
import Foundation

/// `--store PATH`, shared by every command that uses a store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store file (default: $DOSSIER_STORE, else ./dossier.db).", valueName: "path"))
    var store: String?

    /// The path in force: the flag, then `DOSSIER_STORE`, then `./dossier.db`.
    var path: String {
        store ?? ProcessInfo.processInfo.environment["DOSSIER_STORE"] ?? "dossier.db"
    }

    /// Opens the existing store (or takes it from `StorePrefetch`, which opened it while the
    /// command line was parsed).
    func open() throws -> SQLiteStore {
        let path = self.path
        if let store = StorePrefetch.shared.take(path) { return store }
        return try SQLiteStore(openingAt: path)
    }
}
