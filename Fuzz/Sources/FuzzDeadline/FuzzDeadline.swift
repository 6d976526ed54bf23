import DossierDefinition
import DossierEngine
import Foundation
import FuzzSupport

/// Deadline and repetition arithmetic: a state's deadline (any amount, unit and calendar the
/// compiler accepts, the calendar's uncovered years refused or counted provisionally) fined per
/// occurrence, per working day, or repeating after a grace, on a task opened at any moment of
/// 1990–2089 in a zone of any offset, assessed at two later moments. Promises: nothing crashes
/// or hangs; a due moment is after the opening; fines come in time order, the first at the due
/// moment, none at or after the moment assessed; assessing later only adds fines (the ledger
/// of an hourly sweep equals that of one sweep at the end); the next change is after the
/// moment assessed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDeadline(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let units = ["working-days", "calendar-days", "hours", "calendar-months"]
    let unit = input.pick(units)
    let within = input.pick([0, 1, 2, 3, 5, 10, 30, 250, 3_650, 87_600, 87_601, -1, input.integer(in: 0...100_000)])
    let calendar = input.pick(["cn", "weekdays"])
    let uncovered = input.pick(["refuse", "provisional-weekdays"])
    let per = input.pick(["occurrence", "working-day"])
    let repeatEvery = input.pick([nil, 1, 2, 7, 0])
    let repeatUnit = input.pick(units)
    let grace = input.pick([nil, 0, 1, 3])
    let offset = input.integer(in: -14 * 4...14 * 4) * 15 * 60
    let opened = Date(timeIntervalSince1970: 631_152_000 + Double(input.integer(in: 0...(100 * 366 * 24 * 60))) * 60)
    let first = opened.addingTimeInterval(Double(input.integer(in: 0...(3 * 366 * 24))) * 3600)
    let second = first.addingTimeInterval(Double(input.integer(in: 0...(2 * 366 * 24))) * 3600)

    let repetition = repeatEvery.map { every in
        "<repeat every=\"\(every)\" unit=\"\(repeatUnit)\"\(grace.map { " grace=\"\($0)\"" } ?? "") until=\"corrected\"/>"
    } ?? ""
    let text = """
        <workflow xmlns="urn:dossier:workflow:1" id="fuzz-deadline" calendar="\(calendar)" uncovered-years="\(uncovered)">
          <roles><role id="clerk" staff-role="handler"/></roles>
          <states initial="doing">
            <state id="doing" role="clerk">
              <deadline within="\(within)" unit="\(unit)" fine="late"/>
              <transition action="done" to="done"/>
            </state>
            <state id="done" final="true"/>
          </states>
          <fines>
            <fine id="late" amount="50" payer="clerk" per="\(per)" title="Late">\(repetition)</fine>
          </fines>
        </workflow>
        """
    guard let definition = Shipped.workflow(text).definition else { return 0 }
    guard let zone = TimeZone(secondsFromGMT: offset) else { return 0 }
    let engine = WorkflowEngine(definition: definition, version: 1, calendars: Shipped.calendars,
                                calendarVersions: ["cn": 1, "weekdays": 1], timeZone: zone)
    let clerk = StaffMember(id: "hank", name: "Hank", roles: ["handler"])
    let dossier: Dossier
    do {
        dossier = try engine.start(id: 1, fields: [:], assignments: ["clerk": "hank"], actor: clerk, staff: ["hank": clerk], at: opened).dossier
    } catch {
        // A year the calendar does not cover, refused: a sentence, not a crash.
        Fuzzing.expect(!error.description.isEmpty, "a refusal without a sentence")
        return 0
    }
    guard let task = dossier.openTask else { Fuzzing.fail("the task of a started dossier is not open") }
    guard let due = task.dueAt else { Fuzzing.fail("a state with a deadline opened a task without a due moment") }
    Fuzzing.expect(due > opened || (within == 0 && due >= opened), "due \(due) is before the task opened at \(opened) (within \(within) \(unit))")
    do {
        let early = try engine.lateness(of: dossier, before: first)
        let late = try engine.lateness(of: dossier, before: second)
        for (lateness, moment) in [(early, first), (late, second)] {
            let times = lateness.fines.map(\.occurredAt)
            if let (earlier, later) = zip(times, times.dropFirst()).first(where: { $0 >= $1 }) {
                Fuzzing.fail("fines out of time order: \(earlier), then \(later) (\(times.count) fines; within \(within) \(unit), \(repetition))")
            }
            Fuzzing.expect(times.allSatisfy { $0 < moment }, "a fine at or after the moment assessed, \(moment)")
            Fuzzing.expect(times.first.map { $0 == due } ?? true, "the first fine is at \(times[0]), not at the due moment \(due)")
            Fuzzing.expect(lateness.isOverdue == (due < moment), "overdue is \(lateness.isOverdue) at \(moment) for due \(due)")
            if let next = lateness.next { Fuzzing.expect(next >= moment, "the next change, \(next), is before \(moment)") }
        }
        let earlyKeys = early.fines.map(\.key), lateKeys = late.fines.map(\.key)
        Fuzzing.expect(Array(lateKeys.prefix(earlyKeys.count)) == earlyKeys, "assessing later changed the fines assessed earlier")
        Fuzzing.expect(Set(lateKeys).count == lateKeys.count, "two fines share a key")
    } catch {
        Fuzzing.expect(!error.description.isEmpty, "a refusal without a sentence")
    }
    return 0
}
