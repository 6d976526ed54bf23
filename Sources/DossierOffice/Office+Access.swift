import DossierEngine
import DossierStore
import Foundation

/// A session just opened: the token, which only its holder ever sees, and the session.
package struct OpenedSession: Sendable, Hashable {
    /// The bearer token.
    package var token: String
    /// The session as stored.
    package var session: LoginSession
}

extension Office {
    /// The staff role that administers staff, passwords and deployments.
    package static let administratorRole = "admin"

    /// Logs `user` in with `password`: a new session, or a refusal that does not say whether the
    /// person exists. Every refusal is a `login-failed` event; too many of them lock the person out.
    package func logIn(user: String, password: String, client: String?, policy: AccessPolicy) throws -> OpenedSession {
        // No login can have another shape: nothing else is worth recording as an attempt.
        guard Self.isName(user) else { throw OfficeError.invalid("the login name may only contain letters, digits, '-', '_' and '.'") }
        let client = client.map { String($0.unicodeScalars.filter { $0.properties.generalCategory != .control }.prefix(64)) }
        if let until = try lockedUntil(user, policy: policy) {
            try store.recordLoginFailure(user: user, reason: "locked out", counts: false, forgetBefore: policy.forgetFailuresBefore(time), at: moment)
            throw OfficeError.lockedOut(user: user, until: until)
        }
        let member = try store.staffMember(user)
        let hash = member == nil ? nil : try store.passwordHash(of: user)
        guard Credentials.matches(password, hash: hash), let member, member.isActive else {
            let reason = member == nil ? "unknown person" : hash == nil ? "no password set" : member?.isActive == false ? "has left" : "wrong password"
            try store.recordLoginFailure(user: user, reason: reason, counts: true, forgetBefore: policy.forgetFailuresBefore(time), at: moment)
            throw OfficeError.notAuthenticated("the login name or the password is wrong")
        }
        let token = Credentials.newToken()
        let session = try store.openSession(staff: member.id, tokenSHA256: Credentials.digest(ofToken: token), client: client,
                                            lifetime: policy.lifetime, at: moment)
        return OpenedSession(token: token, session: session)
    }

    /// The end of `user`'s lockout, or `nil` when they may try: locked for `policy.lockout` after
    /// the moment the failures within one `failureWindow` reached `failuresBeforeLockout`.
    func lockedUntil(_ user: String, policy: AccessPolicy) throws -> Date? {
        let failures = try store.loginFailureTimes(user: user, since: time.addingTimeInterval(-(policy.failureWindow + policy.lockout)))
        let needed = policy.failuresBeforeLockout
        guard needed > 0, failures.count >= needed else { return nil }
        var lockedAt: Date?
        for index in (needed - 1)..<failures.count
        where failures[index].timeIntervalSince(failures[index - needed + 1]) <= policy.failureWindow {
            lockedAt = failures[index]
        }
        guard let lockedAt, lockedAt.addingTimeInterval(policy.lockout) > time else { return nil }
        return lockedAt.addingTimeInterval(policy.lockout)
    }

    /// The person a bearer token belongs to; refused for an unknown, expired or revoked token,
    /// and for someone who has left.
    package static func authenticate(token: String, store: any DossierStore, policy: AccessPolicy, at time: Date) throws -> (LoginSession, StaffMember) {
        guard let session = try store.useSession(tokenSHA256: Credentials.digest(ofToken: token), lifetime: policy.lifetime, at: time) else {
            throw OfficeError.notAuthenticated("the session is unknown, has expired or was ended; log in again with `dossier login`")
        }
        guard let member = try store.staffMember(session.staffID), member.isActive else {
            throw OfficeError.notAuthenticated("\(session.staffID) can no longer act; the session is refused")
        }
        return (session, member)
    }

    /// Ends the live session of `client` whose token was presented, as its holder: a browser
    /// that logs in anew ends the session it had, whoever held it. Anything else is left alone.
    package func endPresentedSession(token: String, client: String, policy: AccessPolicy) throws {
        guard let session = try store.useSession(tokenSHA256: Credentials.digest(ofToken: token), lifetime: policy.lifetime, at: time),
              session.client == client else { return }
        try store.revokeSession(session.id, by: session.staffID, at: moment)
    }

    /// Ends session `id`: one's own, or anyone's for an administrator.
    package func revokeSession(_ id: Int) throws {
        let member = try actor()
        guard let session = try store.loginSession(id) else { throw OfficeError.refused("there is no session \(id); see `dossier session list`") }
        if session.staffID != member.id, !member.roles.contains(Self.administratorRole) {
            throw OfficeError.notPermitted(person: member.id, what: "end \(session.staffID)'s session", needs: [Self.administratorRole])
        }
        try store.revokeSession(id, by: member.id, at: moment)
    }

    /// The live sessions the acting person may see: their own, or everyone's (`all`) for an
    /// administrator.
    package func sessions(all: Bool) throws -> [LoginSession] {
        let member = all ? try requireStaffRole(Self.administratorRole, for: "list everyone's sessions") : try actor()
        return try store.liveSessions(of: all ? nil : member.id, at: time)
    }
}
