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

    /// Deactivates `id`, who has left, with `reason`, as an event by `actor`. The row stays: the
    /// log and every dossier still name them.
    public func deactivateStaff(_ id: String, reason: String, by actor: String, at moment: Moment) throws {
        try write { db in
            let time = try Self.settle(moment, db)
            guard let active = try Bool.fetchOne(db, sql: "SELECT active FROM staff WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound("nobody called \(id) is in the staff directory; see `dossier staff list`")
            }
            guard active else { throw StoreError.alreadyDone("\(id) was already deactivated") }
            try db.execute(sql: "UPDATE staff SET active = 0 WHERE id = ?", arguments: [id])
            try Self.append([DossierEvent(kind: .staffDeactivated, actor: actor, at: time, note: reason, details: ["staff": id])], dossier: nil, db)
        }
    }

    /// Every dossier, running or finished, in which `person` holds a role, by number.
    public func dossiers(heldBy person: String) throws -> [Dossier] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT snapshot FROM dossier
                WHERE EXISTS (SELECT 1 FROM json_each(dossier.snapshot, '$.assignments') WHERE json_each.value = ?)
                ORDER BY id
                """, arguments: [person]).map { try Self.decodeDossier($0, db) }
        }
    }

    /// The reassignments that took a role from `person`, logged after event `sequence`, in log order.
    public func reassignments(from person: String, after sequence: Int) throws -> [StoredEvent] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM event WHERE seq > ? AND kind = 'reassigned' AND json_extract(details, '$.from') = ? ORDER BY seq
                """, arguments: [sequence, person]).map(Self.storedEvent)
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
