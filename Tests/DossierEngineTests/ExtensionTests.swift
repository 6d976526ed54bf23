import DossierDefinition
import DossierEngine
import Foundation
import Testing

/// `extend`: only the roles the workflow names, only later, always with a reason.
@Suite("Engine: extending deadlines")
struct ExtensionTests {
    static let roles = ["a": "alice", "b": "bob", "archivist": "carol", "approver": "gina"]

    @Test("the approver extends A's deadline to the end of a later date, as an event with the reason")
    func granted() throws {
        let engine = try Loan.engine()
        let started = try Loan.start(engine, roles: Self.roles).dossier
        #expect(started.openTask?.dueAt == at("2026-03-06T00:00"))
        let step = try engine.extend(started, task: 1, until: try #require(CalendarDate(iso: "2026-03-10")),
                                     reason: "customer abroad until the 9th", actor: member("gina"), at: at("2026-03-04T09:00"))
        #expect(step.dossier.openTask?.dueAt == at("2026-03-11T00:00"))
        #expect(step.dossier.revision == started.revision + 1)
        #expect(step.events.map(\.kind) == [.deadlineExtended])
        #expect(step.events.first?.note == "customer abroad until the 9th")
        #expect(step.events.first?.details == ["from": "2026-03-06T00:00:00+08:00", "to": "2026-03-11T00:00:00+08:00", "until": "2026-03-10"])
    }

    @Test("A cannot extend her own deadline; nor can anyone when no approver is assigned")
    func refusedToOthers() throws {
        let engine = try Loan.engine()
        let started = try Loan.start(engine, roles: Self.roles).dossier
        let until = try #require(CalendarDate(iso: "2026-03-10"))
        #expect(throws: Refusal.notYourTask(person: "alice", action: "extend the deadline", roles: ["approver"], holders: ["gina"])) {
            try engine.extend(started, task: 1, until: until, reason: "busy", actor: member("alice"), at: at("2026-03-04T09:00"))
        }
        let withoutApprover = try Loan.start(engine).dossier
        #expect(throws: Refusal.notYourTask(person: "gina", action: "extend the deadline", roles: ["approver"], holders: ["nobody"])) {
            try engine.extend(withoutApprover, task: 1, until: until, reason: "busy", actor: member("gina"), at: at("2026-03-04T09:00"))
        }
    }

    @Test("an extension must move the deadline later and give a reason")
    func laterWithReason() throws {
        let engine = try Loan.engine()
        let started = try Loan.start(engine, roles: Self.roles).dossier
        #expect(throws: Refusal.notExtendable("an extension moves the deadline later; 2026-03-05 is not after the current due date 2026-03-05")) {
            try engine.extend(started, task: 1, until: try #require(CalendarDate(iso: "2026-03-05")), reason: "x",
                              actor: member("gina"), at: at("2026-03-04T09:00"))
        }
        #expect(throws: Refusal.noteRequired(action: "extend")) {
            try engine.extend(started, task: 1, until: try #require(CalendarDate(iso: "2026-03-12")), reason: "  ",
                              actor: member("gina"), at: at("2026-03-04T09:00"))
        }
    }

    @Test("a state whose deadline names no extend-by cannot be extended")
    func notExtendable() throws {
        let engine = try Loan.engine()
        var dossier = try Loan.start(engine, roles: Self.roles).dossier
        dossier = try Loan.recordAll(engine, dossier)
        dossier = try engine.advance(dossier, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-03-03T10:00")).dossier
        #expect(throws: Refusal.notExtendable("the deadline of state 'reviewing' cannot be extended: the workflow names no role in extend-by")) {
            try engine.extend(dossier, task: 2, until: try #require(CalendarDate(iso: "2026-03-20")), reason: "x",
                              actor: member("gina"), at: at("2026-03-04T09:00"))
        }
    }
}
