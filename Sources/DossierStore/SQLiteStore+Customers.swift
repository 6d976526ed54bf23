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
    /// Whether the journal was folded into the file and emptied at once; when a reader held it,
    /// the destroyed keys' old pages stay in the journal until the next checkpoint.
    public var journalEmptied: Bool

    package init(dossiers: [Int], keys: Int, journalEmptied: Bool) {
        self.dossiers = dossiers
        self.keys = keys
        self.journalEmptied = journalEmptied
    }
}

/// A customer's dossiers, found by the keyed hash of their name, and their erasure by
/// destroying the keys that seal their personal fields (crypto-shredding).
extension SQLiteStore {
    /// Whether a value reads as erased ("erased on DATE by WHOM under request REF").
    public static func readsAsErased(_ value: String) -> Bool {
        !value.hasPrefix(PersonalSealing.prefix) && !PersonalSealing.needsSealing(value)
    }

    /// Every dossier naming `customer`: those sealed under one of the customer's keys, with
    /// every dossier sharing a key with them (the customer under an earlier or a later name),
    /// and those of workflows without personal fields whose `customer` field is the name as
    /// written. By number. An erased customer's keys are found by no name.
    public func dossiers(ofCustomer customer: String) throws -> [Dossier] {
        try read { db in
            let reference = PersonalSealing.reference(of: customer, secret: try SQLiteKeyring(db: db).referenceSecret())
            let snapshots = try String.fetchAll(db, sql: """
                WITH named AS (
                    SELECT dossier_key.dossier_id FROM dossier_key JOIN customer_key ON customer_key.id = dossier_key.key_id
                    WHERE customer_key.ref = ?
                ), shared AS (
                    SELECT key_id FROM dossier_key WHERE dossier_id IN (SELECT dossier_id FROM named)
                )
                SELECT snapshot FROM dossier
                WHERE id IN (SELECT dossier_id FROM dossier_key WHERE key_id IN (SELECT key_id FROM shared))
                   OR json_extract(snapshot, '$.fields.customer') = ?
                ORDER BY id
                """, arguments: [reference, customer])
            return try snapshots.map { try Self.decodeDossier($0, db) }
        }
    }

    /// Destroys every key sealing the personal fields of `dossiers` (the customer's, each as
    /// the office checked it at its revision), records the erasure in each dossier's log, and
    /// leaves nothing of the keys in the file: the rows are overwritten, their lookup hashes
    /// replaced by random ones (so no name finds them again), and the journal emptied. Throws
    /// `StoreError.conflict`, erasing nothing, if any dossier changed since it was checked, went
    /// out on loan, or shares a key with a dossier not checked (one started meanwhile).
    public func eraseCustomer(dossiers: [(id: Int, revision: Int)], request: String, on day: String, by actor: String,
                              at moment: Moment) throws -> CustomerErasure {
        var erased = try write { db in
            let time = try Self.settle(moment, db)
            let ids = dossiers.map(\.id)
            let list = ids.map(String.init).joined(separator: ",")
            for (id, revision) in dossiers {
                guard try Int.fetchOne(db, sql: "SELECT revision FROM dossier WHERE id = ?", arguments: [id]) == revision else {
                    throw StoreError.conflict("dossier \(id)")
                }
            }
            if let lent = try Int.fetchOne(db, sql: """
                SELECT archive_number.dossier_id FROM lent_dossier JOIN archive_number ON archive_number.number = lent_dossier.archive_number
                WHERE archive_number.dossier_id IN (\(list)) LIMIT 1
                """) {
                throw StoreError.conflict("dossier \(lent) (lent out a moment ago)")
            }
            let keys = try Int64.fetchAll(db, sql: "SELECT DISTINCT key_id FROM dossier_key WHERE dossier_id IN (\(list)) ORDER BY key_id")
            let keyList = keys.isEmpty ? "NULL" : keys.map(String.init).joined(separator: ",")
            let sealed = try Int.fetchAll(db, sql: "SELECT DISTINCT dossier_id FROM dossier_key WHERE key_id IN (\(keyList))")
            if let other = Set(sealed).subtracting(ids).min() {
                throw StoreError.conflict("dossier \(other) (sealed under the same customer's key, started a moment ago)")
            }
            try db.execute(sql: """
                UPDATE customer_key SET key = NULL, ref = 'erased:' || lower(hex(randomblob(16))), erased_at = ?, erased_on = ?, erased_by = ?, request = ?
                WHERE id IN (\(keyList)) AND key IS NOT NULL
                """, arguments: [StoredTime.text(time), day, actor, request])
            let destroyed = db.changesCount
            guard destroyed > 0 else {
                let earlier = try Row.fetchOne(db, sql: "SELECT erased_on, erased_by, request FROM customer_key WHERE id IN (\(keyList)) ORDER BY id DESC LIMIT 1")
                throw StoreError.alreadyDone(earlier.map { "this customer's data was erased already, on \($0["erased_on"] ?? "?") by \($0["erased_by"] ?? "?") under request \($0["request"] ?? "?"); nothing changed" }
                    ?? "nothing of this customer is sealed, so there is nothing to erase")
            }
            let events = ids.map { id in
                (Optional(id), DossierEvent(kind: .customerErased, actor: actor, at: time,
                                            details: ["request": request, "keys": String(destroyed), "erased-on": day]))
            }
            try Self.append(events, db)
            return CustomerErasure(dossiers: ids, keys: destroyed, journalEmptied: false)
        }
        // The journal held the keys' pages until now: fold it into the file and empty it. The
        // erasure is committed either way; a reader holding the journal makes SQLite answer
        // busy, and the next checkpoint empties it.
        let checkpoint = try? database.writeWithoutTransaction { db in try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let busy: Int? = checkpoint?[0]
        erased.journalEmptied = busy == 0
        return erased
    }
}
