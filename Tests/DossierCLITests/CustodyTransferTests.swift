import Foundation
import Testing

/// Moving a registered dossier to another custodian and department (Workflows/custody-transfer.xml)
/// through the binary: both sign, the receiver keeps it, and `dossier custody` shows each move.
@Suite("Custody transfers through the binary")
struct CustodyTransferTests {
    static func propose(_ store: IntakeStore, to receiver: String, at time: String) throws -> DossierProcess.Result {
        try store.run(["start", "custody-transfer", "--field", "archive-numbers=鸿借字第001号", "--field", "to-department=central archive",
                       "--field", "reason=the loans department's room is full", "--assign", "to=\(receiver)"], as: "carol", at: time)
    }

    @Test("carol hands 鸿借字第001号 to dora: both sign, dora keeps it in the central archive, custody shows the move with both names")
    func transfer() throws {
        let store = try BorrowCommandTests.registered(level: "department")
        let notTheirs = try store.run(["start", "custody-transfer", "--field", "archive-numbers=鸿借字第001号", "--field", "reason=r",
                                       "--assign", "to=carol"], as: "dora", at: "2026-03-05T08:59")
        #expect(notTheirs.status == 1, "dora keeps nothing of it: \(notTheirs.stderr)")
        #expect(notTheirs.stderr.contains("carol keeps it, so only carol hands it over, not dora"), "\(notTheirs.stderr)")
        let toBob = try Self.propose(store, to: "bob", at: "2026-03-05T09:00")
        #expect(toBob.status == 1, "bob is B of the dossier, and no archivist: \(toBob.stderr)")
        let proposed = try Self.propose(store, to: "dora", at: "2026-03-05T09:01")
        #expect(proposed.status == 0, "\(proposed.stderr)")
        let transfer = try #require(CorrectionTests.dossierNumber(proposed), "\(proposed.stdout)")
        let unsigned = try store.run(["render", "transfer-form", String(transfer), "--at", "2026-03-05T09:02"], as: "carol")
        #expect(unsigned.stdout.contains("Transfer form (档案移交单) — DRAFT, not signed by both"), "\(unsigned.stdout)\(unsigned.stderr)")
        #expect(unsigned.stdout.contains("  1. 鸿借字第001号: carol → dora, department central archive (not moved yet)"), "\(unsigned.stdout)")
        let early = try store.advance(transfer, "receive", as: "dora", at: "2026-03-05T09:05")
        #expect(early.status == 0 && early.stdout.contains("now waits for: from (carol)"), "dora signs first: \(early.stdout) \(early.stderr)")
        #expect(try store.sqlite("SELECT json_extract(snapshot, '$.assignments.archivist') FROM dossier WHERE id = 1") == "carol\n")
        let done = try store.advance(transfer, "receive", as: "carol", at: "2026-03-05T09:10")
        #expect(done.status == 0, "\(done.stderr)")
        #expect(try store.sqlite("SELECT json_extract(snapshot, '$.assignments.archivist') FROM dossier WHERE id = 1") == "dora\n")
        let custody = try store.run(["custody", "鸿借字第001号"], as: "carol")
        #expect(custody.stdout.contains("kept by dora, department central archive"), "\(custody.stdout)")
        #expect(custody.stdout.contains("transferred 2026-03-05 09:10: carol → dora, department central archive (custody transfer \(transfer))"),
                "\(custody.stdout)")
        let form = try store.run(["render", "transfer-form", String(transfer), "--at", "2026-03-05T09:11"], as: "carol")
        #expect(!form.stdout.contains("DRAFT"), "\(form.stdout)")
        #expect(form.stdout.contains("  1. 鸿借字第001号: carol → dora, department central archive (moved 2026-03-05 09:10)"), "\(form.stdout)")
        #expect(form.stdout.contains("signed 2026-03-05 09:05") && form.stdout.contains("signed 2026-03-05 09:10"), "\(form.stdout)")
        let notATransfer = try store.run(["render", "transfer-form", "1", "--at", "2026-03-05T09:12"], as: "carol")
        #expect(notATransfer.status == 1 && notATransfer.stderr.contains("dossier 1 is not a custody transfer"), "\(notATransfer.stderr)")
        let again = try Self.propose(store, to: "dora", at: "2026-03-05T09:20")
        #expect(again.status == 1)
        #expect(again.stderr.contains("鸿借字第001号 cannot be transferred: dora keeps it, so only dora hands it over, not carol"), "\(again.stderr)")
        #expect(try store.run(["audit", "verify"], as: "alice").status == 0)
    }
}
