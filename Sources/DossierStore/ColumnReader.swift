import Foundation
import GRDB
import GRDBSQLite

/// Reads the current row of a statement that a GRDB cursor is stepping, column by column,
/// through SQLite's C API.
///
/// GRDB's generic row decoding copies each row and instantiates metadata per value; that is
/// right for most reads, but the listings that return thousands of rows (`pending`,
/// `task list`) read their columns here instead, without a copy or a generic call per value.
struct ColumnReader {
    let statement: SQLiteStatement

    /// Steps `statement` (its arguments already set) and calls `body` on each row.
    static func forEachRow(of statement: Statement, _ body: (ColumnReader) throws -> Void) throws {
        let reader = ColumnReader(statement: statement.sqliteStatement)
        let rows = try Row.fetchCursor(statement)
        while try rows.next() != nil {
            try body(reader)
        }
    }

    func integer(_ column: Int32) -> Int {
        Int(sqlite3_column_int64(statement, column))
    }

    func optionalInteger(_ column: Int32) -> Int? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : integer(column)
    }

    func text(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column))), as: UTF8.self)
    }

    /// A moment stored as `StoredTime` text, parsed from SQLite's bytes without a `String`.
    func moment(_ column: Int32) -> Date? {
        guard let bytes = sqlite3_column_text(statement, column) else { return nil }
        return StoredTime.date(UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column))))
    }
}
