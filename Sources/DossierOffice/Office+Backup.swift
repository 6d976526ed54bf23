import Crypto
import DossierStore
import Foundation

/// A verified copy of the whole store: where it is, how many events it holds, the hash its
/// chain ends at, and how many signed checkpoints were verified in it.
package struct StoreCopy: Sendable, Hashable {
    package var path: String
    package var events: Int
    package var head: String
    package var checkpoints: Int
}

extension Office {
    /// Writes a consistent copy of the whole store to a new file at `path` while others go on
    /// working, opens the copy and audits it in full (the hash chain, every dossier against its
    /// log, each signed checkpoint against `publicKey`), and records the backup in the log.
    /// Only an administrator backs up. A copy that fails its audit is deleted, and the refusal
    /// says what was found.
    package func backup(to path: String, publicKey: Curve25519.Signing.PublicKey?) throws -> StoreCopy {
        _ = try requireStaffRole(Self.administratorRole, for: "back up the store")
        try Self.refuseExisting(path, writing: "a backup")
        if URL(fileURLWithPath: path).standardizedFileURL.path == URL(fileURLWithPath: store.path).standardizedFileURL.path {
            throw OfficeError.refused("\(path) is the store itself; a backup is written to a new file")
        }
        try store.copy(to: path)
        let copy: StoreCopy
        do {
            copy = try Self.audit(copyAt: path, migrating: false, publicKey: publicKey)
        } catch {
            Self.remove(path)
            throw error
        }
        try store.recordCopy(.backupMade, path: Self.absolute(path), events: copy.events, head: copy.head, by: actorID, at: moment)
        return copy
    }

    /// Restores the copy at `backup` into a new store at `path`, never over an existing file:
    /// the copy is audited in full, copied, brought to the current format and audited again.
    /// The backup file itself is only read. The caller records the restore with
    /// ``recordRestore(from:copy:)`` by a person of the restored store, or removes it.
    package static func restore(from backup: String, to path: String, publicKey: Curve25519.Signing.PublicKey?) throws -> StoreCopy {
        guard FileManager.default.fileExists(atPath: backup) else {
            throw OfficeError.refused("there is no backup at \(backup); name the file `dossier backup --to` wrote")
        }
        try refuseExisting(path, writing: "a restored store")
        let source = try SQLiteStore(openingAt: backup, migrating: false)
        _ = try audit(store: source, path: backup, publicKey: publicKey)
        try source.copy(to: path)
        do {
            return try audit(copyAt: path, migrating: true, publicKey: publicKey)
        } catch {
            remove(path)
            throw error
        }
    }

    /// Records in the restored store's log that it was restored from `backup`, by the acting
    /// person, who must be one of its administrators.
    package func recordRestore(from backup: String, copy: StoreCopy) throws {
        _ = try requireStaffRole(Self.administratorRole, for: "restore the store")
        try store.recordCopy(.restored, path: Self.absolute(backup), events: copy.events, head: copy.head, by: actorID, at: moment)
    }

    /// `path` from the root, as the log records it.
    private static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// Removes a store file with its journal files.
    package static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    private static func refuseExisting(_ path: String, writing what: String) throws {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
            throw OfficeError.refused("\(path) is a symbolic link (to \(target)) and was left as it is; \(what) is written to a new file at a real path")
        }
        if FileManager.default.fileExists(atPath: path) {
            throw OfficeError.refused("\(path) already exists and was left unchanged; \(what) is written to a new file: name another")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw OfficeError.refused("the folder \(folder) does not exist; \(what) is written into an existing folder")
        }
    }

    /// Opens the store file at `path` and audits it in full.
    private static func audit(copyAt path: String, migrating: Bool, publicKey: Curve25519.Signing.PublicKey?) throws -> StoreCopy {
        try audit(store: try SQLiteStore(openingAt: path, migrating: migrating), path: path, publicKey: publicKey)
    }

    private static func audit(store: SQLiteStore, path: String, publicKey: Curve25519.Signing.PublicKey?) throws -> StoreCopy {
        let report = try store.verifyAudit()
        var problems = report.problems
        var checkpoints = 0
        if let publicKey {
            let office = Office(store: store, actorName: ActorName { "" }, time: Date(), isSimulation: false, timeIsGiven: false)
            let (checked, found) = try office.checkpointProblems(publicKey: publicKey, external: nil)
            checkpoints = checked
            problems += found
        }
        guard problems.isEmpty else {
            throw OfficeError.refused("the copy at \(path) failed its audit (\(report.eventsChecked) events read):\n"
                                      + problems.map { "  - \($0)" }.joined(separator: "\n"))
        }
        return StoreCopy(path: path, events: report.eventsChecked, head: try store.chainHead().hash, checkpoints: checkpoints)
    }
}
