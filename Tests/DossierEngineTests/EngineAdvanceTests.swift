import DossierDefinition
import DossierEngine
import Foundation
import Testing

/// Advancing a dossier: plain transitions, guards, notes, refusals, the Step returned and the
/// effects of a transition.
@Suite("Engine: advancing a dossier")
struct EngineAdvanceTests {
    // MARK: A plain transition with a guard

    @Test("hand-over with nothing recorded lists every required item as not recorded")
    func guardsListEveryMissingItem() throws {
        let engine = try Loan.engine()
        let dossier = try Loan.start(engine).dossier
        let refused = refusal {
            try engine.advance(dossier, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-03T10:00"))
        }
        let expected = Loan.requiredItems.map { "item '\($0)' (\(Loan.title($0, in: engine))) is not recorded" }
        #expect(refused == .guardsUnmet(action: "hand-over", missing: expected))
        #expect(expected.count == 15)
        #expect(expected[0] == "item 'loan-application' (Loan application form (借款申请书)) is not recorded")
        #expect(refused?.description.hasPrefix("'hand-over' is not possible yet:\n  - item 'loan-application'") == true)
    }

    @Test("each unmet guard condition is named: not recorded, recorded as missing, no page count")
    func guardsNameEachProblem() throws {
        let engine = try Loan.engine()
        var dossier = try Loan.start(engine).dossier
        dossier = try Loan.recordAll(engine, dossier, skipping: ["loan-application", "credit-report", "articles"])
        dossier = try engine.recordItem(dossier, item: "loan-application", pages: nil, signatures: nil, missing: true,
                                        actor: member("alice"), at: at("2026-03-03T11:00")).dossier
        dossier = try engine.recordItem(dossier, item: "articles", pages: nil, signatures: ["customer"], missing: false,
                                        actor: member("alice"), at: at("2026-03-03T11:00")).dossier
        #expect(throws: Refusal.guardsUnmet(action: "hand-over", missing: [
            "item 'loan-application' (Loan application form (借款申请书)) is recorded as missing",
            "item 'credit-report' (Credit report (征信报告)) is not recorded",
            "item 'articles' (Articles of association (公司章程)) has no page count",
        ])) {
            try engine.advance(dossier, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-03T12:00"))
        }
    }

    @Test("once the missing item is recorded, the guard passes")
    func guardPassesAfterRecording() throws {
        let engine = try Loan.engine()
        var dossier = try Loan.recordAll(engine, try Loan.start(engine).dossier, skipping: ["credit-report"])
        #expect(throws: Refusal.guardsUnmet(action: "hand-over", missing: ["item 'credit-report' (Credit report (征信报告)) is not recorded"])) {
            try engine.advance(dossier, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-03T12:00"))
        }
        dossier = try engine.recordItem(dossier, item: "credit-report", pages: 2, signatures: [], missing: false,
                                        actor: member("alice"), at: at("2026-03-03T12:05")).dossier
        let step = try engine.advance(dossier, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-03T12:10"))
        #expect(step.dossier.stateID == "reviewing")
    }

    @Test("optional items and attachments do not hold up hand-over")
    func optionalItemsNotRequired() throws {
        let engine = try Loan.engine()
        let dossier = try Loan.recordAll(engine, try Loan.start(engine).dossier)
        #expect(dossier.checklist["mortgage-contract"] == nil)
        #expect(dossier.checklist["uncollected-contract"] == nil)
        #expect(dossier.checklist["collateral-valuation"] == nil)
        let step = try engine.advance(dossier, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-03T17:00"))
        #expect(step.dossier.stateID == "reviewing")
    }

    // MARK: The Step

    @Test("a transition returns task-closed, transitioned and task-opened events and opens the next task")
    func stepOfPlainTransition() throws {
        let engine = try Loan.engine()
        let before = try Loan.recordAll(engine, try Loan.start(engine).dossier)
        let time = at("2026-03-04T15:00")
        let step = try engine.advance(before, task: 1, action: "hand-over", note: "all four parts in", actor: member("alice"), at: time)

        #expect(step.events.map(\.kind) == [.taskClosed, .transitioned, .taskOpened])
        #expect(step.closedTask == 1)
        #expect(step.effects == [])

        let closed = step.events[0]
        #expect(closed.actor == "alice")
        #expect(closed.at == time)
        #expect(closed.action == "hand-over")
        #expect(closed.fromState == "compiling")
        #expect(closed.toState == "reviewing")
        #expect(closed.taskNumber == 1)
        #expect(closed.note == "all four parts in")

        let moved = step.events[1]
        #expect(moved.action == "hand-over")
        #expect(moved.fromState == "compiling")
        #expect(moved.toState == "reviewing")
        #expect(moved.taskNumber == 1)
        #expect(moved.note == "all four parts in")
        #expect(moved.details == [:])

        let opened = step.events[2]
        #expect(opened.toState == "reviewing")
        #expect(opened.taskNumber == 2)
        // Entered on Wednesday 2026-03-04: 2 working days end with Friday 2026-03-06.
        #expect(opened.details.filter { $0.key != "due" } == ["role": "b", "assignee": "bob", "calendar": "cn@0"])
        #expect(opened.details["due"].flatMap { Timestamps.parse($0) } == at("2026-03-07T00:00"))

        let dossier = step.dossier
        #expect(dossier.stateID == "reviewing")
        #expect(dossier.isFinished == false)
        #expect(dossier.taskCount == 2)
        #expect(dossier.revision == before.revision + 1)
        #expect(dossier.checklist == before.checklist)
        #expect(dossier.fields == before.fields)
        let task = try #require(dossier.openTask)
        #expect(task == OpenTask(number: 2, stateID: "reviewing", roleID: "b", assignee: "bob", openedAt: time,
                                 dueAt: at("2026-03-07T00:00"), dueCalendar: CalendarPin(id: "cn", version: 0)))
    }

    @Test("the dossier given to advance is left as it was")
    func inputUnchanged() throws {
        let engine = try Loan.engine()
        let before = try Loan.recordAll(engine, try Loan.start(engine).dossier)
        let copy = before
        _ = try engine.advance(before, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-04T15:00"))
        #expect(before == copy)
        #expect(before.stateID == "compiling")
    }

    // MARK: Notes

    @Test("an action that needs a note is refused without one", arguments: [nil, "", "   "] as [String?])
    func noteRequired(note: String?) throws {
        let engine = try Loan.engine()
        let dossier = try Loan.inReviewing(engine)
        #expect(throws: Refusal.noteRequired(action: "return")) {
            try engine.advance(dossier, task: 2, action: "return", note: note, actor: member("bob"), at: at("2026-03-04T10:00"))
        }
    }

    @Test("return with a note goes back to A with a supplementary list")
    func returnWithNote() throws {
        let engine = try Loan.engine()
        let dossier = try Loan.inReviewing(engine)
        let step = try engine.advance(dossier, task: 2, action: "return", note: "credit report is a year old",
                                      actor: member("bob"), at: at("2026-03-04T10:00"))
        #expect(step.dossier.stateID == "compiling")
        #expect(step.closedTask == 2)
        #expect(step.effects == [.issueSupplementaryList])
        #expect(step.events.map(\.kind) == [.taskClosed, .transitioned, .taskOpened])
        #expect(step.events.allSatisfy { $0.actor == "bob" })
        #expect(step.events[0].note == "credit report is a year old")
        #expect(step.events[1].note == "credit report is a year old")
        #expect(step.dossier.openTask?.number == 3)
        #expect(step.dossier.openTask?.roleID == "a")
        #expect(step.dossier.openTask?.assignee == "alice")
        // The compiling deadline still counts from the project's end.
        #expect(step.dossier.openTask?.dueAt == at("2026-03-06T00:00"))
    }

    // MARK: Refusals

    @Test("an action the state does not have is refused, listing the state's actions",
          arguments: [
              ("compiling", "accept", ["hand-over"]),
              ("reviewing", "approve", ["accept", "return"]),
              ("reviewing", "hand-over", ["accept", "return"]),
              ("archiving", "accept", ["register", "reject"]),
          ])
    func unknownAction(state: String, action: String, available: [String]) throws {
        let engine = try Loan.engine()
        let (dossier, task, actor): (Dossier, Int, String) = switch state {
        case "compiling": (try Loan.start(engine).dossier, 1, "alice")
        case "reviewing": (try Loan.inReviewing(engine), 2, "bob")
        default: (try Loan.inArchiving(engine), 3, "carol")
        }
        let refused = refusal {
            try engine.advance(dossier, task: task, action: action, note: "x", actor: member(actor), at: at("2026-03-05T10:00"))
        }
        #expect(refused == .unknownAction(action, state: state, available: available))
        #expect(refused?.description == "'\(action)' is not an action of state '\(state)'; the actions are \(available.joined(separator: ", "))")
    }

    @Test("only the person holding the task's role may take the action",
          arguments: [
              ("compiling", "hand-over", "bob", ["a"], ["alice"]),
              ("compiling", "hand-over", "carol", ["a"], ["alice"]),
              ("reviewing", "accept", "alice", ["b"], ["bob"]),
              ("reviewing", "return", "dan", ["b"], ["bob"]),
              ("archiving", "register", "alice", ["archivist", "b"], ["carol", "bob"]),
              ("archiving", "reject", "bob", ["archivist"], ["carol"]),
          ])
    func notYourTask(state: String, action: String, actor: String, roles: [String], holders: [String]) throws {
        let engine = try Loan.engine()
        let (dossier, task): (Dossier, Int) = switch state {
        case "compiling": (try Loan.recordAll(engine, try Loan.start(engine).dossier), 1)
        case "reviewing": (try Loan.verifyAll(engine, try Loan.inReviewing(engine)), 2)
        default: (try Loan.inArchiving(engine), 3)
        }
        #expect(throws: Refusal.notYourTask(person: actor, action: action, roles: roles, holders: holders)) {
            try engine.advance(dossier, task: task, action: action, note: "because", actor: member(actor), at: at("2026-03-05T10:00"))
        }
    }

    @Test("who may act is checked before the note")
    func notYourTaskBeforeNote() throws {
        let engine = try Loan.engine()
        let dossier = try Loan.inReviewing(engine)
        #expect(throws: Refusal.notYourTask(person: "alice", action: "return", roles: ["b"], holders: ["bob"])) {
            try engine.advance(dossier, task: 2, action: "return", note: nil, actor: member("alice"), at: at("2026-03-04T10:00"))
        }
    }

    @Test("a task number that is not the open task is refused, naming the open one", arguments: [1, 3, 99])
    func taskClosed(task: Int) throws {
        let engine = try Loan.engine()
        let dossier = try Loan.inReviewing(engine)
        let refused = refusal {
            try engine.advance(dossier, task: task, action: "accept", note: nil, actor: member("bob"), at: at("2026-03-04T10:00"))
        }
        #expect(refused == .taskClosed(task: "7.\(task)", current: "7.2"))
        #expect(refused?.description == "task 7.\(task) is closed; the dossier's open task is now 7.2")
    }

    @Test("a finished dossier refuses every command")
    func finishedDossier() throws {
        let engine = try Loan.engine()
        let archiving = try Loan.inArchiving(engine)
        let signed = try engine.advance(archiving, task: 3, action: "register", note: nil, actor: member("bob"), at: at("2026-03-05T10:00"))
        let done = try engine.advance(signed.dossier, task: 3, action: "register", note: nil, actor: member("carol"),
                                      at: at("2026-03-05T10:05")).dossier
        #expect(done.isFinished)
        #expect(done.openTask == nil)
        let finished = Refusal.finished(dossier: 7, state: "registered")
        #expect(throws: finished) {
            try engine.advance(done, task: 3, action: "register", note: nil, actor: member("carol"), at: at("2026-03-05T11:00"))
        }
        #expect(throws: finished) {
            try engine.advance(done, task: 4, action: "reject", note: "x", actor: member("carol"), at: at("2026-03-05T11:00"))
        }
        #expect(throws: finished) {
            try engine.recordItem(done, item: "credit-report", pages: 1, signatures: nil, missing: false, actor: member("carol"),
                                  at: at("2026-03-05T11:00"))
        }
        #expect(throws: finished) {
            try engine.verifyItem(done, item: "credit-report", defect: nil, actor: member("carol"), at: at("2026-03-05T11:00"))
        }
        #expect(throws: finished) {
            try engine.reassign(done, role: "b", to: "dan", reason: "bob left", actor: member("gina"), staff: testStaff,
                                at: at("2026-03-05T11:00"))
        }
    }

    // MARK: Guards of B's acceptance

    @Test("B cannot accept before every required item is verified")
    func acceptNeedsVerification() throws {
        let engine = try Loan.engine()
        let dossier = try Loan.verifyAll(engine, try Loan.inReviewing(engine), skipping: ["loan-receipt", "articles"])
        #expect(throws: Refusal.guardsUnmet(action: "accept", missing: [
            "item 'loan-receipt' (Loan receipt / IOU (借款借据)) is not verified",
            "item 'articles' (Articles of association (公司章程)) is not verified",
        ])) {
            try engine.advance(dossier, task: 2, action: "accept", note: nil, actor: member("bob"), at: at("2026-03-04T16:00"))
        }
    }

    @Test("accept moves the dossier to the archivist with task 3, every item unchecked again")
    func acceptToArchiving() throws {
        let engine = try Loan.engine()
        let dossier = try Loan.accepted(engine)
        #expect(dossier.stateID == "archiving")
        #expect(dossier.openTask?.number == 3)
        #expect(dossier.openTask?.roleID == "archivist")
        #expect(dossier.openTask?.assignee == "carol")
        #expect(dossier.openTask?.dueAt == nil)
        #expect(dossier.taskCount == 3)
        // B's marks do not survive acceptance: the archivist checks every item himself.
        #expect(dossier.checklist["credit-report"] == ItemRecord(pages: 3, signatures: [], verification: .unchecked, recordedBy: "alice"))
    }

    // MARK: Guards of the archivist's registration

    @Test("after accept every item is unchecked, and register is refused, listing the unverified items, until the archivist verifies them")
    func registerNeedsArchivistVerification() throws {
        let engine = try Loan.engine()
        let verified = try Loan.verifyAll(engine, try Loan.inReviewing(engine))
        #expect(verified.checklist.values.allSatisfy { $0.verification == .ok(by: "bob") })
        let accept = try engine.advance(verified, task: 2, action: "accept", note: nil, actor: member("bob"), at: at("2026-03-04T16:00"))
        // reset-verification is the engine's own effect; nothing goes to the store.
        #expect(accept.effects == [])
        #expect(accept.events.map(\.kind) == [.taskClosed, .transitioned, .taskOpened])
        var dossier = accept.dossier
        #expect(dossier.checklist.count == 15)
        for item in Loan.requiredItems {
            #expect(dossier.checklist[item] == ItemRecord(pages: 3, signatures: Loan.signatures(of: item, in: engine), verification: .unchecked,
                                                          recordedBy: "alice"), "\(item)")
        }

        // Neither signer may sign while the archivist has checked nothing.
        let unverified = Loan.requiredItems.map { "item '\($0)' (\(Loan.title($0, in: engine))) is not verified" }
        #expect(unverified.count == 15)
        for signer in ["carol", "bob"] {
            let refused = refusal {
                try engine.advance(dossier, task: 3, action: "register", note: nil, actor: member(signer), at: at("2026-03-05T08:00"))
            }
            #expect(refused == .guardsUnmet(action: "register", missing: unverified))
            #expect(refused?.description.hasPrefix(
                "'register' is not possible yet:\n  - item 'loan-application' (Loan application form (借款申请书)) is not verified\n") == true)
        }

        // The archivist checks all but two: register names just those two.
        dossier = try Loan.verifyAll(engine, dossier, by: "carol", skipping: ["loan-receipt", "articles"], at: at("2026-03-05T08:30"))
        #expect(throws: Refusal.guardsUnmet(action: "register", missing: [
            "item 'loan-receipt' (Loan receipt / IOU (借款借据)) is not verified",
            "item 'articles' (Articles of association (公司章程)) is not verified",
        ])) {
            try engine.advance(dossier, task: 3, action: "register", note: nil, actor: member("carol"), at: at("2026-03-05T08:40"))
        }
        for item in ["loan-receipt", "articles"] {
            dossier = try engine.verifyItem(dossier, item: item, defect: nil, actor: member("carol"), at: at("2026-03-05T08:50")).dossier
        }
        #expect(dossier.checklist.count == 15)
        #expect(dossier.checklist.values.allSatisfy { $0.verification == .ok(by: "carol") })

        let first = try engine.advance(dossier, task: 3, action: "register", note: nil, actor: member("carol"), at: at("2026-03-05T09:00"))
        #expect(first.events.map(\.kind) == [.signed])
        let done = try engine.advance(first.dossier, task: 3, action: "register", note: nil, actor: member("bob"), at: at("2026-03-05T09:10"))
        #expect(done.dossier.stateID == "registered")
        #expect(done.effects == [.assignArchiveNumber])
    }

    // MARK: Effects

    @Test("reset-verification clears every verification when B returns the dossier")
    func resetVerificationOnReturn() throws {
        let engine = try Loan.engine()
        var dossier = try Loan.verifyAll(engine, try Loan.inReviewing(engine))
        dossier = try engine.verifyItem(dossier, item: "articles", defect: "page 4 missing", actor: member("bob"),
                                        at: at("2026-03-04T11:00")).dossier
        #expect(dossier.checklist["credit-report"]?.verification == .ok(by: "bob"))
        let step = try engine.advance(dossier, task: 2, action: "return", note: "articles incomplete", actor: member("bob"),
                                      at: at("2026-03-04T12:00"))
        #expect(step.dossier.checklist.count == 15)
        for (item, record) in step.dossier.checklist {
            #expect(record.verification == .unchecked, "\(item) still verified")
            #expect(record.pages == 3)
            #expect(record.signatures == dossier.checklist[item]?.signatures)
        }
        // reset-verification is the engine's own effect; only issue-supplementary-list goes to the store.
        #expect(step.effects == [.issueSupplementaryList])
    }

    @Test("the archivist's reject also resets verification and clears sign-offs")
    func rejectFromArchiving() throws {
        let engine = try Loan.engine()
        let archiving = try Loan.inArchiving(engine)
        let signed = try engine.advance(archiving, task: 3, action: "register", note: nil, actor: member("bob"), at: at("2026-03-05T09:00"))
        #expect(signed.dossier.signOffs == ["register": ["b": "bob"]])
        let step = try engine.advance(signed.dossier, task: 3, action: "reject", note: "guarantee contract unsigned",
                                      actor: member("carol"), at: at("2026-03-05T10:00"))
        #expect(step.dossier.stateID == "compiling")
        #expect(step.dossier.signOffs == [:])
        #expect(step.dossier.openTask?.number == 4)
        #expect(step.dossier.openTask?.assignee == "alice")
        #expect(step.dossier.checklist.values.allSatisfy { $0.verification == .unchecked })
        #expect(step.effects == [.issueSupplementaryList])
    }

    @Test("a returned dossier comes back to B as a new task, to be checked from scratch")
    func returnedAndHandedOverAgain() throws {
        let engine = try Loan.engine()
        let returned = try engine.advance(try Loan.verifyAll(engine, try Loan.inReviewing(engine)), task: 2, action: "return",
                                          note: "redo", actor: member("bob"), at: at("2026-03-04T12:00")).dossier
        let again = try engine.advance(returned, task: 3, action: "hand-over", note: nil, actor: member("alice"),
                                       at: at("2026-03-04T15:00"))
        #expect(again.closedTask == 3)
        #expect(again.dossier.stateID == "reviewing")
        #expect(again.dossier.openTask?.number == 4)
        #expect(again.dossier.openTask?.assignee == "bob")
        #expect(again.dossier.taskCount == 4)
        #expect(again.dossier.checklist.values.allSatisfy { $0.verification == .unchecked })
        #expect(throws: Refusal.guardsUnmet(action: "accept", missing: Loan.requiredItems.map {
            "item '\($0)' (\(Loan.title($0, in: engine))) is not verified"
        })) {
            try engine.advance(again.dossier, task: 4, action: "accept", note: nil, actor: member("bob"), at: at("2026-03-04T16:00"))
        }
    }

    @Test("register's assign-archive-number effect is returned for the store")
    func assignArchiveNumberEffect() throws {
        let engine = try Loan.engine()
        let archiving = try Loan.inArchiving(engine)
        let first = try engine.advance(archiving, task: 3, action: "register", note: nil, actor: member("carol"), at: at("2026-03-05T09:00"))
        #expect(first.effects == [])
        let second = try engine.advance(first.dossier, task: 3, action: "register", note: nil, actor: member("bob"), at: at("2026-03-05T09:10"))
        #expect(second.effects == [.assignArchiveNumber])
        #expect(second.closedTask == 3)
    }

    // MARK: Fields given with an action

    @Test("fields given with an action are checked, stored and reported in a fields-set event first")
    func fieldsWithAction() throws {
        let engine = try Loan.engine()
        let dossier = try Loan.recordAll(engine, try Loan.start(engine).dossier)
        let step = try engine.advance(dossier, task: 1, action: "hand-over", note: "amount added", fields: ["amount": "1250.50", "level": "company"],
                                      actor: member("alice"), at: at("2026-03-04T09:00"))
        #expect(step.events.map(\.kind) == [.fieldsSet, .taskClosed, .transitioned, .taskOpened])
        #expect(step.events[0].details == ["field:amount": "1250.50", "field:level": "company"])
        #expect(step.events[0].taskNumber == 1)
        #expect(step.events[0].fromState == "compiling")
        #expect(step.events[0].note == "amount added")
        #expect(step.dossier.fields["amount"] == "1250.50")
        #expect(step.dossier.fields["level"] == "company")
        #expect(step.dossier.fields["customer"] == "Hongda Trading Co.")
    }

    @Test("a field given again with its present value adds no fields-set event")
    func unchangedFieldNoEvent() throws {
        let engine = try Loan.engine()
        let dossier = try Loan.recordAll(engine, try Loan.start(engine).dossier)
        let step = try engine.advance(dossier, task: 1, action: "hand-over", note: nil, fields: ["customer": "Hongda Trading Co."],
                                      actor: member("alice"), at: at("2026-03-04T09:00"))
        #expect(step.events.map(\.kind) == [.taskClosed, .transitioned, .taskOpened])
    }

    @Test("bad fields given with an action are refused",
          arguments: [
              (["amount": "lots"], Refusal.invalidField("amount", value: "lots", expected: "a decimal number such as 1250.50")),
              (["colour": "red"], Refusal.unknownField("colour", suggestion: nil, known: ["customer", "project", "ended-on", "level", "amount"])),
              (["customer": ""], Refusal.missingFields(["customer"])),
          ])
    func badFieldsWithAction(fields: [String: String], expected: Refusal) throws {
        let engine = try Loan.engine()
        let dossier = try Loan.recordAll(engine, try Loan.start(engine).dossier)
        #expect(throws: expected) {
            try engine.advance(dossier, task: 1, action: "hand-over", note: nil, fields: fields, actor: member("alice"), at: at("2026-03-04T09:00"))
        }
    }

    @Test("a field guard fails until the field is given, and a field given with the action meets it")
    func fieldGuard() throws {
        let engine = try EngineFixtures.engine("generic-customer")
        let started = try engine.start(id: 11, fields: ["customer": "Lin Hua", "first-contact-on": "2026-03-02"],
                                       assignments: ["handler": "alice", "head": "dina"], actor: member("alice"), staff: testStaff,
                                       at: at("2026-03-02T09:00")).dossier
        #expect(started.openTask?.dueAt == at("2026-03-06T00:00"))
        let negotiating = try engine.advance(started, task: 1, action: "register", note: nil, actor: member("alice"),
                                             at: at("2026-03-02T10:00")).dossier
        #expect(throws: Refusal.guardsUnmet(action: "contract-signed", missing: ["field contract-signed-on is not set"])) {
            try engine.advance(negotiating, task: 2, action: "contract-signed", note: nil, actor: member("alice"), at: at("2026-03-04T10:00"))
        }
        let step = try engine.advance(negotiating, task: 2, action: "contract-signed", note: nil, fields: ["contract-signed-on": "2026-03-04"],
                                      actor: member("alice"), at: at("2026-03-04T10:00"))
        #expect(step.events.map(\.kind) == [.fieldsSet, .taskClosed, .transitioned, .taskOpened])
        #expect(step.dossier.stateID == "compiling")
        #expect(step.dossier.fields["contract-signed-on"] == "2026-03-04")
        // 7 calendar days from the contract date: due when 2026-03-11 ends.
        #expect(step.dossier.openTask?.dueAt == at("2026-03-12T00:00"))
    }

    @Test("closing without a contract finishes the dossier in a final state")
    func closeToFinal() throws {
        let engine = try EngineFixtures.engine("generic-customer")
        let started = try engine.start(id: 11, fields: ["customer": "Lin Hua", "first-contact-on": "2026-03-02"],
                                       assignments: ["handler": "alice", "head": "dina"], actor: member("alice"), staff: testStaff,
                                       at: at("2026-03-02T09:00")).dossier
        let negotiating = try engine.advance(started, task: 1, action: "register", note: nil, actor: member("alice"),
                                             at: at("2026-03-02T10:00")).dossier
        let step = try engine.advance(negotiating, task: 2, action: "close", note: "customer chose a competitor", actor: member("alice"),
                                      at: at("2026-03-09T10:00"))
        #expect(step.events.map(\.kind) == [.taskClosed, .transitioned, .finished])
        #expect(step.events[2].toState == "closed")
        #expect(step.events[2].taskNumber == nil)
        #expect(step.dossier.stateID == "closed")
        #expect(step.dossier.isFinished)
        #expect(step.dossier.openTask == nil)
        #expect(step.dossier.taskCount == 2)
        #expect(step.closedTask == 2)
        #expect(step.effects == [])
    }

    // MARK: The borrow workflow: an approver assigned later

    @Test("a borrow slip goes to whoever approves holding the level's staff role; the archivist lends until the slip's date and takes it back")
    func borrowFlow() throws {
        let engine = try EngineFixtures.engine("borrow")
        let started = try engine.start(id: 3, fields: Borrow.fields, assignments: ["archivist": "carol"], actor: member("dan"),
                                       staff: testStaff, at: at("2026-03-02T09:30")).dossier
        // No level given: the workflow's default (department) routes it to a department manager or marketing VP.
        #expect(throws: Refusal.notAnApprover(person: "bob", level: "department-level", approvers: ["department-manager", "marketing-vp", "gm", "deputy-gm", "chairman"])) {
            try engine.advance(started, task: 1, action: "approve", note: nil, actor: member("bob"), at: at("2026-03-02T10:00"))
        }
        let approved = try engine.advance(started, task: 1, action: "approve", note: nil, actor: member("dina"), at: at("2026-03-02T10:00"))
        #expect(approved.dossier.assignments["approver"] == "dina")
        #expect(approved.dossier.stateID == "approved")
        #expect(approved.dossier.openTask?.assignee == "carol")
        let lent = try engine.advance(approved.dossier, task: 2, action: "lend", note: nil, actor: member("carol"), at: at("2026-03-02T11:00"))
        #expect(lent.effects == [.lend])
        #expect(lent.dossier.stateID == "lent")
        // The slip says 2026-03-20, within the 30-day maximum: due when 2026-03-20 ends.
        #expect(lent.dossier.openTask?.dueAt == at("2026-03-21T00:00"))
        // A return is checked against the register (returnLoan); the plain action closes a complete one.
        let returned = try engine.advance(lent.dossier, task: 3, action: "return", note: nil, actor: member("carol"), at: at("2026-03-10T11:00"))
        #expect(returned.effects == [.return, .closeLoan])
        #expect(returned.dossier.stateID == "returned")
        #expect(returned.dossier.isFinished)
        #expect(returned.events.map(\.kind) == [.taskClosed, .transitioned, .finished])
    }

    @Test("a full loan intake: tasks 1 to 3 and one event trail from start to registration")
    func fullLoanIntake() throws {
        let engine = try Loan.engine()
        var events: [DossierEvent] = []
        let start = try Loan.start(engine)
        events += start.events
        var dossier = start.dossier
        for item in Loan.requiredItems {
            let step = try engine.recordItem(dossier, item: item, pages: 2, signatures: Loan.signatures(of: item, in: engine),
                                             missing: false, actor: member("alice"), at: at("2026-03-03T09:00"))
            events += step.events
            dossier = step.dossier
        }
        for (action, actor, task) in [("hand-over", "alice", 1)] {
            let step = try engine.advance(dossier, task: task, action: action, note: nil, actor: member(actor), at: at("2026-03-03T17:00"))
            events += step.events
            dossier = step.dossier
        }
        for item in Loan.requiredItems {
            let step = try engine.verifyItem(dossier, item: item, defect: nil, actor: member("bob"), at: at("2026-03-04T09:00"))
            events += step.events
            dossier = step.dossier
        }
        let accept = try engine.advance(dossier, task: 2, action: "accept", note: nil, actor: member("bob"), at: at("2026-03-04T16:00"))
        events += accept.events
        dossier = accept.dossier
        #expect(dossier.checklist.values.allSatisfy { $0.verification == .unchecked })
        for item in Loan.requiredItems {
            let step = try engine.verifyItem(dossier, item: item, defect: nil, actor: member("carol"), at: at("2026-03-05T09:00"))
            events += step.events
            dossier = step.dossier
        }
        for (action, actor, task) in [("register", "carol", 3), ("register", "bob", 3)] {
            let step = try engine.advance(dossier, task: task, action: action, note: nil, actor: member(actor), at: at("2026-03-05T10:00"))
            events += step.events
            dossier = step.dossier
        }
        #expect(dossier.stateID == "registered")
        #expect(dossier.isFinished)
        #expect(dossier.taskCount == 3)
        // 1 start + 15 records + 1 hand-over + 15 verifications by B + accept + 15 by the archivist + 2 sign-offs.
        #expect(dossier.revision == 50)
        #expect(dossier.checklist.values.allSatisfy { $0.verification == .ok(by: "carol") && $0.recordedBy == "alice" })
        #expect(events.filter { $0.kind == .taskOpened }.compactMap(\.taskNumber) == [1, 2, 3])
        #expect(events.filter { $0.kind == .taskClosed }.compactMap(\.taskNumber) == [1, 2, 3])
        #expect(events.filter { $0.kind == .transitioned }.compactMap(\.toState) == ["reviewing", "archiving", "registered"])
        #expect(events.filter { $0.kind == .itemRecorded }.count == 15)
        let verifications = events.filter { $0.kind == .itemVerified }
        #expect(verifications.map(\.actor) == Array(repeating: "bob", count: 15) + Array(repeating: "carol", count: 15))
        #expect(verifications.compactMap(\.taskNumber) == Array(repeating: 2, count: 15) + Array(repeating: 3, count: 15))
        #expect(events.filter { $0.kind == .signed }.map(\.actor) == ["carol", "bob"])
        #expect(events.first?.kind == .started)
        #expect(events.last?.kind == .finished)
    }

    @Test("a departure is signed only once its leaver holds nothing; holdings nobody looked up count as held")
    func nothingHeld() throws {
        let engine = try EngineFixtures.engine("departure")
        let people: [String: StaffMember] = [
            "bob": StaffMember(id: "bob", name: "Bob", roles: ["handler"]), "dan": StaffMember(id: "dan", name: "Dan", roles: ["handler"]),
            "mia": StaffMember(id: "mia", name: "Mia", roles: ["department-manager"]),
        ]
        let time = at("2026-03-03T09:00")
        let dossier = try engine.start(id: 1, fields: [:], assignments: ["leaver": "bob", "successor": "dan", "supervisor": "mia"],
                                       actor: try #require(people["mia"]), staff: people, at: time).dossier
        let bob = try #require(people["bob"])
        #expect(refusal { try engine.advance(dossier, task: 1, action: "sign", note: nil, actor: bob, at: time) }
                == .guardsUnmet(action: "sign", missing: ["what bob still holds was not looked up"]))
        #expect(refusal { try engine.advance(dossier, task: 1, action: "sign", note: nil, actor: bob, at: time, held: ["bob": ["role b in dossier 7"]]) }
                == .guardsUnmet(action: "sign", missing: ["bob still holds role b in dossier 7"]))
        let signed = try engine.advance(dossier, task: 1, action: "sign", note: nil, actor: bob, at: time, held: ["bob": []])
        #expect(signed.events.map(\.kind) == [.signed] && signed.closedTask == nil)
    }
}
