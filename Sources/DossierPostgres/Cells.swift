import DossierStore
import Foundation
import PostgresNIO

/// The cells of a row read one after another, each as the type asked for: much cheaper than
/// decoding the row as a tuple, which postgres-nio does through generic metadata at each call.
struct Cells {
    private var cells: PostgresRow.Iterator

    init(_ row: PostgresRow) { cells = row.makeIterator() }

    /// The next cell as `T`.
    mutating func next<T: PostgresDecodable>(_ type: T.Type = T.self) throws -> T {
        try nextCell().decode(T.self)
    }

    /// The next cell, a moment in `StoredTime`'s form, read from its bytes without making a
    /// string of them; `nil` when it is NULL or holds no such moment.
    mutating func moment() throws -> Date? {
        try nextCell().bytes?.withUnsafeReadableBytes { StoredTime.date($0.assumingMemoryBound(to: UInt8.self)) }
    }

    private mutating func nextCell() throws -> PostgresCell {
        guard let cell = cells.next() else { throw StoreError.unreadable(path: "PostgreSQL", reason: "a row has fewer columns than were asked for") }
        return cell
    }
}
