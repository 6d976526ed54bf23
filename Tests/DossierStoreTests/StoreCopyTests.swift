import DossierStore
import Foundation
import GRDB
import Testing

/// Copies of a whole store (`dossier backup` and `dossier restore`): the copy appears only
/// once checked, never over anything, and a store of an older format is copied as it is and
/// brought up to date in the copy alone.
@Suite("Copying a store")
struct StoreCopyTests {
    static let moment = Date(timeIntervalSince1970: 1_772_443_815)

    @Test("a store of an older format is copied without being changed, and the copy is brought up to date")
    func olderFormat() throws {
        let folder = try StoreOpeningTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = folder.appendingPathComponent("old.db").path
        _ = try SQLiteStore(creatingAt: old, simulation: true, at: Self.moment)
        // The store as the previous release left it: its last migration not yet applied.
        let queue = try DatabaseQueue(path: old)
        try queue.write { try $0.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v9-staff-roles'") }
        try queue.close()
        #expect(throws: StoreError.olderFormat(path: old)) { try SQLiteStore(openingAt: old, migrating: false) }

        let copy = folder.appendingPathComponent("copy.db").path
        let mode = try SQLiteStore.copy(storeAt: old, to: copy) { draft in
            #expect(!FileManager.default.fileExists(atPath: copy), "the copy appears only once checked")
            return try SQLiteStore(openingAt: draft, migrating: true).info().isSimulation
        }
        #expect(mode)
        _ = try SQLiteStore(openingAt: copy, migrating: false)
        #expect(throws: StoreError.olderFormat(path: old)) { try SQLiteStore(openingAt: old, migrating: false) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }.isEmpty,
                "no draft is left behind")
    }

    @Test("a copy whose check fails never appears, and nothing is written over a file or a link")
    func refusals() throws {
        let folder = try StoreOpeningTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.db").path
        let store = try SQLiteStore(creatingAt: path, simulation: true, at: Self.moment)
        struct Rejected: Error {}
        let copy = folder.appendingPathComponent("copy.db").path
        #expect(throws: Rejected.self) { try store.copy(to: copy) { _ in throw Rejected() } }
        #expect(!FileManager.default.fileExists(atPath: copy))

        try "keep me".write(toFile: copy, atomically: true, encoding: .utf8)
        #expect(throws: StoreError.fileExists(path: copy)) { try store.copy(to: copy) { _ in () } }
        #expect(try String(contentsOfFile: copy, encoding: .utf8) == "keep me")

        let link = folder.appendingPathComponent("link.db").path
        let target = folder.appendingPathComponent("elsewhere.db").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(throws: StoreError.fileExists(path: link)) { try store.copy(to: link) { _ in () } }
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }.isEmpty)
    }
}
