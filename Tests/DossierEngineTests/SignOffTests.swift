import DossierDefinition
import DossierEngine
import Foundation
import Testing

/// Sign-off: loan-intake's archiving → register needs the signatures of B and the archivist
/// (sign-off="b archivist"); the archivist's role takes the action. Four-eyes holds at start, at
/// reassignment and at sign-off.
@Suite("Engine: sign-off and four-eyes")
struct SignOffTests {
    @Test("the first signer gets a signed event and the dossier stays in archiving")
    func firstSignature() throws {
        let engine = try Loan.engine()
        let archiving = try Loan.inArchiving(engine)
        let time = at("2026-03-05T09:00")
        let step = try engine.advance(archiving, task: 3, action: "register", note: "checked against my list", actor: member("bob"), at: time)

        #expect(step.events.count == 1)
        let signed = try #require(step.events.first)
        #expect(signed.kind == .signed)
        #expect(signed.actor == "bob")
        #expect(signed.at == time)
        #expect(signed.action == "register")
        #expect(signed.fromState == "archiving")
        #expect(signed.toState == "archiving")
        #expect(signed.taskNumber == 3)
        #expect(signed.note == "checked against my list")
        #expect(signed.details == ["role": "b"])

        #expect(step.dossier.stateID == "archiving")
        #expect(step.dossier.isFinished == false)
        #expect(step.dossier.signOffs == ["register": ["b": "bob"]])
        #expect(step.dossier.openTask == archiving.openTask)
        #expect(step.dossier.taskCount == 3)
        #expect(step.dossier.revision == archiving.revision + 1)
        #expect(step.closedTask == nil)
        #expect(step.effects == [])
    }

    @Test("the same person cannot sign twice", arguments: [("bob", "b"), ("carol", "archivist")])
    func alreadySigned(person: String, role: String) throws {
        let engine = try Loan.engine()
        let signed = try engine.advance(try Loan.inArchiving(engine), task: 3, action: "register", note: nil, actor: member(person),
                                        at: at("2026-03-05T09:00")).dossier
        let refused = refusal {
            try engine.advance(signed, task: 3, action: "register", note: nil, actor: member(person), at: at("2026-03-05T09:10"))
        }
        #expect(refused == .alreadySigned(person: person, action: "register", role: role))
        #expect(refused?.description == "\(person) has already signed 'register' as \(role); the other signatures must come from other people")
    }

    @Test("the last signature completes the sign-off and fires the transition")
    func lastSignatureFires() throws {
        let engine = try Loan.engine()
        let archiving = try Loan.inArchiving(engine)
        let first = try engine.advance(archiving, task: 3, action: "register", note: nil, actor: member("bob"), at: at("2026-03-05T09:00"))
        let time = at("2026-03-05T10:00")
        let step = try engine.advance(first.dossier, task: 3, action: "register", note: nil, actor: member("carol"), at: time)

        #expect(step.events.map(\.kind) == [.signed, .taskClosed, .transitioned, .finished])
        #expect(step.events[0].details == ["role": "archivist"])
        #expect(step.events[0].actor == "carol")
        #expect(step.events[1].taskNumber == 3)
        #expect(step.events[1].fromState == "archiving")
        #expect(step.events[1].toState == "registered")
        #expect(step.events[2].action == "register")
        #expect(step.events[2].details == ["b": "bob", "archivist": "carol"])
        #expect(step.events[3].toState == "registered")
        #expect(step.events.allSatisfy { $0.actor == "carol" && $0.at == time })

        #expect(step.dossier.stateID == "registered")
        #expect(step.dossier.isFinished)
        #expect(step.dossier.openTask == nil)
        #expect(step.dossier.signOffs == [:])
        #expect(step.dossier.taskCount == 3)
        #expect(step.dossier.revision == first.dossier.revision + 1)
        #expect(step.closedTask == 3)
        #expect(step.effects == [.assignArchiveNumber])
    }

