import DossierDefinition
import DossierEngine
import Foundation
import Testing

/// Recording and verifying checklist items, and the guards that read them.
@Suite("Engine: checklist")
struct ChecklistTests {
    // MARK: Recording

    @Test("recording an item stores pages and signatures (sorted, once each) and reports an item-recorded event")
    func recordItem() throws {
        let engine = try Loan.engine()
        let started = try Loan.start(engine).dossier
        let time = at("2026-03-03T10:00")
        let step = try engine.recordItem(started, item: "loan-contract", pages: 12, signatures: ["internal", "customer", "internal"],
                                         missing: false, actor: member("alice"), at: time)
        #expect(step.dossier.checklist == ["loan-contract": ItemRecord(pages: 12, signatures: ["customer", "internal"], recordedBy: "alice")])
        #expect(step.dossier.revision == started.revision + 1)
        #expect(step.dossier.stateID == "compiling")
        #expect(step.dossier.openTask == started.openTask)
        #expect(step.closedTask == nil)
        #expect(step.effects == [])
        #expect(step.events.count == 1)
        let event = try #require(step.events.first)
        #expect(event.kind == .itemRecorded)
        #expect(event.actor == "alice")
        #expect(event.at == time)
        #expect(event.fromState == "compiling")
        #expect(event.toState == "compiling")
        #expect(event.taskNumber == 1)
        #expect(event.details == ["item": "loan-contract", "missing": "false", "pages": "12", "signatures": "customer internal"])
    }

    @Test("recording by anyone but the open task's assignee is refused",
          arguments: [("bob", ["a"], ["alice"]), ("carol", ["a"], ["alice"]), ("gina", ["a"], ["alice"])])
    func recordNotYourTask(actor: String, roles: [String], holders: [String]) throws {
        let engine = try Loan.engine()
        let started = try Loan.start(engine).dossier
        let refused = refusal {
            try engine.recordItem(started, item: "credit-report", pages: 2, signatures: nil, missing: false, actor: member(actor),
                                  at: at("2026-03-03T10:00"))
        }
        #expect(refused == .notYourTask(person: actor, action: "record items", roles: roles, holders: holders))
        #expect(refused?.description == "\(actor) cannot take 'record items': it is for a (alice); only they can take it")
    }

