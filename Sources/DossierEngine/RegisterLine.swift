import DossierDefinition
import Foundation

/// One line of the register (档案登记本): an archived dossier as the archivist keeps it, with
/// what identifies it (the fields and people its workflow's `<register>` names), its items and
/// pages, and the numbers of the contracts inside (numbered after the archive number, e.g.
/// `GY-SH-001-03`).
public struct RegisterLine: Sendable, Hashable {
    /// A contract inside the dossier with its number.
    public struct Contract: Sendable, Hashable {
        /// The checklist item.
        public var itemID: String
        /// Its title.
        public var title: String
        /// Its number, e.g. `GY-SH-001-01`.
        public var number: String
    }

    /// A field the register shows, with the dossier's value.
    public struct FieldValue: Sendable, Hashable {
        /// The field.
        public var fieldID: String
        /// Its title.
        public var title: String
        /// The dossier's value, if it has one.
        public var value: String?
    }

    /// A role the register shows, with the person holding it.
    public struct Holder: Sendable, Hashable {
        /// The role.
        public var roleID: String
        /// Its title.
        public var title: String
        /// Who holds it in the dossier, if anyone.
        public var person: String?
    }

    /// The archive number.
    public var archiveNumber: String
    /// The dossier.
    public var dossierID: Int
    /// The workflow and version.
    public var workflowID: String
    /// The workflow version.
    public var workflowVersion: Int
    /// The fields the workflow's register shows, in its order.
    public var fields: [FieldValue]
    /// The roles the workflow's register shows, with their holders, in its order.
    public var people: [Holder]
    /// When the dossier started.
    public var startedAt: Date
    /// When it was registered.
    public var registeredAt: Date
    /// Items present (recorded and not missing), attachments included.
    public var items: Int
    /// Pages of those items.
    public var pages: Int
    /// The contracts inside, numbered in checklist order.
    public var contracts: [Contract]
    /// When a destruction list destroyed it, by whom, and which list; `nil` while it is kept.
    public var destruction: Destruction?

    /// A register line's destruction: when, by whom, which list.
    public struct Destruction: Sendable, Hashable {
        /// When it was destroyed.
        public var at: Date
        /// Who carried out the destruction.
        public var by: String
        /// The destruction list's dossier.
        public var list: Int?

        /// A destruction at `at` by `by` under list `list`.
        public init(at: Date, by: String, list: Int?) {
            self.at = at
            self.by = by
            self.list = list
        }
    }

    /// The register line of `dossier`, numbered `archiveNumber` at `registeredAt`, under `definition`.
    public init(dossier: Dossier, definition: WorkflowDefinition, archiveNumber: String, registeredAt: Date) {
        self.archiveNumber = archiveNumber
        dossierID = dossier.id
        workflowID = dossier.workflowID
        workflowVersion = dossier.workflowVersion
        fields = definition.register.fieldIDs.map { id in
            FieldValue(fieldID: id, title: definition.field(id)?.title ?? id, value: dossier.fields[id])
        }
        people = definition.register.roleIDs.map { id in
            Holder(roleID: id, title: definition.role(id)?.title ?? id, person: dossier.assignments[id])
        }
        startedAt = dossier.startedAt
        self.registeredAt = registeredAt
        let present = (definition.checklist?.items ?? []).filter { item in
            dossier.checklist[item.id].map { !$0.isMissing } ?? false
        }
        items = present.count
        pages = present.reduce(0) { $0 + (dossier.checklist[$1.id]?.pages ?? 0) }
        let suffix = definition.archiveNumber?.contractSuffix
        contracts = present.filter { $0.kind == .contract }.enumerated().map { index, item in
            Contract(itemID: item.id, title: item.title,
                     number: suffix?.number(index + 1, after: archiveNumber) ?? "\(archiveNumber)-\(index + 1)")
        }
    }
}