    @Test("the acting role signing before the others signs and then waits; the last signer fires the transition")
    func actingRoleSignsFirst() throws {
        let engine = try Loan.engine()
        let archiving = try Loan.inArchiving(engine)
        let first = try engine.advance(archiving, task: 3, action: "register", note: nil, actor: member("carol"), at: at("2026-03-05T09:00"))
        #expect(first.events.map(\.kind) == [.signed])
        #expect(first.events[0].details == ["role": "archivist"])
        #expect(first.dossier.stateID == "archiving")
        #expect(first.dossier.signOffs == ["register": ["archivist": "carol"]])
        #expect(first.closedTask == nil)

        let second = try engine.advance(first.dossier, task: 3, action: "register", note: nil, actor: member("bob"), at: at("2026-03-05T09:30"))
        #expect(second.events.map(\.kind) == [.signed, .taskClosed, .transitioned, .finished])
        #expect(second.events[0].details == ["role": "b"])
        #expect(second.events[2].actor == "bob")
        #expect(second.events[2].details == ["archivist": "carol", "b": "bob"])
        #expect(second.dossier.stateID == "registered")
        #expect(second.effects == [.assignArchiveNumber])
    }

    @Test("a person holding no sign-off role cannot sign")
    func outsiderCannotSign() throws {
        let engine = try Loan.engine()
        let archiving = try Loan.inArchiving(engine)
        #expect(throws: Refusal.notYourTask(person: "alice", action: "register", roles: ["archivist", "b"], holders: ["carol", "bob"])) {
            try engine.advance(archiving, task: 3, action: "register", note: nil, actor: member("alice"), at: at("2026-03-05T09:00"))
        }
    }

    @Test("guards are checked before anyone may sign")
    func guardsBeforeSignOff() throws {
        let engine = try Loan.engine()
        var dossier = try Loan.recordAll(engine, try Loan.start(engine).dossier, skipping: ["loan-application"])
        // Recorded without the customer's signature: B verifies it and passes the dossier on anyway.
        dossier = try engine.recordItem(dossier, item: "loan-application", pages: 2, signatures: [], missing: false,
                                        actor: member("alice"), at: at("2026-03-03T11:00")).dossier
        dossier = try engine.advance(dossier, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-03T17:00")).dossier
        dossier = try Loan.verifyAll(engine, dossier)
        dossier = try engine.advance(dossier, task: 2, action: "accept", note: nil, actor: member("bob"), at: at("2026-03-04T16:00")).dossier
        #expect(dossier.stateID == "archiving")
        // The archivist checks every item again, and passes the unsigned application as well.
        dossier = try Loan.verifyAll(engine, dossier, by: "carol", at: at("2026-03-05T08:30"))
        #expect(dossier.checklist["loan-application"] == ItemRecord(pages: 2, signatures: [], verification: .ok(by: "carol"), recordedBy: "alice"))

        let expected = Refusal.guardsUnmet(action: "register", missing: [
            "item 'loan-application' (Loan application form (借款申请书)) lacks the customer signature",
        ])
        #expect(throws: expected) {
            try engine.advance(dossier, task: 3, action: "register", note: nil, actor: member("bob"), at: at("2026-03-05T09:00"))
        }
        #expect(throws: expected) {
            try engine.advance(dossier, task: 3, action: "register", note: nil, actor: member("carol"), at: at("2026-03-05T09:00"))
        }
    }

    @Test("a signer whose role has already signed (under an earlier holder) adds nothing: the action awaits the others")
    func awaitingSignOff() throws {
        let engine = try Loan.engine()
        let signed = try engine.advance(try Loan.inArchiving(engine), task: 3, action: "register", note: nil, actor: member("bob"),
                                        at: at("2026-03-05T09:00")).dossier
        let handedOn = try engine.reassign(signed, role: "b", to: "dan", reason: "bob is on leave", actor: member("gina"), staff: testStaff,
                                           at: at("2026-03-05T09:10")).dossier
        let refused = refusal {
            try engine.advance(handedOn, task: 3, action: "register", note: nil, actor: member("dan"), at: at("2026-03-05T09:20"))
        }
        #expect(refused == .awaitingSignOff(action: "register", waiting: ["archivist (carol)"]))
        #expect(refused?.description == "'register' still waits for the sign-off of archivist (carol); they sign with `dossier task advance` too")
    }

    // MARK: Reassigning

    @Test("reassigning a role gives it to the new person and moves the open task with it")
    func reassign() throws {
        let engine = try Loan.engine()
        let reviewing = try Loan.inReviewing(engine)
        let time = at("2026-03-04T09:00")
        let step = try engine.reassign(reviewing, role: "b", to: "dan", reason: "bob left the company", actor: member("gina"),
                                       staff: testStaff, at: time)
        #expect(step.events.count == 1)
        let event = try #require(step.events.first)
        #expect(event.kind == .reassigned)
        #expect(event.actor == "gina")
        #expect(event.at == time)
        #expect(event.fromState == "reviewing")
        #expect(event.toState == "reviewing")
        #expect(event.taskNumber == 2)
        #expect(event.note == "bob left the company")
        #expect(event.details == ["reassigned": "b", "from": "bob", "to": "dan"])
        #expect(step.dossier.assignments == ["a": "alice", "b": "dan", "archivist": "carol"])
        #expect(step.dossier.openTask?.assignee == "dan")
        #expect(step.dossier.openTask?.number == 2)
        #expect(step.dossier.revision == reviewing.revision + 1)
        #expect(step.closedTask == nil)
        #expect(step.effects == [])

        // The new holder acts; the old one no longer can.
        #expect(throws: Refusal.notYourTask(person: "bob", action: "return", roles: ["b"], holders: ["dan"])) {
            try engine.advance(step.dossier, task: 2, action: "return", note: "x", actor: member("bob"), at: at("2026-03-04T10:00"))
        }
        let returned = try engine.advance(step.dossier, task: 2, action: "return", note: "x", actor: member("dan"), at: at("2026-03-04T10:00"))
        #expect(returned.dossier.stateID == "compiling")
    }

    @Test("reassigning a role other than the open task's leaves the task's assignee alone")
    func reassignOtherRole() throws {
        let engine = try Loan.engine()
        let reviewing = try Loan.inReviewing(engine)
        let step = try engine.reassign(reviewing, role: "archivist", to: "xena", reason: "carol on leave", actor: member("gina"),
                                       staff: testStaff, at: at("2026-03-04T09:00"))
        #expect(step.dossier.assignments["archivist"] == "xena")
        #expect(step.dossier.openTask?.assignee == "bob")
        #expect(step.events[0].details == ["reassigned": "archivist", "from": "carol", "to": "xena"])
    }

    @Test("reassigning checks the role and the person like start does",
          arguments: [
              ("reviewer", "dan", Refusal.unknownRole("reviewer", known: ["a", "b", "archivist", "approver"])),
              ("b", "zed", Refusal.unknownStaff("zed")),
              ("b", "olga", Refusal.departedStaff("olga")),
              ("b", "carol", Refusal.lacksStaffRole(person: "carol", role: "b", needs: ["handler"])),
          ])
    func reassignChecks(role: String, person: String, expected: Refusal) throws {
        let engine = try Loan.engine()
        let reviewing = try Loan.inReviewing(engine)
        #expect(throws: expected) {
            try engine.reassign(reviewing, role: role, to: person, reason: "r", actor: member("gina"), staff: testStaff, at: at("2026-03-04T09:00"))
        }
    }

    @Test("four-eyes at reassign: a role cannot go to someone holding a role it is distinct from",
          arguments: [
              ("b", "alice", Refusal.fourEyes(person: "alice", role: "b", otherRole: "a")),
              ("a", "bob", Refusal.fourEyes(person: "bob", role: "b", otherRole: "a")),
              ("archivist", "hank", Refusal.fourEyes(person: "hank", role: "archivist", otherRole: "b")),
          ])
    func fourEyesAtReassign(role: String, person: String, expected: Refusal) throws {
        let engine = try Loan.engine()
        let dossier = try Loan.start(engine, roles: ["a": "alice", "b": role == "archivist" ? "hank" : "bob", "archivist": "carol"]).dossier
        #expect(throws: expected) {
            try engine.reassign(dossier, role: role, to: person, reason: "r", actor: member("gina"), staff: testStaff, at: at("2026-03-03T09:00"))
        }
    }

    @Test("four-eyes at reassign for a level approver: the borrower cannot approve their own slip")
    func fourEyesBorrowApprover() throws {
        let engine = try EngineFixtures.engine("borrow")
        let started = try engine.start(id: 3, fields: Borrow.fields, assignments: ["archivist": "carol"], actor: member("gina"),
                                       staff: testStaff, at: at("2026-03-02T09:30")).dossier
        #expect(throws: Refusal.fourEyes(person: "gina", role: "approver", otherRole: "borrower")) {
            try engine.reassign(started, role: "approver", to: "gina", reason: "GM approves", actor: member("carol"), staff: testStaff,
                                at: at("2026-03-02T09:40"))
        }
    }

    @Test("four-eyes at reassign: someone who already signed under one role cannot take another sign-off role")
    func fourEyesReassignAfterSigning() throws {
        let engine = try Loan.engine()
        let roles = ["a": "alice", "b": "hank", "archivist": "carol"]
        let signed = try engine.advance(try Loan.inArchiving(engine, roles: roles), task: 3, action: "register", note: nil,
                                        actor: member("hank"), at: at("2026-03-05T09:00")).dossier
        #expect(signed.signOffs == ["register": ["b": "hank"]])
        // hank gives up B, so the declared distinctness no longer stands in the way...
        let handedOn = try engine.reassign(signed, role: "b", to: "dan", reason: "hank moves to the archive", actor: member("gina"),
                                           staff: testStaff, at: at("2026-03-05T09:10")).dossier
        // ...but his signature as B still stands, so he cannot become the archivist who signs too.
        #expect(throws: Refusal.fourEyes(person: "hank", role: "archivist", otherRole: "b")) {
            try engine.reassign(handedOn, role: "archivist", to: "hank", reason: "carol left", actor: member("gina"), staff: testStaff,
                                at: at("2026-03-05T09:20"))
        }
        // Another archivist may take the role and complete the sign-off.
        let xena = try engine.reassign(handedOn, role: "archivist", to: "xena", reason: "carol left", actor: member("gina"), staff: testStaff,
                                       at: at("2026-03-05T09:20")).dossier
        let done = try engine.advance(xena, task: 3, action: "register", note: nil, actor: member("xena"), at: at("2026-03-05T09:30"))
        #expect(done.dossier.stateID == "registered")
        #expect(done.events[2].details == ["b": "hank", "archivist": "xena"])
    }

    @Test("four-eyes at sign-off: one person holding both sign-off roles signs once and the action still waits")
    func fourEyesAtSignOff() throws {
        // The compiler refuses sign-off roles one person could hold together, so this variant of
        // loan-intake (archivist distinct only from A) is built in memory: the engine must still
        // let one person sign an action only once, whatever roles they hold.
        var definition = try EngineFixtures.workflow("loan-intake")
        definition.roles = definition.roles.map { role in
            var role = role
            if role.id == "archivist" { role.distinctFrom = ["a"] }
            return role
        }
        #expect(definition.role("archivist")?.distinctFrom == ["a"])
        let variant = try engine(for: definition)
        let roles = ["a": "alice", "b": "hank", "archivist": "hank"]
        let archiving = try Loan.inArchiving(variant, roles: roles)

        let first = try variant.advance(archiving, task: 3, action: "register", note: nil, actor: member("hank"), at: at("2026-03-05T09:00"))
        #expect(first.events.map(\.kind) == [.signed])
        #expect(first.events[0].details == ["role": "archivist"])
        #expect(first.dossier.stateID == "archiving")
        #expect(throws: Refusal.alreadySigned(person: "hank", action: "register", role: "archivist")) {
            try variant.advance(first.dossier, task: 3, action: "register", note: nil, actor: member("hank"), at: at("2026-03-05T09:10"))
        }
        // Another person must give B's signature.
        let dan = try variant.reassign(first.dossier, role: "b", to: "dan", reason: "second signer", actor: member("gina"),
                                       staff: testStaff, at: at("2026-03-05T09:20")).dossier
        let done = try variant.advance(dan, task: 3, action: "register", note: nil, actor: member("dan"), at: at("2026-03-05T09:30"))
        #expect(done.dossier.stateID == "registered")
        #expect(done.events[2].details == ["archivist": "hank", "b": "dan"])
    }
}
