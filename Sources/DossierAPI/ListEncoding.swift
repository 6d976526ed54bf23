import Foundation

/// The JSON of long lists written byte by byte: `pending` answers with thousands of rows, and
/// Foundation's `JSONEncoder` spends most of a request on them. The text is the same JSON the
/// API's decoder reads (snake_case keys, ISO 8601 moments in UTC to the second).
package enum ListEncoding {
    /// `lines` as a JSON array of pending objects.
    package static func pending(_ lines: [PendingBody]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(lines.count * 320 + 2)
        out.append(UInt8(ascii: "["))
        for (index, line) in lines.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"task":"#.utf8)
            task(line.task, into: &out)
            out.append(contentsOf: #","working_days_overdue":"#.utf8)
            integer(line.workingDaysOverdue, into: &out)
            out.append(contentsOf: #","waiting_for":["#.utf8)
            for (position, awaited) in line.waitingFor.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: #"{"action":"#.utf8)
                string(awaited.action, into: &out)
                out.append(contentsOf: #","role":"#.utf8)
                string(awaited.role, into: &out)
                out.append(contentsOf: #","person":"#.utf8)
                string(awaited.person, into: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(contentsOf: #"],"approvers":["#.utf8)
            for (position, approver) in line.approvers.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                string(approver, into: &out)
            }
            out.append(contentsOf: #"],"open_to":["#.utf8)
            for (position, role) in line.openTo.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                string(role, into: &out)
            }
            out.append(contentsOf: "]}".utf8)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    static func task(_ task: TaskBody, into out: inout [UInt8]) {
        out.append(contentsOf: #"{"task":"#.utf8)
        integer(task.task, into: &out)
        out.append(contentsOf: #","dossier":"#.utf8)
        integer(task.dossier, into: &out)
        out.append(contentsOf: #","number":"#.utf8)
        integer(task.number, into: &out)
        out.append(contentsOf: #","workflow":"#.utf8)
        string(task.workflow, into: &out)
        out.append(contentsOf: #","workflow_version":"#.utf8)
        integer(task.workflowVersion, into: &out)
        out.append(contentsOf: #","state":"#.utf8)
        string(task.state, into: &out)
        out.append(contentsOf: #","role":"#.utf8)
        string(task.role, into: &out)
        out.append(contentsOf: #","assignee":"#.utf8)
        string(task.assignee, into: &out)
        out.append(contentsOf: #","opened_at":"#.utf8)
        moment(task.openedAt, into: &out)
        out.append(contentsOf: #","due_at":"#.utf8)
        moment(task.dueAt, into: &out)
        out.append(contentsOf: #","closed_at":"#.utf8)
        moment(task.closedAt, into: &out)
        out.append(contentsOf: #","closed_by":"#.utf8)
        string(task.closedBy, into: &out)
        out.append(contentsOf: #","action":"#.utf8)
        string(task.action, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    static func integer(_ value: Int?, into out: inout [UInt8]) {
        guard let value else { return out.append(contentsOf: "null".utf8) }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        digits(value.magnitude, width: 1, into: &out)
    }

    /// `value` in decimal, zero-padded to `width`, without building a string.
    static func digits(_ value: UInt, width: Int, into out: inout [UInt8]) {
        var scratch: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                      UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &scratch) { buffer in
            var end = buffer.count, rest = value
            repeat {
                end -= 1
                buffer[end] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            while buffer.count - end < width, end > 0 {
                end -= 1
                buffer[end] = UInt8(ascii: "0")
            }
            out.append(contentsOf: buffer[end...])
        }
    }

    /// A JSON string, escaped as RFC 8259 requires.
    static func string(_ value: String?, into out: inout [UInt8]) {
        guard let value else { return out.append(contentsOf: "null".utf8) }
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `2026-03-02T01:30:00Z`, as `JSONEncoder`'s `.iso8601` writes a moment (whole seconds, UTC).
    static func moment(_ value: Date?, into out: inout [UInt8]) {
        guard let value else { return out.append(contentsOf: "null".utf8) }
        let seconds = Int(value.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func digits(_ value: Int, _ width: Int) {
            if value < 0 { out.append(UInt8(ascii: "-")) }
            Self.digits(value.magnitude, width: width, into: &out)
        }
        out.append(UInt8(ascii: "\""))
        digits(year, 4); out.append(UInt8(ascii: "-")); digits(month, 2); out.append(UInt8(ascii: "-")); digits(day, 2)
        out.append(UInt8(ascii: "T"))
        digits(rest / 3600, 2); out.append(UInt8(ascii: ":")); digits(rest / 60 % 60, 2); out.append(UInt8(ascii: ":")); digits(rest % 60, 2)
        out.append(contentsOf: "Z\"".utf8)
    }
}
