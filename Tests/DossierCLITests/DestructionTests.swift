import Foundation
import Testing

/// Retention and destruction (销毁) through the binary: a dossier is destroyed only past its
/// workflow's retention, under no legal hold, by a list the GM approved and two witnesses
/// signed, neither of whom proposed it; it then ends in state destroyed and the register says
/// when and by whom.
@Suite("Destruction through the binary")
struct DestructionTests {
    /// 鸿借字第001号 registered on 3 March 2026; loan-intake keeps it 10 years after the project
    /// ended on 2 March 2026, so its last day is 2036-03-02.
    static func store() throws -> IntakeStore {
        try BorrowCommandTests.registered(level: "department")
    }

    static func propose(_ store: IntakeStore, numbers: String, witnesses: (String, String) = ("hal", "mona"), as user: String = "carol",
                        method: String = "shred", at time: String) throws -> DossierProcess.Result {
        try store.run(["start", "destruction", "--field", "archive-numbers=\(numbers)", "--field", "method=\(method)",
                       "--field", "reason=retention over", "--assign", "approver=gina",
                       "--assign", "witness-1=\(witnesses.0)", "--assign", "witness-2=\(witnesses.1)"], as: user, at: time)
    }

    @Test("under retention it is refused; past it, approved, held and released, signed by both witnesses, it is destroyed and the register says so")
    func destruction() throws {
        let store = try Self.store()
        #expect(try store.json(["destruction", "candidates", "--format", "json"], at: "2036-03-02T18:00").isEmpty, "kept through its last day")
        let early = try Self.propose(store, numbers: "鸿借字第001号", at: "2036-03-02T18:00")
        #expect(early.status == 1)
        #expect(early.stderr.contains("鸿借字第001号 is kept until 2036-03-02 under its retention (10 years)"), "\(early.stderr)")

        let listed = try store.json(["destruction", "candidates", "--format", "json"], at: "2036-03-03T09:00")
        #expect(listed.map { $0["archive_number"] as? String } == ["鸿借字第001号"])
        #expect(listed.first?["kept_until"] as? String == "2036-03-02")
        #expect(listed.first?["obstacles"] is NSNull, "\(listed)")
        #expect(try store.run(["destruction", "candidates", "--at", "2036-03-03T09:00"], as: "bob").status == 77, "a handler proposes nothing")

        // Four-eyes: the proposer is no witness, and an unknown number is refused.
        let ownWitness = try Self.propose(store, numbers: "鸿借字第001号", witnesses: ("carol", "mona"), at: "2036-03-03T09:05")
        #expect(ownWitness.status == 1)
        #expect(ownWitness.stderr.contains("four-eyes"), "\(ownWitness.stderr)")
        // Confidential papers are shredded: a department-level dossier is never torn.
        let torn = try Self.propose(store, numbers: "鸿借字第001号", method: "tear", at: "2036-03-03T09:05")
        #expect(torn.status == 1)
        #expect(torn.stderr.contains("鸿借字第001号 is department-level: tear destroys only company-level papers; use shred"), "\(torn.stderr)")
        let unknown = try Self.propose(store, numbers: "鸿借字第001号 鸿借字第999号", at: "2036-03-03T09:05")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("there is no registered dossier 鸿借字第999号"), "\(unknown.stderr)")

        // A legal hold: only an administrator places it, and nothing destroys a held dossier.
        #expect(try store.run(["hold", "鸿借字第001号", "--reason", "court order", "--at", "2036-03-03T09:10"], as: "carol").status == 77)
        let held = try store.run(["hold", "鸿借字第001号", "--reason", "court order 2036-17", "--at", "2036-03-03T09:10"], as: "alice")
        #expect(held.status == 0, "\(held.stderr)")
        #expect(held.stdout == "鸿借字第001号 (dossier 1) is under a legal hold: nothing destroys it until it is released\n")
        let whileHeld = try Self.propose(store, numbers: "鸿借字第001号", at: "2036-03-03T09:11")
        #expect(whileHeld.status == 1)
        #expect(whileHeld.stderr.contains("鸿借字第001号 is under a legal hold: court order 2036-17"), "\(whileHeld.stderr)")
        #expect(try store.run(["hold", "鸿借字第001号", "--release", "--reason", "case closed", "--at", "2036-03-03T09:12"], as: "alice").status == 0)

