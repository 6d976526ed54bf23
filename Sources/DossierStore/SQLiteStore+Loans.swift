import DossierEngine
import Foundation
import GRDB

/// Reading dossiers by archive number and by field, for borrowing: which registered dossier a
/// number names, and the loans (dossiers of a lending workflow) that name it.
extension SQLiteStore {
    /// The registered dossier numbered `archiveNumber`, or `nil`.
    public func registeredDossier(archiveNumber: String) throws -> Int? {
        try read { db in try Int.fetchOne(db, sql: "SELECT dossier_id FROM archive_number WHERE number = ?", arguments: [archiveNumber]) }
    }

    /// The loan that has the dossier numbered `archiveNumber` out now, if any.
    public func loanHolding(archiveNumber: String) throws -> Int? {
        try read { db in try Int.fetchOne(db, sql: "SELECT loan_id FROM lent_dossier WHERE archive_number = ?", arguments: [archiveNumber]) }
    }

    /// The registration of dossier `id`: its archive number and when it got it.
    public func registration(of id: Int) throws -> RegisteredNumber? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT number, dossier_id, workflow_id, assigned_at FROM archive_number WHERE dossier_id = ?", arguments: [id])
                .map { RegisteredNumber(number: $0[0], dossierID: $0[1], workflowID: $0[2], assignedAt: StoredTime.date($0[3]) ?? Date(timeIntervalSince1970: 0)) }
        }
    }

    /// Dossiers of `workflow`, oldest first; only those whose field `field` equals `value` when
    /// given, and only running ones when `runningOnly`.
    public func dossiers(workflow: String, field: String? = nil, equals value: String? = nil, runningOnly: Bool = false) throws -> [Dossier] {
        var sql = "SELECT snapshot FROM dossier WHERE workflow_id = ?"
        var arguments: StatementArguments = [workflow]
        if let field, let value {
            sql += " AND json_extract(snapshot, ?) = ?"
            arguments += ["$.fields.\"\(field.replacingOccurrences(of: "\"", with: ""))\"", value]
        }
        if runningOnly { sql += " AND finished = 0" }
        sql += " ORDER BY id"
        return try read { db in
            try String.fetchAll(db, sql: sql, arguments: arguments).map { try Self.decodeDossier($0, db) }
        }
    }
}
