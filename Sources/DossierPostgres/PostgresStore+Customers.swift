import DossierEngine
import DossierStore
import Foundation
import PostgresNIO

/// A customer's dossiers, found by the keyed hash of their name, and their erasure by
/// destroying the keys that seal their personal fields (crypto-shredding).
extension PostgresStore {
    public func dossiers(ofCustomer customer: String) throws -> [Dossier] {
        try read { session in
            let reference = PersonalSealing.reference(of: customer, secret: try PostgresKeyring(session: session).referenceSecret())
            return try Self.dossiers(session, """
                WHERE id IN (SELECT dossier_id FROM dossier_key WHERE key_id IN (
                                 SELECT key_id FROM dossier_key WHERE dossier_id IN (
                                     SELECT k.dossier_id FROM dossier_key k JOIN customer_key c ON c.id = k.key_id WHERE c.ref = \(reference))))
                   OR snapshot::jsonb -> 'fields' ->> 'customer' = \(customer)
                ORDER BY id
                """)
        }
    }

    /// Destroys every key sealing the personal fields of `dossiers`, as on SQLite. The rows'
    /// old versions are then vacuumed away (`journalEmptied` says whether that was done); the
    /// database's write-ahead log, its replicas and its backups keep them until they are
    /// recycled, as the office's backup policy says.
    public func eraseCustomer(dossiers: [(id: Int, revision: Int)], request: String, on day: String, by actor: String,
                              at moment: Moment) throws -> CustomerErasure {
        let ids = dossiers.map(\.id)
        var erased = try write { session, head in
            let time = try Self.settle(moment, head: head)
            for (id, revision) in dossiers {
                guard try session.rows("SELECT revision FROM dossier WHERE id = \(id)").first?.decode(Int.self) == revision else {
                    throw StoreError.conflict("dossier \(id)")
                }
            }
            if let lent = try session.rows("""
                SELECT a.dossier_id FROM lent_dossier l JOIN archive_number a ON a.number = l.archive_number WHERE a.dossier_id = ANY(\(ids)) LIMIT 1
                """).first?.decode(Int.self) {
                throw StoreError.conflict("dossier \(lent) (lent out a moment ago)")
            }
            let keys = try session.rows("SELECT DISTINCT key_id FROM dossier_key WHERE dossier_id = ANY(\(ids)) ORDER BY key_id").map { try $0.decode(Int.self) }
            let sealed = try session.rows("SELECT DISTINCT dossier_id FROM dossier_key WHERE key_id = ANY(\(keys))").map { try $0.decode(Int.self) }
            if let other = Set(sealed).subtracting(ids).min() {
                throw StoreError.conflict("dossier \(other) (sealed under the same customer's key, started a moment ago)")
            }
            let destroyed = try session.rows("""
                UPDATE customer_key SET key = NULL, ref = 'erased:' || md5(random()::text || clock_timestamp()::text), erased_at = \(StoredTime.text(time)),
                    erased_on = \(day), erased_by = \(actor), request = \(request)
                WHERE id = ANY(\(keys)) AND key IS NOT NULL RETURNING id
                """).count
            guard destroyed > 0 else {
                let earlier = try session.rows("SELECT erased_on, erased_by, request FROM customer_key WHERE id = ANY(\(keys)) ORDER BY id DESC LIMIT 1")
                    .first?.decode((String?, String?, String?).self)
                throw StoreError.alreadyDone(earlier.map { "this customer's data was erased already, on \($0.0 ?? "?") by \($0.1 ?? "?") under request \($0.2 ?? "?"); nothing changed" }
                    ?? "nothing of this customer is sealed, so there is nothing to erase")
            }
            let events = ids.map { id in
                (dossierID: Optional(id), taskID: Int?.none,
                 event: DossierEvent(kind: .customerErased, actor: actor, at: time, details: ["request": request, "keys": String(destroyed), "erased-on": day]))
            }
            try Self.append(events, head: &head, session)
            return CustomerErasure(dossiers: ids, keys: destroyed, journalEmptied: false)
        }
        // The keys' old row versions stay in the table's pages until a vacuum removes them.
        erased.journalEmptied = (try? connections.with { session in try session.rows("VACUUM customer_key") }) != nil
        return erased
    }
}
