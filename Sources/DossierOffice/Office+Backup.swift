import Crypto
import DossierPostgres
import DossierStore
import Foundation

/// A verified copy of the whole store: where it is, how many events it holds, the hash its
/// chain ends at, how many signed checkpoints were verified in it, and, for a backup, the
/// backup duties it met.
package struct StoreCopy: Sendable, Hashable {
    package var path: String
    package var events: Int
    package var head: String
    package var checkpoints: Int
    package var met: [MetDuty] = []
}

extension Office {
    /// Writes a consistent copy of the whole store to a new file at `path` while others go on
    /// working, audits the copy in full (the hash chain, every dossier against its log, each
    /// signed checkpoint against `publicKey`) before it appears at `path`, and records the
    /// backup in the log. Only an administrator backs up. A copy that fails its audit never
    /// appears, and the refusal says what was found. The backup then meets the acting person's
    /// open backup duties (an action `on="backup"`, such as the month's backup on the 1st).
    package func backup(to path: String, publicKey: Curve25519.Signing.PublicKey?) throws -> StoreCopy {
        _ = try requireStaffRole(Self.administratorRole, for: "back up the store")
        let store = try embeddedStore(for: "a backup")
        try Self.refuseMissingFolder(of: path, writing: "a backup")
        if Self.absolute(path) == Self.absolute(store.path) {
            throw OfficeError.refused("\(path) is the store itself; a backup is written to a new file")
        }
        var copy = try store.copy(to: path) { draft in try Self.audit(copyAt: draft, publicKey: publicKey) }
        copy.path = path
        try store.recordCopy(.backupMade, path: Self.absolute(path), events: copy.events, head: copy.head, by: actorID, at: moment)
        copy.met = try meetDuties(on: .backup, note: "backed up to \(Self.absolute(path)): \(copy.events) events, chain head \(copy.head.prefix(16))…, audit intact")
        return copy
    }

    /// The path of the backup `name` in a service's backup `folder`: a bare file name, so that
    /// a request can write nowhere else on the server's machine.
    package static func backupPath(named name: String, in folder: String?) throws -> String {
        guard let folder else {
            throw OfficeError.refused("this service takes no backups: start it with `dossier serve --backup-dir DIR`, the folder backups are written into")
        }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        guard !name.isEmpty, name.utf8.count <= 200, !name.hasPrefix("."),
              name.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }) else {
            throw OfficeError.invalid("name=\(name) is not a bare file name such as office-2026-04.db (letters, digits, '-', '_' and '.', not starting with '.'); a backup is written into the service's backup folder")
        }
        return URL(fileURLWithPath: folder).appendingPathComponent(name).path
    }

    /// Restores the copy at `backup` into a new store at `path`, never over an existing file:
    /// the backup is only read (whatever format it has), the copy is brought to the current
    /// format and audited in full before it appears at `path`. The caller records the restore
    /// with ``recordRestore(from:copy:)`` by a person of the restored store, or removes it.
    package static func restore(from backup: String, to path: String, publicKey: Curve25519.Signing.PublicKey?) throws -> StoreCopy {
        guard FileManager.default.fileExists(atPath: backup) else {
            throw OfficeError.refused("there is no backup at \(backup); name the file `dossier backup --to` wrote")
        }
        try refuseMissingFolder(of: path, writing: "a restored store")
        var copy = try SQLiteStore.copy(storeAt: backup, to: path) { draft in try audit(copyAt: draft, publicKey: publicKey) }
        copy.path = path
        return copy
    }

    /// Records in the restored store's log that it was restored from `backup`, by the acting
    /// person, who must be one of its administrators.
    package func recordRestore(from backup: String, copy: StoreCopy) throws {
        _ = try requireStaffRole(Self.administratorRole, for: "restore the store")
        try embeddedStore(for: "a restore").recordCopy(.restored, path: Self.absolute(backup), events: copy.events, head: copy.head, by: actorID, at: moment)
    }

    /// Copies the store, a SQLite file, into a new store in the empty PostgreSQL database at
    /// `location`, row for row with its whole log, in one transaction: the copy's chain is audited
    /// and ends at the same head before it commits, so a failed copy leaves the database empty.
    /// Nothing is recorded in either log (the copy's head is the store's). Only an administrator
    /// copies; stop the store's server first, or what is written meanwhile is not in the copy.
    package func copyStore(to location: PostgresLocation) throws -> PostgresStore.Copy {
        _ = try requireStaffRole(Self.administratorRole, for: "copy the store")
        let file = try embeddedStore(for: "a copy into PostgreSQL")
        let (copy, result) = try PostgresStore.copy(file, to: location)
        copy.close()
        return result
    }

    /// The store as a SQLite file: backups and restores copy the file. A PostgreSQL store is
    /// backed up by the database's own means (`pg_dump`, replication), which the office runs.
    private func embeddedStore(for what: String) throws -> SQLiteStore {
        guard let file = store as? SQLiteStore else {
            throw OfficeError.refused("this store is kept in PostgreSQL, which backs it up itself (pg_dump or its replicas); \(what) here copies a SQLite store file")
        }
        return file
    }

    /// `path` from the root, as the log records it.
    private static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// Removes a store file with its journal files.
    package static func remove(_ path: String) { SQLiteStore.removeStoreFile(path) }

    private static func refuseMissingFolder(of path: String, writing what: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw OfficeError.refused("the folder \(folder) does not exist; \(what) is written into an existing folder")
        }
    }

    /// Opens the store file at `path`, brings it to the current format and audits it in full.
    private static func audit(copyAt path: String, publicKey: Curve25519.Signing.PublicKey?) throws -> StoreCopy {
        let store = try SQLiteStore(openingAt: path, migrating: true)
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
            throw OfficeError.refused("the copy failed its audit (\(report.eventsChecked) events read) and was not kept:\n"
                                      + problems.map { "  - \($0)" }.joined(separator: "\n"))
        }
        return StoreCopy(path: path, events: report.eventsChecked, head: try store.chainHead().hash, checkpoints: checkpoints)
    }
}
