import DossierDefinition
import DossierEngine
import DossierStore
import Foundation

/// Everything the office stores about one customer (查询): each dossier whose `customer` field
/// names them, with its fields, people, items and history.
package struct CustomerExport: Sendable {
    package struct Entry: Sendable {
        package var dossier: Dossier
        package var workflowTitle: String
        package var archiveNumber: String?
        package var stateTitle: String
        package var fields: [(id: String, title: String, value: String)]
        package var people: [(id: String, title: String, person: String)]
        package var items: [(id: String, title: String, pages: Int)]
        package var history: [StoredEvent]
    }

    package var customer: String
    package var exportedAt: Date
    package var exportedBy: String
    package var entries: [Entry]
}

extension Office {
    /// Everything stored about `customer`, for the customer who asks to see it: an
    /// administrator exports it, and each dossier read is an event in its log.
    package func customerExport(_ customer: String) throws -> CustomerExport {
        let actor = try requireStaffRole(Self.administratorRole, for: "export what is stored about a customer")
        var entries: [CustomerExport.Entry] = []
        for dossier in try store.dossiers(ofCustomer: customer) {
            let pinned = try engine(workflow: dossier.workflowID, version: dossier.workflowVersion).definition
            entries.append(CustomerExport.Entry(
                dossier: dossier, workflowTitle: pinned.title, archiveNumber: try store.archiveNumber(of: dossier.id),
                stateTitle: pinned.state(dossier.stateID)?.title ?? dossier.stateID,
                fields: pinned.fields.compactMap { field in dossier.fields[field.id].map { (field.id, field.title, $0) } },
                people: pinned.roles.compactMap { role in dossier.assignments[role.id].map { (role.id, role.title, $0) } },
                items: (pinned.checklist?.items ?? []).compactMap { item in
                    dossier.checklist[item.id].flatMap { $0.isMissing ? nil : (item.id, item.title, $0.pages ?? 0) }
                },
                history: try store.events(dossier: dossier.id)))
        }
        entries.sort { $0.dossier.id < $1.dossier.id }
        for entry in entries { try store.recordRead(dossier: entry.dossier.id, by: actor.id, through: "customer export", at: moment) }
        return CustomerExport(customer: customer, exportedAt: time, exportedBy: actor.id, entries: entries)
    }
}
