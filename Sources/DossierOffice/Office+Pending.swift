import DossierEngine
import DossierStore
import Foundation

/// One open task as `pending` reports it.
package struct PendingLine: Sendable, Hashable {
    /// The task.
    package var task: TaskSummary
    /// Working days past its due moment, when it is overdue.
    package var workingDaysLate: Int?
    /// Sign-offs begun and still awaited.
    package var waiting: [WorkflowEngine.AwaitedSignature] = []
    /// For a borrow slip waiting for its level's approver: the staff roles that may approve it.
    package var approvers: [String] = []
    /// For a task a schedule left to whoever of several holders acts first: their staff roles.
    package var openTo: [String] = []
    /// Whether the person asked about may approve or take that task.
    package var mayApprove = false
    /// The title of the task's state in its workflow version.
    package var stateTitle: String?

    package init(task: TaskSummary, workingDaysLate: Int? = nil, waiting: [WorkflowEngine.AwaitedSignature] = [], approvers: [String] = [],
                 openTo: [String] = [], mayApprove: Bool = false) {
        self.task = task
        self.workingDaysLate = workingDaysLate
        self.waiting = waiting
        self.approvers = approvers
        self.openTo = openTo
        self.mayApprove = mayApprove
    }
}

extension Office {
    /// What waits, oldest first (soonest due first with `overdue`): open tasks of `role`, those
    /// waiting for `user` (assigned to them, awaiting their sign-off, or a slip they may
    /// approve), at most `limit`.
    package func pending(role: String?, user: String?, overdue: Bool, limit: Int?) throws -> [PendingLine] {
        try pending(role: role, user: user, overdue: overdue, limit: limit, unassignedOnly: false)
    }

    /// The borrow slips (and other tasks left to nobody yet) that `person` may take now.
    package func approvable(by person: String) throws -> [PendingLine] {
        try pending(role: nil, user: person, overdue: false, limit: nil, unassignedOnly: true).filter(\.mayApprove)
    }

    private func pending(role: String?, user: String?, overdue: Bool, limit: Int?, unassignedOnly: Bool) throws -> [PendingLine] {
        var unassigned = TaskQuery(roleID: role, dueBefore: overdue ? time : nil)
        unassigned.unassigned = true
        // --user is decided per task below, so with it the limit is counted there.
        let tasks = if unassignedOnly {
            try store.tasks(unassigned)
        } else if let user, role == nil {
            try candidateTasks(for: [user], dueBefore: overdue ? time : nil)
        } else {
            try store.tasks(TaskQuery(roleID: role, assignee: nil, dueBefore: overdue ? time : nil, limit: user == nil ? limit : nil))
        }
        return try decide(tasks, for: user.map { [$0] }, viewer: user, limit: limit).map(\.line)
    }

    /// Which of `tasks` wait for any of `people` (all of them when `nil`), in their order, each
    /// with whom it waits for, at most `limit`; `mayApprove` is the `viewer`'s.
    private func decide(_ tasks: [TaskSummary], for people: [String]?, viewer: String?, limit: Int?) throws -> [(line: PendingLine, people: [String])] {
        let members = try (people ?? []).map { (id: $0, member: try store.staffMember($0)) }
        let viewing = try viewer.flatMap { viewer in try members.first { $0.id == viewer }?.member ?? store.staffMember(viewer) }
        var lines: [(line: PendingLine, people: [String])] = []
        lines.reserveCapacity(tasks.count)
        // Tasks come mostly in runs of one workflow version and state: the engine and what the
        // state needs are looked up once a run, not once a task.
        var next = tasks.startIndex
        runs: while next < tasks.endIndex {
            let first = tasks[next]
            let engine = try engine(workflow: first.workflowID, version: first.workflowVersion)
            var factsKey: (state: String, role: String?)?
            // Lateness in working days depends on the due moment alone, which tasks share.
            var lateness: [Date: Int?] = [:]
            var signs = false
            var levelApprover = false
            // The staff roles of a role a schedule left open, whose holders may take its task.
            var openToHolders: [String]?
            var stateTitle: String?
            while next < tasks.endIndex, tasks[next].workflowID == first.workflowID, tasks[next].workflowVersion == first.workflowVersion {
                let task = tasks[next]
                next += 1
                if factsKey?.state != task.stateID || factsKey?.role != task.roleID {
                    factsKey = (task.stateID, task.roleID)
                    stateTitle = engine.definition.state(task.stateID)?.title
                    // Only states with sign-offs need the dossier itself, to see who has signed.
                    signs = engine.definition.state(task.stateID)?.transitions.contains { !$0.signOffRoleIDs.isEmpty } ?? false
                    levelApprover = task.roleID.flatMap(engine.definition.role)?.binding == .levelApprover
                    openToHolders = task.roleID.flatMap(engine.definition.role).flatMap { $0.binding == .scheduled ? $0.staffRoles : nil }
                }
                var line = PendingLine(task: task)
                line.stateTitle = stateTitle
                let slip = task.assignee == nil && levelApprover
                let dossier = slip || signs ? try store.dossier(task.dossierID) : nil
                if slip, let dossier { line.approvers = engine.awaitedApprovers(of: dossier) }
                if task.assignee == nil, let staffRoles = openToHolders { line.openTo = staffRoles }
                if signs, let dossier { line.waiting = engine.awaitedSignatures(in: dossier, begunOnly: true) }
                func mayApprove(_ member: StaffMember?) -> Bool {
                    guard let member, task.assignee == nil else { return false }
                    if slip, let dossier, engine.mayApprove(dossier, person: member) { return true }
                    if let staffRoles = openToHolders { return member.isActive && member.holdsAny(of: staffRoles) }
                    return false
                }
                let waitsFor = members.filter { person in
                    task.assignee == person.id || line.waiting.contains { $0.person == person.id } || mayApprove(person.member)
                }.map(\.id)
                if people != nil, waitsFor.isEmpty { continue }
                line.mayApprove = mayApprove(viewing)
                if let due = task.dueAt, due <= time {
                    if let known = lateness[due] {
                        line.workingDaysLate = known
                    } else {
                        let late = engine.workingDaysLate(due: due, at: time)
                        lateness[due] = late
                        line.workingDaysLate = late
                    }
                }
                lines.append((line, waitsFor))
                if let limit, lines.count == limit { break runs }
            }
        }
        return lines
    }

