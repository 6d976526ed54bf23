/// What the inline SVG drawings (``WorkflowGraph``, ``RateChart``) share: text escaped for XML,
/// coordinates written the same way on every machine, and text widths guessed without a font.
///
/// A drawing is computed on the server, so nothing can measure its text: widths are estimated
/// from a character count, generously, with East Asian wide characters counted double.
enum SVGText {
    /// The font stack of every drawing: the system's, then the usual Chinese fonts.
    static let fontFamily = "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif"

    /// `text` made safe for XML text and attribute values (in double or single quotes): the five
    /// special characters as entities, and characters XML 1.0 forbids dropped (line breaks and
    /// tabs become spaces, so an attribute stays one line).
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result += " "
            default:
                if isAllowedInXML(scalar) { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    /// Whether XML 1.0 allows `scalar` in a document (its `Char` production, less the controls it
    /// merely discourages but which a browser would show as boxes).
    private static func isAllowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// A coordinate rounded to a tenth and written without a locale: `12`, `12.5`, `-3.2`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((value * 10).rounded())
        let whole = abs(tenths) / 10
        let fraction = abs(tenths) % 10
        let sign = tenths < 0 ? "-" : ""
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    /// The approximate width of `text` at `fontSize`: 0.6 em a character, 1.2 em for a wide one
    /// (CJK ideographs, kana, Hangul, fullwidth forms, emoji).
    static func width(_ text: String, fontSize: Double) -> Double {
        let units = text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
        return Double(units) * 0.6 * fontSize
    }

    /// Whether `scalar` takes two columns (East Asian Wide or Fullwidth, roughly).
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            true
        default:
            false
        }
    }

    /// The filled triangle of an arrow whose tip is at (`x`, `y`), pointing along (`dx`, `dy`).
    static func arrowhead(tipX x: Double, tipY y: Double, dx: Double, dy: Double, length: Double = 8, halfWidth: Double = 4) -> String {
        let norm = (dx * dx + dy * dy).squareRoot()
        let (ux, uy) = norm > 0 ? (dx / norm, dy / norm) : (1.0, 0.0)
        let baseX = x - ux * length, baseY = y - uy * length
        let left = (baseX - uy * halfWidth, baseY + ux * halfWidth)
        let right = (baseX + uy * halfWidth, baseY - ux * halfWidth)
        return "M\(number(x)),\(number(y)) L\(number(left.0)),\(number(left.1)) L\(number(right.0)),\(number(right.1)) Z"
    }
}
