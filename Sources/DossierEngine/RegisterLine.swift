import DossierDefinition
import Foundation

/// One line of the register (档案登记本): an archived dossier as the archivist keeps it, with
/// who handled, reviewed and filed it, its items and pages, and the numbers of the contracts
/// inside (numbered after the archive number, e.g. `GY-SH-001-03`).
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

    /// The archive number.
    public var archiveNumber: String
    /// The dossier.
    public var dossierID: Int
    /// The workflow and version.
    public var workflowID: String
    /// The workflow version.
    public var workflowVersion: Int
    /// The customer, from the `customer` field when the workflow has one.
    public var customer: String?
    /// Who compiled and handed over the dossier (the initial state's role).
    public var handler: String?
    /// Who reviewed it between hand-over and filing, if the workflow has such a step.
    public var reviewer: String?
    /// Who registered it (the role of the state that assigns the archive number).
    public var archivist: String?
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

    /// The register line of `dossier`, numbered `archiveNumber` at `registeredAt`, under `definition`.
    public init(dossier: Dossier, definition: WorkflowDefinition, archiveNumber: String, registeredAt: Date) {
        self.archiveNumber = archiveNumber
        dossierID = dossier.id
        workflowID = dossier.workflowID
        workflowVersion = dossier.workflowVersion
        customer = dossier.fields["customer"]
        let roles = IntakeRoles(definition)
        handler = roles.handler.flatMap { dossier.assignments[$0] }
        reviewer = roles.reviewer.flatMap { dossier.assignments[$0] }
        archivist = roles.archivist.flatMap { dossier.assignments[$0] }
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
