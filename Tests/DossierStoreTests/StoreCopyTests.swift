import DossierDefinition
import DossierEngine
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

extension StoreCopyTests {
    @Test("a ledger of the format before fines recorded by hand is migrated: every fine keeps its number, its facts and its waiver")
    func fineLedgerMigrates() throws {
        let folder = try StoreOpeningTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.db").path
        _ = try SQLiteStore(creatingAt: path, simulation: true, at: Self.moment)
        // The ledger as v11 left it: every fine on a dossier, no recorder.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                DELETE FROM grdb_migrations WHERE identifier = 'v12-recorded-fines';
                DROP TABLE fine;
                CREATE TABLE fine (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, dossier_id INTEGER NOT NULL REFERENCES dossier,
                    task_number INTEGER, workflow_id TEXT NOT NULL, workflow_version INTEGER NOT NULL, rule_id TEXT NOT NULL, rule_title TEXT NOT NULL,
                    violation TEXT NOT NULL, item_id TEXT, repetition INTEGER NOT NULL, payer TEXT NOT NULL, payer_role TEXT NOT NULL,
                    occurred_at TEXT NOT NULL, month TEXT NOT NULL, due_at TEXT, calendar TEXT, provisional BOOLEAN NOT NULL, base_amount TEXT NOT NULL,
                    escalation_from INTEGER, escalation_factor TEXT, escalation_scope TEXT NOT NULL, cap TEXT, reason TEXT NOT NULL,
                    assessed_at TEXT NOT NULL, waived_at TEXT, waived_by TEXT, waive_reason TEXT);
                INSERT INTO dossier (id, workflow_id, workflow_version, state_id, finished, started_at, updated_at, revision, snapshot)
                    VALUES (4, 'loan-intake', 1, 'compiling', 0, '2026-03-02T01:00:00.000Z', '2026-03-02T01:00:00.000Z', 1, '{}');
                INSERT INTO fine VALUES (7, '4/1/late-handover/-/0', 4, 1, 'loan-intake', 1, 'late-handover', 'Late', 'deadline-missed', NULL, 0,
                    'alice', 'a', '2026-03-05T16:00:00.000Z', '2026-03', '2026-03-05T15:59:59.000Z', 'cn@1', 0, '50', 2, '2', 'loan-intake', NULL,
                    'the task was still open', '2026-03-06T01:00:00.000Z', '2026-03-07T01:00:00.000Z', 'gina', 'sick leave');
                """)
        }
        try queue.close()
        #expect(throws: StoreError.olderFormat(path: path)) { try SQLiteStore(openingAt: path, migrating: false) }
        let store = try SQLiteStore(openingAt: path, migrating: true)
        let entries = try store.fineEntries(payer: "alice")
        #expect(entries.map(\.id) == [7])
        let fine = try #require(entries.first?.occurrence)
        #expect(fine.dossierID == 4 && fine.taskNumber == 1 && fine.baseAmount == 50 && fine.escalationFactor == 2 && fine.recordedBy == nil)
        #expect(entries.first?.isWaived == true)
        #expect(try store.waiver(of: 7)?.by == "gina")
        // The next fine gets the next number, and one may now concern no dossier.
        let recorded = try store.recordFine(at: .given(Self.moment.addingTimeInterval(86_400 * 10)), { time in
            var occurrence = FineOccurrence(dossierID: nil, taskNumber: nil, workflowID: "borrow", workflowVersion: 1,
                                            rule: FineRule(id: "account-shared", amount: 50, payer: "actor", violation: .accountShared),
                                            occasion: "recorded", payer: "bob", payerRole: "actor", occurredAt: time, month: "2026-03",
                                            reason: "let Dan log in")
            occurrence.recordedBy = "gina"
            return occurrence
        }, restoration: nil)
        #expect(recorded.fine == 8)
        #expect(try store.fineEntries(payer: "bob").first?.occurrence.recordedBy == "gina")
    }
}
