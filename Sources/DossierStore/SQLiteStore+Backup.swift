import DossierEngine
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// Copies of the whole store: `dossier backup` and `dossier restore`.
extension SQLiteStore {
    /// Copies the whole store to a new file at `path`, consistently while others go on writing
    /// (SQLite's online backup through GRDB): the copy is the store as of one moment, with its
    /// whole log. The copy is written to a private file (mode 0600) beside `path`, which `check`
    /// opens and examines by its name; only when `check` returns is the copy put at `path`,
    /// never over a file or a symbolic link that is there. A copy that fails leaves no file behind.
    public func copy<Checked>(to path: String, checking check: (String) throws -> Checked) throws -> Checked {
        try Self.copy(from: database, to: path, checking: check)
    }

    /// Copies the store file at `source` (only read, whatever its format) like
    /// ``copy(to:checking:)``: for a restore, whose `check` brings the copy to the current format.
    public static func copy<Checked>(storeAt source: String, to path: String, checking check: (String) throws -> Checked) throws -> Checked {
        guard FileManager.default.fileExists(atPath: source) else { throw StoreError.missing(path: source) }
        var configuration = Configuration()
        configuration.readonly = true
        let reader: DatabaseQueue
        do {
            reader = try DatabaseQueue(path: source, configuration: configuration)
        } catch let error as DatabaseError {
            throw StoreError.unreadable(path: source, reason: error.message ?? "\(error.resultCode)")
        }
        defer { try? reader.close() }
        return try copy(from: reader, to: path, checking: check)
    }

    private static func copy<Checked>(from source: some DatabaseReader, to path: String, checking check: (String) throws -> Checked) throws -> Checked {
        // Anything at `path`, a symbolic link included (whose target is not told), is left alone.
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil || FileManager.default.fileExists(atPath: path) {
            throw StoreError.fileExists(path: path)
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let draft = try createPrivately(in: folder)
        defer { removeStoreFile(draft) }
        let checked: Checked
        do {
            let destination = try DatabaseQueue(path: draft)
            try source.backup(to: destination)
            try destination.close()
            checked = try check(draft)
        } catch let error as DatabaseError {
            throw StoreError.writeFailed(path: path, cause: error.message ?? "\(error.resultCode)")
        }
        // link(2) puts the checked copy at `path` only if nothing is there, not even a link.
        guard link(draft, path) == 0 else {
            let code = errno
            if code == EEXIST { throw StoreError.fileExists(path: path) }
            throw StoreError.writeFailed(path: path, cause: String(cString: strerror(code)))
        }
        return checked
    }

    /// Records in the log that a verified copy of `events` events ending at `head` was written
    /// to `path` (`event` is ``DossierEvent/Kind-swift.enum/backupMade`` or
    /// ``DossierEvent/Kind-swift.enum/restored``).
    public func recordCopy(_ kind: DossierEvent.Kind, path: String, events: Int, head: String, by actor: String, at moment: Moment) throws {
        try write { db in
            let time = try Self.settle(moment, db)
            let details = ["path": path, "events": String(events), "head": head]
            try Self.append([DossierEvent(kind: kind, actor: actor, at: time, details: details)], dossier: nil, db)
        }
    }

    /// Removes a store file with its journal files.
    public static func removeStoreFile(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Creates a new empty file with a name nobody can guess in `folder`, readable by this
    /// account only, and returns its path.
    private static func createPrivately(in folder: String) throws -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw StoreError.writeFailed(path: folder, cause: "the folder does not exist")
        }
        let path = URL(fileURLWithPath: folder).appendingPathComponent(".dossier-copy-\(UUID().uuidString)").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError.writeFailed(path: path, cause: String(cString: strerror(errno)))
        }
        close(descriptor)
        return path
    }
}
