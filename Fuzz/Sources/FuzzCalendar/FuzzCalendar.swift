import DossierDefinition
import DossierEngine
import DossierXML
import FuzzSupport

/// Calendar XML → diagnostics or a calendar, and working days counted on it. Promises: nothing
/// crashes or hangs; a refused calendar says why; on a compiled one, counting n working days
/// from a covered date lands on a working day after it (or names the year it lacks), and
/// counting in two steps lands where counting at once does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCalendar(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let text = String(decoding: bytes, as: UTF8.self)
    guard let file = Shipped.loader.load(sources: [(name: "fuzz-calendar.xml", text: text)]).first else {
        Fuzzing.fail("the loader returned nothing for one source")
    }
    guard case .calendar(let calendar)? = file.content else {
        if file.content == nil { Fuzzing.expect(!file.diagnostics.isEmpty, "a calendar was refused without a diagnostic") }
        return 0
    }
    let working = WorkingCalendar(calendar, uncoveredYears: .provisionalWeekdays)
    for year in calendar.years.map(\.year).prefix(3) {
        guard let from = CalendarDate(year: year, month: 1 + (bytes.count % 12), day: 1 + (bytes.count % 28)) else { continue }
        for (first, second) in [(1, 2), (3, 5), (10, 30)] {
            do {
                let once = try working.adding(workingDays: first + second, to: from)
                let stepped = try working.adding(workingDays: second, to: try working.adding(workingDays: first, to: from).date)
                Fuzzing.expect(once.date > from, "\(first + second) working days from \(from) give \(once.date), not a later day")
                Fuzzing.expect(once.date == stepped.date, "\(first)+\(second) working days from \(from): \(stepped.date), at once \(once.date)")
                Fuzzing.expect(try working.day(once.date).isWorkday, "\(once.date), counted to, is not a working day")
            } catch {
                // A year the calendar lacks is named, which is what a gap is for.
                Fuzzing.expect(!error.description.isEmpty, "a calendar gap without a sentence")
            }
        }
    }
    return 0
}
