import DossierXML
import Foundation

/// Reads one element's attributes with precise messages for anything missing or malformed,
/// and reports attributes the language does not know.
struct ElementReader {
    let element: XMLTree.Element
    let sink: DiagnosticSink
    let allowed: [String]

    init(_ element: XMLTree.Element, allowed: [String], sink: DiagnosticSink) {
        self.element = element
        self.allowed = allowed
        self.sink = sink
        checkAttributes()
    }

    var location: SourceLocation { element.location }
    var tag: String { "<\(element.name)>" }

    func location(of attribute: String) -> SourceLocation { element.location(ofAttribute: attribute) }

    /// Where `attribute` is, resolved only if a diagnostic needs it.
    func site(_ attribute: String) -> AttributeSite { AttributeSite(element: element, name: attribute) }

    /// The raw text of `name`, reporting it missing when required.
    func string(_ name: String, required: Bool = false) -> String? {
        guard let value = element.attribute(name) else {
            if required {
                let article = name.first.map { "aeiou".contains($0) } == true ? "an" : "a"
                sink.error(location, .structure, "\(tag) needs \(article) \(name) attribute")
            }
            return nil
        }
        return value
    }

    /// A non-empty label such as a title.
    func label(_ name: String, required: Bool = false) -> String? {
        guard let value = string(name, required: required) else { return nil }
        if value.isBlank {
            sink.error(location(of: name), .structure, "\(name) of \(tag) is empty")
            return nil
        }
        return value
    }

    static func isIdentifier(_ text: some StringProtocol) -> Bool {
        var utf8 = text.utf8.makeIterator()
        guard let first = utf8.next(), (first | 0x20) >= UInt8(ascii: "a"), (first | 0x20) <= UInt8(ascii: "z") else { return false }
        while let byte = utf8.next() {
            let letter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            guard letter || digit || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") else { return false }
        }
        return true
    }

    /// One id.
    func identifier(_ name: String, required: Bool = false) -> String? {
        guard let raw = string(name, required: required) else { return nil }
        let value = Self.isIdentifier(raw) ? raw : raw.trimmedWhitespace
        guard Self.isIdentifier(value) else {
            sink.error(location(of: name), .structure,
                       "\(name)=\"\(raw)\" is not a valid id: ids start with a letter and use only letters, digits, '-' and '_'")
            return nil
        }
        return value
    }

    /// A space-separated list of ids.
    func identifiers(_ name: String, required: Bool = false) -> [String]? {
        guard let raw = string(name, required: required) else { return nil }
        let values = raw.whitespaceSeparated
        if values.isEmpty {
            sink.error(location(of: name), .structure, "\(name) of \(tag) is empty: list one or more ids separated by spaces")
            return nil
        }
        for value in values where !Self.isIdentifier(value) {
            sink.error(location(of: name), .structure,
                       "'\(value)' in \(name) is not a valid id: ids start with a letter and use only letters, digits, '-' and '_'")
            return nil
        }
        return values
    }

    /// A whole number.
    func integer(_ name: String, required: Bool = false) -> Int? {
        guard let raw = string(name, required: required) else { return nil }
        guard let value = Int(raw.trimmedWhitespace) else {
            sink.error(location(of: name), .structure, "\(name)=\"\(raw)\" is not a whole number")
            return nil
        }
        return value
    }

    /// Reports attribute `name`'s `amount` of `unit` when it is longer than any period a
    /// definition may state (`Period.longest`); `what` names it for the message.
    func checkLength(_ name: String, _ amount: Int?, _ unit: Period.Unit?, what: String) {
        guard let amount, let unit, amount > Period.longest(unit) else { return }
        sink.error(location(of: name), "\(name)=\"\(amount)\" \(Period(amount, unit).unitName) is longer than \(what) may be: at most \(Period(Period.longest(unit), unit)) (ten years)")
    }

