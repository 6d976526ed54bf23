import DossierDefinition
import Foundation

/// A registered dossier as a borrow slip sees it: its archive number, its confidentiality
/// level, the people it belongs to (who hold roles in it), and its items as the register
/// holds them, against which a return is checked.
public struct BorrowTarget: Sendable, Hashable {
    /// The archive number.
    public var archiveNumber: String
    /// The registered dossier's number.
    public var dossierID: Int
    /// Its confidentiality level id (`company`, `department`, `personal`, `sealed`).
    public var levelID: String
    /// The people who hold a role in it (its owners for the `owner` reader rule).
    public var owners: Set<String>
    /// The department it belongs to (its handler's), for the `same-department` reader rule and
    /// for approvers who approve only within their own department.
    public var department: String?
    /// The person who registered it: the archivist who lends it.
    public var archivist: String?
    /// The items filed in it (present at registration) with their page counts.
    public var items: [String: Int]

    /// Creates a target.
    public init(archiveNumber: String, dossierID: Int, levelID: String, owners: Set<String>, department: String? = nil,
                archivist: String?, items: [String: Int]) {
        self.archiveNumber = archiveNumber
        self.dossierID = dossierID
        self.levelID = levelID
        self.owners = owners
        self.department = department
        self.archivist = archivist
        self.items = items
    }

    /// The target of registered `dossier`, numbered `archiveNumber`, under `definition`: the
    /// level from its `level` field or its workflow's default (`fallbackLevel` when it has none),
    /// the department that of its handler as `departmentOf` finds it.
    public init(dossier: Dossier, definition: WorkflowDefinition, archiveNumber: String, fallbackLevel: String,
                departmentOf: (String) -> String? = { _ in nil }) {
        let level = dossier.fields["level"].flatMap { $0.isEmpty ? nil : $0 }
            ?? definition.confidentiality?.defaultLevelID ?? fallbackLevel
        let roles = IntakeRoles(definition)
        var items: [String: Int] = [:]
        for item in definition.checklist?.items ?? [] {
            if let record = dossier.checklist[item.id], !record.isMissing { items[item.id] = record.pages ?? 0 }
        }
        let handler = roles.handler.flatMap { dossier.assignments[$0] } ?? dossier.startedBy
        self.init(archiveNumber: archiveNumber, dossierID: dossier.id, levelID: level, owners: Set(dossier.assignments.values),
                  department: dossier.custodyDepartment ?? departmentOf(handler), archivist: roles.archivist.flatMap { dossier.assignments[$0] }, items: items)
    }
}
