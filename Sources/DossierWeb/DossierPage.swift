import DossierEngine
import DossierOffice
import DossierStore
import Foundation

/// A dossier's page: its fields, checklist, certificates' count, history as a timeline, the
/// workflow drawn with the current state marked, and the actions of its open tasks as forms.
package struct DossierPage {
    package var overview: DossierOverview
    package var dates: PageDates
    /// The person looking: their own tasks' actions come first.
    package var person: String
    /// The page of the history (newest first, fifty to a page).
    package var historyPage: Int

    package init(overview: DossierOverview, dates: PageDates, person: String, historyPage: Int = 1) {
        self.overview = overview
        self.dates = dates
        self.person = person
        self.historyPage = max(1, historyPage)
    }

    /// The page's values for its template.
    package func values() -> [String: Any] {
        let dossier = overview.dossier
        let definition = overview.definition
        let known = Set(definition.fields.map(\.id))
        var fields: [[String: Any]] = definition.fields.compactMap { field in
            dossier.fields[field.id].map { ["id": field.id, "title": field.title, "value": $0] }
        }
        fields += dossier.fields.keys.sorted().filter { !known.contains($0) }.map { ["id": $0, "title": $0, "value": dossier.fields[$0] ?? ""] }
        var values: [String: Any] = [
            "dossier": dossier.id,
            "workflow": definition.id,
            "workflow_title": definition.title,
            "version": dossier.workflowVersion,
            "state": dossier.stateID,
            "state_title": definition.state(dossier.stateID)?.title ?? dossier.stateID,
            "finished": dossier.isFinished,
            "started": dates.moment(dossier.startedAt),
            "started_by": dossier.startedBy,
            "fields": fields,
            "people": dossier.assignments.keys.sorted().map { ["role": $0, "person": dossier.assignments[$0] ?? ""] },
            "checklist": checklist(),
            "has_checklist": !overview.checklist.isEmpty,
            "history": history(),
            "tasks": overview.openTasks.sorted { ($0.task.assignee == person ? 0 : 1) < ($1.task.assignee == person ? 0 : 1) }.map(task),
            "has_tasks": !overview.openTasks.isEmpty,
            "graph": WorkflowGraph(definition: definition, current: dossier.isFinished ? nil : dossier.stateID, visited: overview.visitedStates,
                                   language: dates.language).svg,
        ]
        if let number = overview.archiveNumber { values["archive_number"] = number }
        let pages = max(1, (overview.history.count + WaitingPage.pageSize - 1) / WaitingPage.pageSize)
        values["history_pagination"] = PageLinks.pagination(page: min(historyPage, pages), pages: pages) { "/dossiers/\(dossier.id)?history=\($0)#history" }
        values["certificate_lists"] = dossier.certificateLists.map { list -> [String: Any] in
            var values: [String: Any] = [
                "number": list.number,
                "entries": list.entries.map { "\($0.kind) \($0.number) ×\($0.quantity)" }.joined(separator: "、"),
                "signed_by": list.signatures.keys.sorted().map { "\($0): \(list.signatures[$0] ?? "")" }.joined(separator: ", "),
                "keeper": list.keeper ?? "",
            ]
            if let at = list.handedOverAt { values["handed_over"] = dates.moment(at) }
            if let at = list.returnedAt { values["returned"] = dates.moment(at) + (list.returnedTo.map { " (\($0))" } ?? "") }
            return values
        }
        values["has_certificates"] = !dossier.certificateLists.isEmpty
        values["documents"] = documents()
        if let hold = dossier.legalHold { values["hold"] = ["reason": hold.reason, "by": hold.placedBy, "at": dates.moment(hold.placedAt)] }
        return values
    }

    /// The printed documents this dossier has, by what its workflow keeps: its lists when it
    /// keeps a checklist, its certificate lists, its catalogue, a loan's borrow slip.
    private func documents() -> [[String: String]] {
        let id = overview.dossier.id, definition = overview.definition
        var documents: [(String, String)] = []
        if definition.checklist != nil {
            documents += [("item-list", "dossier=\(id)"), ("receipt-book-entry", "dossier=\(id)")]
        }
        if !overview.dossier.certificateLists.isEmpty { documents.append(("certificate-list", "dossier=\(id)")) }
        if definition.catalogue != nil { documents.append(("catalogue", "dossier=\(id)")) }
        if definition.lending != nil { documents.append(("borrow-slip", "loan=\(id)")) }
        return documents.map { ["name": $0.0, "href": "/documents/\($0.0)?\($0.1)"] }
    }

    /// The history, newest first, fifty events to a page.
    private func history() -> [[String: Any]] {
        let pages = max(1, (overview.history.count + WaitingPage.pageSize - 1) / WaitingPage.pageSize)
        let page = min(historyPage, pages)
        return overview.history.reversed().dropFirst((page - 1) * WaitingPage.pageSize).prefix(WaitingPage.pageSize).map(event)
    }

    private func checklist() -> [[String: Any]] {
        overview.checklist.map { line in
            var row: [String: Any] = [
                "section": line.section,
                "item": line.item.id,
                "title": line.item.title,
                "required": line.item.isRequired,
                "expected_pages": line.item.expectedPages.map(String.init) ?? "",
            ]
            if let record = line.record {
                row["recorded"] = true
                row["pages"] = record.pages.map(String.init) ?? ""
                row["signatures"] = record.signatures.joined(separator: "、")
                row["missing"] = record.isMissing
                row["recorded_by"] = record.recordedBy ?? ""
                switch record.verification {
                case .unchecked: row["unchecked"] = true
                case .ok(let by): row["verified_by"] = by
                case .defect(let defect, let by): row["defect"] = ["what": defect, "by": by]
                }
            }
            return row
        }
    }

    private func event(_ event: StoredEvent) -> [String: Any] {
        var row: [String: Any] = ["at": dates.moment(event.at), "actor": event.actor, "kind": event.kind, "sequence": event.sequence]
        if let action = event.action { row["action"] = action }
        if let from = event.fromState, let to = event.toState, from != to { row["move"] = "\(from) → \(to)" }
        if let note = event.note, !note.isEmpty { row["note"] = note }
        return row
    }

    private func task(_ details: TaskDetails) -> [String: Any] {
        var row: [String: Any] = [
            "task": details.task.id,
            "state": details.task.stateID,
            "state_title": overview.definition.state(details.task.stateID)?.title ?? details.task.stateID,
            "role": details.task.roleID ?? "",
            "role_title": details.task.roleID.flatMap { overview.definition.role($0)?.title } ?? details.task.roleID ?? "",
            "assignee": details.task.assignee ?? "",
            "mine": details.task.assignee == person,
            "opened": dates.moment(details.task.openedAt),
        ]
        if let due = details.task.dueAt { row["due"] = dates.deadline(due) }
        row["actions"] = details.actions.map { action -> [String: Any] in
            var values: [String: Any] = [
                "task": details.task.id,
                "action": action.action,
                "action_title": overview.definition.state(details.task.stateID)?.transitions.first { $0.action == action.action }?.title ?? action.action,
                "target": action.target,
                "target_title": overview.definition.state(action.target)?.title ?? action.target,
                "by": action.by ?? "",
                "needs_note": action.needsNote,
                "guards": action.guards,
                "has_guards": !action.guards.isEmpty,
                "has_sign_offs": !action.signOff.isEmpty,
            ]
            values["sign_offs"] = action.signOff.map { signOff -> [String: Any] in
                var values: [String: Any] = ["role": signOff.role]
                if let awaiting = signOff.awaiting { values["awaiting"] = awaiting }
                if let signed = signOff.signedBy { values["signed_by"] = signed }
                return values
            }
            return values
        }
        return row
    }
}
