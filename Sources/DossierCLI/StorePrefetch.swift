import DossierStore
import Foundation

/// Opens the command's store on a second thread while swift-argument-parser reads the command
/// line, so that the two — each a few milliseconds of a short command — overlap.
///
/// The store's path is looked for in the raw arguments as `--store` would give it (else
/// `$DOSSIER_STORE`, else `./dossier.db`). Whatever the guess, it is only used when it equals the
/// path the parsed command asks for (`StoreOptions.open()`); otherwise, or when opening ahead
/// failed, the command opens its store as usual and reports any error itself. Opening ahead
/// never writes: a store that needs migrating is left to the command.
final class StorePrefetch: @unchecked Sendable {
    /// The one prefetch of this process.
    static let shared = StorePrefetch()

    // `path` and `started` are set before the thread starts and read on the main thread only;
    // `store` is handed over under `lock`, after `finished` is signalled.
    private var path: String?
    private var started = false
    private var store: SQLiteStore?
    private let lock = NSLock()
    private let finished = DispatchSemaphore(value: 0)

    /// Starts opening the store that `arguments` (without the executable) and `environment`
    /// name, if that file exists.
    func start(arguments: [String], environment: [String: String]) {
        let path = Self.storePath(arguments) ?? environment["DOSSIER_STORE"] ?? "dossier.db"
        guard !started, FileManager.default.fileExists(atPath: path) else { return }
        self.path = path
        started = true
        Thread.detachNewThread { [self] in
            let opened = try? SQLiteStore(openingAt: path, migrating: false)
            lock.withLock { store = opened }
            finished.signal()
        }
    }

    /// The store opened ahead for `path`, handed out once; `nil` when there is none, or when the
    /// opening has not finished within a second (a store on a hung file system, a thread that
    /// never started): then the command opens the store itself and reports what it finds.
    func take(_ path: String) -> SQLiteStore? {
        guard started, path == self.path else { return nil }
        started = false
        guard finished.wait(timeout: .now() + 1) == .success else { return nil }
        return lock.withLock {
            defer { store = nil }
            return store
        }
    }

    /// Waits (briefly) for an opening no command took and closes that store, so that the
    /// process does not exit while the second thread is still inside SQLite.
    func settle() {
        guard started else { return }
        started = false
        guard finished.wait(timeout: .now() + 0.5) == .success else { return }
        lock.withLock { store = nil }
    }

    /// The value of the last `--store PATH` or `--store=PATH` before a `--`.
    static func storePath(_ arguments: [String]) -> String? {
        var found: String?
        var index = arguments.startIndex
        while index < arguments.endIndex, arguments[index] != "--" {
            let argument = arguments[index]
            if argument == "--store", index + 1 < arguments.endIndex {
                found = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--store=") {
                found = String(argument.dropFirst("--store=".count))
            }
            index += 1
        }
        return found
    }
}
