import DossierDefinition
import DossierEngine
import DossierStore

extension Office {
    /// Adds `member` to the directory. The first person of an empty directory may be added by
    /// anyone (a simulation store's bootstrap); after that only an administrator adds staff.
    package func addStaff(_ member: StaffMember) throws {
        try requireActorID()
        for value in [member.id] + member.roles where !Self.isName(value) {
            throw OfficeError.invalid("'\(value)' may only contain letters, digits, '-', '_' and '.' (at most \(Self.longestName) characters)")
        }
        if member.roles.isEmpty { throw OfficeError.invalid("give at least one staff role, e.g. handler") }
        if let vocabulary = try Self.staffRoles(in: store) {
            for role in member.roles where !vocabulary.ids.contains(role) {
                let hint = Suggestions.closest(to: role, in: vocabulary.orderedIDs).map { "did you mean '\($0)'? " } ?? ""
                throw OfficeError.refused("'\(role)' is not a staff role of this office; \(hint)the staff roles are \(vocabulary.orderedIDs.joined(separator: ", ")); "
                                          + "to add one, list it in \(StaffRoleVocabulary.fileName) and deploy that with `dossier workflow deploy`")
            }
        }
        if member.name.isEmpty || member.name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw OfficeError.invalid("a name must be given and may not contain control characters")
        }
        if !(try store.staffDirectory().isEmpty) {
            _ = try requireStaffRole(Self.administratorRole, for: "add staff")
        }
        try store.addStaff(member, by: actorID, at: moment)
    }

    /// Sets `user`'s password: one's own, or anyone's for an administrator. Refuses a weak one.
    package func setPassword(of user: String, to password: String, policy: AccessPolicy) throws {
        let member = try actor()
        if user != member.id, !member.roles.contains(Self.administratorRole) {
            throw OfficeError.notPermitted(person: member.id, what: "set \(user)'s password", needs: [Self.administratorRole])
        }
        guard try store.staffMember(user) != nil else {
            throw OfficeError.refused("there is no staff member called \(user); see `dossier staff list`")
        }
        if let weakness = Credentials.weakness(of: password) { throw OfficeError.refused(weakness) }
        try store.setPasswordHash(Credentials.hash(password, cost: policy.passwordCost), of: user, by: member.id, at: moment)
    }
}

extension Office {
    /// The longest login or role name.
    package static let longestName = 64

    /// Whether `value` can be a login or a role: letters, digits, `-`, `_` and `.`.
    package static func isName(_ value: String) -> Bool {
        !value.isEmpty && value.count <= longestName && value.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
    }
}
