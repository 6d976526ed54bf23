import Foundation
import Testing

/// Borrowing through the binary on the demo store (鸿借字第001号 is a department-level loan
/// dossier, GY-SH-001 a car's): routing by level, executives borrowing directly, take-away and
/// loan-period refusals, lending, overdue fines, incomplete returns and custody.
@Suite("Borrowing")
struct BorrowCommandTests {
    /// The demo store plus a handler (dan), a GM (gina) and a department manager (dora).
    static func store() throws -> (TemporaryFolder, String) {
        let folder = try TemporaryFolder()
        let store = folder.path("demo.db")
        guard try DossierProcess.run(["demo", "--store", store]).status == 0 else { throw FixtureFailure("demo failed") }
        for (user, role) in [("dan", "handler"), ("gina", "gm"), ("dora", "department-manager")] {
            let added = try run(store, ["staff", "add", user, "--name", user.capitalized, "--role", role, "--at", "2026-03-18T08:00"], as: "carol")
            guard added.status == 0 else { throw FixtureFailure("staff add failed: \(added.stderr)") }
        }
        return (folder, store)
    }

    @discardableResult
    static func run(_ store: String, _ arguments: [String], as user: String) throws -> DossierProcess.Result {
        try DossierProcess.run(arguments + ["--store", store], environment: ["DOSSIER_USER": user])
    }

    static func rows(_ result: DossierProcess.Result) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }

    @Test("a staff loan: routed to the department level's approvers, lent, overdue and fined per working day, returned incomplete")
    func staffLoan() throws {
        let (folder, store) = try Self.store()
        _ = folder
        let requested = try Self.run(store, ["borrow", "request", "鸿借字第001号", "--purpose", "credit review", "--until", "2026-03-20",
                                             "--take-away", "--at", "2026-03-18T09:00"], as: "dan")
        #expect(requested.status == 0, "\(requested.stderr)")
        #expect(requested.stdout.contains("loan 4: borrow slip for 鸿借字第001号 (department level) by dan, until 2026-03-20, taken away"))
        #expect(requested.stdout.contains("waiting for approval by a department-manager or marketing-vp: dossier borrow approve 4"))
        let wrong = try Self.run(store, ["borrow", "approve", "4", "--at", "2026-03-18T09:10"], as: "sam")
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("sam cannot approve this slip: a department-level dossier's slip is approved by department-manager or marketing-vp"))
        let selfApproval = try Self.run(store, ["borrow", "lend", "4", "--at", "2026-03-18T09:11"], as: "carol")
        #expect(selfApproval.status == 1, "the archivist cannot lend before approval")
        #expect(try Self.run(store, ["borrow", "approve", "4", "--at", "2026-03-18T09:20"], as: "dora").status == 0)
        let lent = try Self.run(store, ["borrow", "lend", "4", "--at", "2026-03-18T10:00"], as: "carol")
        #expect(lent.stdout.contains("due 2026-03-20 23:59"), "the loan runs until the slip's date: \(lent.stdout)")
        let custody = try Self.run(store, ["custody", "鸿借字第001号"], as: "carol")
        #expect(custody.stdout.contains("now: borrowed by dan since 2026-03-18 10:00 on loan 4, due 2026-03-20 23:59"), "\(custody.stdout)")

        #expect(try Self.rows(try Self.run(store, ["loans", "--overdue", "--format", "json", "--at", "2026-03-20T12:00"], as: "carol")).isEmpty)
        let tick = try Self.run(store, ["tick", "--at", "2026-03-24T09:00"], as: "carol")
        #expect(tick.stdout.contains("20 to dan under late-return: task 4.3 (lent) was due by the end of 2026-03-20 and was still open then"))
        #expect(tick.stdout.contains("and was still open at the end of 2026-03-23: working day 2 late"))
        let overdue = try Self.rows(try Self.run(store, ["loans", "--overdue", "--format", "json", "--at", "2026-03-24T09:01"], as: "carol"))
        #expect(overdue.map { $0["loan"] as? Int } == [4])
        #expect(overdue.first?["approver"] as? String == "dora")

        let unknown = try Self.run(store, ["borrow", "return", "4", "--missing", "passport", "--at", "2026-03-24T10:00"], as: "carol")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("the checklist has no item 'passport'"))
        let returned = try Self.run(store, ["borrow", "return", "4", "--missing", "site-visit-record", "--at", "2026-03-24T10:00"], as: "carol")
        #expect(returned.status == 0, "\(returned.stderr)")
        #expect(returned.stdout.contains("loan 4: return-incomplete → returned-incomplete"))
        #expect(returned.stdout.contains("fined dan 20 under lost-item: item site-visit-record of 鸿借字第001号 came back missing"))
        let after = try Self.run(store, ["custody", "鸿借字第001号"], as: "carol")
        #expect(after.stdout.contains("now: back in the archive but incomplete (loan 4, borrower dan)"))
        #expect(after.stdout.contains("approve 2026-03-18 09:20 by dora; lend 2026-03-18 10:00 by carol; return-incomplete 2026-03-24 10:00 by carol (site-visit-record missing)"))
        #expect(try Self.run(store, ["borrow", "complete", "4", "--at", "2026-03-25T10:00"], as: "carol").stdout.contains("loan 4 is closed"))
        #expect(try Self.run(store, ["custody", "鸿借字第001号"], as: "carol").stdout.contains("now: in the archive"))
        let fines = try Self.rows(try Self.run(store, ["fines", "list", "--person", "dan", "--format", "json"], as: "carol"))
        #expect(fines.map { $0["rule"] as? String } == ["late-return", "late-return", "lost-item"])
        #expect(try Self.run(store, ["audit", "verify"], as: "carol").status == 0)
    }

    @Test("the GM borrows directly; a loan beyond 30 days and an unknown archive number are refused with the reason")
    func routingAndRefusals() throws {
        let (folder, store) = try Self.store()
        _ = folder
        let direct = try Self.run(store, ["borrow", "request", "GY-SH-001", "--purpose", "complaint", "--until", "2026-03-19",
                                          "--at", "2026-03-18T09:00"], as: "gina")
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(direct.stdout.contains("no approval needed: gina is gm and borrows directly through the archivist"))
        #expect(direct.stdout.contains("approved for archivist (carol)"))
        let tooLong = try Self.run(store, ["borrow", "request", "鸿借字第001号", "--purpose", "audit", "--until", "2026-05-20",
                                           "--at", "2026-03-18T09:05"], as: "dan")
        #expect(tooLong.status == 1)
        #expect(tooLong.stderr.contains("a loan runs at most 30 calendar days: return by 2026-04-17 at the latest, not 2026-05-20"))
        let missing = try Self.run(store, ["borrow", "request", "鸿借字第999号", "--purpose", "audit", "--until", "2026-03-20",
                                           "--at", "2026-03-18T09:06"], as: "dan")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no registered dossier has archive number 鸿借字第999号"))

    }
}
