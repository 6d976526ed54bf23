import DossierEngine
import Foundation
import GRDB

/// A fine settled: paid, or deducted from pay, with who recorded it and how.
public struct FineSettlement: Sendable, Hashable {
    /// The fine's number in the ledger.
    public var fine: Int
    /// When it was settled.
    public var at: Date
    /// Who recorded it.
    public var by: String
    /// How it was settled ("deducted from the March pay").
    public var note: String

    package init(fine: Int, at: Date, by: String, note: String) {
        self.fine = fine
        self.at = at
        self.by = by
        self.note = note
    }
}

/// Settling fines: a departure settles what the leaver owes before they go.
extension SQLiteStore {
    /// Settles each fine of `ids` (neither waived nor settled before), by `actor` with `note`,
    /// each an event, all in one transaction: all of them, or none.
    public func settleFines(_ ids: [Int], note: String, by actor: String, at moment: Moment) throws -> [FineSettlement] {
        try write { db in
            let time = try Self.settle(moment, db)
            return try ids.map { id in
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT fine.dossier_id, fine.task_number, fine.waived_at, fine.rule_id, fine.payer, fine_settlement.settled_by, fine_settlement.settled_at
                    FROM fine LEFT JOIN fine_settlement ON fine_settlement.fine_id = fine.id WHERE fine.id = ?
                    """, arguments: [id]) else {
                    throw StoreError.notFound("there is no fine \(id); see `dossier fines list`")
                }
                if row[2] as String? != nil { throw StoreError.alreadyDone("fine \(id) was waived; nothing is left to settle") }
                if let by = row[5] as String? {
                    throw StoreError.alreadyDone("fine \(id) was already settled by \(by) at \(row[6] as String? ?? "?"); nothing changed")
                }
                try db.execute(sql: "INSERT INTO fine_settlement (fine_id, settled_at, settled_by, note) VALUES (?, ?, ?, ?)",
                               arguments: [id, StoredTime.text(time), actor, note])
                let event = DossierEvent(kind: .fineSettled, actor: actor, at: time, taskNumber: row[1], note: note,
                                         details: ["fine": String(id), "rule": row[3], "payer": row[4]])
                try Self.append([(row[0], event)], db)
                return FineSettlement(fine: id, at: time, by: actor, note: note)
            }
        }
    }

    /// The settlements of `payer`'s fines, by fine.
    public func settlements(payer: String) throws -> [Int: FineSettlement] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT fine_settlement.fine_id, fine_settlement.settled_at, fine_settlement.settled_by, fine_settlement.note
                FROM fine_settlement JOIN fine ON fine.id = fine_settlement.fine_id WHERE fine.payer = ?
                """, arguments: [payer])
            return Dictionary(rows.map { row in
                (row[0], FineSettlement(fine: row[0], at: StoredTime.date(row[1]) ?? Date(timeIntervalSince1970: 0), by: row[2], note: row[3]))
            }, uniquingKeysWith: { first, _ in first })
        }
    }
}