    /// The open tasks that may wait for any of `people`, each once, in the order `pending` lists
    /// them: those assigned to them, those assigned to nobody yet (a slip for its level's approver, a
    /// task open to several holders), and those in a state with sign-offs, found by the state's
    /// role; all through indexes, so a person's (or a department's) list does not read every open task of a large
    /// office. (A signing state without a role of its own is found by reading them all.)
    func candidateTasks(for people: [String], dueBefore: Date?) throws -> [TaskSummary] {
        var found = try people.flatMap { try store.tasks(TaskQuery(assignee: $0, dueBefore: dueBefore)) }
        var unassigned = TaskQuery(dueBefore: dueBefore)
        unassigned.unassigned = true
        found += try store.tasks(unassigned)
        var signingRoles: Set<String> = []
        var signingStates: Set<String> = []
        for workflow in try store.latestVersions(of: .workflow) {
            for version in try store.versions(of: .workflow, id: workflow.id) {
                // A version that no longer compiles is reported by whatever reads its own tasks.
                guard let definition = try? engine(workflow: workflow.id, version: version.version).definition else { continue }
                for state in definition.states where state.transitions.contains(where: { !$0.signOffRoleIDs.isEmpty }) {
                    guard let role = state.roleID else { return try store.tasks(TaskQuery(dueBefore: dueBefore)) }
                    signingRoles.insert(role)
                    signingStates.insert("\(workflow.id)/\(version.version)/\(state.id)")
                }
            }
        }
        for role in signingRoles.sorted() {
            found += try store.tasks(TaskQuery(roleID: role, dueBefore: dueBefore))
                .filter { signingStates.contains("\($0.workflowID)/\($0.workflowVersion)/\($0.stateID)") }
        }
        var seen: Set<Int> = []
        return found.filter { seen.insert($0.id).inserted }.sorted { left, right in
            let (a, b) = dueBefore == nil ? (left.openedAt, right.openedAt) : (left.dueAt ?? left.openedAt, right.dueAt ?? right.openedAt)
            return a != b ? a < b : left.id < right.id
        }
    }

    /// What waits for each current member of `person`'s department (of `role`, overdue only
    /// when asked), each task once, oldest first, with whom it waits for. Someone in no
    /// department sees only their own.
    package func pendingInDepartment(of person: String, role: String?, overdue: Bool) throws -> ([PendingLine], [Int: [String]]) {
        let department = try store.staffMember(person)?.department
        let members = try store.staffDirectory().filter { member in
            member.isActive && (member.id == person || (department != nil && member.department == department))
        }.map(\.id)
        let tasks = if let role {
            try store.tasks(TaskQuery(roleID: role, assignee: nil, dueBefore: overdue ? time : nil))
        } else {
            try candidateTasks(for: members, dueBefore: overdue ? time : nil)
        }
        let lines = try decide(tasks, for: members, viewer: person, limit: nil)
        return (lines.map(\.line).sorted { ($0.task.openedAt, $0.task.id) < ($1.task.openedAt, $1.task.id) },
                Dictionary(uniqueKeysWithValues: lines.map { ($0.line.task.id, $0.people) }))
    }
}
