import DossierDefinition
import DossierEngine
import Foundation
import Testing

/// Routing borrow slips by confidentiality level, and the refusals that protect sealed dossiers.
@Suite("Engine: lending")
struct LendingTests {
    static func target(level: String, owners: Set<String> = ["alice", "bob", "carol"]) -> BorrowTarget {
        BorrowTarget(archiveNumber: "鸿借字第001号", dossierID: 1, levelID: level, owners: owners, department: "loans", archivist: "carol",
                     items: ["loan-contract": 6, "site-visit-record": 5])
    }

    static let people: [String: StaffMember] = [
        "dan": StaffMember(id: "dan", name: "Dan", roles: ["handler"]),
        "gina": StaffMember(id: "gina", name: "Gina", roles: ["gm"]),
        "chen": StaffMember(id: "chen", name: "Chen", roles: ["chairman"]),
        "mona": StaffMember(id: "mona", name: "Mona", roles: ["marketing-director"]),
        "alice": StaffMember(id: "alice", name: "Alice", roles: ["handler"]),
        "carol": StaffMember(id: "carol", name: "Carol", roles: ["archivist"]),
        "lin": StaffMember(id: "lin", name: "Lin", roles: ["handler"], department: "loans"),
        "dora": StaffMember(id: "dora", name: "Dora", roles: ["department-manager"], department: "loans"),
        "mia": StaffMember(id: "mia", name: "Mia", roles: ["department-manager"], department: "sales"),
        "vic": StaffMember(id: "vic", name: "Vic", roles: ["marketing-vp"], department: "marketing"),
    ]

    @Test("each level routes to its approvers; readers, owners and executives borrow directly", arguments: [
        ("company", "dan", "approval department-manager"),
        ("company", "mona", "direct"),
        ("company", "alice", "direct"),
        ("department", "dan", "approval department-manager marketing-vp gm deputy-gm chairman"),
        ("department", "lin", "direct"),
        ("department", "mia", "approval department-manager marketing-vp gm deputy-gm chairman"),
        ("department", "dora", "direct"),
        ("personal", "dan", "approval department-manager gm deputy-gm chairman"),
        ("personal", "lin", "approval department-manager gm deputy-gm chairman"),
        ("personal", "alice", "direct"),
        ("department", "chen", "direct"),
        ("sealed", "chen", "approval gm"),
        ("sealed", "alice", "approval gm"),
        ("sealed", "gina", "direct"),
    ])
    func route(level: String, person: String, expected: String) throws {
        let engine = try EngineFixtures.engine("borrow")
        let borrower = try #require(Self.people[person])
        let route = try engine.route(for: borrower, target: Self.target(level: level))
        switch route {
        case .direct: #expect(expected == "direct")
        case .approval(let roles): #expect(expected == "approval " + roles.joined(separator: " "))
        }
    }

    @Test("a sealed dossier is never taken away; a slip beyond the longest loan is refused")
    func refusals() throws {
        let engine = try EngineFixtures.engine("borrow")
        let dan = try #require(Self.people["dan"])
        let staff = Self.people
        let sealed = refusal {
            try engine.requestLoan(id: 9, target: Self.target(level: "sealed"), purpose: "audit", until: "2026-03-20", takeAway: true,
                                   actor: dan, staff: staff, at: at("2026-03-18T09:00"))
        }
        #expect(sealed == .readingRoomOnly(archiveNumber: "鸿借字第001号", level: "Sealed, read in the office only (密封件)"))
        let inOffice = try engine.requestLoan(id: 9, target: Self.target(level: "sealed"), purpose: "audit", until: "2026-03-20", takeAway: false,
                                              actor: dan, staff: staff, at: at("2026-03-18T09:00"))
        #expect(inOffice.dossier.stateID == "requested", "reading in the office still needs the GM's approval")
        #expect(inOffice.dossier.fields["level"] == "sealed")
        let long = refusal {
            try engine.requestLoan(id: 9, target: Self.target(level: "department"), purpose: "audit", until: "2026-04-18", takeAway: false,
                                   actor: dan, staff: staff, at: at("2026-03-18T09:00"))
        }
        #expect(long == .loanTooLong(until: "2026-04-18", latest: "2026-04-17", maximum: "30 calendar days"))
    }

