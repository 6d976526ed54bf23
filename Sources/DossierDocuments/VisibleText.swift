/// Text from the store (names, fields, notes) made safe for a terminal: every control character
/// — C0 (line breaks and tabs too, for text that must stay on one line), DEL and C1 — shown as a
/// visible escape such as `\e` or `\u{9B}`, so that what someone typed into a dossier can neither
/// retitle nor clear a colleague's terminal nor forge extra lines of output.
package enum VisibleText {
    /// `text` with its control characters escaped, but for those `kept` (a CSV field keeps its
    /// line breaks and tabs).
    package static func escaped(_ text: String, keeping kept: Set<Unicode.Scalar> = []) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && !kept.contains($0) }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard isControl(scalar), !kept.contains(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{1B}": result += "\\e"
            default: result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return result
    }

    package static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// The values of a template with every string escaped (lists and objects inside too).
    package static func escapedValues(_ value: Any) -> Any {
        switch value {
        case let text as String: escaped(text)
        case let list as [Any]: list.map(escapedValues)
        case let object as [String: Any]: object.mapValues(escapedValues)
        default: value
        }
    }
}
