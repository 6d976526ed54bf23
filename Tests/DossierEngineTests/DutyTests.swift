import DossierDefinition
import DossierEngine
import Foundation
import Testing

/// Duties time gives a dossier (`<timers>`): follow-up calls after a sale, each a task opened at
/// its origin and done by recording it in its window, through the engine's public API.
@Suite("Duties from timers")
struct DutyTests {
    /// A health-products seller's customer record: buyers are called within 3, 30 and 60 days,
    /// non-buyers within 3 and 15; each call after the first in its own window.
    static let customerCare = """
        <workflow xmlns="urn:dossier:workflow:1" id="customer-care" title="Customer care" calendar="cn">
          <roles><role id="consultant" staff-role="handler"/></roles>
          <fields>
            <field id="customer" type="text"/>
            <field id="bought" type="boolean"/>
            <field id="visited-on" type="date" required="false"/>
          </fields>
          <states initial="open">
            <state id="open" role="consultant">
              <transition action="update" to="open"/>
              <transition action="close" to="closed"/>
            </state>
            <state id="closed" final="true"/>
          </states>
          <fines>
            <fine id="late-call" amount="20" payer="consultant" per="occurrence" title="Call not made in time"/>
          </fines>
          <timers>
            <timer id="call-3" within="3" unit="calendar-days" role="consultant" fine="late-call" record="channel outcome"/>
            <timer id="call-30" not-before="4" within="30" unit="calendar-days" role="consultant" when="field:bought=true" fine="late-call"
                   record="channel outcome"/>
            <timer id="call-60" not-before="31" within="60" unit="calendar-days" role="consultant" when="field:bought=true" fine="late-call"/>
            <timer id="call-15" not-before="4" within="15" unit="calendar-days" role="consultant" when="field:bought=false" fine="late-call"/>
            <timer id="visit-call" not-before="2" within="3" unit="working-days" from="field:visited-on" role="consultant"/>
          </timers>
        </workflow>
        """

    static let start = at("2026-03-02T10:00")
    static let call = ["channel": "phone", "outcome": "satisfied"]

    static func engine() throws -> WorkflowEngine {
        try DossierEngineTests.engine(for: try compileWorkflow(customerCare))
    }

    static func started(bought: Bool, fields extra: [String: String] = [:], at time: Date = start) throws -> Dossier {
        let fields = ["customer": "Zhou", "bought": bought ? "true" : "false"].merging(extra) { $1 }
        return try engine().start(id: 1, fields: fields, assignments: ["consultant": "alice"], actor: member("alice"),
                                  staff: testStaff, at: time).dossier
    }

    @Test("a buyer's record opens three call tasks at once, numbered after the state's task, each with its own window")
    func buyer() throws {
        let dossier = try Self.started(bought: true)
        #expect(dossier.duties.keys.sorted() == ["call-3", "call-30", "call-60"])
        #expect(dossier.duties["call-3"]?.taskNumber == 2)
        #expect(dossier.duties["call-30"]?.taskNumber == 3)
        #expect(dossier.duties["call-60"]?.taskNumber == 4)
        #expect(dossier.openTaskNumbers == [1, 2, 3, 4])
        #expect(dossier.duties["call-3"]?.dueAt == at("2026-03-06T00:00"))
        #expect(dossier.duties["call-30"]?.windowOpensAt == at("2026-03-06T00:00"), "the day after the first call's window closes")
        #expect(dossier.duties["call-30"]?.dueAt == at("2026-04-02T00:00"))
        #expect(dossier.duties["call-60"]?.dueAt == at("2026-05-02T00:00"))
        #expect(dossier.duties.values.allSatisfy { $0.assignee == "alice" })
    }

    @Test("a non-buyer's record opens the 3- and 15-day calls only")
    func nonBuyer() throws {
        let dossier = try Self.started(bought: false)
        #expect(dossier.duties.keys.sorted() == ["call-15", "call-3"])
        #expect(dossier.duties["call-15"]?.dueAt == at("2026-03-18T00:00"))
    }

