import DossierStore
import Foundation

/// The table of tasks shared by `task list` and `pending`.
enum TaskListing {
    /// Tables show local minutes; JSON and CSV ISO 8601. A due moment is shown as the last
    /// minute (or second) before it passes.
    /// `extra` columns follow the task's own; `values` appends the cells of those columns for
    /// the task at each index.
    static func listing(_ tasks: [TaskSummary], now: Date, format: ListingFormat, extra: [(key: String, header: String)] = [],
                        values: @escaping (Int, inout [Listing.Value]) -> Void = { _, _ in }) -> Listing {
        let columns: [(key: String, header: String)] = [
            ("task", "TASK"), ("dossier", "DOSSIER"), ("workflow", "WORKFLOW"), ("state", "STATE"), ("role", "ROLE"),
            ("assignee", "ASSIGNEE"), ("opened_at", "OPENED"), ("due_at", "DUE"), ("status", "STATUS"),
        ] + extra
        let dueShift: TimeInterval = format == .table ? -60 : -1
        return Listing(columns: columns, count: tasks.count) { index, row in
            let task = tasks[index]
            let status = task.closedAt != nil ? "done" : (task.dueAt.map { $0 <= now } == true ? "overdue" : "open")
            row.append(.integer(task.id))
            row.append(.integer(task.dossierID))
            row.append(.text(task.workflowID))
            row.append(.text(task.stateID))
            row.append(task.roleID.map(Listing.Value.text) ?? .null)
            row.append(task.assignee.map(Listing.Value.text) ?? .null)
            row.append(.moment(task.openedAt))
            row.append(task.dueAt.map { Listing.Value.moment($0.addingTimeInterval(dueShift)) } ?? .null)
            row.append(.text(status))
            values(index, &row)
        }
    }
}
