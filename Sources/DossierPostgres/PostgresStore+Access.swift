import DossierEngine
import DossierStore
import Foundation
import PostgresNIO

/// Passwords, sessions, failed logins and signed checkpoints of the event chain, as on SQLite.
extension PostgresStore {
    // MARK: Passwords

    public func setPasswordHash(_ hash: String, of staff: String, by actor: String, at moment: Moment) throws {
        try write { session, head in
            let time = try Self.settle(moment, head: head)
            guard try !session.rows("SELECT 1 FROM staff WHERE id = \(staff)").isEmpty else {
                throw StoreError.notFound("there is no staff member called \(staff); see `dossier staff list`")
            }
            try session.rows("""
                INSERT INTO staff_password (staff_id, hash, changed_at) VALUES (\(staff), \(hash), \(StoredTime.text(time)))
                ON CONFLICT (staff_id) DO UPDATE SET hash = excluded.hash, changed_at = excluded.changed_at
                """)
            var events = [DossierEvent(kind: .passwordSet, actor: actor, at: time, details: ["staff": staff])]
            let ended = try session.rows("""
                UPDATE login_session SET revoked_at = \(StoredTime.text(time)) WHERE staff_id = \(staff) AND revoked_at IS NULL RETURNING id
                """).map { try $0.decode(Int.self) }.sorted()
            events += ended.map { DossierEvent(kind: .sessionRevoked, actor: actor, at: time,
                                               details: ["session": String($0), "staff": staff, "because": "password changed"]) }
            try Self.append(events.map { (nil, nil, $0) }, head: &head, session)
        }
    }

    public func passwordHash(of staff: String) throws -> String? {
        try readEach { session in try session.rows("SELECT hash FROM staff_password WHERE staff_id = \(staff)").first?.decode(String.self) }
    }

    // MARK: Sessions

    public func openSession(staff: String, tokenSHA256: String, client: String?, lifetime: SessionLifetime,
                            at moment: Moment) throws -> LoginSession {
        try write { session, head in
            let time = try Self.settle(moment, head: head)
            let idle = min(time.addingTimeInterval(lifetime.idle), time.addingTimeInterval(lifetime.absolute))
            let absolute = time.addingTimeInterval(lifetime.absolute)
            let id = try Self.next("login_session", session)
            try session.rows("""
                INSERT INTO login_session (id, token_sha256, staff_id, created_at, last_used_at, idle_expires_at, expires_at, client)
                VALUES (\(id), \(tokenSHA256), \(staff), \(StoredTime.text(time)), \(StoredTime.text(time)), \(StoredTime.text(idle)),
                        \(StoredTime.text(absolute)), \(client))
                """)
            var details = ["session": String(id)]
            if let client { details["client"] = client }
            try Self.append([(nil, nil, DossierEvent(kind: .loggedIn, actor: staff, at: time, details: details))], head: &head, session)
            return LoginSession(id: id, staffID: staff, createdAt: time, lastUsedAt: time, idleExpiresAt: idle, expiresAt: absolute,
                                revokedAt: nil, client: client)
        }
    }

    /// The live session whose token hashes to `tokenSHA256`, its idle limit moved on from `time`
    /// at most once a minute, without the chain head's lock (nothing is logged).
    public func useSession(tokenSHA256: String, lifetime: SessionLifetime, at time: Date) throws -> LoginSession? {
        let found = try readEach { session in
            try session.rows("\(unescaped: Self.sessionColumns) WHERE token_sha256 = \(tokenSHA256)").first.map(Self.loginSession)
        }
        guard var login = found, login.isLive(at: time) else { return nil }
        if time.timeIntervalSince(login.lastUsedAt) < 60 { return login }
        login.lastUsedAt = time
        login.idleExpiresAt = min(time.addingTimeInterval(lifetime.idle), login.expiresAt)
        let kept = try Self.failing(on: location, writing: true) {
            try connections.with { session in
                try session.rows("""
                    UPDATE login_session SET last_used_at = \(StoredTime.text(time)), idle_expires_at = \(StoredTime.text(login.idleExpiresAt))
                    WHERE id = \(login.id) AND revoked_at IS NULL RETURNING id
                    """)
            }
        }
        return kept.isEmpty ? nil : login
    }

    public func loginSession(_ id: Int) throws -> LoginSession? {
        try readEach { session in try session.rows("\(unescaped: Self.sessionColumns) WHERE id = \(id)").first.map(Self.loginSession) }
    }

    public func liveSessions(of staff: String?, at time: Date) throws -> [LoginSession] {
        try readEach { session in
            let rows = if let staff {
                try session.rows("\(unescaped: Self.sessionColumns) WHERE revoked_at IS NULL AND staff_id = \(staff) ORDER BY id")
            } else {
                try session.rows("\(unescaped: Self.sessionColumns) WHERE revoked_at IS NULL ORDER BY id")
            }
            return try rows.map(Self.loginSession).filter { $0.isLive(at: time) }
        }
    }

    public func revokeSession(_ id: Int, by actor: String, at moment: Moment) throws {
        try write { session, head in
            let time = try Self.settle(moment, head: head)
            guard let login = try session.rows("\(unescaped: Self.sessionColumns) WHERE id = \(id)").first.map(Self.loginSession) else {
                throw StoreError.notFound("there is no session \(id); see `dossier session list`")
            }
            guard login.revokedAt == nil else { throw StoreError.alreadyDone("session \(id) was already ended") }
            try session.rows("UPDATE login_session SET revoked_at = \(StoredTime.text(time)) WHERE id = \(id)")
            try Self.append([(nil, nil, DossierEvent(kind: .sessionRevoked, actor: actor, at: time,
                                                     details: ["session": String(id), "staff": login.staffID]))], head: &head, session)
        }
    }

