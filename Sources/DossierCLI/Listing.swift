import ArgumentParser
import Foundation

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
        case null

        var plain: String {
            switch self {
            case .text(let text): text
            case .integer(let value): String(value)
            case .boolean(let value): value ? "yes" : "no"
            case .decimal(let value): "\(value)"
            case .null: ""
            }
        }

        var json: String {
            switch self {
            case .text(let text): Listing.jsonString(text)
            case .integer(let value): String(value)
            case .boolean(let value): value ? "true" : "false"
            case .decimal(let value): "\(value)"
            case .null: "null"
            }
        }
    }

    /// Column keys (snake_case, as in JSON and the CSV header) and headers for the table.
    var columns: [(key: String, header: String)]
    var rows: [[Value]]

    func render(_ format: ListingFormat) -> String {
        switch format {
        case .table: table()
        case .json: json()
        case .csv: csv()
        }
    }

    func table() -> String {
        guard !rows.isEmpty else { return "(none)\n" }
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

    func json() -> String {
        guard !rows.isEmpty else { return "[]\n" }
        let keys = columns.map { Listing.jsonString($0.key) + ": " }
        var output = "[\n"
        output.reserveCapacity(rows.count * columns.count * 24)
        for (index, row) in rows.enumerated() {
            output += index == 0 ? "  {" : ",\n  {"
            for (column, value) in row.enumerated() {
                if column > 0 { output += ", " }
                output += keys[column]
                output += value.json
            }
            output += "}"
        }
        return output + "\n]\n"
    }

    func csv() -> String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var output = columns.map { field($0.key) }.joined(separator: ",") + "\r\n"
        for row in rows { output += row.map { field($0.plain) }.joined(separator: ",") + "\r\n" }
        return output
    }

    static func jsonString(_ text: String) -> String {
        // Most values need no escaping at all.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20: result += String(format: "\\u%04x", control.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
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
