import DossierDefinition
import DossierEngine
import Foundation
import Testing

/// A dossier stays on the workflow version it started on.
@Suite("Engine: version pinning")
struct VersionPinningTests {
    /// Version 2 of loan-intake: B's state is renamed `checking`, and A gets 5 working days instead of 3.
    static func version2() throws -> WorkflowEngine {
        let text = try shippedWorkflowText("loan-intake")
        let edited = text
            .replacingOccurrences(of: #"id="reviewing""#, with: #"id="checking""#)
            .replacingOccurrences(of: #"to="reviewing""#, with: #"to="checking""#)
            .replacingOccurrences(of: #"<deadline within="3" unit="working-days" from="field:ended-on""#,
                                  with: #"<deadline within="5" unit="working-days" from="field:ended-on""#)
        let definition = try compileWorkflow(edited)
        #expect(definition.state("checking") != nil)
        #expect(definition.state("reviewing") == nil)
        return try engine(for: definition, version: 2)
    }

    @Test("an engine for version 2 stamps its dossiers with version 2", arguments: [1, 2, 17])
    func stampsVersion(version: Int) throws {
        let engine = try Loan.engine(version: version)
        #expect(engine.version == version)
        let step = try Loan.start(engine)
        #expect(step.dossier.workflowVersion == version)
        #expect(step.dossier.workflowID == "loan-intake")
    }

    @Test("the two versions really differ")
    func versionsDiffer() throws {
        let v2 = try Self.version2()
        let started = try Loan.start(v2)
        #expect(started.dossier.workflowVersion == 2)
        // 5 working days from Monday 2026-03-02: due when Monday 2026-03-09 ends.
        #expect(started.dossier.openTask?.dueAt == at("2026-03-10T00:00"))
        let recorded = try Loan.recordAll(v2, started.dossier)
        let step = try v2.advance(recorded, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-03T17:00"))
        #expect(step.dossier.stateID == "checking")
        #expect(step.events[1].toState == "checking")
        #expect(step.dossier.workflowVersion == 2)
    }

    @Test("a dossier started on version 1 keeps working with version 1 while version 2 exists")
    func dossierKeepsItsVersion() throws {
        let v1 = try Loan.engine(version: 1)
        _ = try Self.version2()
        let started = try Loan.start(v1).dossier
        #expect(started.workflowVersion == 1)
        #expect(started.openTask?.dueAt == at("2026-03-06T00:00"))

        let reviewing = try Loan.inReviewing(v1)
        #expect(reviewing.stateID == "reviewing")
        #expect(reviewing.workflowVersion == 1)

        // Returned to A, the v1 dossier gets v1's 3-day deadline again, not v2's 5 days.
        let returned = try v1.advance(reviewing, task: 2, action: "return", note: "incomplete", actor: member("bob"),
                                      at: at("2026-03-04T10:00")).dossier
        #expect(returned.stateID == "compiling")
        #expect(returned.openTask?.dueAt == at("2026-03-06T00:00"))
        #expect(returned.workflowVersion == 1)

        let again = try v1.advance(returned, task: 3, action: "hand-over", note: nil, actor: member("alice"),
                                   at: at("2026-03-04T15:00")).dossier
        #expect(again.stateID == "reviewing")
        let accepted = try v1.advance(try Loan.verifyAll(v1, again), task: 4, action: "accept", note: nil, actor: member("bob"),
                                      at: at("2026-03-05T10:00")).dossier
        #expect(accepted.stateID == "archiving")
        #expect(accepted.workflowVersion == 1)
    }
}

/// The engine is a pure function of its inputs.
@Suite("Engine: determinism")
struct DeterminismTests {
    /// Drives a loan dossier from start to registration, returning every step.
    static func run(_ engine: WorkflowEngine) throws -> [WorkflowEngine.Step] {
        var steps: [WorkflowEngine.Step] = []
        steps.append(try Loan.start(engine))
        for item in Loan.requiredItems {
            steps.append(try engine.recordItem(steps.last!.dossier, item: item, pages: 4, signatures: Loan.signatures(of: item, in: engine),
                                               missing: false, actor: member("alice"), at: at("2026-03-03T10:00")))
        }
        steps.append(try engine.advance(steps.last!.dossier, task: 1, action: "hand-over", note: "done", actor: member("alice"),
                                        at: at("2026-03-03T17:00")))
        for item in Loan.requiredItems {
            steps.append(try engine.verifyItem(steps.last!.dossier, item: item, defect: nil, actor: member("bob"), at: at("2026-03-04T10:00")))
        }
        steps.append(try engine.advance(steps.last!.dossier, task: 2, action: "accept", note: nil, actor: member("bob"), at: at("2026-03-04T16:00")))
        steps.append(try engine.reassign(steps.last!.dossier, role: "archivist", to: "xena", reason: "carol away", actor: member("gina"),
                                         staff: testStaff, at: at("2026-03-05T08:00")))
        // Accept unchecked every item: the archivist now holding the task checks each one again.
        for item in Loan.requiredItems {
            steps.append(try engine.verifyItem(steps.last!.dossier, item: item, defect: nil, actor: member("xena"), at: at("2026-03-05T08:30")))
        }
        steps.append(try engine.advance(steps.last!.dossier, task: 3, action: "register", note: nil, actor: member("bob"), at: at("2026-03-05T09:00")))
        steps.append(try engine.advance(steps.last!.dossier, task: 3, action: "register", note: nil, actor: member("xena"), at: at("2026-03-05T10:00")))
        return steps
    }

    @Test("the same inputs give equal Steps, from two separately built engines")
    func sameInputsSameSteps() throws {
        let first = try Self.run(try Loan.engine())
        let second = try Self.run(try Loan.engine())
        // start + 15 records + hand-over + 15 checks by B + accept + reassign + 15 checks by the archivist + 2 sign-offs.
        #expect(first.count == 51)
        #expect(first == second)
        #expect(first.last?.dossier.stateID == "registered")
        #expect(first.last?.dossier.checklist.values.allSatisfy { $0.verification == .ok(by: "xena") } == true)
        #expect(first.last?.effects == [.assignArchiveNumber])
    }

    @Test("the same command on the same dossier gives an equal Step every time")
    func repeatedCommand() throws {
        let engine = try Loan.engine()
        let dossier = try Loan.recordAll(engine, try Loan.start(engine).dossier)
        let steps = try (0..<10).map { _ in
            try engine.advance(dossier, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-03T17:00"))
        }
        #expect(Set(steps).count == 1)
        #expect(steps[0].dossier.stateID == "reviewing")
    }

    @Test("a different time gives a different Step")
    func differentTimeDifferentStep() throws {
        let engine = try Loan.engine()
        let dossier = try Loan.recordAll(engine, try Loan.start(engine).dossier)
        let early = try engine.advance(dossier, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-03T17:00"))
        let late = try engine.advance(dossier, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-04T17:00"))
        #expect(early != late)
        #expect(early.dossier.openTask?.dueAt == at("2026-03-06T00:00"))
        #expect(late.dossier.openTask?.dueAt == at("2026-03-07T00:00"))
    }

    @Test("refusals are the same every time: guard messages follow the checklist's order")
    func refusalsStable() throws {
        let engine = try Loan.engine()
        let dossier = try Loan.start(engine).dossier
        let refusals = (0..<10).map { _ in
            refusal { try engine.advance(dossier, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-03T17:00")) }
        }
        #expect(Set(refusals).count == 1)
        #expect(refusals[0] == .guardsUnmet(action: "hand-over", missing: Loan.requiredItems.map {
            "item '\($0)' (\(Loan.title($0, in: engine))) is not recorded"
        }))
    }

    @Test("with several bad fields or roles, the refusal names the first by id, whatever order they were given in")
    func firstProblemByID() throws {
        let engine = try Loan.engine()
        for _ in 0..<10 {
            var fields = Loan.fields
            fields["zeta"] = "1"
            fields["alpha"] = "2"
            #expect(throws: Refusal.unknownField("alpha", suggestion: nil, known: ["customer", "project", "ended-on", "level", "amount"])) {
                try Loan.start(engine, fields: fields)
            }
            #expect(throws: Refusal.departedStaff("olga")) {
                try Loan.start(engine, roles: ["b": "zed", "a": "alice", "archivist": "olga"])
            }
        }
    }
}
