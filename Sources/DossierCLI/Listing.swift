import DossierOffice
import ArgumentParser
import DossierEngine
import DossierDocuments
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `write(2)` to `descriptor` where the C library has it; `nil` elsewhere.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int? {
    #if canImport(Glibc)
    Glibc.write(descriptor, buffer, count)
    #elseif canImport(Darwin)
    Darwin.write(descriptor, buffer, count)
    #else
    nil
    #endif
}

/// Waits until `descriptor` can take more bytes (a non-blocking standard output that is full).
private func systemWaitWritable(_ descriptor: Int32) {
    #if canImport(Glibc) || canImport(Darwin)
    var request = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
    _ = poll(&request, 1, -1)
    #endif
}

/// How listing commands print: a table for people, JSON or CSV for scripts.
enum ListingFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// A table of results with stable snake_case keys, printable as a table, JSON or CSV.
struct Listing {
    /// A cell's value, typed so JSON keeps numbers as numbers.
    enum Value {
        case text(String)
        case integer(Int)
        case boolean(Bool)
        case decimal(Decimal)
        /// A moment: local minutes in tables, ISO 8601 with the company's offset in JSON and CSV.
        case moment(Date)
        case null

        /// The cell as a table shows it.
        var plain: String {
            switch self {
            case .text(let text): VisibleText.escaped(text)
            case .integer(let value): String(value)
            case .boolean(let value): value ? "yes" : "no"
            case .decimal(let value): "\(value)"
            case .moment(let date): Session.local(date)
            case .null: ""
            }
        }

        /// The cell as JSON.
        var json: String {
            var bytes: [UInt8] = []
            appendJSON(to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }

        func appendJSON(to bytes: inout [UInt8], localTime: LocalTime = Session.localTime) {
            switch self {
            case .text(let text): Listing.appendJSONString(text, to: &bytes)
            case .integer(let value): Listing.appendInteger(value, to: &bytes)
            case .boolean(let value): bytes.append(contentsOf: (value ? "true" : "false").utf8)
            case .decimal(let value): bytes.append(contentsOf: "\(value)".utf8)
            case .moment(let date):
                bytes.append(UInt8(ascii: "\""))
                localTime.appendISO(date, to: &bytes)
                bytes.append(UInt8(ascii: "\""))
            case .null: bytes.append(contentsOf: "null".utf8)
            }
        }

        /// The cell as a CSV field, unquoted (the caller quotes where needed).
        fileprivate func appendCSV(to bytes: inout [UInt8]) {
            switch self {
            case .integer(let value): Listing.appendInteger(value, to: &bytes)
            case .moment(let date): Session.localTime.appendISO(date, to: &bytes)
            case .null: break
            case .text(let text): Listing.appendCSVField(text, to: &bytes)
            default: Listing.appendCSVField(plain, to: &bytes)
            }
        }
    }

    /// Column keys (snake_case, as in JSON and the CSV header) and headers for the table.
    var columns: [(key: String, header: String)]
    /// How many rows there are.
    let count: Int
    /// Appends the cells of row `index` to an empty row: JSON and CSV render each row as it is
    /// filled, so a listing of thousands of rows holds one row at a time, not all of them.
    private let fill: (Int, inout [Value]) -> Void

    /// A listing of `rows` already built.
    init(columns: [(key: String, header: String)], rows: [[Value]]) {
        self.init(columns: columns, count: rows.count) { index, row in row.append(contentsOf: rows[index]) }
    }

    /// A listing of `count` rows, each filled by `fill` when rendered.
    init(columns: [(key: String, header: String)], count: Int, fill: @escaping (Int, inout [Value]) -> Void) {
        self.columns = columns
        self.count = count
        self.fill = fill
    }

    /// Every row, built.
    var rows: [[Value]] {
        var row: [Value] = []
        return (0..<count).map { index in
            row.removeAll(keepingCapacity: true)
            fill(index, &row)
            return row
        }
    }

    /// Calls `body` with each row in turn, in one buffer.
    private func forEachRow(_ body: (Int, [Value]) throws -> Void) rethrows {
        var row: [Value] = []
        row.reserveCapacity(columns.count)
        for index in 0..<count {
            row.removeAll(keepingCapacity: true)
            fill(index, &row)
            try body(index, row)
        }
    }

    /// Prints the listing on standard output; JSON and CSV go out as the bytes they were
    /// written in, with no `String` in between (a listing of thousands of rows feels the copy).
    /// Rendering stops at the first piece that cannot be written: when the reader has gone
    /// (`dossier pending | head` with SIGPIPE ignored) quietly, as there is no one left to tell;
    /// on any other failure (a full disk, an I/O error) with a `CommandFailure`, so that the
    /// command exits 1 instead of 0 with rows missing.
    func print(_ format: ListingFormat) throws {
        do {
            switch format {
            case .table: Swift.print(table(), terminator: "")
            case .json: try writeJSON(Listing.standardOutput)
            case .csv: try writeCSV(Listing.standardOutput)
            }
        } catch OutputClosed.byReader {
            return
        }
    }

    /// Standard output's reader went away: nothing more can be said.
    enum OutputClosed: Error {
        case byReader
    }

