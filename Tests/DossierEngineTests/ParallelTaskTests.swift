import DossierDefinition
import DossierEngine
import Foundation
import Testing

/// Parallel states: several roles' tasks open at once, each closed by its own holder with the
/// state's one action, and the dossier moves on only when the last one closes.
@Suite("Parallel tasks")
struct ParallelTaskTests {
    static let workflow = """
        <workflow xmlns="urn:dossier:workflow:1" id="carry-out" title="Departments carry it out" calendar="cn">
          <roles>
            <role id="organiser" bound="starter" staff-role="handler"/>
            <role id="sales" staff-role="handler" distinct-from="organiser"/>
            <role id="archive" staff-role="archivist"/>
            <role id="finance" staff-role="gm" optional="true"/>
          </roles>
          <fields>
            <field id="report" type="text" required="false"/>
          </fields>
          <states initial="organising">
            <state id="organising" role="organiser">
              <transition action="organise" to="carrying-out"/>
            </state>
            <state id="carrying-out" parallel-roles="sales archive finance">
              <deadline within="2" unit="working-days" fine="late-report"/>
              <transition action="report-back" to="reporting" note="required"/>
            </state>
            <state id="reporting" role="organiser">
              <transition action="archive" to="archived" guard="field:report"/>
            </state>
            <state id="archived" final="true"/>
          </states>
          <fines>
            <fine id="late-report" amount="30" payer="actor" per="occurrence" title="Reported late"/>
          </fines>
        </workflow>
        """

    static func organised(finance: String? = "gina") throws -> (WorkflowEngine, WorkflowEngine.Step) {
        let engine = try engine(for: try compileWorkflow(workflow))
        var roles = ["sales": "bob", "archive": "carol"]
        if let finance { roles["finance"] = finance }
        let started = try engine.start(id: 9, fields: [:], assignments: roles, actor: member("alice"), staff: testStaff,
                                       at: at("2026-03-02T09:00"))
        let organised = try engine.advance(started.dossier, task: 1, action: "organise", note: nil, actor: member("alice"),
                                           at: at("2026-03-02T10:00"))
        return (engine, organised)
    }

    @Test("entering the state opens one task per role held, numbered in the order the state names them, each with the state's deadline")
    func opening() throws {
        let (_, organised) = try Self.organised()
        let dossier = organised.dossier
        #expect(dossier.openTask == nil)
        #expect(dossier.parallelTasks.mapValues(\.number) == ["sales": 2, "archive": 3, "finance": 4])
        #expect(dossier.parallelTasks["archive"]?.assignee == "carol")
        #expect(dossier.openTaskNumbers == [2, 3, 4])
        let opened = organised.events.filter { $0.kind == .taskOpened }
        #expect(opened.map(\.taskNumber) == [2, 3, 4])
        #expect(opened.allSatisfy { $0.details["due"] == "2026-03-05T00:00:00+08:00" }, "\(opened.map(\.details))")

        // An optional role nobody was given opens no task.
        let (_, withoutFinance) = try Self.organised(finance: nil)
        #expect(withoutFinance.dossier.parallelTasks.keys.sorted() == ["archive", "sales"])
    }

    @Test("each report closes only its own task; the last one moves the dossier on")
    func join() throws {
        let (engine, organised) = try Self.organised()
        let archive = try engine.advance(organised.dossier, task: 3, action: "report-back", note: "register line corrected",
                                         actor: member("carol"), at: at("2026-03-03T09:00"))
        #expect(archive.dossier.stateID == "carrying-out" && archive.closedTask == 3)
        #expect(archive.dossier.parallelTasks.keys.sorted() == ["finance", "sales"])
        #expect(archive.events.map(\.kind) == [.taskClosed])
        #expect(engine.awaitedParallelTasks(in: archive.dossier, action: "report-back").map(\.role) == ["sales", "finance"])
        let sales = try engine.advance(archive.dossier, task: 2, action: "report-back", note: "customer told",
                                       actor: member("bob"), at: at("2026-03-03T10:00"))
        #expect(sales.dossier.stateID == "carrying-out")
        let finance = try engine.advance(sales.dossier, task: 4, action: "report-back", note: "invoice reissued",
                                         actor: member("gina"), at: at("2026-03-03T11:00"))
        #expect(finance.dossier.stateID == "reporting" && finance.dossier.parallelTasks.isEmpty)
        #expect(finance.dossier.openTask?.number == 5 && finance.dossier.openTask?.assignee == "alice")
        #expect(finance.events.map(\.kind) == [.taskClosed, .transitioned, .taskOpened])
        #expect(finance.events[1].details["parallel-roles"] == "sales archive finance")
    }

    @Test("someone else's task, a closed one, another action, a missing report and the guard of the last one are each refused")
    func refusals() throws {
        let (engine, organised) = try Self.organised()
        let dossier = organised.dossier
        let time = at("2026-03-03T09:00")
        #expect(refusal { try engine.advance(dossier, task: 3, action: "report-back", note: "done", actor: member("bob"), at: time) }
            == .notYourTask(person: "bob", action: "report-back", roles: ["archive"], holders: ["carol"]))
        #expect(refusal { try engine.advance(dossier, task: 3, action: "approve", note: "done", actor: member("carol"), at: time) }
            == .unknownAction("approve", state: "carrying-out", available: ["report-back"]))
        #expect(refusal { try engine.advance(dossier, task: 3, action: "report-back", note: " ", actor: member("carol"), at: time) }
            == .noteRequired(action: "report-back"))
        let closed = try engine.advance(dossier, task: 3, action: "report-back", note: "done", actor: member("carol"), at: time)
        #expect(refusal { try engine.advance(closed.dossier, task: 3, action: "report-back", note: "again", actor: member("carol"), at: time) }
            == .taskClosed(task: "9.3", current: nil))
    }

    @Test("a late report is fined to the person whose task it was; a role passed on takes its open task with it")
    func latenessAndReassignment() throws {
        let (engine, organised) = try Self.organised()
        // Due at the end of Wednesday 4 March; Bob's task passes to Dan on the 5th, who reports on the 6th.
        let moved = try engine.reassign(organised.dossier, role: "sales", to: "dan", reason: "Bob left", actor: member("gina"),
                                        staff: testStaff, at: at("2026-03-05T09:00"))
        #expect(moved.dossier.parallelTasks["sales"]?.assignee == "dan")
        #expect(moved.fines.map(\.payer) == ["bob"])
        #expect(moved.nextTaskChecks[2] != nil)
        let late = try engine.advance(moved.dossier, task: 2, action: "report-back", note: "customer told", actor: member("dan"),
                                      at: at("2026-03-06T09:00"))
        #expect(late.fines.map(\.payer) == ["dan"] && late.fines.first?.taskNumber == 2)
        #expect(late.fines.first?.reason.contains("'carrying-out' task of dossier 9") == true)
    }
}
