import DossierStore
import Foundation
import GRDB
import Testing

/// Opening and creating stores: what a store says of itself survives the round trip, stores
/// written in GRDB's own date form still read, and a file Dossier did not make is refused
/// without being touched.
@Suite("Opening a store")
struct StoreOpeningTests {
    /// A fresh folder for one test, removed when the test's `defer` runs.
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-store-opening-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// 2026-03-02 09:30:15.250 UTC.
    static let moment = Date(timeIntervalSince1970: 1_772_443_815.25)

    @Test("Mode and creation time read back as written", arguments: [true, false])
    func infoRoundTrip(simulation: Bool) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.db").path
        _ = try SQLiteStore(creatingAt: path, simulation: simulation, at: Self.moment)
        let info = try SQLiteStore(openingAt: path).info()
        #expect(info.isSimulation == simulation)
        #expect(info.createdAt == Self.moment)
        #expect(info.schemaVersion != "none")
    }

    @Test("Times written in GRDB's own form (older stores) still read")
    func grdbDateForm() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.db").path
        let store = try SQLiteStore(creatingAt: path, simulation: true, at: Self.moment)
        _ = try store.deploy([DefinitionSubmission(kind: .calendar, id: "c", title: "C", source: "<calendar/>")], at: Self.moment)
        // What earlier versions stored: GRDB's formatting of a Date, "2026-03-02 09:30:15.250".
        let older = Self.moment.addingTimeInterval(-86_400)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "UPDATE store_info SET created_at = ?", arguments: [older])
            try db.execute(sql: "UPDATE definition_version SET deployed_at = ?", arguments: [older])
            #expect(try String.fetchOne(db, sql: "SELECT created_at FROM store_info") == "2026-03-01 09:30:15.250")
        }
        let reopened = try SQLiteStore(openingAt: path)
        #expect(try reopened.info().createdAt == older)
        #expect(try reopened.latestVersions(of: .calendar).map(\.deployedAt) == [older])
    }

    @Test("A SQLite file Dossier did not make is refused and left as it was")
    func foreignFile() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("other.db").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE invoice (id INTEGER PRIMARY KEY, total TEXT)") }
        let before = try queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master ORDER BY name") }
        #expect {
            _ = try SQLiteStore(openingAt: path)
        } throws: { error in
            "\(error)".contains("not a Dossier store")
        }
        let after = try queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master ORDER BY name") }
        #expect(after == before)
        #expect(after == ["invoice"])
    }
}