    /// Writes `bytes` to standard output after whatever `print` has buffered, waiting while a
    /// non-blocking output is full.
    static func standardOutput(_ bytes: [UInt8]) throws {
        fflush(nil)
        try bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                guard let written = systemWrite(1, base + offset, buffer.count - offset) else {
                    Swift.print(String(decoding: buffer[offset...], as: UTF8.self), terminator: "")
                    return
                }
                if written > 0 {
                    offset += written
                    continue
                }
                let code = written < 0 ? errno : EIO
                switch code {
                case EINTR: continue
                case EAGAIN, EWOULDBLOCK: systemWaitWritable(1)
                case EPIPE: throw OutputClosed.byReader
                default:
                    throw CommandFailure("cannot write the listing to standard output: \(String(cString: strerror(code))); the listing is incomplete")
                }
            }
        }
    }

    func render(_ format: ListingFormat) -> String {
        switch format {
        case .table: table()
        case .json: json()
        case .csv: csv()
        }
    }

    func table() -> String {
        guard count > 0 else { return "(none)\n" }
        let cells = rows.map { $0.map(\.plain) }
        var widths = columns.map { $0.header.displayWidth }
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.displayWidth) }
        }
        func line(_ values: [String]) -> String {
            values.enumerated().map { index, value in
                index == values.count - 1 ? value : value + String(repeating: " ", count: widths[index] - value.displayWidth)
            }.joined(separator: "  ")
        }
        var output = line(columns.map(\.header)) + "\n"
        output += line(widths.map { String(repeating: "-", count: $0) }) + "\n"
        for row in cells { output += line(row) + "\n" }
        return output
    }

    /// An array of objects, one a row, written byte by byte: listings of thousands of rows
    /// would otherwise spend most of their time building intermediate strings.
    func json() -> String {
        String(decoding: jsonBytes(), as: UTF8.self)
    }

    /// Rendered output is handed on in pieces of about this many bytes: the rendered text of a
    /// listing of any length takes one piece of memory, and its first rows go out while the rest
    /// are rendered.
    static let pieceSize = 64 * 1024

    func jsonBytes() -> [UInt8] {
        var all: [UInt8] = []
        writeJSON { all.append(contentsOf: $0) }
        return all
    }

    /// Renders the listing as JSON, an array of objects, handing the bytes to `emit` piece by piece.
    func writeJSON(_ emit: ([UInt8]) throws -> Void) rethrows {
        guard count > 0 else { return try emit(Array("[]\n".utf8)) }
        let keys = columns.map { column -> [UInt8] in
            var key: [UInt8] = []
            Listing.appendJSONString(column.key, to: &key)
            key.append(contentsOf: ": ".utf8)
            return key
        }
        var bytes: [UInt8] = [UInt8(ascii: "["), UInt8(ascii: "\n")]
        bytes.reserveCapacity(Self.pieceSize + 4096)
        let localTime = Session.localTime
        try forEachRow { index, row in
            bytes.append(contentsOf: (index == 0 ? "  {" : ",\n  {").utf8)
            for (column, value) in row.enumerated() {
                if column > 0 { bytes.append(UInt8(ascii: ",")); bytes.append(UInt8(ascii: " ")) }
                bytes.append(contentsOf: keys[column])
                value.appendJSON(to: &bytes, localTime: localTime)
            }
            bytes.append(UInt8(ascii: "}"))
            if bytes.count >= Self.pieceSize {
                try emit(bytes)
                bytes.removeAll(keepingCapacity: true)
            }
        }
        bytes.append(contentsOf: "\n]\n".utf8)
        try emit(bytes)
    }

    func csv() -> String {
        String(decoding: csvBytes(), as: UTF8.self)
    }

    func csvBytes() -> [UInt8] {
        var all: [UInt8] = []
        writeCSV { all.append(contentsOf: $0) }
        return all
    }

    /// Renders the listing as CSV (RFC 4180: a header of keys, CR LF line ends), handing the
    /// bytes to `emit` piece by piece.
    func writeCSV(_ emit: ([UInt8]) throws -> Void) rethrows {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.pieceSize + 4096)
        for (index, column) in columns.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            Listing.appendCSVField(column.key, to: &bytes)
        }
        bytes.append(contentsOf: "\r\n".utf8)
        try forEachRow { _, row in
            for (index, value) in row.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                value.appendCSV(to: &bytes)
            }
            bytes.append(contentsOf: "\r\n".utf8)
            if bytes.count >= Self.pieceSize {
                try emit(bytes)
                bytes.removeAll(keepingCapacity: true)
            }
        }
        try emit(bytes)
    }

    static func jsonString(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendJSONString(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped, the rest
    /// copied as UTF-8.
    static func appendJSONString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most values need no escaping: copy them whole.
        var text = text
        let copied = text.withUTF8 { utf8 -> Bool in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break. A cell that a
    /// spreadsheet would take for a formula (it begins with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return) starts with `'` instead, and control characters other than line breaks
    /// and tabs are escaped (`VisibleText`), so the file is safe to open and to print.
    static func appendCSVField(_ text: String, to bytes: inout [UInt8]) {
        var text = VisibleText.escaped(text, keeping: ["\n", "\r", "\t"])
        if let first = text.utf8.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first),
           text != "-" {
            text = "'" + text
        }
        let special = text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        guard special else {
            bytes.append(contentsOf: text.utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The decimal digits of `value`.
    static func appendInteger(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var start = 20
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }
}

extension String {
    /// Columns on a terminal: East Asian wide characters take two.
    var displayWidth: Int {
        unicodeScalars.reduce(0) { width, scalar in
            let value = scalar.value
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
                || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
            return width + (wide ? 2 : 1)
        }
    }
}

/// ISO 8601 text for dates in output.
enum Timestamp {
    static func string(_ date: Date) -> String { Session.iso(date) }
}
