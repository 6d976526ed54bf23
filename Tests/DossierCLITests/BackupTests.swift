import Foundation
import Testing

/// `dossier backup` and `dossier restore` through the binary.
@Suite("Backup and restore")
struct BackupTests {
    @Test("a backup taken while another process writes is a verified copy, logged in the store; restore makes a new store that verifies and carries on")
    func backupAndRestore() throws {
        let store = try StoreFixture()
        let first = try store.startPing()
        #expect(try store.run(["task", "advance", String(first), "ping", "--at", "2026-03-02T10:00"]).status == 0)
        let copy = store.folder.path("copy.db")

        // Another process keeps writing while the copy is made.
        let writer = DispatchGroup()
        let path = store.path
        DispatchQueue.global().async(group: writer) {
            for n in 0..<15 {
                _ = try? DossierProcess.run(["staff", "add", "temp\(n)", "--name", "Temp", "--role", "handler", "--store", path],
                                            environment: ["DOSSIER_USER": "alice"])
            }
        }
        let backup = try store.run(["backup", "--to", copy])
        writer.wait()
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.hasPrefix("backed up to \(copy): ") && backup.stdout.contains("audit intact"), "\(backup.stdout)")
        #expect(try HostileOutputTests.mode(copy) & 0o077 == 0, "the copy is readable by its owner only")
        let logged = try store.sqlite("SELECT actor, details FROM event WHERE kind = 'backup-made';")
        #expect(logged.hasPrefix("alice|") && logged.contains(copy), "\(logged)")

        // The copy stands on its own: it verifies, and it was not changed by being checked.
        let verified = try DossierProcess.run(["audit", "verify", "--store", copy])
        #expect(verified.status == 0, "\(verified.stderr)")

        // Restored into a new store, it verifies again, records the restore, and carries on.
        let restoredPath = store.folder.path("restored.db")
        let restored = try DossierProcess.run(["restore", copy, "--store", restoredPath], environment: ["DOSSIER_USER": "alice"])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.hasPrefix("restored \(copy) to \(restoredPath): "), "\(restored.stdout)")
        let again = try StoreFixture.adopting(restoredPath, folder: store.folder)
        #expect(try again.sqlite("SELECT actor FROM event WHERE kind = 'restored';") == "alice\n")
        #expect(try again.run(["audit", "verify"]).status == 0)
        let next = try again.startPing(at: "2026-03-03T09:00")
        #expect(try again.run(["task", "advance", String(next), "ping", "--at", "2026-03-03T10:00"]).status == 0)
        #expect(try again.run(["audit", "verify"]).status == 0)
    }

    @Test("backup refuses an existing file, a missing folder, a symbolic link and a non-administrator, and leaves them as they were")
    func backupRefusals() throws {
        let store = try StoreFixture()
        let existing = store.folder.path("existing.db")
        try "keep me".write(toFile: existing, atomically: true, encoding: .utf8)
        let overwrite = try store.run(["backup", "--to", existing])
        #expect(overwrite.status == 1)
        #expect(overwrite.stderr.contains("\(existing) already exists and was left unchanged"), "\(overwrite.stderr)")
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me")

        let nowhere = try store.run(["backup", "--to", store.folder.path("no/such/folder/copy.db")])
        #expect(nowhere.status == 1 && nowhere.stderr.contains("does not exist"), "\(nowhere.stderr)")

        let link = store.folder.path("link.db")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: store.folder.path("elsewhere.db"))
        let linked = try store.run(["backup", "--to", link])
        #expect(linked.status == 1 && linked.stderr.contains("\(link) already exists and was left unchanged"), "\(linked.stderr)")
        #expect(!linked.stderr.contains("elsewhere"), "a link's target is not told")
        #expect(!FileManager.default.fileExists(atPath: store.folder.path("elsewhere.db")))

        // A server writes backups only into the folder it was started with, by a bare name.
        let noFolder = try DossierProcess.run(["serve", "--store", store.path, "--backup-dir", "backups"])
        #expect(noFolder.status == 64 && noFolder.stderr.contains("--backup-dir backups is not an existing folder named from the root"),
                "\(noFolder.stderr)")
        let remote = try DossierProcess.run(["backup", "--to", "/etc/x.db", "--server", "http://127.0.0.1:9"], environment: ["DOSSIER_USER": ""])
        #expect(remote.status == 64 && remote.stderr.contains("give a bare file name"), "\(remote.stderr)")

        let notAdmin = try store.run(["backup", "--to", store.folder.path("bob.db")], as: "bob")
        #expect(notAdmin.status == 77, "\(notAdmin.stderr)")
        #expect(notAdmin.stderr.contains("admin"), "\(notAdmin.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store.folder.path("bob.db")))
        #expect(try store.sqlite("SELECT COUNT(*) FROM event WHERE kind = 'backup-made';") == "0\n")
    }

    @Test("restore refuses an existing store, a missing --store, a missing backup and a tampered one, and creates nothing")
    func restoreRefusals() throws {
        let store = try StoreFixture()
        let copy = store.folder.path("copy.db")
        #expect(try store.run(["backup", "--to", copy]).status == 0)

        let over = try DossierProcess.run(["restore", copy, "--store", store.path], environment: ["DOSSIER_USER": "alice"])
        #expect(over.status == 1 && over.stderr.contains("already exists and was left unchanged"), "\(over.stderr)")
        let unnamed = try DossierProcess.run(["restore", copy], environment: ["DOSSIER_USER": "alice", "DOSSIER_STORE": ""])
        #expect(unnamed.status == 64, "\(unnamed.stderr)")
        let missing = try DossierProcess.run(["restore", store.folder.path("none.db"), "--store", store.folder.path("new.db")])
        #expect(missing.status == 1 && missing.stderr.contains("there is no backup at"), "\(missing.stderr)")

        // Only an administrator of the restored store restores it; anyone else leaves nothing behind.
        let notAdmin = try DossierProcess.run(["restore", copy, "--store", store.folder.path("by-bob.db")], environment: ["DOSSIER_USER": "bob"])
        #expect(notAdmin.status == 77, "\(notAdmin.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store.folder.path("by-bob.db")))

        let tampered = try StoreFixture.adopting(copy, folder: store.folder)
        _ = try tampered.sqlite("UPDATE event SET actor = 'mallory' WHERE seq = 2;")
        let target = store.folder.path("from-tampered.db")
        let refused = try DossierProcess.run(["restore", copy, "--store", target], environment: ["DOSSIER_USER": "alice"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("failed its audit") && refused.stderr.contains("event 2 was edited"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target))

    }
}
