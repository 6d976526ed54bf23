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
            try String.fetchAll(db, sql: sql, arguments: arguments).map { try JSONDecoder().decode(Dossier.self, from: Data($0.utf8)) }
        }
    }
}
