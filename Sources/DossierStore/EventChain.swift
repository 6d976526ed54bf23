import Crypto
import DossierDefinition
import Foundation
import GRDB

/// The hash chain over the event log. Each event's hash covers the previous event's hash and
/// every stored column of the event, each length-prefixed so no two different events encode
/// alike. Editing, deleting or inserting a row breaks the chain at that row.
package enum EventChain {
    /// The hash before the first event.
    package static let genesis = String(repeating: "0", count: 64)

    package static func hash(previous: String, sequence: Int, columns: [String?]) -> String {
        var input = "dossier-event-v1|" + previous + "|" + String(sequence)
        for column in columns {
            if let column {
                input += "|\(column.utf8.count):" + column
            } else {
                input += "|-"
            }
        }
        return hex(SHA256.hash(data: Data(input.utf8)))
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// Lowercase hex of a digest.
    package static func hex(_ digest: some Sequence<UInt8>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An event's details as a JSON object with sorted keys, as the chain hashes them, written
    /// directly (JSONEncoder costs microseconds per call, which a sweep recording thousands of
    /// fines feels).
    package static func details(_ details: [String: String]) -> String {
        var out = "{"
        for (index, pair) in details.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out += "," }
            appendJSONString(pair.key, to: &out)
            out += ":"
            appendJSONString(pair.value, to: &out)
        }
        return out + "}"
    }

    package static func appendJSONString(_ text: String, to out: inout String) {
        out += "\""
        // Most values need no escaping: append them whole rather than scalar by scalar.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

/// The text form of moments in the store: UTC with milliseconds, `2026-03-02T01:30:00.000Z`,
/// which sorts as text in time order.
package enum StoredTime {
    package static func text(_ date: Date) -> String {
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded())
        let days = Int((Double(milliseconds) / 86_400_000).rounded(.down))
        let rest = milliseconds - days * 86_400_000
        let day = CalendarDate(dayNumber: days)
        // Written digit by digit into 24 bytes: string interpolation costs microseconds, and a
        // sweep formats several moments per fine.
        var bytes = [UInt8](repeating: UInt8(ascii: "0"), count: 24)
        func put(_ value: Int, at offset: Int, width: Int) {
            var value = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        let seconds = rest / 1000
        put(day.year, at: 0, width: 4)
        bytes[4] = UInt8(ascii: "-")
        put(day.month, at: 5, width: 2)
        bytes[7] = UInt8(ascii: "-")
        put(day.day, at: 8, width: 2)
        bytes[10] = UInt8(ascii: "T")
        put(seconds / 3600, at: 11, width: 2)
        bytes[13] = UInt8(ascii: ":")
        put(seconds / 60 % 60, at: 14, width: 2)
        bytes[16] = UInt8(ascii: ":")
        put(seconds % 60, at: 17, width: 2)
        bytes[19] = UInt8(ascii: ".")
        put(rest % 1000, at: 20, width: 3)
        bytes[23] = UInt8(ascii: "Z")
        return String(decoding: bytes, as: UTF8.self)
    }

    package static func date(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { date($0) }
    }

    /// `text(_:)`'s form from its UTF-8 bytes; `nil` for anything else.
    package static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count == 24, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "."),
              bytes[23] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let date = CalendarDate(year: year, month: month, day: day),
              let hours = number(11..<13), let minutes = number(14..<16), let seconds = number(17..<19),
              let millis = number(20..<23) else { return nil }
        let total = ((date.dayNumber * 24 + hours) * 60 + minutes) * 60 + seconds
        return Date(timeIntervalSince1970: Double(total) + Double(millis) / 1000)
    }

    /// The form GRDB gives a `Date` (`2026-03-02 01:30:00.000`, UTC), kept by the columns that
    /// were first written that way (`store_info.created_at`, `definition_version.deployed_at`).
    /// Written and read here: GRDB's own conversion goes through `DateFormatter` and
    /// `Calendar`, whose first use loads ICU, which a short command cannot afford.
    static func sqliteText(_ date: Date) -> String {
        String(text(date).dropLast().map { $0 == "T" ? " " : $0 })
    }

    /// Reads `sqliteText`'s form; `nil` for anything else.
    static func sqliteDate(_ text: String) -> Date? {
        guard text.utf8.count == 23 else { return nil }
        return date(String(text.map { $0 == " " ? "T" : $0 }) + "Z")
    }

    /// A `sqliteText` column, with GRDB's own parsing for the other forms it accepts.
    static func sqliteDate(_ value: DatabaseValue) -> Date? {
        if let text = String.fromDatabaseValue(value), let date = sqliteDate(text) { return date }
        return Date.fromDatabaseValue(value)
    }
}
