import Foundation
import Testing

/// A departure through the binary (DOMAIN §5): what the leaver holds is listed, deactivation is
/// refused until it is handed over and signed, each role passes to the successor with both
/// names in the dossier's history, and the account is then deactivated.
@Suite("Departure hand-over through the binary")
struct DepartureTests {
    /// The shipped workflows, the fixture staff (alice is an administrator), gina (gm) and mia, a
    /// department manager who supervises; loan dossier 1 has alice as A, bob as B, carol as archivist.
    static func store() throws -> StoreFixture {
        try RecordedFinesCommandTests.store()
    }

    @Test("bob leaves: refused while he holds his role, then transferred to dan, signed by all three, and deactivated")
    func departure() throws {
        let store = try Self.store()
        let fined = try store.run(["fines", "record", "account-shared", "--person", "bob", "--reason", "let Dan log in as him",
                                   "--at", "2026-03-03T08:50"], as: "mia")
        #expect(fined.status == 0, "\(fined.stderr)")
        let refusedOpen = try store.run(["staff", "depart", "bob", "--successor", "dan", "--at", "2026-03-03T09:00"], as: "dan")
        #expect(refusedOpen.status == 77)
        #expect(refusedOpen.stderr.contains("dan may not open a departure: that needs the staff role 'admin'"), "\(refusedOpen.stderr)")
        let opened = try store.run(["staff", "depart", "bob", "--successor", "dan", "--supervisor", "mia", "--at", "2026-03-03T09:00"], as: "alice")
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(opened.stdout.contains("opened bob's departure as dossier 2, dan taking over"), "\(opened.stdout)")
        #expect(opened.stdout.contains("bob still holds:\n  - role b in dossier 1 (loan-intake, compiling): `dossier staff transfer bob`"), "\(opened.stdout)")
        #expect(opened.stdout.contains("customers to inform: Hongda"), "\(opened.stdout)")
        let again = try store.run(["staff", "depart", "bob", "--successor", "dan", "--at", "2026-03-03T09:01"], as: "alice")
        #expect(again.status == 1)
        #expect(again.stderr.contains("bob's departure is already open as dossier 2"), "\(again.stderr)")

        // Not yet: he still holds his role, and the list is not signed.
        let early = try store.run(["staff", "deactivate", "bob", "--reason", "left", "--at", "2026-03-03T09:05"], as: "alice")
        #expect(early.status == 1)
        #expect(early.stderr.contains("bob still holds:\n  - role b in dossier 1"), "\(early.stderr)")
        let signing = try #require(try store.openTask(of: 2))
        let unsigned = try store.run(["task", "advance", String(signing), "sign", "--at", "2026-03-03T09:06"], as: "bob")
        #expect(unsigned.status == 1)
        #expect(unsigned.stderr.contains("bob still holds role b in dossier 1 (loan-intake, compiling)"), "\(unsigned.stderr)")

        // Who may see and move what he holds.
        #expect(try store.run(["staff", "holdings", "bob", "--at", "2026-03-03T09:07"], as: "dan").status == 0, "the successor sees it")
        #expect(try store.run(["staff", "holdings", "bob", "--at", "2026-03-03T09:07"], as: "carol").status == 77)
        #expect(try store.run(["staff", "transfer", "bob", "--at", "2026-03-03T09:08"], as: "dan").status == 77)
        // Four-eyes holds in the dossier it lands in: alice is A, so she cannot also be B.
        let toAlice = try store.run(["staff", "transfer", "bob", "--to", "alice", "--at", "2026-03-03T09:09"], as: "mia")
        #expect(toAlice.status == 1)
        #expect(toAlice.stderr.contains("nothing was transferred; these cannot go to alice"), "\(toAlice.stderr)")
        #expect(toAlice.stderr.contains("four-eyes: alice cannot be both"), "\(toAlice.stderr)")
        let moved = try store.run(["staff", "transfer", "bob", "--at", "2026-03-03T09:10"], as: "mia")
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.stdout == "dossier 1 (loan-intake): b passes from bob to dan\n")
        let history = try store.run(["history", "1"], as: "alice")
        #expect(history.stdout.contains("mia  reassigned"), "\(history.stdout)")
        #expect(history.stdout.contains("bob leaves; dan takes over"), "\(history.stdout)")
        #expect(try store.sqlite("SELECT json_extract(snapshot, '$.assignments.b') FROM dossier WHERE id = 1")
            .trimmingCharacters(in: .whitespacesAndNewlines) == "dan")

        // His fine is settled by his supervisor (not by himself, nor by someone outside his departure).
        let unpaid = try store.run(["task", "advance", String(signing), "sign", "--at", "2026-03-03T09:10"], as: "bob")
        #expect(unpaid.status == 1)
        #expect(unpaid.stderr.contains("bob still holds fine 1 of 50 (account-shared, 2026-03) to settle: `dossier fines settle 1 --note …`"),
                "\(unpaid.stderr)")
        let ownSettlement = try store.run(["fines", "settle", "--person", "bob", "--note", "paid", "--at", "2026-03-03T09:10"], as: "bob")
        #expect(ownSettlement.status == 77, "\(ownSettlement.stderr)")
        #expect(try store.run(["fines", "settle", "1", "--note", "paid", "--at", "2026-03-03T09:10"], as: "carol").status == 77)
        #expect(try store.run(["fines", "settle", "1", "--at", "2026-03-03T09:10"], as: "mia").status == 64, "a settlement says how")
        let ghost = try store.run(["fines", "settle", "--person", "ghost", "--note", "paid", "--at", "2026-03-03T09:10"], as: "mia")
        #expect(ghost.status == 1 && ghost.stderr.contains("nobody called 'ghost' is in the staff directory"), "\(ghost.stderr)")
        let settled = try store.run(["fines", "settle", "--person", "bob", "--note", "deducted from the March pay", "--at", "2026-03-03T09:10"], as: "mia")
        #expect(settled.status == 0, "\(settled.stderr)")
        #expect(settled.stdout == "fine 1 settled by mia — deducted from the March pay\n")
        let twice = try store.run(["fines", "settle", "1", "--note", "again", "--at", "2026-03-03T09:10"], as: "mia")
        #expect(twice.status == 1 && twice.stderr.contains("fine 1 was already settled by mia"), "\(twice.stderr)")

        // Nothing held: all three sign, and the account is deactivated.
        let held = try store.run(["staff", "holdings", "bob", "--format", "json", "--at", "2026-03-03T09:11"], as: "alice")
        let holdings = try #require(try JSONSerialization.jsonObject(with: Data(held.stdout.utf8)) as? [String: Any])
        #expect((holdings["still_held"] as? [String])?.isEmpty == true, "\(held.stdout)")
        for person in ["bob", "dan"] {
            let signed = try store.run(["task", "advance", String(signing), "sign", "--at", "2026-03-03T09:12"], as: person)
            #expect(signed.status == 0, "\(signed.stderr)")
        }
        let premature = try store.run(["staff", "deactivate", "bob", "--reason", "left", "--at", "2026-03-03T09:13"], as: "alice")
        #expect(premature.status == 1)
        #expect(premature.stderr.contains("bob's departure (dossier 2) is not signed yet"), "\(premature.stderr)")
        let received = try store.run(["task", "advance", String(signing), "sign", "--at", "2026-03-03T09:14"], as: "mia")
        #expect(received.status == 0, "\(received.stderr)")
        #expect(try store.run(["staff", "deactivate", "bob", "--reason", "left", "--at", "2026-03-03T09:15"], as: "dan").status == 77)
        let deactivated = try store.run(["staff", "deactivate", "bob", "--reason", "left on 3 March", "--at", "2026-03-03T09:15"], as: "alice")
        #expect(deactivated.status == 0, "\(deactivated.stderr)")
        #expect(deactivated.stdout == "bob deactivated: they can no longer act or be assigned\n")
        let acting = try store.run(["start", "loan-intake", "--field", "customer=X", "--field", "project=P2", "--field", "ended-on=2026-03-02",
                                    "--assign", "a=dan", "--assign", "b=alice", "--assign", "archivist=carol", "--at", "2026-03-03T09:16"], as: "bob")
        #expect(acting.status == 77, "\(acting.stderr)")
        #expect(try store.sqlite("SELECT actor || ' ' || kind || ' ' || note FROM event WHERE kind = 'staff-deactivated'")
            .trimmingCharacters(in: .whitespacesAndNewlines) == "alice staff-deactivated left on 3 March")
        #expect(try store.run(["audit", "verify"]).status == 0)

        // The departure list and the customers to inform, as signed.
        let list = try store.run(["render", "departure-list", "2", "--at", "2026-03-03T09:17"], as: "alice")
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("Departure list (离职交接清单)\nDossier 2"), "\(list.stdout)")
        #expect(list.stdout.contains("Handed over (1):\n  1. dossier 1 (loan-intake, -): "), "\(list.stdout)")
        #expect(list.stdout.contains(" to dan, 2026-03-03 09:10 by mia\n"), "\(list.stdout)")
        #expect(list.stdout.contains("nothing: every role, loan and certificate is handed over"), "\(list.stdout)")
        #expect(list.stdout.contains("Fines (total 50, still to settle 0):\n  fine 1: "), "\(list.stdout)")
        #expect(list.stdout.contains(", 50 — settled 2026-03-03 09:10 by mia: deducted from the March pay\n"), "\(list.stdout)")
        #expect(list.stdout.contains("Customers to inform: Hongda"), "\(list.stdout)")
        #expect(list.stdout.contains("signed 2026-03-03 09:14"), "\(list.stdout)")
        #expect(!list.stdout.contains("DRAFT"), "\(list.stdout)")
        let customers = try store.run(["render", "customer-list", "2", "--form", "html", "--at", "2026-03-03T09:17"], as: "alice")
        #expect(customers.status == 0, "\(customers.stderr)")
        #expect(customers.stdout.contains("<td>Hongda</td><td>dossier 1 (loan-intake, -): dan<br></td>"), "\(customers.stdout)")
        let notDeparture = try store.run(["render", "departure-list", "1", "--at", "2026-03-03T09:17"], as: "alice")
        #expect(notDeparture.status == 1)
        #expect(notDeparture.stderr.contains("dossier 1 is not a departure"), "\(notDeparture.stderr)")
    }

    @Test("the departure list prints as a draft with what is still held until all three sign")
    func draftList() throws {
        let store = try Self.store()
        #expect(try store.run(["staff", "depart", "bob", "--successor", "dan", "--supervisor", "mia", "--at", "2026-03-03T09:00"], as: "alice").status == 0)
        let draft = try store.run(["render", "departure-list", "2", "--at", "2026-03-03T09:01"], as: "mia")
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(draft.stdout.contains("DRAFT, not all signatures given"), "\(draft.stdout)")
        #expect(draft.stdout.contains("Handed over (0):\n  nothing yet"), "\(draft.stdout)")
        #expect(draft.stdout.contains("Still held:\n  1. role b in dossier 1 (loan-intake, compiling)"), "\(draft.stdout)")
        #expect(draft.stdout.contains("Fines (total 0, still to settle 0):\n  none"), "\(draft.stdout)")
        #expect(!draft.stdout.contains("signed 2026"), "\(draft.stdout)")
    }

    @Test("without a departure nobody is deactivated, nobody deactivates themselves, and a transfer needs someone to take over")
    func refusals() throws {
        let store = try Self.store()
        let none = try store.run(["staff", "deactivate", "dan", "--reason", "left", "--at", "2026-03-03T09:00"], as: "alice")
        #expect(none.status == 1)
        #expect(none.stderr.contains("dan has no departure: open it with `dossier staff depart dan --successor USER`"), "\(none.stderr)")
        let nobody = try store.run(["staff", "holdings", "zoe", "--at", "2026-03-03T09:00"], as: "alice")
        #expect(nobody.status == 1)
        let own = try store.run(["staff", "deactivate", "alice", "--reason", "x", "--at", "2026-03-03T09:00"], as: "alice")
        #expect(own.status == 1)
        let blank = try store.run(["staff", "deactivate", "dan", "--reason", " ", "--at", "2026-03-03T09:00"], as: "alice")
        #expect(blank.status == 64)
        let noSuccessor = try store.run(["staff", "transfer", "bob", "--at", "2026-03-03T09:00"], as: "alice")
        #expect(noSuccessor.status == 64)
        #expect(noSuccessor.stderr.contains("name who takes over with --to USER"), "\(noSuccessor.stderr)")
    }
}
