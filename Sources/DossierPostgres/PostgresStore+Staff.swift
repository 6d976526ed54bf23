import DossierEngine
import DossierStore
import Foundation
import PostgresNIO

/// The staff directory.
extension PostgresStore {
    public func addStaff(_ member: StaffMember, by actor: String, at moment: Moment) throws {
        try write { session, head in
            let time = try Self.settle(moment, head: head)
            guard try session.rows("SELECT 1 FROM staff WHERE id = \(member.id)").isEmpty else {
                throw StoreError.duplicate("a staff member called \(member.id) already exists; see `dossier staff show \(member.id)`")
            }
            let roles = member.roles.joined(separator: " ")
            try session.rows("""
                INSERT INTO staff (id, name, roles, department, active, added_at)
                VALUES (\(member.id), \(member.name), \(roles), \(member.department), \(member.isActive), \(StoredTime.text(time)))
                """)
            var details = ["staff": member.id, "name": member.name, "roles": roles]
            if let department = member.department { details["department"] = department }
            try Self.append([(nil, nil, DossierEvent(kind: .staffAdded, actor: actor, at: time, details: details))], head: &head, session)
        }
    }

    public func deactivateStaff(_ id: String, reason: String, by actor: String, at moment: Moment) throws {
        try write { session, head in
            let time = try Self.settle(moment, head: head)
            guard let active = try session.rows("SELECT active FROM staff WHERE id = \(id)").first?.decode(Bool.self) else {
                throw StoreError.notFound("nobody called \(id) is in the staff directory; see `dossier staff list`")
            }
            guard active else { throw StoreError.alreadyDone("\(id) was already deactivated") }
            try session.rows("UPDATE staff SET active = FALSE WHERE id = \(id)")
            try Self.append([(nil, nil, DossierEvent(kind: .staffDeactivated, actor: actor, at: time, note: reason, details: ["staff": id]))],
                            head: &head, session)
        }
    }

    public func staffMember(_ id: String) throws -> StaffMember? {
        try readEach { session in try session.rows("\(unescaped: Self.staffColumns) WHERE id = \(id)").first.map(Self.staffMember) }
    }

    public func staffDirectory() throws -> [StaffMember] {
        try readEach { session in try session.rows("\(unescaped: Self.staffColumns) ORDER BY id COLLATE \"C\"").map(Self.staffMember) }
    }

    static let staffColumns = "SELECT id, name, roles, department, active FROM staff"

    static func staffMember(_ row: PostgresRow) throws -> StaffMember {
        let (id, name, roles, department, active) = try row.decode((String, String, String, String?, Bool).self)
        return StaffMember(id: id, name: name, roles: roles.split(separator: " ").map(String.init), department: department, isActive: active)
    }
}