    @Test("an item the checklist does not have is refused, with a suggestion when one is close",
          arguments: [("loan-app", "loan-application" as String?), ("passport", nil as String?), ("credit-report-2024", "credit-report" as String?)])
    func unknownItem(item: String, suggestion: String?) throws {
        let engine = try Loan.engine()
        let started = try Loan.start(engine).dossier
        let expected = Refusal.unknownItem(item, suggestion: suggestion, known: Loan.allItems)
        #expect(throws: expected) {
            try engine.recordItem(started, item: item, pages: 1, signatures: nil, missing: false, actor: member("alice"), at: at("2026-03-03T10:00"))
        }
        let reviewing = try Loan.inReviewing(engine)
        #expect(throws: expected) {
            try engine.verifyItem(reviewing, item: item, defect: nil, actor: member("bob"), at: at("2026-03-04T10:00"))
        }
    }

    @Test("the checklist has 18 items")
    func checklistSize() throws {
        #expect(try Loan.engine().definition.checklist?.items.map(\.id) == Loan.allItems)
    }

    @Test("a page count below 1 or an unknown signature is refused",
          arguments: [
              (0 as Int?, nil as [String]?, Refusal.invalidField("--pages", value: "0", expected: "a page count of 1 or more")),
              (-3 as Int?, nil as [String]?, Refusal.invalidField("--pages", value: "-3", expected: "a page count of 1 or more")),
              (2 as Int?, ["customer", "notary"] as [String]?, Refusal.invalidField("--signed", value: "notary", expected: "customer or internal")),
          ])
    func invalidRecord(pages: Int?, signatures: [String]?, expected: Refusal) throws {
        let engine = try Loan.engine()
        let started = try Loan.start(engine).dossier
        #expect(throws: expected) {
            try engine.recordItem(started, item: "loan-contract", pages: pages, signatures: signatures, missing: false,
                                  actor: member("alice"), at: at("2026-03-03T10:00"))
        }
    }

    @Test("recording an item as missing drops what was recorded and says so in the event")
    func recordMissing() throws {
        let engine = try Loan.engine()
        var dossier = try Loan.start(engine).dossier
        dossier = try engine.recordItem(dossier, item: "articles", pages: 8, signatures: ["customer"], missing: false,
                                        actor: member("alice"), at: at("2026-03-03T10:00")).dossier
        let step = try engine.recordItem(dossier, item: "articles", pages: nil, signatures: nil, missing: true,
                                         actor: member("alice"), at: at("2026-03-03T10:05"))
        #expect(step.dossier.checklist["articles"] == ItemRecord(pages: nil, signatures: [], isMissing: true, verification: .unchecked,
                                                                 recordedBy: "alice"))
        #expect(step.events[0].details == ["item": "articles", "missing": "true", "signatures": ""])
    }

    @Test("recording a missing item again with pages clears the missing flag")
    func recordAfterMissing() throws {
        let engine = try Loan.engine()
        var dossier = try Loan.start(engine).dossier
        dossier = try engine.recordItem(dossier, item: "articles", pages: nil, signatures: nil, missing: true,
                                        actor: member("alice"), at: at("2026-03-03T10:00")).dossier
        dossier = try engine.recordItem(dossier, item: "articles", pages: 8, signatures: ["customer"], missing: false,
                                        actor: member("alice"), at: at("2026-03-03T10:05")).dossier
        #expect(dossier.checklist["articles"] == ItemRecord(pages: 8, signatures: ["customer"], isMissing: false, recordedBy: "alice"))
    }

    @Test("re-recording keeps what is not given again")
    func partialRerecord() throws {
        let engine = try Loan.engine()
        var dossier = try Loan.start(engine).dossier
        dossier = try engine.recordItem(dossier, item: "loan-receipt", pages: 1, signatures: ["customer", "internal"], missing: false,
                                        actor: member("alice"), at: at("2026-03-03T10:00")).dossier
        dossier = try engine.recordItem(dossier, item: "loan-receipt", pages: 2, signatures: nil, missing: false,
                                        actor: member("alice"), at: at("2026-03-03T10:05")).dossier
        #expect(dossier.checklist["loan-receipt"] == ItemRecord(pages: 2, signatures: ["customer", "internal"], recordedBy: "alice"))
        dossier = try engine.recordItem(dossier, item: "loan-receipt", pages: nil, signatures: ["customer"], missing: false,
                                        actor: member("alice"), at: at("2026-03-03T10:10")).dossier
        #expect(dossier.checklist["loan-receipt"] == ItemRecord(pages: 2, signatures: ["customer"], recordedBy: "alice"))
    }

    @Test("re-recording an item resets its verification, and only its own")
    func rerecordResetsVerification() throws {
        let engine = try Loan.engine()
        var dossier = try Loan.verifyAll(engine, try Loan.inReviewing(engine))
        #expect(dossier.checklist["loan-contract"]?.verification == .ok(by: "bob"))
        let step = try engine.recordItem(dossier, item: "loan-contract", pages: 13, signatures: nil, missing: false,
                                         actor: member("bob"), at: at("2026-03-04T11:00"))
        dossier = step.dossier
        // B recorded it last now, so B may not check it himself.
        #expect(dossier.checklist["loan-contract"] == ItemRecord(pages: 13, signatures: ["customer", "internal"], verification: .unchecked,
                                                                 recordedBy: "bob"))
        #expect(dossier.checklist["guarantee-contract"] == ItemRecord(pages: 3, signatures: ["customer", "internal"], verification: .ok(by: "bob"),
                                                                      recordedBy: "alice"))
        #expect(step.events[0].taskNumber == 2)
        #expect(throws: Refusal.guardsUnmet(action: "accept", missing: ["item 'loan-contract' (Loan contract (借款合同)) is not verified"])) {
            try engine.advance(dossier, task: 2, action: "accept", note: nil, actor: member("bob"), at: at("2026-03-04T12:00"))
        }
    }

    @Test("re-recording a defective item clears the defect until it is checked again")
    func rerecordClearsDefect() throws {
        let engine = try Loan.engine()
        var dossier = try Loan.verifyAll(engine, try Loan.inReviewing(engine))
        dossier = try engine.verifyItem(dossier, item: "articles", defect: "page 4 missing", actor: member("bob"), at: at("2026-03-04T11:00")).dossier
        #expect(dossier.checklist["articles"]?.verification == .defect("page 4 missing", by: "bob"))
        dossier = try engine.recordItem(dossier, item: "articles", pages: 5, signatures: nil, missing: false,
                                        actor: member("bob"), at: at("2026-03-04T11:30")).dossier
        #expect(dossier.checklist["articles"] == ItemRecord(pages: 5, signatures: ["customer"], verification: .unchecked, recordedBy: "bob"))
    }

    @Test("an attachment may be recorded though no guard needs it")
    func recordAttachment() throws {
        let engine = try Loan.engine()
        let step = try engine.recordItem(try Loan.start(engine).dossier, item: "uncollected-contract", pages: 6, signatures: nil,
                                         missing: false, actor: member("alice"), at: at("2026-03-03T10:00"))
        #expect(step.dossier.checklist["uncollected-contract"] == ItemRecord(pages: 6, recordedBy: "alice"))
    }

    // MARK: Verifying

    @Test("verifying before the item is recorded is refused")
    func verifyBeforeRecord() throws {
        let engine = try Loan.engine()
        let reviewing = try Loan.inReviewing(engine)
        let refused = refusal {
            try engine.verifyItem(reviewing, item: "mortgage-contract", defect: nil, actor: member("bob"), at: at("2026-03-04T10:00"))
        }
        #expect(refused == .guardsUnmet(action: "verify mortgage-contract",
                                        missing: ["item 'mortgage-contract' is not recorded yet; the handler records it with `dossier checklist set`"]))
    }

    @Test("verifying an item in order marks it ok by the verifier")
    func verifyOK() throws {
        let engine = try Loan.engine()
        let reviewing = try Loan.inReviewing(engine)
        let time = at("2026-03-04T10:00")
        let step = try engine.verifyItem(reviewing, item: "credit-report", defect: nil, actor: member("bob"), at: time)
        #expect(step.dossier.checklist["credit-report"] == ItemRecord(pages: 3, signatures: [], verification: .ok(by: "bob"), recordedBy: "alice"))
        #expect(step.dossier.revision == reviewing.revision + 1)
        #expect(step.events.count == 1)
        let event = try #require(step.events.first)
        #expect(event.kind == .itemVerified)
        #expect(event.actor == "bob")
        #expect(event.at == time)
        #expect(event.fromState == "reviewing")
        #expect(event.toState == "reviewing")
        #expect(event.taskNumber == 2)
        #expect(event.details == ["item": "credit-report", "result": "ok"])
    }

    @Test("verifying by anyone but the open task's assignee is refused", arguments: ["alice", "carol", "dan"])
    func verifyNotYourTask(actor: String) throws {
        let engine = try Loan.engine()
        let reviewing = try Loan.inReviewing(engine)
        #expect(throws: Refusal.notYourTask(person: actor, action: "verify items", roles: ["b"], holders: ["bob"])) {
            try engine.verifyItem(reviewing, item: "credit-report", defect: nil, actor: member(actor), at: at("2026-03-04T10:00"))
        }
    }

    @Test("in archiving the archivist verifies, not B")
    func archivistVerifies() throws {
        let engine = try Loan.engine()
        let archiving = try Loan.accepted(engine)
        #expect(archiving.checklist["credit-report"] == ItemRecord(pages: 3, signatures: [], verification: .unchecked, recordedBy: "alice"))
        #expect(throws: Refusal.notYourTask(person: "bob", action: "verify items", roles: ["archivist"], holders: ["carol"])) {
            try engine.verifyItem(archiving, item: "credit-report", defect: nil, actor: member("bob"), at: at("2026-03-05T09:00"))
        }
        let step = try engine.verifyItem(archiving, item: "credit-report", defect: nil, actor: member("carol"), at: at("2026-03-05T09:00"))
        #expect(step.dossier.checklist["credit-report"] == ItemRecord(pages: 3, signatures: [], verification: .ok(by: "carol"), recordedBy: "alice"))
        #expect(step.events[0].taskNumber == 3)
        #expect(step.events[0].fromState == "archiving")
        #expect(step.events[0].details == ["item": "credit-report", "result": "ok"])
    }

    @Test("a defect is recorded with its text and makes no-open-defects fail with that text")
    func defectBlocksAccept() throws {
        let engine = try Loan.engine()
        var dossier = try Loan.verifyAll(engine, try Loan.inReviewing(engine), skipping: ["guarantee-contract"])
        let step = try engine.verifyItem(dossier, item: "guarantee-contract", defect: "guarantor's signature missing on page 3",
                                         actor: member("bob"), at: at("2026-03-04T11:00"))
        dossier = step.dossier
        #expect(dossier.checklist["guarantee-contract"]?.verification == .defect("guarantor's signature missing on page 3", by: "bob"))
        #expect(step.events[0].details == ["item": "guarantee-contract", "result": "defect",
                                           "defect": "guarantor's signature missing on page 3"])
        // A defect counts as checked, so only no-open-defects complains.
        let refused = refusal {
            try engine.advance(dossier, task: 2, action: "accept", note: nil, actor: member("bob"), at: at("2026-03-04T12:00"))
        }
        #expect(refused == .guardsUnmet(action: "accept", missing: [
            "item 'guarantee-contract' (Guarantee contract (保证合同)) has a defect: guarantor's signature missing on page 3",
        ]))
        #expect(refused?.description == """
            'accept' is not possible yet:
              - item 'guarantee-contract' (Guarantee contract (保证合同)) has a defect: guarantor's signature missing on page 3
            """)
    }

    @Test("defects on optional items block acceptance too")
    func defectOnOptionalItem() throws {
        let engine = try Loan.engine()
        // A records the optional valuation with the rest; B, who did not record it, checks it.
        var dossier = try Loan.recordAll(engine, try Loan.start(engine).dossier)
        dossier = try engine.recordItem(dossier, item: "collateral-valuation", pages: 4, signatures: nil, missing: false,
                                        actor: member("alice"), at: at("2026-03-03T11:00")).dossier
        dossier = try engine.advance(dossier, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-03T17:00")).dossier
        dossier = try Loan.verifyAll(engine, dossier)
        dossier = try engine.verifyItem(dossier, item: "collateral-valuation", defect: "valuer's stamp missing", actor: member("bob"),
                                        at: at("2026-03-04T11:00")).dossier
        #expect(throws: Refusal.guardsUnmet(action: "accept", missing: [
            "item 'collateral-valuation' (Collateral valuation report (抵押物评估报告)) has a defect: valuer's stamp missing",
        ])) {
            try engine.advance(dossier, task: 2, action: "accept", note: nil, actor: member("bob"), at: at("2026-03-04T12:00"))
        }
    }

    @Test("verifying a defective item again as in order clears the defect")
    func defectCleared() throws {
        let engine = try Loan.engine()
        var dossier = try Loan.verifyAll(engine, try Loan.inReviewing(engine))
        dossier = try engine.verifyItem(dossier, item: "articles", defect: "page 4 missing", actor: member("bob"), at: at("2026-03-04T11:00")).dossier
        dossier = try engine.verifyItem(dossier, item: "articles", defect: nil, actor: member("bob"), at: at("2026-03-04T11:30")).dossier
        #expect(dossier.checklist["articles"]?.verification == .ok(by: "bob"))
        let step = try engine.advance(dossier, task: 2, action: "accept", note: nil, actor: member("bob"), at: at("2026-03-04T12:00"))
        #expect(step.dossier.stateID == "archiving")
    }

    @Test("a blank defect text verifies the item as in order", arguments: ["", "   "])
    func blankDefectIsOK(defect: String) throws {
        let engine = try Loan.engine()
        let reviewing = try Loan.inReviewing(engine)
        let step = try engine.verifyItem(reviewing, item: "articles", defect: defect, actor: member("bob"), at: at("2026-03-04T10:00"))
        #expect(step.dossier.checklist["articles"]?.verification == .ok(by: "bob"))
    }

    @Test("the item-verified event of a blank defect says ok, as the record does", arguments: ["", "   "])
    func blankDefectEventSaysOK(defect: String) throws {
        let engine = try Loan.engine()
        let reviewing = try Loan.inReviewing(engine)
        let step = try engine.verifyItem(reviewing, item: "articles", defect: defect, actor: member("bob"), at: at("2026-03-04T10:00"))
        #expect(step.events[0].details == ["item": "articles", "result": "ok"])
    }

    // MARK: Four-eyes on items

    @Test("whoever recorded an item cannot also verify it")
    func recorderCannotVerify() throws {
        let engine = try Loan.engine()
        // In compiling A holds the open task, so only four-eyes stands between alice and her own item.
        let recorded = try engine.recordItem(try Loan.start(engine).dossier, item: "articles", pages: 8, signatures: ["customer"],
                                             missing: false, actor: member("alice"), at: at("2026-03-03T10:00")).dossier
        #expect(recorded.checklist["articles"] == ItemRecord(pages: 8, signatures: ["customer"], recordedBy: "alice"))
        let refused = refusal {
            try engine.verifyItem(recorded, item: "articles", defect: nil, actor: member("alice"), at: at("2026-03-03T10:05"))
        }
        #expect(refused == .fourEyesItem(person: "alice", item: "articles"))
        #expect(refused?.description == "four-eyes: alice recorded item 'articles' and cannot also verify it; another person checks it")
        // Finding a defect is checking too.
        #expect(throws: Refusal.fourEyesItem(person: "alice", item: "articles")) {
            try engine.verifyItem(recorded, item: "articles", defect: "page 2 torn", actor: member("alice"), at: at("2026-03-03T10:05"))
        }
    }

    @Test("recording an item as missing makes the recorder its recorder too")
    func missingRecorderCannotVerify() throws {
        let engine = try Loan.engine()
        let recorded = try engine.recordItem(try Loan.start(engine).dossier, item: "credit-report", pages: nil, signatures: nil,
                                             missing: true, actor: member("alice"), at: at("2026-03-03T10:00")).dossier
        #expect(recorded.checklist["credit-report"] == ItemRecord(isMissing: true, recordedBy: "alice"))
        #expect(throws: Refusal.fourEyesItem(person: "alice", item: "credit-report")) {
            try engine.verifyItem(recorded, item: "credit-report", defect: nil, actor: member("alice"), at: at("2026-03-03T10:05"))
        }
    }

    @Test("the last recorder counts: B who re-records an item cannot check it, and A's new record lets B check it again")
    func lastRecorderCounts() throws {
        let engine = try Loan.engine()
        var dossier = try Loan.verifyAll(engine, try Loan.inReviewing(engine), skipping: ["loan-contract"])
        dossier = try engine.recordItem(dossier, item: "loan-contract", pages: 13, signatures: nil, missing: false,
                                        actor: member("bob"), at: at("2026-03-04T11:00")).dossier
        let refused = refusal {
            try engine.verifyItem(dossier, item: "loan-contract", defect: nil, actor: member("bob"), at: at("2026-03-04T11:05"))
        }
        #expect(refused == .fourEyesItem(person: "bob", item: "loan-contract"))
        #expect(refused?.description == "four-eyes: bob recorded item 'loan-contract' and cannot also verify it; another person checks it")
        // Items alice recorded are still bob's to check.
        #expect(dossier.checklist["loan-receipt"] == ItemRecord(pages: 3, signatures: ["customer", "internal"], verification: .ok(by: "bob"),
                                                                recordedBy: "alice"))

        // Returned to A: verification is reset, but who recorded each item is kept.
        dossier = try engine.advance(dossier, task: 2, action: "return", note: "loan contract recounted", actor: member("bob"),
                                     at: at("2026-03-04T12:00")).dossier
        #expect(dossier.checklist["loan-contract"] == ItemRecord(pages: 13, signatures: ["customer", "internal"], verification: .unchecked,
                                                                 recordedBy: "bob"))
        // A records it again, and B may check it once it is back.
        dossier = try engine.recordItem(dossier, item: "loan-contract", pages: 13, signatures: nil, missing: false,
                                        actor: member("alice"), at: at("2026-03-04T14:00")).dossier
        #expect(dossier.checklist["loan-contract"] == ItemRecord(pages: 13, signatures: ["customer", "internal"], verification: .unchecked,
                                                                 recordedBy: "alice"))
        dossier = try engine.advance(dossier, task: 3, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-04T15:00")).dossier
        let step = try engine.verifyItem(dossier, item: "loan-contract", defect: nil, actor: member("bob"), at: at("2026-03-04T16:00"))
        #expect(step.dossier.checklist["loan-contract"] == ItemRecord(pages: 13, signatures: ["customer", "internal"],
                                                                      verification: .ok(by: "bob"), recordedBy: "alice"))
        #expect(step.events[0].details == ["item": "loan-contract", "result": "ok"])
    }

    @Test("an item the archivist re-records is checked by another archivist")
    func archivistRecorderNeedsSecondArchivist() throws {
        let engine = try Loan.engine()
        var dossier = try Loan.accepted(engine)
        dossier = try engine.recordItem(dossier, item: "financial-statements", pages: 40, signatures: nil, missing: false,
                                        actor: member("carol"), at: at("2026-03-05T08:00")).dossier
        #expect(dossier.checklist["financial-statements"] == ItemRecord(pages: 40, signatures: ["customer"], recordedBy: "carol"))
        #expect(throws: Refusal.fourEyesItem(person: "carol", item: "financial-statements")) {
            try engine.verifyItem(dossier, item: "financial-statements", defect: nil, actor: member("carol"), at: at("2026-03-05T08:10"))
        }
        // B no longer holds the open task, so B cannot check it either.
        #expect(throws: Refusal.notYourTask(person: "bob", action: "verify items", roles: ["archivist"], holders: ["carol"])) {
            try engine.verifyItem(dossier, item: "financial-statements", defect: nil, actor: member("bob"), at: at("2026-03-05T08:10"))
        }
        dossier = try engine.reassign(dossier, role: "archivist", to: "xena", reason: "second check", actor: member("gina"),
                                      staff: testStaff, at: at("2026-03-05T08:20")).dossier
        let step = try engine.verifyItem(dossier, item: "financial-statements", defect: nil, actor: member("xena"), at: at("2026-03-05T08:30"))
        #expect(step.dossier.checklist["financial-statements"] == ItemRecord(pages: 40, signatures: ["customer"], verification: .ok(by: "xena"),
                                                                             recordedBy: "carol"))
    }

    // MARK: Signatures

    @Test("signatures-complete names each missing signature of each required item")
    func signaturesComplete() throws {
        let engine = try Loan.engine()
        var dossier = try Loan.recordAll(engine, try Loan.start(engine).dossier, skipping: ["loan-contract", "site-visit-record"])
        dossier = try engine.recordItem(dossier, item: "loan-contract", pages: 10, signatures: [], missing: false,
                                        actor: member("alice"), at: at("2026-03-03T11:00")).dossier
        dossier = try engine.recordItem(dossier, item: "site-visit-record", pages: 2, signatures: ["internal"], missing: false,
                                        actor: member("alice"), at: at("2026-03-03T11:00")).dossier
        // Optional items do not count, even recorded without their signatures.
        dossier = try engine.recordItem(dossier, item: "mortgage-contract", pages: 4, signatures: [], missing: false,
                                        actor: member("alice"), at: at("2026-03-03T11:00")).dossier
        dossier = try engine.advance(dossier, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-03T17:00")).dossier
        dossier = try Loan.verifyAll(engine, dossier)
        dossier = try engine.verifyItem(dossier, item: "mortgage-contract", defect: nil, actor: member("bob"), at: at("2026-03-04T11:00")).dossier
        dossier = try engine.advance(dossier, task: 2, action: "accept", note: nil, actor: member("bob"), at: at("2026-03-04T16:00")).dossier
        // Accept unchecked every item; the archivist checks them again, so only the signatures are left to complain about.
        dossier = try Loan.verifyAll(engine, dossier, by: "carol", at: at("2026-03-05T08:30"))
        #expect(throws: Refusal.guardsUnmet(action: "register", missing: [
            "item 'loan-contract' (Loan contract (借款合同)) lacks the customer signature",
            "item 'loan-contract' (Loan contract (借款合同)) lacks the internal signature",
            "item 'site-visit-record' (Site visit record (现场调查记录)) lacks the customer signature",
        ])) {
            try engine.advance(dossier, task: 3, action: "register", note: nil, actor: member("carol"), at: at("2026-03-05T09:00"))
        }
    }

    @Test("a workflow's checklist rules are its own: a new-car dossier has 12 items, 11 of them required")
    func newCarChecklist() throws {
        let engine = try EngineFixtures.engine("new-car-intake")
        let sales = StaffMember(id: "sam", name: "Sam Wu", roles: ["sales-consultant"])
        var staff = testStaff
        staff["sam"] = sales
        let started = try engine.start(id: 21, fields: ["customer": "Zhang San", "vin": "LSVAU2180N2123456", "sold-on": "2026-03-06"],
                                       assignments: ["sales": "sam", "archivist": "carol"], actor: sales, staff: staff,
                                       at: at("2026-03-06T15:00")).dossier
        // 3 working days from Friday 2026-03-06: due when Wednesday 2026-03-11 ends.
        #expect(started.openTask?.dueAt == at("2026-03-12T00:00"))
        let refused = refusal {
            try engine.advance(started, task: 1, action: "hand-over", note: nil, actor: sales, at: at("2026-03-09T10:00"))
        }
        guard case .guardsUnmet(let action, let missing) = refused else {
            Issue.record("expected guardsUnmet, got \(String(describing: refused))")
            return
        }
        #expect(action == "hand-over")
        #expect(missing.count == 11)
        #expect(missing.first == "item 'customer-card' (Customer card (客户信息卡)) is not recorded")
        #expect(missing.last == "item 'pdi-checklist' (PDI checklist (PDI检查表)) is not recorded")
    }
}
