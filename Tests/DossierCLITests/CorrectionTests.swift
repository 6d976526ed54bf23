import Foundation
import Testing

/// Corrections (信息更正) through the binary: a registered dossier's fields and pages change only
/// through an approved correction, each a new version with the earlier one readable; original
/// records never change; a rejected or refused correction changes nothing.
@Suite("Corrections through the binary")
struct CorrectionTests {
    /// 鸿借字第001号 (dossier 1, customer Level Co) registered on 3 March; alice is a handler and
    /// administrator, gina the GM, dmgr a department manager.
    static func store() throws -> IntakeStore {
        try BorrowCommandTests.registered(level: "department")
    }

    static func propose(_ store: IntakeStore, _ changes: String, as user: String = "alice", at time: String,
                        extra: [String] = []) throws -> DossierProcess.Result {
        try store.run(["start", "correction", "--field", "archive-number=鸿借字第001号", "--field", "changes=\(changes)",
                       "--field", "reason=new business licence"] + extra, as: user, at: time)
    }

    static func dossierNumber(_ result: DossierProcess.Result) -> Int? {
        Int(result.stdout.dropFirst("started dossier ".count).prefix { $0.isNumber })
    }

    @Test("approved, the dossier gets version 2 with the new name, pages and level; version 1 stays readable and the history names both")
    func approved() throws {
        let store = try Self.store()
        let proposed = try Self.propose(store, "customer=Level Co., Ltd.; pages:articles=7; level=personal", at: "2026-03-05T09:00")
        #expect(proposed.status == 0, "\(proposed.stderr)")
        let correction = try #require(Self.dossierNumber(proposed), "\(proposed.stdout)")
        #expect(try store.sqlite("SELECT json_extract(snapshot, '$.fields.customer') FROM dossier WHERE id = 1") == "Level Co\n",
                "nothing changes before the approval")
        let approved = try store.advance(correction, "approve", as: "gina", at: "2026-03-05T10:00")
        #expect(approved.status == 0, "\(approved.stderr)")

