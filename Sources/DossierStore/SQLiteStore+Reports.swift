import Foundation
import GRDB

extension SQLiteStore {
    public func deadlineTally(within periods: [Range<Date>], passedBy now: Date) throws -> [DeadlineTally] {
        guard let first = periods.map(\.lowerBound).min(), let last = periods.map(\.upperBound).max() else { return [] }
        // Each task counted in the first period that holds its due moment; stored moments sort as text.
        var arguments: [(any DatabaseValueConvertible)?] = []
        var buckets: [String] = []
        for (index, period) in periods.enumerated() {
            buckets.append("WHEN due_at >= ? AND due_at < ? THEN \(index)")
            arguments += [StoredTime.text(period.lowerBound), StoredTime.text(period.upperBound)]
        }
        arguments += [StoredTime.text(first), StoredTime.text(last), StoredTime.text(now)]
        let sql = """
            SELECT CASE \(buckets.joined(separator: " ")) END AS period, COALESCE(assignee, closed_by) AS person,
                   workflow_id, workflow_version, state_id, COUNT(*), SUM(closed_at IS NOT NULL AND closed_at <= due_at)
            FROM task
            WHERE due_at >= ? AND due_at < ? AND (due_at <= ? OR closed_at IS NOT NULL) AND COALESCE(assignee, closed_by) IS NOT NULL
            GROUP BY 1, 2, 3, 4, 5
            HAVING period IS NOT NULL
            """
        let statementArguments = StatementArguments(arguments)
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: statementArguments).map { row in
                DeadlineTally(period: row[0], person: row[1], workflowID: row[2], workflowVersion: row[3], stateID: row[4],
                              deadlines: row[5], met: row[6])
            }
        }
    }
}
