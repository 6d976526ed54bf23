import DossierDefinition
import DossierEngine
import Foundation
import Testing

/// Routing borrow slips by confidentiality level, and the refusals that protect sealed dossiers.
@Suite("Engine: lending")
struct LendingTests {
    static func target(level: String, owners: Set<String> = ["alice", "bob", "carol"]) -> BorrowTarget {
        BorrowTarget(archiveNumber: "鸿借字第001号", dossierID: 1, levelID: level, owners: owners, archivist: "carol",
                     items: ["loan-contract": 6, "site-visit-record": 5])
    }

    static let people: [String: StaffMember] = [
        "dan": StaffMember(id: "dan", name: "Dan", roles: ["handler"]),
        "gina": StaffMember(id: "gina", name: "Gina", roles: ["gm"]),
        "chen": StaffMember(id: "chen", name: "Chen", roles: ["chairman"]),
        "mona": StaffMember(id: "mona", name: "Mona", roles: ["marketing-director"]),
        "alice": StaffMember(id: "alice", name: "Alice", roles: ["handler"]),
        "carol": StaffMember(id: "carol", name: "Carol", roles: ["archivist"]),
    ]

    @Test("each level routes to its approvers; readers, owners and executives borrow directly", arguments: [
        ("company", "dan", "approval marketing-director"),
        ("company", "mona", "direct"),
        ("department", "dan", "approval department-manager marketing-vp"),
        ("personal", "dan", "approval department-manager"),
        ("personal", "alice", "direct"),
        ("department", "chen", "direct"),
        ("sealed", "chen", "approval gm"),
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
        let slip = try engine.requestLoan(id: 9, target: Self.target(level: "company"), purpose: "audit", until: "2026-03-20", takeAway: true,
                                          actor: dan, staff: Self.people, at: at("2026-03-18T09:00")).dossier
        let gina = try #require(Self.people["gina"])
        #expect(refusal { try engine.advance(slip, task: 1, action: "approve", note: nil, actor: gina, at: at("2026-03-18T10:00")) }
                == .notAnApprover(person: "gina", level: "company-level", approvers: ["marketing-director"]))
        let approved = try engine.advance(slip, task: 1, action: "approve", note: nil, actor: try #require(Self.people["mona"]),
                                          at: at("2026-03-18T10:00")).dossier
        #expect(approved.assignments["approver"] == "mona")
        let lent = try engine.advance(approved, task: 2, action: "lend", note: nil, actor: try #require(Self.people["carol"]),
                                      at: at("2026-03-18T11:00")).dossier
        #expect(lent.openTask?.dueAt == at("2026-03-21T00:00"))
    }
}
