import DossierEngine
import DossierStore

extension Office {
    /// Adds `member` to the directory. The first person of an empty directory may be added by
    /// anyone (a simulation store's bootstrap); after that only an administrator adds staff.
    package func addStaff(_ member: StaffMember) throws {
        try requireActorID()
        if !(try store.staffDirectory().isEmpty) {
            _ = try requireStaffRole(Self.administratorRole, for: "add staff")
        }
        try store.addStaff(member, by: actorID, at: moment)
    }

    /// Sets `user`'s password: one's own, or anyone's for an administrator. Refuses a weak one.
    package func setPassword(of user: String, to password: String, policy: AccessPolicy) throws {
        let member = try actor()
        if user != member.id, !member.roles.contains(Self.administratorRole) {
            throw OfficeError.notPermitted(person: member.id, what: "set \(user)'s password", needs: Self.administratorRole)
        }
        guard try store.staffMember(user) != nil else {
            throw OfficeError.refused("there is no staff member called \(user); see `dossier staff list`")
        }
        if let weakness = Credentials.weakness(of: password) { throw OfficeError.refused(weakness) }
        try store.setPasswordHash(Credentials.hash(password, cost: policy.passwordCost), of: user, by: member.id, at: moment)
    }
}
