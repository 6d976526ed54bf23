import DossierDefinition
import DossierEngine
import Foundation
import Testing

/// What a dossier waits for: missing signatures and working days late.
@Suite("Engine: what a dossier waits for")
struct WaitingTests {
    @Test("awaited signatures follow the sign-offs given, and begunOnly hides actions nobody has started")
    func awaitedSignatures() throws {
        let engine = try Loan.engine()
        let archiving = try Loan.inArchiving(engine)
        typealias Awaited = WorkflowEngine.AwaitedSignature
        #expect(engine.awaitedSignatures(in: archiving, action: "register")
                == [Awaited(action: "register", role: "b", person: "bob"), Awaited(action: "register", role: "archivist", person: "carol")])
        #expect(engine.awaitedSignatures(in: archiving, begunOnly: true) == [])
        let signed = try engine.advance(archiving, task: 3, action: "register", note: nil, actor: member("carol"),
                                        at: at("2026-03-05T10:00")).dossier
        #expect(engine.awaitedSignatures(in: signed, begunOnly: true) == [Awaited(action: "register", role: "b", person: "bob")])
        let registered = try engine.advance(signed, task: 3, action: "register", note: nil, actor: member("bob"),
                                            at: at("2026-03-05T10:05")).dossier
        #expect(engine.awaitedSignatures(in: registered) == [])
    }

    @Test("working days late count on the workflow's calendar, holidays skipped", arguments: [
        ("2026-03-06T00:00", "2026-03-05T18:00", 0),   // not due yet
        ("2026-03-06T00:00", "2026-03-06T09:00", 1),   // due Thursday the 5th, now Friday
        ("2026-03-06T00:00", "2026-03-09T09:00", 2),   // the weekend does not count
        ("2026-02-14T00:00", "2026-02-24T09:00", 2),   // due Friday 13th: make-up Saturday 14th, then 24th after the Spring Festival
    ])
    func workingDaysLate(due: String, now: String, expected: Int) throws {
        let engine = try Loan.engine()
        #expect(engine.workingDaysLate(due: at(due), at: at(now)) == expected)
    }

    @Test("a calendar without data for a day in between gives no count rather than a guess")
    func gap() throws {
        let engine = try Loan.engine()
        #expect(engine.workingDaysLate(due: at("2026-12-31T00:00"), at: at("2027-01-05T09:00")) == nil)
    }
}
