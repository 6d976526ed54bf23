/// A person in the staff directory, as the engine sees them: who they are, which staff roles
/// they hold, and whether they may still act.
public struct StaffMember: Sendable, Hashable, Codable, Identifiable {
    /// The login, e.g. `alice`.
    public var id: String
    /// The full name.
    public var name: String
    /// Staff roles such as handler, reviewer, archivist, gm.
    public var roles: [String]
    /// The department, if any.
    public var department: String?
    /// Whether the person is still employed; departed staff can neither act nor be assigned.
    public var isActive: Bool

    /// Creates a staff member.
    public init(id: String, name: String, roles: [String], department: String? = nil, isActive: Bool = true) {
        self.id = id
        self.name = name
        self.roles = roles
        self.department = department
        self.isActive = isActive
    }

    /// Whether the person holds any of `staffRoles`.
    public func holdsAny(of staffRoles: [String]) -> Bool {
        roles.contains { staffRoles.contains($0) }
    }
}