    /// A decimal number, never through floating point. (`Decimal(string:)` without a locale
    /// reads "." as the separator, whatever the environment, and loads no locale data.)
    func decimal(_ name: String, required: Bool = false) -> Decimal? {
        guard let raw = string(name, required: required) else { return nil }
        let text = raw.trimmedWhitespace
        let shape = text.unicodeScalars.enumerated().allSatisfy { index, scalar in
            ("0"..."9").contains(scalar) || scalar == "." || (index == 0 && (scalar == "-" || scalar == "+"))
        }
        guard shape, text.filter({ $0 == "." }).count <= 1, text.contains(where: \.isNumber),
              let value = Decimal(string: text) else {
            sink.error(location(of: name), .structure, "\(name)=\"\(raw)\" is not a decimal number such as 50 or 12.5")
            return nil
        }
        return value
    }

    /// `true`/`false` (or `1`/`0`, as XML Schema allows).
    func boolean(_ name: String) -> Bool? {
        guard let raw = string(name) else { return nil }
        switch raw.trimmedWhitespace {
        case "true", "1": return true
        case "false", "0": return false
        default:
            sink.error(location(of: name), .structure, "\(name)=\"\(raw)\" must be true or false")
            return nil
        }
    }

    /// One of an enumeration's raw values.
    func choice<T: RawRepresentable & CaseIterable>(_ name: String, required: Bool = false, as type: T.Type = T.self) -> T?
    where T.RawValue == String {
        guard let raw = string(name, required: required) else { return nil }
        if let value = T(rawValue: raw.trimmedWhitespace) { return value }
        let options = T.allCases.map(\.rawValue)
        let hint = Suggestions.closest(to: raw, in: options).map { "; did you mean '\($0)'?" } ?? ""
        sink.error(location(of: name), .structure,
                   "\(name)=\"\(raw)\" is not one of \(options.joined(separator: ", "))\(hint)")
        return nil
    }

    /// Unknown attributes reported on one element, at most; the rest are counted in one more
    /// diagnostic. (Each is found by scanning the start tag, so reporting thousands of them would
    /// take time growing with their square.)
    static let unknownAttributesReported = 20

    private func checkAttributes() {
        let unknown = element.attributeNames(notIn: allowed)
        for name in unknown.prefix(Self.unknownAttributesReported) {
            let hint = Suggestions.closest(to: name, in: allowed).map { "; did you mean '\($0)'?" }
                ?? (allowed.isEmpty ? "; it takes none" : "; it takes " + allowed.joined(separator: ", "))
            sink.error(location(of: name), .structure, "\(tag) has no attribute '\(name)'\(hint)")
        }
        if unknown.count > Self.unknownAttributesReported {
            sink.error(location, .structure,
                       "\(tag) has \(unknown.count - Self.unknownAttributesReported) more attributes it does not take (\(unknown.count) in all)")
        }
    }

    /// Reports children not named in `allowed` and returns the allowed ones.
    func children(allowed names: [String], namespace: String) -> [XMLTree.Element] {
        var result: [XMLTree.Element] = []
        for child in element.children {
            if names.contains(where: { child.hasName($0, namespace: namespace) }) {
                result.append(child)
                continue
            }
            let expected: String
            if names.isEmpty {
                expected = "\(tag) takes no elements"
            } else if let match = Suggestions.closest(to: child.name, in: names), child.namespaceURI == namespace {
                expected = "did you mean <\(match)>?"
            } else {
                expected = "expected " + names.map { "<\($0)>" }.joined(separator: ", ")
            }
            let foreign = child.namespaceURI == namespace ? "" : " from another namespace"
            sink.error(child.location, .structure, "unexpected <\(child.qualifiedName)>\(foreign) inside \(tag); \(expected)")
        }
        return result
    }
}

extension String {
    /// The string without leading and trailing ASCII white space; the string itself, without
    /// copying, in the usual case that there is none.
    var trimmedWhitespace: String {
        let bytes = utf8
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let first = bytes.first, let last = bytes.last, isSpace(first) || isSpace(last) else { return self }
        let start = bytes.firstIndex { !isSpace($0) } ?? bytes.endIndex
        let end = bytes.lastIndex { !isSpace($0) }.map { bytes.index(after: $0) } ?? start
        return start < end ? String(self[start..<end]) : ""
    }

    /// The parts between runs of ASCII white space, as in XML's list types.
    var whitespaceSeparated: [String] {
        utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }).map { String(Substring($0)) }
    }

    /// Whether the string has no character other than white space.
    var isBlank: Bool { utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
