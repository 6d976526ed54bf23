import DossierOffice
import DossierStore
import Foundation

/// How tasks read in command output.
enum TaskText {
    /// "task 3: compiling for a (alice), due 2026-03-05 23:59".
    static func line(_ task: TaskSummary) -> String {
        var text = "task \(task.id): \(task.stateID)"
        if let role = task.roleID { text += " for \(role)" }
        if let assignee = task.assignee { text += " (\(assignee))" }
        if let due = task.dueAt { text += ", due \(Session.local(due.addingTimeInterval(-60)))" }
        return text
    }
}
