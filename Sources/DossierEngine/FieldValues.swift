import DossierDefinition
import Foundation

/// Checks and normalises the fields given when a dossier starts.
enum FieldValues {
    /// The canonical values for `given`, or the refusal naming what is wrong.
    static func check(_ given: [String: String], against definition: WorkflowDefinition) throws(Refusal) -> [String: String] {
        var result: [String: String] = [:]
        for (id, raw) in given.sorted(by: { $0.key < $1.key }) {
            guard let field = definition.field(id) else {
                let known = definition.fields.map(\.id)
                throw .unknownField(id, suggestion: known.first { $0.hasPrefix(id) || id.hasPrefix($0) }, known: known)
            }
            result[id] = try canonical(raw, for: field)
        }
        let missing = definition.fields.filter { $0.isRequired && (result[$0.id] ?? "").isEmpty }.map(\.id)
        if !missing.isEmpty { throw .missingFields(missing) }
        return result
    }

    /// " from 0 to 999999999999.99", the field's range as a refusal states it.
    static func rangeText(_ field: Field) -> String {
        field.range.map { " from \($0.lowerBound) to \($0.upperBound)" } ?? ""
    }

    static func checkRange(_ number: Decimal, raw: String, field: Field, expected: String) throws(Refusal) {
        if let range = field.range, !range.contains(number) {
            throw .invalidField(field.id, value: raw, expected: expected + rangeText(field))
        }
    }

    static func canonical(_ raw: String, for field: Field) throws(Refusal) -> String {
        let value = raw.trimmingCharacters(in: .whitespaces)
        switch field.kind {
        case .text:
            return value
        case .date:
            guard let date = CalendarDate(iso: value) else { throw .invalidField(field.id, value: raw, expected: "a date such as 2026-03-02") }
            return date.description
        case .datetime:
            guard Timestamps.parse(value) != nil else {
                throw .invalidField(field.id, value: raw, expected: "a date and time such as 2026-03-02T09:30, \(LocalTime.acceptedMomentsText)")
            }
            return value
        case .integer:
            guard let number = Int(value) else {
                // Digits beyond what a whole number holds are out of every range.
                let digits = value.drop { $0 == "-" || $0 == "+" }
                let tooLong = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
                throw .invalidField(field.id, value: raw, expected: "a whole number" + (tooLong ? rangeText(field) : ""))
            }
            try checkRange(Decimal(number), raw: raw, field: field, expected: "a whole number")
            return String(number)
        case .decimal:
            guard !value.isEmpty, value.filter({ $0 == "." }).count <= 1,
                  value.enumerated().allSatisfy({ $1.isASCII && ($1.isNumber || $1 == "." || ($0 == 0 && $1 == "-")) }),
                  value.contains(where: \.isNumber) else {
                throw .invalidField(field.id, value: raw, expected: "a decimal number such as 1250.50")
            }
            // Well formed, but more digits than any number holds: out of every range.
            guard let number = Decimal(string: value) else {
                throw .invalidField(field.id, value: raw, expected: "a decimal number" + rangeText(field))
            }
            try checkRange(number, raw: raw, field: field, expected: "a decimal number")
            return value
        case .boolean:
            switch value.lowercased() {
            case "true", "yes", "1": return "true"
            case "false", "no", "0": return "false"
            default: throw .invalidField(field.id, value: raw, expected: "true or false")
            }
        case .choice:
            guard field.values.contains(value) else {
                throw .invalidField(field.id, value: raw, expected: "one of " + field.values.joined(separator: ", "))
            }
            return value
        }
    }
}

/// ISO 8601 timestamps as users type them: `2026-03-02T09:30`, with optional seconds and zone.
public enum Timestamps {
    /// Parses `text`; without a zone it is read in `timeZone`.
    public static func parse(_ text: String, timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current) -> Date? {
        LocalTime(timeZone).parse(text)
    }
}
