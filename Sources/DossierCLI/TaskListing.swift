import DossierStore
import Foundation

/// The table of tasks shared by `task list` and `pending`.
enum TaskListing {
    /// Tables show local minutes; JSON and CSV ISO 8601. A due moment is shown as the last
    /// minute (or second) before it passes.
    static func listing(_ tasks: [TaskSummary], now: Date, format: ListingFormat, extra: [(key: String, header: String)] = [],
                        values: (TaskSummary) -> [Listing.Value] = { _ in [] }) -> Listing {
        let columns: [(key: String, header: String)] = [
            ("task", "TASK"), ("dossier", "DOSSIER"), ("workflow", "WORKFLOW"), ("state", "STATE"), ("role", "ROLE"),
            ("assignee", "ASSIGNEE"), ("opened_at", "OPENED"), ("due_at", "DUE"), ("status", "STATUS"),
        ] + extra
        let rows = tasks.map { task -> [Listing.Value] in
            let status = task.closedAt != nil ? "done" : (task.dueAt.map { $0 <= now } == true ? "overdue" : "open")
            return [.integer(task.id), .integer(task.dossierID), .text(task.workflowID), .text(task.stateID),
                    task.roleID.map(Listing.Value.text) ?? .null, task.assignee.map(Listing.Value.text) ?? .null,
                    .moment(task.openedAt), task.dueAt.map { Listing.Value.moment($0.addingTimeInterval(format == .table ? -60 : -1)) } ?? .null,
                    .text(status)] + values(task)
        }
        return Listing(columns: columns, rows: rows)
    }
}