    @Test("only a level approver approves, and the loan then runs until the slip's date")
    func approveAndLend() throws {
        let engine = try EngineFixtures.engine("borrow")
        let dan = try #require(Self.people["dan"])
        let slip = try engine.requestLoan(id: 9, target: Self.target(level: "personal"), purpose: "audit", until: "2026-03-20", takeAway: true,
                                          actor: dan, staff: Self.people, at: at("2026-03-18T09:00")).dossier
        let vic = try #require(Self.people["vic"])
        #expect(refusal { try engine.advance(slip, task: 1, action: "approve", note: nil, actor: vic, at: at("2026-03-18T10:00")) }
                == .notAnApprover(person: "vic", level: "personal-level", approvers: ["department-manager", "gm", "deputy-gm", "chairman"]))
        let approved = try engine.advance(slip, task: 1, action: "approve", note: nil, actor: try #require(Self.people["gina"]),
                                          at: at("2026-03-18T10:00")).dossier
        #expect(approved.assignments["approver"] == "gina")
        let lent = try engine.advance(approved, task: 2, action: "lend", note: nil, actor: try #require(Self.people["carol"]),
                                      at: at("2026-03-18T11:00")).dossier
        #expect(lent.openTask?.dueAt == at("2026-03-21T00:00"))
    }

    @Test("a company-level slip is approved in two steps: the borrower's own department manager signs, then the director; each step its own person")
    func twoSteps() throws {
        let engine = try EngineFixtures.engine("borrow")
        let lin = try #require(Self.people["lin"])
        let slip = try engine.requestLoan(id: 9, target: Self.target(level: "company"), purpose: "audit", until: "2026-03-20", takeAway: true,
                                          actor: lin, staff: Self.people, at: at("2026-03-18T09:00")).dossier
        #expect(slip.fields["borrower-department"] == "loans")
        #expect(engine.awaitedApprovers(of: slip) == ["department-manager of loans"])
        #expect(engine.awaitedStepName(of: slip) == "step 1 of 2 (The borrower's department manager signs (部门经理签字))")
        func approve(_ dossier: Dossier, by person: String) throws -> WorkflowEngine.Step {
            try engine.advance(dossier, task: 1, action: "approve", note: nil, actor: try #require(Self.people[person]), at: at("2026-03-18T10:00"))
        }
        // The director approves the last step, not the first; another department's manager signs only their own staff's slips.
        #expect(refusal { try approve(slip, by: "mona") }
                == .notTheStepsApprover(person: "mona", level: "company", step: 1, of: 2, approvers: ["department-manager"]))
        #expect(refusal { try approve(slip, by: "mia") }
                == .outsideBorrowerDepartment(person: "mia", role: "department-manager", department: "sales", borrower: "lin", borrowerDepartment: "loans"))
        #expect(engine.mayApprove(slip, person: try #require(Self.people["dora"])))
        #expect(!engine.mayApprove(slip, person: try #require(Self.people["mona"])))
        let signed = try approve(slip, by: "dora")
        #expect(signed.closedTask == nil && signed.dossier.stateID == "requested" && signed.dossier.assignments["approver"] == nil)
        #expect(signed.events.map(\.kind) == [.signed] && signed.events.first?.details == ["role": "approver", "step": "1 of 2"])
        #expect(engine.awaitedApprovers(of: signed.dossier) == ["marketing-director", "gm", "deputy-gm", "chairman"])
        #expect(!engine.mayApprove(signed.dossier, person: try #require(Self.people["dora"])))
        #expect(refusal { try approve(signed.dossier, by: "dora") }
                == .notTheStepsApprover(person: "dora", level: "company", step: 2, of: 2, approvers: ["marketing-director", "gm", "deputy-gm", "chairman"]))
        let approved = try approve(signed.dossier, by: "mona")
        #expect(approved.dossier.stateID == "approved" && approved.dossier.assignments["approver"] == "mona")
        #expect(approved.events.first { $0.kind == .transitioned }?.details == ["step-1": "dora"])
        // Any step's approver may reject instead, and a slip rejected at the first step never reaches the second.
        let rejected = try engine.advance(slip, task: 1, action: "reject", note: "not needed", actor: try #require(Self.people["dora"]),
                                          at: at("2026-03-18T10:00"))
        #expect(rejected.dossier.stateID == "rejected")
        // A department manager's own slip starts at the second step: their signature is their own.
        let dora = try #require(Self.people["dora"])
        let own = try engine.requestLoan(id: 10, target: Self.target(level: "company"), purpose: "audit", until: "2026-03-20", takeAway: true,
                                         actor: dora, staff: Self.people, at: at("2026-03-18T09:00"))
        #expect(own.events.contains { $0.kind == .signed && $0.note == "dora is department-manager and signs their own slip" })
        #expect(engine.awaitedApprovers(of: own.dossier) == ["marketing-director", "gm", "deputy-gm", "chairman"])
    }

    @Test("the level's last approver renews: a slip of several steps is not renewed by its first step's manager")
    func lastStepRenews() throws {
        let engine = try EngineFixtures.engine("borrow")
        let lin = try #require(Self.people["lin"])
        var loan = try engine.requestLoan(id: 9, target: Self.target(level: "company"), purpose: "audit", until: "2026-03-20", takeAway: true,
                                          actor: lin, staff: Self.people, at: at("2026-03-18T09:00")).dossier
        for person in ["dora", "mona"] {
            loan = try engine.advance(loan, task: 1, action: "approve", note: nil, actor: try #require(Self.people[person]), at: at("2026-03-18T10:00")).dossier
        }
        loan = try engine.advance(loan, task: 2, action: "lend", note: nil, actor: try #require(Self.people["carol"]), at: at("2026-03-18T11:00")).dossier
        #expect(refusal { try engine.renewLoan(loan, target: Self.target(level: "company"), until: "2026-03-25", reason: "more", actor: try #require(Self.people["dora"]),
                                               at: at("2026-03-19T09:00")) } != nil)
        let renewed = try engine.renewLoan(loan, target: Self.target(level: "company"), until: "2026-03-25", reason: "more", actor: try #require(Self.people["gina"]),
                                           at: at("2026-03-19T09:00"))
        #expect(renewed.dossier.fields["until"] == "2026-03-25")
    }

    @Test("a department manager approves only for their own department; the marketing VP for any")
    func localApprovers() throws {
        let engine = try EngineFixtures.engine("borrow")
        let dan = try #require(Self.people["dan"])
        let slip = try engine.requestLoan(id: 9, target: Self.target(level: "department"), purpose: "audit", until: "2026-03-20", takeAway: true,
                                          actor: dan, staff: Self.people, at: at("2026-03-18T09:00")).dossier
        #expect(slip.fields["department"] == "loans")
        #expect(engine.awaitedApprovers(of: slip) == ["department-manager of loans", "marketing-vp", "gm", "deputy-gm", "chairman"])
        let mia = try #require(Self.people["mia"])
        #expect(!engine.mayApprove(slip, person: mia))
        #expect(refusal { try engine.advance(slip, task: 1, action: "approve", note: nil, actor: mia, at: at("2026-03-18T10:00")) }
                == .outsideDepartment(person: "mia", role: "department-manager", department: "sales", dossierDepartment: "loans"))
        for approver in ["dora", "vic"] {
            let person = try #require(Self.people[approver])
            #expect(engine.mayApprove(slip, person: person))
            let approved = try engine.advance(slip, task: 1, action: "approve", note: nil, actor: person, at: at("2026-03-18T10:00"))
            #expect(approved.dossier.assignments["approver"] == approver)
        }
    }

    @Test("a follow-up form comes back the same day: a later date is refused, and the loan falls due at the end of the lending day")
    func sameDay() throws {
        let engine = try EngineFixtures.engine("borrow")
        let gina = try #require(Self.people["gina"])
        let later = refusal {
            try engine.requestLoan(id: 9, target: Self.target(level: "department"), purpose: "follow-up call", until: "2026-03-19", takeAway: true,
                                   material: ["follow-up-form"], actor: gina, staff: Self.people, at: at("2026-03-18T09:00"))
        }
        #expect(later == .sameDayReturn(items: ["follow-up-form"], today: "2026-03-18", until: "2026-03-19"))
        let unknown = refusal {
            try engine.requestLoan(id: 9, target: Self.target(level: "department"), purpose: "call", until: "2026-03-18", takeAway: true,
                                   material: ["follow-up"], actor: gina, staff: Self.people, at: at("2026-03-18T09:00"))
        }
        #expect(unknown == .unknownItem("follow-up", suggestion: "follow-up-form", known: ["dossier-volume", "follow-up-form"]))
        let stranger = refusal {
            try engine.requestLoan(id: 9, target: Self.target(level: "department"), purpose: "call", until: "2026-03-18", takeAway: true,
                                   material: ["folder"], actor: gina, staff: Self.people, at: at("2026-03-18T09:00"))
        }
        #expect(stranger?.description == "the checklist has no item 'folder'; its items are dossier-volume, follow-up-form")
        let slip = try engine.requestLoan(id: 9, target: Self.target(level: "department"), purpose: "follow-up call", until: "2026-03-18",
                                          takeAway: true, material: ["follow-up-form"], actor: gina, staff: Self.people, at: at("2026-03-18T09:00"))
        #expect(slip.dossier.stateID == "approved", "the GM borrows directly")
        let lent = try engine.lendLoan(slip.dossier, others: [], actor: try #require(Self.people["carol"]), at: at("2026-03-18T09:30"))
        #expect(lent.dossier.openTask?.dueAt == at("2026-03-19T00:00"))
        let renewal = refusal {
            try engine.renewLoan(lent.dossier, target: Self.target(level: "department"), until: "2026-03-19", reason: "more calls",
                                 actor: gina, at: at("2026-03-18T12:00"))
        }
        #expect(renewal?.description.contains("holds follow-up-form, which comes back the same day") == true)
    }

    @Test("a renewal needs the slip's approval, comes before the due date, moves the date later within the longest loan")
    func renewals() throws {
        let engine = try EngineFixtures.engine("borrow")
        let dan = try #require(Self.people["dan"])
        let target = Self.target(level: "department")
        let slip = try engine.requestLoan(id: 9, target: target, purpose: "audit", until: "2026-03-20", takeAway: true,
                                          actor: dan, staff: Self.people, at: at("2026-03-18T09:00")).dossier
        let approved = try engine.advance(slip, task: 1, action: "approve", note: nil, actor: try #require(Self.people["dora"]),
                                          at: at("2026-03-18T10:00")).dossier
        let lent = try engine.lendLoan(approved, others: [], actor: try #require(Self.people["carol"]), at: at("2026-03-18T11:00")).dossier
        let own = refusal { try engine.renewLoan(lent, target: target, until: "2026-03-25", reason: "more", actor: dan, at: at("2026-03-19T09:00")) }
        #expect(own?.description.contains("dan cannot renew their own loan 9: a renewal needs the same approval as the slip") == true)
        let mia = try #require(Self.people["mia"])
        #expect(refusal { try engine.renewLoan(lent, target: target, until: "2026-03-25", reason: "more", actor: mia, at: at("2026-03-19T09:00")) }
                == .outsideDepartment(person: "mia", role: "department-manager", department: "sales", dossierDepartment: "loans"))
        let dora = try #require(Self.people["dora"])
        let earlier = refusal { try engine.renewLoan(lent, target: target, until: "2026-03-19", reason: "x", actor: dora, at: at("2026-03-19T09:00")) }
        #expect(earlier?.description.contains("is not after 2026-03-20") == true)
        #expect(refusal { try engine.renewLoan(lent, target: target, until: "2026-04-30", reason: "x", actor: dora, at: at("2026-03-19T09:00")) }
                == .loanTooLong(until: "2026-04-30", latest: "2026-04-17", maximum: "30 calendar days"), "counted from the lending day")
        let renewed = try engine.renewLoan(lent, target: target, until: "2026-03-27", reason: "audit extended", actor: dora, at: at("2026-03-19T09:00"))
        #expect(renewed.dossier.fields["until"] == "2026-03-27")
        #expect(renewed.dossier.openTask?.dueAt == at("2026-03-28T00:00"))
        #expect(renewed.events.map(\.kind) == [.deadlineExtended])
        #expect(renewed.events.first?.details["renewal"] == "approved by dora")
        let overdue = refusal { try engine.renewLoan(lent, target: target, until: "2026-03-27", reason: "x", actor: dora, at: at("2026-03-21T09:00")) }
        #expect(overdue?.description.contains("an overdue loan is not renewed") == true)
    }

    @Test("a dossier out on one loan is not lent on another")
    func oneLoanAtATime() throws {
        let engine = try EngineFixtures.engine("borrow")
        let gina = try #require(Self.people["gina"])
        let chen = try #require(Self.people["chen"])
        let carol = try #require(Self.people["carol"])
        let target = Self.target(level: "department")
        let first = try engine.requestLoan(id: 8, target: target, purpose: "a", until: "2026-03-20", takeAway: true, actor: gina, staff: Self.people,
                                           at: at("2026-03-18T09:00")).dossier
        let second = try engine.requestLoan(id: 9, target: target, purpose: "b", until: "2026-03-20", takeAway: true, actor: chen, staff: Self.people,
                                            at: at("2026-03-18T09:00")).dossier
        #expect(refusal { try engine.lendLoan(first, others: [first, second], actor: carol, at: at("2026-03-21T10:00")) }
                == .slipExpired(loan: 8, until: "2026-03-20"), "a slip whose date passed is not lent")
        let out = try engine.lendLoan(first, others: [first, second], actor: carol, at: at("2026-03-18T10:00")).dossier
        #expect(engine.isOut(out))
        #expect(refusal { try engine.lendLoan(second, others: [out, second], actor: carol, at: at("2026-03-18T10:05")) }
                == .alreadyLent(archiveNumber: "鸿借字第001号", loan: 8, borrower: "gina", due: "2026-03-20 23:59"))
    }

    @Test("reading: own people, readers, insiders, executives and approved borrowers may; anyone else is refused, logged and fined")
    func viewing() throws {
        let engine = try EngineFixtures.engine("borrow")
        let target = Self.target(level: "department")
        let registered = Dossier(id: 1, workflowID: "loan-intake", workflowVersion: 1, stateID: "registered", isFinished: true, fields: [:],
                                 assignments: ["a": "alice"], startedAt: at("2026-03-02T09:00"), startedBy: "alice")
        for (person, right) in [("alice", "alice holds a role in the dossier itself"), ("lin", "lin works in loans, the dossier's own department"),
                                ("gina", "gina is gm and borrows directly through the archivist")] {
            let viewing = try engine.view(registered, target: target, viewer: try #require(Self.people[person]), loans: [], at: at("2026-03-18T09:00"))
            #expect(viewing.right == right)
            #expect(viewing.events.map(\.kind) == [.viewed])
            #expect(viewing.fines.isEmpty)
        }
        let dan = try #require(Self.people["dan"])
        let refused = try engine.view(registered, target: target, viewer: dan, loans: [], at: at("2026-03-18T09:00"))
        #expect(refused.right == nil)
        #expect(refused.refusal?.contains("dan may not view 鸿借字第001号, a department-level dossier") == true)
        #expect(refused.events.map(\.kind) == [.viewRefused])
        #expect(refused.fines.map(\.ruleID) == ["unauthorised-view"])
        #expect(refused.fines.first?.payer == "dan")
        #expect(refused.fines.first?.baseAmount == 50)
        let step = try engine.recording(refused.events, fines: refused.fines, on: registered, at: at("2026-03-18T09:00"))
        #expect(step.dossier.revision == registered.revision + 1)
        #expect(step.dossier.stateID == "registered")
        let again = try engine.view(step.dossier, target: target, viewer: dan, loans: [], at: at("2026-03-18T09:05"))
        #expect(again.fines.first?.key != refused.fines.first?.key, "each refused view is its own violation")

        let slip = try engine.requestLoan(id: 9, target: target, purpose: "audit", until: "2026-03-20", takeAway: false, actor: dan,
                                          staff: Self.people, at: at("2026-03-18T09:10")).dossier
        #expect(try engine.viewRight(of: dan, target: target, loans: [slip]) == nil, "a slip not yet approved gives no right")
        let approved = try engine.advance(slip, task: 1, action: "approve", note: nil, actor: try #require(Self.people["dora"]),
                                          at: at("2026-03-18T10:00")).dossier
        #expect(try engine.viewRight(of: dan, target: target, loans: [approved]) == "dan borrows it on loan 9, approved and not yet returned")
    }

    @Test("a return names each item once, and counts pages only where the register has them")
    func returnFindings() throws {
        let engine = try EngineFixtures.engine("borrow")
        var target = Self.target(level: "department")
        target.items["articles"] = 0
        let gina = try #require(Self.people["gina"])
        let carol = try #require(Self.people["carol"])
        let slip = try engine.requestLoan(id: 9, target: target, purpose: "a", until: "2026-03-20", takeAway: true, actor: gina,
                                          staff: Self.people, at: at("2026-03-18T09:00")).dossier
        let lent = try engine.lendLoan(slip, others: [], actor: carol, at: at("2026-03-18T10:00")).dossier
        let step = try engine.returnLoan(lent, target: target, missing: ["site-visit-record"], damaged: ["site-visit-record"],
                                         pages: ["articles": 3, "loan-contract": 4], actor: carol, at: at("2026-03-19T10:00"))
        #expect(step.dossier.stateID == "returned-incomplete")
        #expect(step.fines.map(\.itemID) == ["site-visit-record", "loan-contract"])
        #expect(step.events.last { $0.kind == .transitioned }?.note == "site-visit-record missing; loan-contract short of pages (4 of 6)")
        #expect(refusal { try engine.returnLoan(lent, target: target, missing: [], damaged: [], pages: ["loan-contract": 7], actor: carol,
                                               at: at("2026-03-19T10:00")) }
                == .pagesAboveRegister(item: "loan-contract", counted: 7, registered: 6))
        let complete = try engine.returnLoan(lent, target: target, missing: [], damaged: [], pages: ["articles": 2, "loan-contract": 6],
                                             actor: carol, at: at("2026-03-19T10:00"))
        #expect(complete.dossier.stateID == "returned")
    }
}