    private static let sessionColumns = """
        SELECT id, staff_id, created_at, last_used_at, idle_expires_at, expires_at, revoked_at, client FROM login_session
        """

    private static func loginSession(_ row: PostgresRow) throws -> LoginSession {
        let (id, staff, created, used, idle, expires, revoked, client) = try row.decode((Int, String, String, String, String, String, String?, String?).self)
        func time(_ text: String) -> Date { StoredTime.date(text) ?? Date(timeIntervalSince1970: 0) }
        return LoginSession(id: id, staffID: staff, createdAt: time(created), lastUsedAt: time(used), idleExpiresAt: time(idle),
                            expiresAt: time(expires), revokedAt: revoked.flatMap(StoredTime.date), client: client)
    }

    // MARK: Failed logins

    public func recordLoginFailure(user: String, reason: String, counts: Bool, forgetBefore: Date, at moment: Moment) throws {
        try write { session, head in
            let time = try Self.settle(moment, head: head)
            try session.rows("DELETE FROM login_failure WHERE at < \(StoredTime.text(forgetBefore))")
            if counts { try session.rows("INSERT INTO login_failure (staff_id, at) VALUES (\(user), \(StoredTime.text(time)))") }
            try Self.append([(nil, nil, DossierEvent(kind: .loginFailed, actor: user, at: time, details: ["reason": reason]))], head: &head, session)
        }
    }

    public func loginFailureTimes(user: String, since: Date) throws -> [Date] {
        try readEach { session in
            try session.rows("SELECT at FROM login_failure WHERE staff_id = \(user) AND at >= \(StoredTime.text(since)) ORDER BY at")
                .compactMap { StoredTime.date(try $0.decode(String.self)) }
        }
    }

    // MARK: Checkpoints

    public func chainHead() throws -> ChainHead {
        try readEach { session in
            guard let row = try session.rows("SELECT seq, hash FROM chain_head WHERE id = 1").first else {
                return ChainHead(sequence: 0, hash: EventChain.genesis)
            }
            let (sequence, hash) = try row.decode((Int, String).self)
            return ChainHead(sequence: sequence, hash: hash)
        }
    }

    /// Keeps a signed checkpoint; `false` when one for the same event was kept already (another
    /// server signed the same head first).
    @discardableResult
    public func addCheckpoint(_ checkpoint: AuditCheckpoint) throws -> Bool {
        try Self.failing(on: location, writing: true) {
            try connections.with { session in
                try session.rows("""
                    INSERT INTO audit_checkpoint (seq, head, at, public_key, signature)
                    VALUES (\(checkpoint.sequence), \(checkpoint.head), \(StoredTime.text(checkpoint.at)), \(checkpoint.publicKey), \(checkpoint.signature))
                    ON CONFLICT (seq) DO NOTHING RETURNING seq
                    """).count == 1
            }
        }
    }

    public func checkpoints() throws -> [AuditCheckpoint] {
        try readEach { session in
            try session.rows("SELECT seq, head, at, public_key, signature FROM audit_checkpoint ORDER BY seq").map(Self.checkpoint)
        }
    }

    public func latestCheckpoint() throws -> AuditCheckpoint? {
        try readEach { session in
            try session.rows("SELECT seq, head, at, public_key, signature FROM audit_checkpoint ORDER BY seq DESC LIMIT 1").first.map(Self.checkpoint)
        }
    }

    private static func checkpoint(_ row: PostgresRow) throws -> AuditCheckpoint {
        let (sequence, head, at, key, signature) = try row.decode((Int, String, String, String, String).self)
        return AuditCheckpoint(sequence: sequence, head: head, at: StoredTime.date(at) ?? Date(timeIntervalSince1970: 0),
                               publicKey: key, signature: signature)
    }

    public func eventHash(_ sequence: Int) throws -> String? {
        try readEach { session in try session.rows("SELECT hash FROM event WHERE seq = \(sequence)").first?.decode(String.self) }
    }

    // MARK: Reads, definitions, the clock

    public func recordRead(dossier id: Int, by actor: String, through channel: String, at moment: Moment) throws {
        try write { session, head in
            let time = try Self.settle(moment, head: head)
            guard let dossier = try Self.dossiers(session, "WHERE id = \(id)").first else { throw StoreError.notFound("there is no dossier \(id)") }
            var sealing = PersonalSealing(PostgresKeyring(session: session))
            try Self.append([DossierEvent(kind: .read, actor: actor, at: time, fromState: dossier.stateID, toState: dossier.stateID,
                                          details: ["through": channel])], dossier: dossier, sealing: &sealing, head: &head, session)
        }
    }

    public func definitionGeneration() throws -> Int {
        try readEach { session in try session.rows("SELECT COUNT(*) FROM definition_version").first?.decode(Int.self) ?? 0 }
    }

    public func clock() throws -> Date? {
        try readEach { session in
            try session.rows("""
                SELECT MAX(at) FROM (SELECT at FROM chain_head WHERE id = 1 UNION ALL SELECT at FROM simulation_clock WHERE id = 1) AS moments
                """).first?.decode(String?.self).flatMap(StoredTime.date)
        }
    }

    @discardableResult
    public func setClock(to moment: Date) throws -> Date {
        try write { session, head in
            let time = try Self.settle(.given(moment), head: head)
            try session.rows("INSERT INTO simulation_clock (id, at) VALUES (1, \(StoredTime.text(time))) ON CONFLICT (id) DO UPDATE SET at = excluded.at")
            return time
        }
    }
}