    @Test("a call recorded before its window opens does not count: refused, nothing changes")
    func early() throws {
        let engine = try Self.engine()
        let dossier = try Self.started(bought: true)
        let early = refusal { try engine.recordDuty(dossier, task: 3, values: Self.call, note: nil, actor: member("alice"), at: at("2026-03-04T10:00")) }
        guard case .outsideWindow(let duty, let opens, let closes)? = early else {
            Issue.record("expected outsideWindow, got \(String(describing: early))")
            return
        }
        #expect(duty == "call-30")
        #expect(opens == "2026-03-06 00:00")
        #expect(closes == "the end of 2026-04-01")
        // The first call in its window counts.
        let first = try engine.recordDuty(dossier, task: 2, values: Self.call, note: "happy with it", actor: member("alice"), at: at("2026-03-04T10:00"))
        #expect(first.fines.isEmpty)
        #expect(first.closedTask == 2)
        #expect(first.dossier.duties["call-3"]?.recordedBy == "alice")
        #expect(first.dossier.duties["call-3"]?.record == Self.call)
        #expect(first.dossier.openTaskNumbers == [1, 3, 4])
    }

    @Test("a call recorded after its window closed is taken, and fined for the lateness")
    func late() throws {
        let engine = try Self.engine()
        let dossier = try Self.started(bought: true)
        let step = try engine.recordDuty(dossier, task: 2, values: Self.call, note: nil, actor: member("alice"), at: at("2026-03-09T10:00"))
        #expect(step.fines.count == 1)
        #expect(step.fines.first?.ruleID == "late-call")
        #expect(step.fines.first?.payer == "alice")
        #expect(step.fines.first?.taskNumber == 2)
        #expect(step.fines.first?.occurredAt == at("2026-03-06T00:00"))
        #expect(step.events.first?.details["late"] == "its window closed at the end of 2026-03-05")
    }

