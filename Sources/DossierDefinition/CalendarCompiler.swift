import DossierXML
import Foundation

/// Compiles a parsed calendar document into a checked ``CalendarDefinition``.
public struct CalendarCompiler: Sendable {
    /// The namespace of the calendar format.
    public static let namespace = "urn:dossier:calendar:1"

    /// The result of a compilation.
    public struct Result: Sendable {
        /// The calendar, when there were no errors.
        public var definition: CalendarDefinition?
        /// Everything found.
        public var diagnostics: [Diagnostic]
    }

    /// Creates a compiler.
    public init() {}

    /// Compiles `tree`.
    public func compile(_ tree: XMLTree) -> Result {
        let sink = DiagnosticSink()
        guard let root = tree.root, root.name == "calendar", root.namespaceURI == Self.namespace else {
            sink.error(tree.root?.location ?? SourceLocation(file: tree.file, line: 0), .structure,
                       "a calendar starts with <calendar xmlns=\"\(Self.namespace)\" id=\"…\">")
            return Result(definition: nil, diagnostics: sink.diagnostics)
        }
        let reader = ElementReader(root, allowed: ["id", "title", "weekend", "covers"], sink: sink)
        let id = reader.identifier("id", required: true)
        var weekend: Set<Weekday> = [.saturday, .sunday]
        if let raw = reader.string("weekend") {
            weekend = []
            for token in raw.whitespaceSeparated {
                if let day = Weekday(rawValue: String(token)) { weekend.insert(day) } else {
                    let hint = Suggestions.closest(to: String(token), in: Weekday.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
                    sink.error(reader.location(of: "weekend"), .structure,
                               "'\(token)' in weekend=\"\(raw)\" is not a day of the week such as saturday\(hint)")
                }
            }
        }
        let coverage: CalendarDefinition.Coverage = reader.choice("covers") ?? .listedYears
        var years: [CalendarDefinition.Year] = []
        var seenYears: [Int: SourceLocation] = [:]
        var seenDates: [CalendarDate: (kind: String, location: SourceLocation)] = [:]
        for yearElement in reader.children(allowed: ["year"], namespace: Self.namespace) {
            let yearReader = ElementReader(yearElement, allowed: ["value", "status", "source"], sink: sink)
            guard let value = yearReader.integer("value", required: true) else { continue }
            guard (1000...9999).contains(value) else {
                sink.error(yearReader.location(of: "value"), .structure, "value=\"\(yearElement.attribute("value") ?? "")\" is not a four-digit year such as 2026")
                continue
            }
            if let first = seenYears[value] {
                sink.error(yearElement.location, "year \(value) is listed twice; the first is at \(first.lineAndColumn)")
            }
            seenYears[value] = yearElement.location
            let status: CalendarDefinition.YearStatus? = yearReader.choice("status", required: true)
            var holidays: [CalendarDefinition.NamedDay] = []
            var workdays: [CalendarDefinition.NamedDay] = []
            let days = yearReader.children(allowed: ["holiday", "workday"], namespace: Self.namespace)
            if status == .absent, !days.isEmpty {
                sink.error(yearElement.location, "year \(value) is marked absent but lists days; mark it published or remove the days")
            }
            for dayElement in days {
                let isHoliday = dayElement.name == "holiday"
                let dayReader = ElementReader(dayElement, allowed: isHoliday ? ["date", "from", "to", "name"] : ["date", "name"], sink: sink)
                guard let name = dayReader.label("name", required: true) else { continue }
                func date(_ attribute: String) -> CalendarDate? {
                    guard let raw = dayReader.string(attribute) else { return nil }
                    guard let date = CalendarDate(iso: raw) else {
                        let shaped = raw.count == 10 && raw.enumerated().allSatisfy { index, character in
                            index == 4 || index == 7 ? character == "-" : character.isASCII && character.isNumber
                        }
                        sink.error(dayReader.location(of: attribute), .structure, shaped
                                   ? "\(attribute)=\"\(raw)\" is not a real date: that month has no such day"
                                   : "\(attribute)=\"\(raw)\" is not a date of the form YYYY-MM-DD")
                        return nil
                    }
                    if date.year != value {
                        sink.error(dayReader.location(of: attribute), "\(attribute)=\"\(raw)\" is not in year \(value)")
                        return nil
                    }
                    return date
                }
                var dates: [CalendarDate] = []
                if dayElement.attribute("date") != nil {
                    if let single = date("date") { dates = [single] }
                } else if isHoliday, dayElement.attribute("from") != nil || dayElement.attribute("to") != nil {
                    guard let start = date("from"), let end = date("to") else {
                        if dayElement.attribute("from") == nil || dayElement.attribute("to") == nil {
                            sink.error(dayElement.location, .structure, "<holiday> with a range needs both from and to")
                        }
                        continue
                    }
                    if end < start {
                        sink.error(dayReader.location(of: "to"), "to=\"\(end)\" is before from=\"\(start)\"")
                        continue
                    }
                    dates = (start.dayNumber...end.dayNumber).map(CalendarDate.init(dayNumber:))
                } else {
                    sink.error(dayElement.location, .structure, "<\(dayElement.name)> needs a date attribute\(isHoliday ? " (or from and to)" : "")")
                }
                for date in dates {
                    let kind = isHoliday ? "holiday" : "make-up workday"
                    if let earlier = seenDates[date] {
                        if earlier.kind != kind || !isHoliday {
                            sink.error(dayElement.location, "\(date) is already a \(earlier.kind) at \(earlier.location.lineAndColumn)")
                        }
                        continue
                    }
                    seenDates[date] = (kind, dayElement.location)
                    if isHoliday {
                        holidays.append(.init(date: date, name: name))
                    } else {
                        if !weekend.contains(date.weekday) {
                            sink.error(dayReader.location(of: "date"), "make-up workday \(date) is a \(date.weekday.name), already a working day; make-up workdays fall on weekend days")
                        }
                        workdays.append(.init(date: date, name: name))
                    }
                }
            }
            if let status {
                years.append(.init(year: value, status: status, source: yearReader.string("source"), holidays: holidays, workdays: workdays))
            }
        }
        guard let id, !sink.hasErrors else { return Result(definition: nil, diagnostics: sink.diagnostics) }
        return Result(definition: CalendarDefinition(id: id, title: reader.label("title"), weekend: weekend, coverage: coverage, years: years),
                      diagnostics: sink.diagnostics)
    }
}
