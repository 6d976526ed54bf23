import DossierEngine
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// Copies of the whole store: `dossier backup` and `dossier restore`.
extension SQLiteStore {
    /// Copies the whole store into a new file at `path`, consistently while others go on
    /// writing (SQLite's online backup through GRDB): the copy is the store as of one moment,
    /// with its whole log. The file is created exclusively and readable by this account only; an
    /// existing file or a symbolic link is refused, and a failed copy leaves no file behind.
    public func copy(to path: String) throws {
        try Self.createExclusively(path)
        do {
            let destination = try DatabaseQueue(path: path)
            try database.backup(to: destination)
            try destination.close()
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            if let error = error as? DatabaseError {
                throw StoreError.writeFailed(path: path, cause: error.message ?? "\(error.resultCode)")
            }
            throw error
        }
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

    /// Creates an empty file at `path` only if nothing (not even a dangling symbolic link) is
    /// there, with mode 0600.
    static func createExclusively(_ path: String) throws {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
            throw StoreError.symbolicLink(path: path, target: target)
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            if code == EEXIST { throw StoreError.alreadyExists(path: path) }
            throw StoreError.writeFailed(path: path, cause: String(cString: strerror(code)))
        }
        close(descriptor)
    }
}