        let now = try store.run(["view", "鸿借字第001号", "--at", "2026-03-05T10:05"], as: "carol")
        #expect(now.status == 0, "\(now.stderr)")
        #expect(now.stdout.contains("level: personal"), "\(now.stdout)")
        #expect(now.stdout.contains("version 2 of 2\n"), "\(now.stdout)")
        #expect(now.stdout.contains("(客户/企业名称): Level Co., Ltd.\n"), "\(now.stdout)")
        #expect(now.stdout.contains("articles: Articles of association (公司章程), 7 pages"), "\(now.stdout)")
        let before = try store.run(["view", "鸿借字第001号", "--version", "1", "--at", "2026-03-05T10:06"], as: "carol")
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout.contains("level: department"), "\(before.stdout)")
        #expect(before.stdout.contains("version 1 of 2, before later corrections"), "\(before.stdout)")
        #expect(before.stdout.contains("(客户/企业名称): Level Co\n"), "\(before.stdout)")
        let beyond = try store.run(["view", "鸿借字第001号", "--version", "3", "--at", "2026-03-05T10:07"], as: "carol")
        #expect(beyond.status == 64)
        #expect(beyond.stderr.contains("鸿借字第001号 has versions 1 to 2"), "\(beyond.stderr)")

        let history = try store.run(["history", "1"], as: "carol")
        #expect(history.stdout.contains("gina  version 2 by correction \(correction): customer \"Level Co\" → \"Level Co., Ltd.\""), "\(history.stdout)")
        #expect(history.stdout.contains("pages:articles \"2\" → \"7\""), "\(history.stdout)")
        #expect(history.stdout.contains("— \"new business licence\""), "\(history.stdout)")
        #expect(try store.run(["audit", "verify"], as: "alice").status == 0)
    }

    @Test("an original record, an unknown field, a value of the wrong type and badly written changes are refused; nothing starts")
    func refused() throws {
        let store = try Self.store()
        let original = try Self.propose(store, "pages:loan-contract=9", at: "2026-03-05T09:00")
        #expect(original.status == 1)
        #expect(original.stderr.contains("Loan contract (借款合同) (loan-contract) is an original record, which no correction changes"), "\(original.stderr)")
        let unknown = try Self.propose(store, "customr=X", at: "2026-03-05T09:01")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("loan-intake has no field 'customr'"), "\(unknown.stderr)")
        let wrongType = try Self.propose(store, "ended-on=yesterday; level=secret", at: "2026-03-05T09:02")
        #expect(wrongType.status == 1)
        #expect(wrongType.stderr.contains("field ended-on=\"yesterday\""), "\(wrongType.stderr)")
        #expect(wrongType.stderr.contains("field level=\"secret\""), "\(wrongType.stderr)")
        let malformed = try Self.propose(store, "customer", at: "2026-03-05T09:03")
        #expect(malformed.status == 1)
        #expect(malformed.stderr.contains("are not written as field=value or pages:item=N"), "\(malformed.stderr)")
        let nowhere = try store.run(["start", "correction", "--field", "archive-number=鸿借字第404号", "--field", "changes=customer=X",
                                     "--field", "reason=r", "--at", "2026-03-05T09:04"], as: "alice")
        #expect(nowhere.status == 1)
        #expect(nowhere.stderr.contains("there is no registered dossier 鸿借字第404号"), "\(nowhere.stderr)")
        let stranger = try Self.propose(store, "customer=X", as: "hal", at: "2026-03-05T09:05")
        #expect(stranger.status == 77, "hal may not read it, so he asks to change nothing of it: \(stranger.stderr)")
        #expect(stranger.stderr.contains("hal may not read"), "\(stranger.stderr)")
        let typedLevel = try Self.propose(store, "customer=X", at: "2026-03-05T09:06", extra: ["--field", "level=company"])
        #expect(typedLevel.status == 64, "the level routing the approval is the register's: \(typedLevel.stderr)")
        #expect(typedLevel.stderr.contains("level is set from the register"), "\(typedLevel.stderr)")
        #expect(try store.sqlite("SELECT COUNT(*) FROM dossier WHERE workflow_id = 'correction'") == "0\n")
    }

    @Test("approved by a manager of the dossier's level: a department manager only for their own department, a personal dossier only higher up")
    func approverByLevel() throws {
        let department = try Self.store()
        let proposed = try Self.propose(department, "customer=Level Co., Ltd.", at: "2026-03-05T09:00")
        let correction = try #require(Self.dossierNumber(proposed), "\(proposed.stderr)")
        #expect(try department.sqlite("SELECT json_extract(snapshot, '$.fields.level') FROM dossier WHERE id = \(correction)") == "department\n")
        let local = try department.advance(correction, "approve", as: "dmgr", at: "2026-03-05T09:10")
        #expect(local.status == 1, "\(local.stderr)")
        #expect(local.stderr.contains("approves only for their own department"), "\(local.stderr)")
        let deputy = try department.advance(correction, "approve", as: "dean", at: "2026-03-05T09:11")
        #expect(deputy.status == 0, "\(deputy.stderr)")

        let personal = try BorrowCommandTests.registered(level: "personal")
        let personalCorrection = try #require(Self.dossierNumber(try Self.propose(personal, "customer=Level Co., Ltd.", at: "2026-03-05T09:00")))
        let refused = try personal.advance(personalCorrection, "approve", as: "dmgr", at: "2026-03-05T09:10")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("dmgr cannot approve this correction: a personal-level dossier's correction is approved by deputy-gm or gm"),
                "\(refused.stderr)")
        #expect(try personal.advance(personalCorrection, "approve", as: "gina", at: "2026-03-05T09:11").status == 0)
        #expect(try personal.sqlite("SELECT json_extract(snapshot, '$.fields.customer') FROM dossier WHERE id = 1") == "Level Co., Ltd.\n")
    }

    @Test("rejected, with a reason, the dossier stays at version 1")
    func rejected() throws {
        let store = try Self.store()
        let proposed = try Self.propose(store, "customer=Someone Else", at: "2026-03-05T09:00")
        let correction = try #require(Self.dossierNumber(proposed), "\(proposed.stderr)")
        #expect(try store.advance(correction, "reject", as: "gina", at: "2026-03-05T09:30").status == 1, "a rejection needs a note")
        #expect(try store.advance(correction, "reject", as: "gina", at: "2026-03-05T09:31", note: "the licence says Level Co").status == 0)
        let view = try store.run(["view", "鸿借字第001号", "--format", "json", "--at", "2026-03-05T09:32"], as: "carol")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(view.stdout.utf8)) as? [String: Any], "\(view.stderr)")
        #expect(object["content_version"] as? Int == 1)
        #expect((object["fields"] as? [String: String])?["customer"] == "Level Co")
    }
}
