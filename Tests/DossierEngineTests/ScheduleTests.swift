import DossierDefinition
import DossierEngine
import Foundation
import Testing

/// Dossiers a workflow's `<schedule>` starts by itself (the department hand-over by the 10th of
/// each month), through the engine's public API: which occurrences come due by a moment, their
/// due days moved off days off work, and the dossier each starts.
@Suite("Schedules")
struct ScheduleTests {
    static func handOver(every: String = "R/2026-01-10/P1M", adjust: String? = "next-working-day", opensBefore: Int = 9,
                         extra: String = "") -> String {
        """
        <workflow xmlns="urn:dossier:workflow:1" id="hand-over" title="Monthly hand-over" calendar="cn">
          <roles>
            <role id="dept" staff-role="handler" bound="scheduled"/>
            <role id="central" staff-role="archivist" bound="scheduled" distinct-from="dept"/>
          </roles>
          <fields><field id="due-on" type="date"/></fields>
          <states initial="preparing">
            <state id="preparing" role="dept">
              <deadline within="0" unit="calendar-days" from="field:due-on" fine="late"/>
              <transition action="hand-over" to="filed" sign-off="dept central"/>
            </state>
            <state id="filed" final="true"/>
          </states>
          <fines><fine id="late" amount="50" payer="dept"/></fines>
          <schedule every="\(every)"\(adjust.map { " adjust=\"\($0)\"" } ?? "") opens-before="\(opensBefore)" field="due-on" for="dept" per="department"\(extra)/>
        </workflow>
        """
    }

    static func engine(_ text: String = handOver()) throws -> WorkflowEngine {
        try DossierEngineTests.engine(for: try compileWorkflow(text))
    }

    static func days(_ occurrences: [Occurrence]) -> [String] {
        occurrences.map { "\($0.startsOn)→\($0.dueOn)" }
    }