    @Test("recording takes exactly the values the timer asks for, by the person holding its role")
    func recordChecks() throws {
        let engine = try Self.engine()
        let dossier = try Self.started(bought: true)
        let time = at("2026-03-03T10:00")
        #expect(refusal { try engine.recordDuty(dossier, task: 2, values: ["channel": "phone"], note: nil, actor: member("alice"), at: time) }
            == .recordIncomplete(duty: "call-3", missing: ["outcome"]))
        #expect(refusal { try engine.recordDuty(dossier, task: 2, values: Self.call.merging(["mood": "x"]) { $1 }, note: nil, actor: member("alice"), at: time) }
            == .unknownRecordValue("mood", duty: "call-3", known: ["channel", "outcome"]))
        #expect(refusal { try engine.recordDuty(dossier, task: 2, values: Self.call, note: nil, actor: member("bob"), at: time) }
            == .notYourTask(person: "bob", action: "record", roles: ["consultant"], holders: ["alice"]))
        #expect(refusal { try engine.recordDuty(dossier, task: 1, values: Self.call, note: nil, actor: member("alice"), at: time) }
            == .taskClosed(task: "1.1", current: nil), "task 1 is the state's, not a duty")
        let done = try engine.recordDuty(dossier, task: 2, values: Self.call, note: nil, actor: member("alice"), at: time).dossier
        #expect(refusal { try engine.recordDuty(done, task: 2, values: Self.call, note: nil, actor: member("alice"), at: time) }
            == .taskClosed(task: "1.2", current: nil), "recorded once")
    }

    @Test("the lateness of an open duty task is its timer's fine, due when the window closes")
    func lateness() throws {
        let engine = try Self.engine()
        let dossier = try Self.started(bought: false)
        let duty = try #require(dossier.duties["call-15"])
        let task = OpenTask(number: try #require(duty.taskNumber), stateID: "call-15", roleID: "consultant", assignee: "alice",
                            openedAt: duty.opensAt, dueAt: duty.dueAt)
        let before = try engine.lateness(of: task, dossierID: 1, holder: { _ in nil }, before: at("2026-03-18T00:00"))
        #expect(before.fines.isEmpty)
        #expect(before.next == at("2026-03-18T00:00"))
        let after = try engine.lateness(of: task, dossierID: 1, holder: { _ in nil }, before: at("2026-03-18T00:01"))
        #expect(after.fines.map(\.ruleID) == ["late-call"])
        #expect(after.isOverdue)
    }

    @Test("a customer who buys later gets the buyer's calls; the non-buyer's call still in its window is withdrawn, unfined")
    func conditionChanges() throws {
        let engine = try Self.engine()
        let dossier = try Self.started(bought: false)
        let step = try engine.advance(dossier, task: 1, action: "update", note: nil, fields: ["bought": "true"], actor: member("alice"),
                                      at: at("2026-03-10T10:00"))
        #expect(step.dutiesChanged)
        #expect(step.dossier.duties.keys.sorted() == ["call-15", "call-3", "call-30", "call-60"])
        // Task 1 is the state's, 2 and 3 the non-buyer's calls (call-15, call-3); the new calls open
        // before the state's next task.
        #expect(step.dossier.duties["call-30"]?.taskNumber == 4)
        #expect(step.dossier.duties["call-60"]?.taskNumber == 5)
        #expect(step.dossier.openTask?.number == 6)
        #expect(step.dossier.duties["call-15"]?.isOpen == false)
        #expect(step.dossier.duties["call-15"]?.withdrawnAt == at("2026-03-10T10:00"))
        #expect(step.events.contains { $0.action == WorkflowEngine.withdrawAction && $0.details["duty"] == "call-15" })
        #expect(step.fines.isEmpty)
        // Withdrawn, it cannot be recorded any more; the 3-day call, whose window closed, stays open and late.
        let call15 = try #require(step.dossier.duties["call-15"]?.taskNumber)
        #expect(refusal { try engine.recordDuty(step.dossier, task: call15, values: Self.call, note: nil, actor: member("alice"),
                                                at: at("2026-03-11T10:00")) } != nil)
        #expect(step.dossier.duties["call-3"]?.isOpen == true)
    }

    @Test("a duty still to open moves with its origin when the date is corrected")
    func retimed() throws {
        let engine = try Self.engine()
        let dossier = try Self.started(bought: false, fields: ["visited-on": "2026-03-20"])
        #expect(dossier.duties["visit-call"]?.isScheduled == true)
        let before = try #require(dossier.duties["visit-call"]?.dueAt)
        let step = try engine.advance(dossier, task: 1, action: "update", note: nil, fields: ["visited-on": "2026-03-23"], actor: member("alice"),
                                      at: at("2026-03-04T10:00"))
        let after = try #require(step.dossier.duties["visit-call"])
        #expect(after.isScheduled)
        #expect(after.opensAt > dossier.duties["visit-call"]?.opensAt ?? .distantFuture)
        #expect(after.dueAt > before)
        #expect(step.dutiesChanged)
    }

    @Test("a window in working days skips the Spring Festival: visited Thursday 12 February, counted 13, 14 (make-up) and 24 February")
    func workingDayWindow() throws {
        let dossier = try Self.started(bought: false, fields: ["visited-on": "2026-02-12"], at: at("2026-02-12T10:00"))
        let visit = try #require(dossier.duties["visit-call"])
        #expect(visit.opensAt == at("2026-02-12T23:59:59"), "a date's count starts after its day")
        #expect(visit.windowOpensAt == at("2026-02-14T00:00"))
        #expect(visit.dueAt == at("2026-02-25T00:00"))
        #expect(visit.dueCalendar?.id == "cn")
        #expect(visit.isScheduled, "it opens when the sweep passes the end of the visit's day")
    }

    @Test("the sweep opens a duty once, however often it runs, and numbers it as one sweep at the end would")
    func openingIsIdempotent() throws {
        let engine = try Self.engine()
        let dossier = try Self.started(bought: false, fields: ["visited-on": "2026-03-02"])
        #expect(engine.openingDuties(dossier, actor: "dossier", at: at("2026-03-02T23:00")) == nil, "not yet")
        let hourly = try #require(engine.openingDuties(dossier, actor: "dossier", at: at("2026-03-03T00:00"))).dossier
        #expect(engine.openingDuties(hourly, actor: "dossier", at: at("2026-03-03T01:00")) == nil, "opened once")
        let once = try #require(engine.openingDuties(dossier, actor: "dossier", at: at("2026-03-20T00:00"))).dossier
        #expect(hourly.duties == once.duties)
        #expect(once.duties["visit-call"]?.taskNumber == 4)
        #expect(once.duties["visit-call"]?.opensAt == at("2026-03-02T23:59:59"))
    }

    @Test("a departing consultant's open calls pass to the successor, even on a closed record")
    func reassign() throws {
        let engine = try Self.engine()
        let dossier = try Self.started(bought: true)
        let closed = try engine.advance(dossier, task: 1, action: "close", note: nil, actor: member("alice"), at: at("2026-03-03T10:00")).dossier
        #expect(closed.isFinished)
        let step = try engine.reassign(closed, role: "consultant", to: "dan", reason: "alice left", actor: member("alice"), staff: testStaff,
                                       at: at("2026-03-04T10:00"))
        #expect(step.dutiesChanged)
        #expect(step.dossier.duties.values.allSatisfy { $0.assignee == "dan" })
        #expect(try engine.recordDuty(step.dossier, task: 2, values: Self.call, note: nil, actor: member("dan"), at: at("2026-03-04T11:00")).fines.isEmpty)
    }
}
