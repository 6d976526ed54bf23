import DossierEngine
import Foundation
import GRDB

/// What an erasure did: the customer's keys destroyed, and the dossiers whose personal fields
/// they sealed, which now read as erased.
public struct CustomerErasure: Sendable, Hashable {
    /// The dossiers erased, by number.
    public var dossiers: [Int]
    /// How many keys were destroyed.
    public var keys: Int
}

/// A customer's dossiers, found by the keyed hash of their name, and their erasure by
/// destroying the keys that seal their personal fields (crypto-shredding).
extension SQLiteStore {
    /// Every dossier naming `customer`: those sealed under one of the customer's keys (even
    /// erased), and those of workflows without personal fields whose `customer` field is the
    /// name as written. By number.
    public func dossiers(ofCustomer customer: String) throws -> [Dossier] {
        try read { db in
            let reference = try PersonalSealing.reference(of: customer, db)
            let snapshots = try String.fetchAll(db, sql: """
                SELECT snapshot FROM dossier
                WHERE id IN (SELECT dossier_key.dossier_id FROM dossier_key JOIN customer_key ON customer_key.id = dossier_key.key_id
                             WHERE customer_key.ref = ?)
                   OR json_extract(snapshot, '$.fields.customer') = ?
                ORDER BY id
                """, arguments: [reference, customer])
            return try snapshots.map { try Self.decodeDossier($0, db) }
        }
    }

    /// Destroys every key sealing the personal fields of `dossiers` (the customer's, as the
    /// office checked them), records the erasure in each dossier's log, and leaves nothing of the
    /// keys in the file: the rows are overwritten and the journal emptied. Throws
    /// `StoreError.conflict` if the keys now seal another dossier too (one started meanwhile),
    /// and erases nothing.
    public func eraseCustomer(dossiers: [Int], request: String, on day: String, by actor: String, at moment: Moment) throws -> CustomerErasure {
        let erased = try write { db in
            // Deleted and overwritten content is zeroed in the file, not left in free space.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            let time = try Self.settle(moment, db)
            let list = dossiers.map(String.init).joined(separator: ",")
            let keys = try Int64.fetchAll(db, sql: "SELECT DISTINCT key_id FROM dossier_key WHERE dossier_id IN (\(list)) ORDER BY key_id")
            let keyList = keys.map(String.init).joined(separator: ",")
            let sealed = keys.isEmpty ? [] : try Int.fetchAll(db, sql: "SELECT DISTINCT dossier_id FROM dossier_key WHERE key_id IN (\(keyList))")
            if let other = Set(sealed).subtracting(dossiers).min() {
                throw StoreError.conflict("dossier \(other) (sealed under the same customer's key, started a moment ago)")
            }
            try db.execute(sql: """
                UPDATE customer_key SET key = NULL, erased_at = ?, erased_on = ?, erased_by = ?, request = ?
                WHERE id IN (\(keyList.isEmpty ? "NULL" : keyList)) AND key IS NOT NULL
                """, arguments: [StoredTime.text(time), day, actor, request])
            let destroyed = db.changesCount
            guard destroyed > 0 else {
                let earlier = try Row.fetchOne(db, sql: """
                    SELECT erased_on, erased_by, request FROM customer_key WHERE id IN (\(keyList.isEmpty ? "NULL" : keyList)) ORDER BY id DESC LIMIT 1
                    """)
                throw StoreError.alreadyDone(earlier.map { "this customer's data was erased already, on \($0["erased_on"] ?? "?") by \($0["erased_by"] ?? "?") under request \($0["request"] ?? "?"); nothing changed" }
                    ?? "nothing of this customer is sealed, so there is nothing to erase")
            }
            let events = dossiers.map { id in
                (Optional(id), DossierEvent(kind: .customerErased, actor: actor, at: time,
                                            details: ["request": request, "keys": String(destroyed), "erased-on": day]))
            }
            try Self.append(events, db)
            return CustomerErasure(dossiers: dossiers, keys: destroyed)
        }
        // The journal held the keys' pages until now: fold it into the file and empty it. The
        // erasure is committed either way; while a reader holds the journal, the next
        // checkpoint does it.
        try? database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        return erased
    }
}
