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
    /// starts it. A department's schedule begins on the day of the first sweep that finds someone
    /// to give it to: occurrences before that day are not started after the fact.
    func startScheduled() throws -> ScheduleReport {
        var report = ScheduleReport()
        // Only a definition that mentions a schedule can have one; the others are not compiled.
        for version in try store.latestVersions(of: .workflow) where version.source.contains("schedule") {
            let engine = try engine(workflow: version.id, version: version.version)
            guard let schedule = engine.definition.schedule else { continue }
            let holders = try scheduledHolders(engine.definition, schedule: schedule, problems: &report.problems)
            var cursors = try store.scheduleCursors(workflow: version.id)
            var due: [(occurrence: Occurrence, scope: String, holders: [String: String])] = []
            for (scope, people) in holders {
                if cursors[scope] == nil {
                    try store.beginSchedule(workflow: version.id, scope: scope, from: Self.localTime.date(of: time))
                    cursors = try store.scheduleCursors(workflow: version.id)
                }
                guard let cursor = cursors[scope] else { continue }
                for occurrence in try engine.occurrences(startingFrom: cursor, through: time) {
                    due.append((occurrence, scope, people))
                }
            }
            due.sort { ($0.occurrence.startsOn, $0.scope) < ($1.occurrence.startsOn, $1.scope) }
            // From the directory itself: the sweep acts as dossier, and never asks who runs it.
            let people = Set(holders.values.flatMap(\.values))
            let staff = Dictionary(try store.staffDirectory().filter { people.contains($0.id) }.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            for (occurrence, scope, people) in due {
                let started = try store.startOccurrence(workflow: version.id, scope: scope, startingOn: occurrence.startsOn, at: moment) { id, time in
                    try engine.start(occurrence, id: id, holders: people, staff: staff, at: time)
                }
                guard let (dossier, task) = started else { continue }
                report.started.append(ScheduledStart(dossier: dossier, task: task, department: scope.isEmpty ? nil : scope, dueOn: occurrence.dueOn))
            }
        }
        return report
    }

    /// Who each scope of `schedule` gives its roles to: per department, the department's one
    /// active holder of the duty's role; otherwise the office's one holder. A scope with nobody
    /// for the duty is not run; one with several is reported and waits, since the duty must fall
    /// to someone.
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
