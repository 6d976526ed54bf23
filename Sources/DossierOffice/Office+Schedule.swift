import DossierDefinition
import DossierEngine
import DossierStore
import Foundation

/// A dossier a workflow's `<schedule>` started.
package struct ScheduledStart: Sendable, Hashable {
    package var dossier: Dossier
    package var task: TaskSummary?
    /// The department it is for, or `nil` for the office.
    package var department: String?
    package var dueOn: CalendarDate
}

/// What the scheduled starts of one sweep did.
package struct ScheduleReport: Sendable, Hashable {
    package var started: [ScheduledStart] = []
    /// Occurrences that could not start (nobody, or more than one person, to give them to),
    /// each in a sentence; tried again by the next sweep.
    package var problems: [String] = []
}

extension Office {
    /// Starts every occurrence of every scheduled workflow (its latest version) whose day has
    /// come, for each department it runs in, earliest first: once each, however often the sweep
    /// runs, because each department's cursor moves past an occurrence in the transaction that
    /// starts it. A department's schedule begins with the first sweep that finds someone to give
    /// it to, from the occurrences of that day on; occurrences whose day passes while nobody (or
    /// more than one person) could be given them are not started after the fact. An occurrence
    /// that cannot start (a calendar without the year) is reported and tried again by the next
    /// sweep; it holds up its own department's later ones, never other workflows or the fines.
    func startScheduled() throws -> ScheduleReport {
        var report = ScheduleReport()
        var due: [DueOccurrence] = []
        // Only a definition that mentions a schedule can have one; the others are not compiled.
        for version in try store.latestVersions(of: .workflow) where version.source.contains("schedule") {
            do {
                due += try dueOccurrences(version, report: &report)
            } catch let refusal as Refusal {
                // What the rules refuse is reported; what the store refuses (time, a lock) stops the sweep.
                report.problems.append(Self.scheduleProblem(version.id, "", refusal))
            }
        }
        // Earliest first across workflows and departments, so dossier numbers follow time however
        // often the sweep runs.
        due.sort { ($0.occurrence.startsOn, $0.workflow, $0.scope, $0.occurrence.day) < ($1.occurrence.startsOn, $1.workflow, $1.scope, $1.occurrence.day) }
        var failed: Set<[String]> = []
        for item in due where !failed.contains([item.workflow, item.scope]) {
            do {
                let started = try store.startOccurrence(workflow: item.workflow, scope: item.scope, day: item.occurrence.day, at: moment) { id, time in
                    try item.engine.start(item.occurrence, id: id, holders: item.holders, staff: item.staff, at: time)
                }
                guard let (dossier, task) = started else { continue }
                report.started.append(ScheduledStart(dossier: dossier, task: task, department: item.scope.isEmpty ? nil : item.scope,
                                                     dueOn: item.occurrence.dueOn))
            } catch let refusal as Refusal {
                // Its later occurrences wait behind it: the cursor must not pass it.
                failed.insert([item.workflow, item.scope])
                report.problems.append(Self.scheduleProblem(item.workflow, item.scope, refusal))
            }
        }
        return report
    }

    /// An occurrence of a schedule whose day has come, with what starting it needs.
    private struct DueOccurrence {
        var workflow: String
        var engine: WorkflowEngine
        var scope: String
        var occurrence: Occurrence
        var holders: [String: String]
        var staff: [String: StaffMember]
    }

