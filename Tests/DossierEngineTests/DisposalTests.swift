import DossierDefinition
import DossierEngine
import Foundation
import Testing

/// Retention and destruction decided by the engine: how long a registered dossier is kept,
/// what keeps it from being destroyed, and what destroying it does.
@Suite("Disposal")
struct DisposalTests {
    /// Loan dossier 7 (the project ended 2026-03-02), filed, registered on 2026-03-06.
    static func filed(_ engine: WorkflowEngine) throws -> Dossier {
        var dossier = try Loan.start(engine).dossier
        dossier.stateID = "registered"
        dossier.isFinished = true
        dossier.openTask = nil
        return dossier
    }

    static func subject(_ dossier: Dossier, certificates: Int = 0, lent: Bool = false) -> DisposalSubject {
        DisposalSubject(dossier: dossier, archiveNumber: "鸿借字第001号", registeredAt: at("2026-03-06T10:00"),
                        certificatesInSafe: certificates, isLent: lent)
    }

    @Test("a loan dossier is kept 10 years from the end of its project, through the last day")
    func retention() throws {
        let engine = try EngineFixtures.engine("loan-intake")
        let dossier = try Self.filed(engine)
        #expect(engine.retainedUntil(dossier, registeredAt: at("2026-03-06T10:00"))?.description == "2036-03-02")
        #expect(engine.disposalObstacles(Self.subject(dossier), at: at("2036-03-02T23:00"))
                == ["鸿借字第001号 is kept until 2036-03-02 under its retention (10 years)"])
        #expect(engine.disposalObstacles(Self.subject(dossier), at: at("2036-03-03T00:30")).isEmpty)
    }

    @Test("a hold, certificates in the safe, a loan and a running dossier each keep it; each is named")
    func obstacles() throws {
        let engine = try EngineFixtures.engine("loan-intake")
        var dossier = try Self.filed(engine)
        dossier.legalHold = LegalHold(reason: "court order", placedBy: "alice", placedAt: at("2030-01-01T09:00"))
        dossier.isFinished = false
        #expect(engine.disposalObstacles(Self.subject(dossier, certificates: 2, lent: true), at: at("2040-01-01T09:00")) == [
            "鸿借字第001号 is still running (registered)", "鸿借字第001号 is under a legal hold: court order",
            "鸿借字第001号 still has 2 title certificate(s) in the safe; return them first", "鸿借字第001号 is out on loan",
        ])
    }

    @Test("destroyed, it ends in state destroyed with an event naming the list, the method and the witnesses; never twice")
    func dispose() throws {
        let engine = try EngineFixtures.engine("loan-intake")
        let dossier = try Self.filed(engine)
        let time = at("2040-01-01T09:00")
        let step = try engine.dispose(Self.subject(dossier), list: 9, method: "shred", witnesses: ["hal", "mona"], actor: member("carol"), at: time)
        #expect(step.dossier.stateID == WorkflowState.destroyedID && step.dossier.isFinished)
        #expect(step.dossier.revision == dossier.revision + 1)
        #expect(step.events.map(\.kind) == [.destroyed])
        #expect(step.events.first?.details == ["list": "9", "archive-number": "鸿借字第001号", "method": "shred", "witnesses": "hal mona"])
        #expect(refusal { try engine.dispose(Self.subject(step.dossier), list: 10, method: nil, witnesses: [], actor: member("carol"), at: time) }
                == .notDisposable(["鸿借字第001号 was destroyed already"]))
    }

    @Test("a hold is placed once and released once, each with its reason in the log")
    func hold() throws {
        let engine = try EngineFixtures.engine("loan-intake")
        let dossier = try Self.filed(engine)
        let time = at("2030-01-01T09:00")
        #expect(refusal { try engine.hold(dossier, placing: false, reason: "x", actor: member("alice"), at: time) } == .notHeld(dossier: 7))
        let held = try engine.hold(dossier, placing: true, reason: "court order", actor: member("alice"), at: time)
        #expect(held.dossier.legalHold == LegalHold(reason: "court order", placedBy: "alice", placedAt: time))
        #expect(held.events.map(\.kind) == [.holdPlaced] && held.events.first?.note == "court order")
        #expect(refusal { try engine.hold(held.dossier, placing: true, reason: "again", actor: member("alice"), at: time) }
                == .alreadyHeld(dossier: 7, reason: "court order", by: "alice"))
        let released = try engine.hold(held.dossier, placing: false, reason: "case closed", actor: member("alice"), at: time)
        #expect(released.dossier.legalHold == nil && released.events.map(\.kind) == [.holdReleased])
    }
}
