import DossierEngine
import Foundation
import GRDB

/// Passwords, sessions, failed logins and signed checkpoints of the event chain.
extension SQLiteStore {
    // MARK: Passwords

    /// Sets `staff`'s password hash, with a `password-set` event that names who set it (never
    /// the hash), and ends every session `staff` had open (a changed password locks out whoever
    /// may have held one), in one transaction.
    public func setPasswordHash(_ hash: String, of staff: String, by actor: String, at moment: Moment) throws {
        try write { db in
            let time = try Self.settle(moment, db)
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM staff WHERE id = ?", arguments: [staff]) != nil else {
                throw StoreError.notFound("there is no staff member called \(staff); see `dossier staff list`")
            }
            try db.execute(sql: """
                INSERT INTO staff_password (staff_id, hash, changed_at) VALUES (?, ?, ?)
                ON CONFLICT (staff_id) DO UPDATE SET hash = excluded.hash, changed_at = excluded.changed_at
                """, arguments: [staff, hash, StoredTime.text(time)])
            var events = [DossierEvent(kind: .passwordSet, actor: actor, at: time, details: ["staff": staff])]
            let open = try Int.fetchAll(db, sql: "SELECT id FROM login_session WHERE staff_id = ? AND revoked_at IS NULL ORDER BY id",
                                        arguments: [staff])
            if !open.isEmpty {
                try db.execute(sql: "UPDATE login_session SET revoked_at = ? WHERE staff_id = ? AND revoked_at IS NULL",
                               arguments: [StoredTime.text(time), staff])
                events += open.map { DossierEvent(kind: .sessionRevoked, actor: actor, at: time,
                                                  details: ["session": String($0), "staff": staff, "because": "password changed"]) }
            }
            try Self.append(events, dossier: nil, db)
        }
    }

    /// `staff`'s password hash, or `nil` when they have none.
    public func passwordHash(of staff: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT hash FROM staff_password WHERE staff_id = ?", arguments: [staff]) }
    }

    // MARK: Sessions

    /// Opens a session for `staff` whose token hashes to `tokenSHA256`, with a `logged-in` event.
    public func openSession(staff: String, tokenSHA256: String, client: String?, lifetime: SessionLifetime,
                            at moment: Moment) throws -> LoginSession {
        try write { db in
            let time = try Self.settle(moment, db)
            let idle = time.addingTimeInterval(lifetime.idle), absolute = time.addingTimeInterval(lifetime.absolute)
            try db.execute(sql: """
                INSERT INTO login_session (token_sha256, staff_id, created_at, last_used_at, idle_expires_at, expires_at, client)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [tokenSHA256, staff, StoredTime.text(time), StoredTime.text(time), StoredTime.text(min(idle, absolute)),
                                 StoredTime.text(absolute), client])
            let id = Int(db.lastInsertedRowID)
            var details = ["session": String(id)]
            if let client { details["client"] = client }
            try Self.append([DossierEvent(kind: .loggedIn, actor: staff, at: time, details: details)], dossier: nil, db)
            return LoginSession(id: id, staffID: staff, createdAt: time, lastUsedAt: time, idleExpiresAt: min(idle, absolute),
                                expiresAt: absolute, revokedAt: nil, client: client)
        }
    }

    /// The live session whose token hashes to `tokenSHA256`, its idle limit moved on from `time`;
    /// `nil` for an unknown, expired or revoked token. The store is written at most once a
    /// minute per session, so reading through the service does not take the write lock each time.
    public func useSession(tokenSHA256: String, lifetime: SessionLifetime, at time: Date) throws -> LoginSession? {
        let found = try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM login_session WHERE token_sha256 = ?", arguments: [tokenSHA256]).map(Self.loginSession)
        }
        guard var session = found, session.isLive(at: time) else { return nil }
        if time.timeIntervalSince(session.lastUsedAt) < 60 { return session }
        return try write { db in
            guard try String.fetchOne(db, sql: "SELECT revoked_at FROM login_session WHERE id = ?", arguments: [session.id]) == nil else {
                return nil
            }
            session.lastUsedAt = time
            session.idleExpiresAt = min(time.addingTimeInterval(lifetime.idle), session.expiresAt)
            try db.execute(sql: "UPDATE login_session SET last_used_at = ?, idle_expires_at = ? WHERE id = ?",
                           arguments: [StoredTime.text(time), StoredTime.text(session.idleExpiresAt), session.id])
            return session
        }
    }

    /// One session by number, or `nil`.
    public func loginSession(_ id: Int) throws -> LoginSession? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM login_session WHERE id = ?", arguments: [id]).map(Self.loginSession) }
    }

    /// The sessions of `staff` (everyone's when `nil`) that are still live at `time`, oldest first.
    public func liveSessions(of staff: String?, at time: Date) throws -> [LoginSession] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM login_session WHERE revoked_at IS NULL AND (?1 IS NULL OR staff_id = ?1) ORDER BY id
                """, arguments: [staff]).map(Self.loginSession).filter { $0.isLive(at: time) }
        }
    }

    /// Ends session `id`, with a `session-revoked` event naming who ended it.
    public func revokeSession(_ id: Int, by actor: String, at moment: Moment) throws {
        try write { db in
            let time = try Self.settle(moment, db)
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM login_session WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound("there is no session \(id); see `dossier session list`")
            }
            let session = Self.loginSession(row)
            guard session.revokedAt == nil else { throw StoreError.alreadyDone("session \(id) was already ended") }
            try db.execute(sql: "UPDATE login_session SET revoked_at = ? WHERE id = ?", arguments: [StoredTime.text(time), id])
            try Self.append([DossierEvent(kind: .sessionRevoked, actor: actor, at: time,
                                          details: ["session": String(id), "staff": session.staffID])], dossier: nil, db)
        }
    }

    static func loginSession(_ row: Row) -> LoginSession {
        func time(_ column: String) -> Date { StoredTime.date(row[column] as String) ?? Date(timeIntervalSince1970: 0) }
        return LoginSession(id: row["id"], staffID: row["staff_id"], createdAt: time("created_at"), lastUsedAt: time("last_used_at"),
                            idleExpiresAt: time("idle_expires_at"), expiresAt: time("expires_at"),
                            revokedAt: (row["revoked_at"] as String?).flatMap(StoredTime.date), client: row["client"])
    }

    // MARK: Failed logins

    /// Records a refused login for `user` (who may not be staff at all), with a `login-failed`
    /// event giving the reason; `counts` says whether it counts towards a lockout (a try while
    /// locked out does not prolong the lockout). Failures older than `forgetBefore` no longer
    /// count towards any lockout and are dropped from the counting table (the events stay).
    public func recordLoginFailure(user: String, reason: String, counts: Bool, forgetBefore: Date, at moment: Moment) throws {
        try write { db in
            let time = try Self.settle(moment, db)
            try db.execute(sql: "DELETE FROM login_failure WHERE at < ?", arguments: [StoredTime.text(forgetBefore)])
            if counts {
                try db.execute(sql: "INSERT INTO login_failure (staff_id, at) VALUES (?, ?)", arguments: [user, StoredTime.text(time)])
            }
            try Self.append([DossierEvent(kind: .loginFailed, actor: user, at: time, details: ["reason": reason])], dossier: nil, db)
        }
    }

    /// When logins of `user` were refused, at or after `since`, oldest first.
    public func loginFailureTimes(user: String, since: Date) throws -> [Date] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT at FROM login_failure WHERE staff_id = ? AND at >= ? ORDER BY at",
                                arguments: [user, StoredTime.text(since)]).compactMap(StoredTime.date)
        }
    }

    // MARK: Checkpoints

    /// The head of the event chain.
    public func chainHead() throws -> ChainHead {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM chain_head WHERE id = 1") else {
                return ChainHead(sequence: 0, hash: EventChain.genesis)
            }
            return ChainHead(sequence: row["seq"], hash: row["hash"])
        }
    }

    /// Keeps a signed checkpoint; `false` when one for the same event was kept already.
    @discardableResult
    public func addCheckpoint(_ checkpoint: AuditCheckpoint) throws -> Bool {
        try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO audit_checkpoint (seq, head, at, public_key, signature) VALUES (?, ?, ?, ?, ?)",
                           arguments: [checkpoint.sequence, checkpoint.head, StoredTime.text(checkpoint.at), checkpoint.publicKey,
                                       checkpoint.signature])
            return db.changesCount == 1
        }
    }

    public func latestCheckpoint() throws -> AuditCheckpoint? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM audit_checkpoint ORDER BY seq DESC LIMIT 1").map(Self.checkpoint) }
    }

    /// Every checkpoint kept in the store, oldest first.
    public func checkpoints() throws -> [AuditCheckpoint] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_checkpoint ORDER BY seq").map(Self.checkpoint)
        }
    }

    private static func checkpoint(_ row: Row) -> AuditCheckpoint {
        AuditCheckpoint(sequence: row["seq"], head: row["head"], at: StoredTime.date(row["at"] as String) ?? Date(timeIntervalSince1970: 0),
                        publicKey: row["public_key"], signature: row["signature"])
    }

    /// The hash of event `sequence`, or `nil` when the log has no such event.
    public func eventHash(_ sequence: Int) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT hash FROM event WHERE seq = ?", arguments: [sequence]) }
    }
}

// MARK: Reads

extension SQLiteStore {
    /// Records that `actor` read dossier `id`'s contents through `channel` (e.g. `GET
    /// /api/v1/dossiers/7`), as a `read` event on the dossier. The dossier itself is unchanged:
    /// its revision stays, so a read never makes a concurrent writer lose a race.
    public func recordRead(dossier id: Int, by actor: String, through channel: String, at moment: Moment) throws {
        try write { db in
            let time = try Self.settle(moment, db)
            guard let dossier = try Self.fetchDossier(id, db) else { throw StoreError.notFound("there is no dossier \(id)") }
            try Self.append([DossierEvent(kind: .read, actor: actor, at: time, fromState: dossier.stateID, toState: dossier.stateID,
                                          details: ["through": channel])], dossier: dossier, db)
        }
    }
}

// MARK: Definitions

extension SQLiteStore {
    /// A number that grows with every deployed definition version: a cache of compiled
    /// definitions filled at one generation is still right while the number stays the same.
    public func definitionGeneration() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM definition_version") ?? 0 }
    }
}
