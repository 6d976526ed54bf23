import ArgumentParser
import DossierAPI
import DossierOffice
import Foundation

/// `dossier backup --to FILE`.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a verified copy of the whole store to a new file, while others work.",
        discussion: """
            The copy is the store as of one moment, with its whole log (SQLite's online backup), \
            written to a new file readable by you only; it is then opened and audited in full — \
            the hash chain, every dossier against its log, each signed checkpoint against the \
            store's public key (STORE.signing-key.pub) — and the backup is recorded in the log. A \
            copy that fails its audit never appears. Only an administrator backs up. Through a server, \
            FILE is a bare file name in the folder the server was started with (`dossier serve \
            --backup-dir DIR`). The signing key is never copied: keep it apart. The backup meets \
            your open backup duty (the month's backup, Workflows/monthly-backup.xml) and says which. \
            Restore with `dossier restore FILE --store NEW`.
            Example: dossier backup --to /srv/backups/office-2026-04.db
            """
    )

    @OptionGroup var acting: ActingOptions

    @Option(help: ArgumentHelp("The new file to write (through a server: a file name in its backup folder).", valueName: "file"))
    var to: String

    func run() throws {
        try reportingFailures {
            let copy: BackupBody
            if let remote = try acting.remote() {
                guard !to.contains("/") else {
                    throw CommandFailure("--to \(to) names a folder; through a server the copy is written into the server's backup folder (`dossier serve --backup-dir DIR`), so give a bare file name such as office-2026-04.db",
                                         status: .usage)
                }
                copy = try Blocking.run { [to] in try await remote.backup(named: to) }
            } else {
                let session = try acting.session()
                let keyPath = AuditSigningKey.publicPath(forKey: AuditSigningKey.defaultPath(forStore: acting.storeOptions.path))
                let key = FileManager.default.fileExists(atPath: keyPath) ? try AuditSigningKey.readPublicKey(at: keyPath) : nil
                let made = try session.backup(to: to, publicKey: key)
                copy = BackupBody(path: made.path, events: made.events, head: made.head, checkpoints: made.checkpoints,
                                  duties: made.met.map { MetDutyBody(task: $0.task, dossier: $0.dossier, workflow: $0.workflow, action: $0.action) })
            }
            print("backed up to \(copy.path): \(copy.events) events, chain head \(copy.head.prefix(16))…, audit intact"
                  + (copy.checkpoints > 0 ? ", \(copy.checkpoints) signed checkpoint\(copy.checkpoints == 1 ? "" : "s") verified" : ""))
            for duty in copy.duties {
                print("task \(duty.task) done: '\(duty.action)' on dossier \(duty.dossier) (\(duty.workflow)), the backup duty met")
            }
        }
    }
}

/// `dossier restore FILE --store NEW`.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Make a new store from a backup, after auditing it in full.",
        discussion: """
            The backup is only read: it is audited in full (with --public-key F, its signed \
            checkpoints too), copied to the new store named by --store, which must not exist, \
            brought to the current format and audited again; the restore is recorded in the new \
            store's log by you, who must be one of its administrators. Never over a live store. \
            The signing key is not in the backup: put it beside the new store as STORE.signing-key, \
            or `dossier serve` makes a new one (earlier checkpoints verify with the old public key).
            Example: dossier restore /srv/backups/office-2026-04.db --store office.db
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The backup `dossier backup` wrote.", valueName: "file"))
    var backup: String

    @Option(help: ArgumentHelp("The trusted public key to verify the backup's checkpoints with (one line of base64).", valueName: "file"))
    var publicKey: String?

    func run() throws {
        try reportingFailures {
            guard acting.storeOptions.store != nil else {
                throw CommandFailure("name the new store with --store PATH; a restore never writes over a store", status: .usage)
            }
            let path = acting.storeOptions.path
            let key = try publicKey.map(AuditSigningKey.readPublicKey(at:))
            let copy = try Office.restore(from: backup, to: path, publicKey: key)
            do {
                try acting.session().recordRestore(from: backup, copy: copy)
            } catch {
                Office.remove(path)
                throw error
            }
            print("restored \(backup) to \(path): \(copy.events) events, chain head \(copy.head.prefix(16))…, audit intact"
                  + (copy.checkpoints > 0 ? ", \(copy.checkpoints) signed checkpoint\(copy.checkpoints == 1 ? "" : "s") verified" : ""))
        }
    }
}