        let proposed = try Self.propose(store, numbers: "鸿借字第001号", at: "2036-03-03T09:15")
        #expect(proposed.status == 0, "\(proposed.stderr)")
        let list = try #require(Int(proposed.stdout.dropFirst("started dossier ".count).prefix { $0.isNumber }), "\(proposed.stdout)")
        #expect(try store.advance(list, "approve", as: "gina", at: "2036-03-04T09:00").status == 0)

        // Held again after approval: carrying it out is refused and changes nothing.
        #expect(try store.run(["hold", "鸿借字第001号", "--reason", "audit", "--at", "2036-03-04T09:05"], as: "alice").status == 0)
        for witness in ["hal", "mona"] {
            #expect(try store.advance(list, "destroy", as: witness, at: "2036-03-04T10:00").status == 0, "\(witness) signs")
        }
        let refused = try store.advance(list, "destroy", as: "carol", at: "2036-03-04T10:05")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("nothing was destroyed"), "\(refused.stderr)")
        #expect(try store.sqlite("SELECT state_id FROM dossier WHERE id = 1") == "registered\n")
        #expect(try store.run(["hold", "鸿借字第001号", "--release", "--reason", "audit done", "--at", "2036-03-04T10:06"], as: "alice").status == 0)

        let destroyed = try store.advance(list, "destroy", as: "carol", at: "2036-03-04T10:10")
        #expect(destroyed.status == 0, "\(destroyed.stderr)")
        #expect(try store.sqlite("SELECT state_id || ' ' || finished FROM dossier WHERE id = 1") == "destroyed 1\n")
        let register = try store.json(["register", "--format", "json"], at: "2036-03-04T10:11")
        #expect((register.first?["destroyed"] as? String)?.hasSuffix(" by carol, list \(list)") == true, "\(register)")
        let event = try store.sqlite("SELECT actor || ' ' || json_extract(details, '$.method') || ' ' || json_extract(details, '$.witnesses') FROM event WHERE kind = 'destroyed'")
        #expect(event == "carol shred hal mona\n")
        #expect(try store.json(["destruction", "candidates", "--format", "json"], at: "2036-03-04T10:12").isEmpty, "a destroyed dossier is no candidate")
        let printed = try store.run(["render", "destruction-register", "--at", "2036-03-04T10:13"], as: "carol")
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout.contains("Destruction register (销毁登记簿): 1 dossiers destroyed"), "\(printed.stdout)")
        #expect(printed.stdout.contains("1. 鸿借字第001号  dossier 1 (loan-intake)\n    destroyed 2036-03-04 10:10 by carol, shred, in front of hal, mona\n"
                                        + "    destruction list \(list), approved by gina: retention over"), "\(printed.stdout)")
        let borrow = try store.run(["borrow", "request", "鸿借字第001号", "--purpose", "audit", "--until", "2036-03-05"], as: "hal", at: "2036-03-04T10:14")
        #expect(borrow.status == 1)
        #expect(borrow.stderr.contains("鸿借字第001号 was destroyed; nothing of it can be borrowed"), "\(borrow.stderr)")
        let again = try Self.propose(store, numbers: "鸿借字第001号", at: "2036-03-04T10:15")
        #expect(again.status == 1)
        #expect(again.stderr.contains("鸿借字第001号 was destroyed already"), "\(again.stderr)")
        #expect(try store.run(["audit", "verify"], as: "alice").status == 0)
    }
}

extension IntakeStore {
    /// `sql` run by the sqlite3 shell on the store file, its output as printed.
    func sqlite(_ sql: String) throws -> String {
        try sqliteShell(path, sql)
    }
}
