import DossierEngine
import Foundation
import GRDB

/// The staff directory.
extension SQLiteStore {
    /// Adds a person to the directory, with a `staff-added` event, in one transaction.
    public func addStaff(_ member: StaffMember, by actor: String, at moment: Moment) throws {
        try write { db in
            let time = try Self.settle(moment, db)
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM staff WHERE id = ?", arguments: [member.id]) != nil {
                throw StoreError.duplicate("a staff member called \(member.id) already exists; see `dossier staff show \(member.id)`")
            }
            try db.execute(sql: "INSERT INTO staff (id, name, roles, department, active, added_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [member.id, member.name, member.roles.joined(separator: " "), member.department, member.isActive,
                                       StoredTime.text(time)])
            var details = ["staff": member.id, "name": member.name, "roles": member.roles.joined(separator: " ")]
            if let department = member.department { details["department"] = department }
            try Self.append([DossierEvent(kind: .staffAdded, actor: actor, at: time, details: details)], dossier: nil, db)
        }
    }

    /// The person with login `id`, or `nil`.
    public func staffMember(_ id: String) throws -> StaffMember? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM staff WHERE id = ?", arguments: [id]).map(Self.staffMember) }
    }

    /// Everyone in the directory, by login.
    public func staffDirectory() throws -> [StaffMember] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM staff ORDER BY id").map(Self.staffMember) }
    }

    static func staffMember(_ row: Row) -> StaffMember {
        StaffMember(id: row["id"], name: row["name"], roles: (row["roles"] as String).split(separator: " ").map(String.init),
                    department: row["department"], isActive: row["active"])
    }
}