    @Test("each month's hand-over starts on the 1st and is due by the 10th, or the next working day when the 10th is off work")
    func monthly() throws {
        let found = try Self.engine().occurrences(from: CalendarDate(iso: "2026-01-01")!, through: at("2026-12-31T23:00"))
        // 10 January and 10 May 2026 are Sundays; Saturday 10 October is a make-up working day
        // after National Day and stays.
        #expect(Self.days(found) == [
            "2026-01-01→2026-01-12", "2026-02-01→2026-02-10", "2026-03-01→2026-03-10", "2026-04-01→2026-04-10",
            "2026-05-01→2026-05-11", "2026-06-01→2026-06-10", "2026-07-01→2026-07-10", "2026-08-01→2026-08-10",
            "2026-09-01→2026-09-10", "2026-10-01→2026-10-10", "2026-11-01→2026-11-10", "2026-12-01→2026-12-10",
        ])
    }

    @Test("the same occurrences however the time is cut: from a cursor on, through any moment, each once")
    func exactlyOnce() throws {
        let engine = try Self.engine()
        var cursor = CalendarDate(iso: "2026-02-15")!
        var seen: [Occurrence] = []
        for day in stride(from: 0, to: 200, by: 3) {
            let moment = at("2026-02-15T08:00").addingTimeInterval(TimeInterval(day) * 86_400)
            for occurrence in try engine.occurrences(from: cursor, through: moment) {
                seen.append(occurrence)
                cursor = occurrence.day.adding(days: 1)
            }
        }
        let atOnce = try engine.occurrences(from: CalendarDate(iso: "2026-02-15")!, through: at("2026-02-15T08:00").addingTimeInterval(198 * 86_400))
        #expect(seen == atOnce)
        #expect(seen.first?.startsOn.description == "2026-03-01", "February's day, the 10th, is before the cursor")
        #expect(seen.last?.startsOn.description == "2026-09-01", "the last sweep is on 1 September")
        #expect(seen.count == 7)
    }

    @Test("a schedule without adjustment keeps a Sunday due day; one on the last day of each month starts on it")
    func monthEnds() throws {
        let plain = try Self.engine(Self.handOver(adjust: nil)).occurrences(from: CalendarDate(iso: "2026-05-01")!, through: at("2026-05-31T00:00"))
        #expect(Self.days(plain) == ["2026-05-01→2026-05-10"])
        let ends = try Self.engine(Self.handOver(every: "R/2026-01-31/P1M", adjust: nil, opensBefore: 0, extra: " short-months=\"last-day\""))
            .occurrences(from: CalendarDate(iso: "2026-01-01")!, through: at("2026-04-30T00:00"))
        #expect(Self.days(ends) == ["2026-01-31→2026-01-31", "2026-02-28→2026-02-28", "2026-03-31→2026-03-31", "2026-04-30→2026-04-30"])
    }

    @Test("a due day moved back to the working day before starts its dossier that early, never late; a new version's lead neither repeats nor skips one")
    func movedBackAndNewLead() throws {
        // Sunday 10 May 2026 moves back to Saturday 9 May, a make-up working day.
        let back = try Self.engine(Self.handOver(adjust: "previous-working-day", opensBefore: 0))
        #expect(Self.days(try back.occurrences(from: CalendarDate(iso: "2026-05-01")!, through: at("2026-05-09T00:05"))) == ["2026-05-09→2026-05-09"])
        // The cursor counts the recurrence's own days: after May's started under a lead of 9, a
        // version with a lead of 5 starts June's on 5 June and does not start May's again.
        let later = try Self.engine(Self.handOver(opensBefore: 5))
        #expect(Self.days(try later.occurrences(from: CalendarDate(iso: "2026-05-11")!, through: at("2026-06-30T00:00"))) == ["2026-06-05→2026-06-10"])
    }

    @Test("the Spring Festival and National Day move a due day past the whole holiday")
    func holidays() throws {
        // 2026's Spring Festival holiday runs 15–23 February, National Day 1–7 October.
        let spring = try Self.engine(Self.handOver(every: "R1/2026-02-16/P1M", opensBefore: 0))
            .occurrences(from: CalendarDate(iso: "2026-02-01")!, through: at("2026-03-31T00:00"))
        #expect(Self.days(spring) == ["2026-02-16→2026-02-24"])
        let national = try Self.engine(Self.handOver(every: "R1/2026-10-04/P1Y", opensBefore: 3))
            .occurrences(from: CalendarDate(iso: "2026-09-01")!, through: at("2026-10-31T00:00"))
        #expect(Self.days(national) == ["2026-10-01→2026-10-08"])
    }

    @Test("an occurrence starts a dossier due by the end of its day, for the holders the office found, named as started by dossier")
    func starts() throws {
        let engine = try Self.engine()
        let occurrence = try #require(try engine.occurrences(from: CalendarDate(iso: "2026-05-01")!, through: at("2026-05-01T00:05")).first)
        let step = try engine.start(occurrence, id: 3, holders: ["dept": "alice", "central": "carol"], staff: testStaff, at: at("2026-05-01T00:05"))
        #expect(step.dossier.fields["due-on"] == "2026-05-11")
        #expect(step.dossier.startedBy == WorkflowEngine.systemActor)
        #expect(step.dossier.openTask?.assignee == "alice")
        #expect(step.dossier.openTask?.dueAt == at("2026-05-12T00:00"))
    }

    static let backup = """
        <workflow xmlns="urn:dossier:workflow:1" id="backup" title="Monthly backup">
          <roles><role id="keeper" staff-role="archivist" bound="scheduled"/></roles>
          <fields><field id="due-on" type="date"/></fields>
          <states initial="due">
            <state id="due" role="keeper">
              <deadline within="0" unit="calendar-days" from="field:due-on"/>
              <transition action="back-up" to="done" on="backup"/>
            </state>
            <state id="done" final="true"/>
          </states>
          <schedule every="R/2026-01-01/P1M" opens-before="0" field="due-on" for="keeper"/>
        </workflow>
        """

    @Test("a duty no fine is charged to starts with its role open; an action on=\"backup\" is taken only by the backup, by whoever of the role's staff makes it")
    func takenByBackup() throws {
        let engine = try Self.engine(Self.backup)
        #expect(engine.definition.scheduledDutyMayBeShared)
        #expect(try !Self.engine().definition.scheduledDutyMayBeShared, "the hand-over's fine is the department archivist's")
        let occurrence = try #require(try engine.occurrences(from: CalendarDate(iso: "2026-05-01")!, through: at("2026-05-01T00:05")).first)
        let started = try engine.start(occurrence, id: 1, holders: [:], staff: testStaff, at: at("2026-05-01T00:05")).dossier
        #expect(started.openTask?.assignee == nil)
        #expect(refusal { try engine.advance(started, task: 1, action: "back-up", note: nil, actor: member("carol"), at: at("2026-05-01T09:00")) }
                == .takenByCommand(action: "back-up", command: "dossier backup --to FILE"))
        #expect(refusal { try engine.advance(started, task: 1, action: "back-up", note: "copy", actor: member("alice"), at: at("2026-05-01T09:00"), on: .backup) }
                == .notYourTask(person: "alice", action: "back-up", roles: ["keeper"], holders: ["nobody"]))
        let step = try engine.advance(started, task: 1, action: "back-up", note: "copy", actor: member("carol"), at: at("2026-05-01T09:00"), on: .backup)
        #expect(step.dossier.isFinished)
        #expect(step.dossier.assignments["keeper"] == "carol")
    }

    @Test("a scheduled workflow is not started by hand; four-eyes and staff roles hold for the holders found")
    func refusals() throws {
        let engine = try Self.engine()
        #expect(refusal { try engine.start(id: 1, fields: ["due-on": "2026-05-11"], assignments: ["dept": "alice", "central": "carol"],
                                           actor: member("alice"), staff: testStaff, at: at("2026-05-01T09:00")) }
                == .startsBySchedule(workflow: "hand-over", every: "R/2026-01-10/P1M"))
        let occurrence = Occurrence(day: CalendarDate(iso: "2026-05-10")!, dueOn: CalendarDate(iso: "2026-05-11")!, startsOn: CalendarDate(iso: "2026-05-01")!)
        #expect(refusal { try engine.start(occurrence, id: 1, holders: ["dept": "hank", "central": "hank"], staff: testStaff, at: at("2026-05-01T00:05")) }
                == .fourEyes(person: "hank", role: "central", otherRole: "dept"))
        #expect(refusal { try engine.start(occurrence, id: 1, holders: ["dept": "carol"], staff: testStaff, at: at("2026-05-01T00:05")) }
                == .lacksStaffRole(person: "carol", role: "dept", needs: ["handler"]))
    }

    @Test("a role left open goes to whichever holder of its staff role acts first")
    func openRole() throws {
        let engine = try Self.engine()
        let occurrence = Occurrence(day: CalendarDate(iso: "2026-05-10")!, dueOn: CalendarDate(iso: "2026-05-11")!, startsOn: CalendarDate(iso: "2026-05-01")!)
        let started = try engine.start(occurrence, id: 1, holders: ["dept": "alice"], staff: testStaff, at: at("2026-05-01T00:05")).dossier
        #expect(started.assignments["central"] == nil)
        let signed = try engine.advance(started, task: 1, action: "hand-over", note: nil, actor: member("alice"), at: at("2026-05-06T10:00")).dossier
        #expect(refusal { try engine.advance(signed, task: 1, action: "hand-over", note: nil, actor: member("gina"), at: at("2026-05-06T11:00")) } != nil)
        let filed = try engine.advance(signed, task: 1, action: "hand-over", note: nil, actor: member("xena"), at: at("2026-05-06T11:00")).dossier
        #expect(filed.assignments["central"] == "xena")
        #expect(filed.isFinished)
    }
}