    /// The occurrences of `version`'s schedule whose day has come, for each scope it runs in,
    /// beginning the schedule of a scope seen for the first time (from today).
    private func dueOccurrences(_ version: DefinitionVersion, report: inout ScheduleReport) throws -> [DueOccurrence] {
        let engine = try engine(workflow: version.id, version: version.version)
        guard let schedule = engine.definition.schedule else { return [] }
        let holders = try scheduledHolders(engine.definition, schedule: schedule, problems: &report.problems)
        let today = Self.localTime.date(of: time)
        var cursors = try store.scheduleCursors(workflow: version.id)
        for scope in cursors.keys.sorted() where holders[scope] == nil && (cursors[scope] ?? today) < today {
            try store.beginSchedule(workflow: version.id, scope: scope, from: today, skippingTo: true, at: moment)
        }
        for scope in holders.keys.sorted() where cursors[scope] == nil {
            try store.beginSchedule(workflow: version.id, scope: scope, from: today, skippingTo: false, at: moment)
        }
        cursors = try store.scheduleCursors(workflow: version.id)
        // From the directory itself: the sweep acts as dossier, and never asks who runs it.
        let named = Set(holders.values.flatMap(\.values))
        let staff = Dictionary(try store.staffDirectory().filter { named.contains($0.id) }.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var due: [DueOccurrence] = []
        for scope in holders.keys.sorted() {
            guard let cursor = cursors[scope] else { continue }
            do {
                due += try engine.occurrences(from: cursor, through: time).map {
                    DueOccurrence(workflow: version.id, engine: engine, scope: scope, occurrence: $0, holders: holders[scope] ?? [:], staff: staff)
                }
            } catch {
                report.problems.append(Self.scheduleProblem(version.id, scope, error))
            }
        }
        return due
    }

    private static func scheduleProblem(_ workflow: String, _ scope: String, _ error: any Error) -> String {
        "\(workflow)\(scope.isEmpty ? "" : " for department \(scope)"): \(error)"
    }

    /// Who each scope of `schedule` gives its roles to: per department, the department's one
    /// active holder of the duty's role; otherwise the office's one holder. A scope with nobody
    /// for the duty is not run; a department with several is reported and waits, since the duty
    /// must fall to someone of that department. An office duty no fine is charged to (the month's
    /// backup) starts with its role open when several hold it, to whichever of them first acts.
    private func scheduledHolders(_ definition: WorkflowDefinition, schedule: Schedule,
                                  problems: inout [String]) throws -> [String: [String: String]] {
        let active = try store.staffDirectory().filter(\.isActive)
        func holders(of role: Role, in department: String?) -> [String] {
            active.filter { $0.holdsAny(of: role.staffRoles) && (department == nil || $0.department == department) }.map(\.id).sorted()
        }
        guard let duty = definition.role(schedule.roleID) else { return [:] }
        var scopes: [String: [String: String]] = [:]
        if schedule.perDepartment {
            let departments = Set(active.filter { $0.holdsAny(of: duty.staffRoles) }.compactMap(\.department))
            for department in departments.sorted() {
                let people = holders(of: duty, in: department)
                if people.count == 1 {
                    scopes[department] = [duty.id: people[0]]
                } else {
                    problems.append("\(definition.id): department \(department) has \(people.count) holders of role '\(duty.id)' (\(people.joined(separator: ", "))); "
                                    + "its scheduled dossier waits until one is left with staff role \(duty.staffRoles.joined(separator: " or "))")
                }
            }
        } else {
            let people = holders(of: duty, in: nil)
            if people.count == 1 {
                scopes[""] = [duty.id: people[0]]
            } else if people.count > 1, definition.scheduledDutyMayBeShared {
                scopes[""] = [:]
            } else if people.count > 1 {
                problems.append("\(definition.id): \(people.count) people hold role '\(duty.id)' (\(people.joined(separator: ", "))); "
                                + "its scheduled dossier waits until one is left with staff role \(duty.staffRoles.joined(separator: " or "))")
            }
        }
        // Every other role the schedule binds goes to the office's one holder of it, or, with
        // several, to whoever of them first acts on it.
        for role in definition.roles where role.binding == .scheduled && role.id != duty.id {
            let people = holders(of: role, in: nil)
            for scope in scopes.keys {
                let candidates = people.filter { !(scopes[scope]?.values.contains($0) ?? false) }
                if candidates.count == 1 { scopes[scope]?[role.id] = candidates[0] }
            }
        }
        return scopes
    }
}
