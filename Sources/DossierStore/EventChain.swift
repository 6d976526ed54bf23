import Crypto
import DossierDefinition
import Foundation

/// The hash chain over the event log. Each event's hash covers the previous event's hash and
/// every stored column of the event, each length-prefixed so no two different events encode
/// alike. Editing, deleting or inserting a row breaks the chain at that row.
enum EventChain {
    /// The hash before the first event.
    static let genesis = String(repeating: "0", count: 64)

    static func hash(previous: String, sequence: Int, columns: [String?]) -> String {
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
    static func hex(_ digest: some Sequence<UInt8>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The text form of moments in the store: UTC with milliseconds, `2026-03-02T01:30:00.000Z`,
/// which sorts as text in time order.
enum StoredTime {
    static func text(_ date: Date) -> String {
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded())
        let days = Int((Double(milliseconds) / 86_400_000).rounded(.down))
        let rest = milliseconds - days * 86_400_000
        let day = CalendarDate(dayNumber: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let millis = rest % 1000
        let seconds = rest / 1000
        return "\(day)T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))."
            + (millis < 10 ? "00" : millis < 100 ? "0" : "") + "\(millis)Z"
    }

    static func date(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
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
    }

}
