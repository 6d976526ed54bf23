import DossierDefinition
import FuzzSupport

/// Archive-number patterns (`pattern`, `sequence-per`, `max-length`, `contract-suffix` of
/// `<archive-number>`) through the compiler, and their numbers. Promises: nothing crashes; a
/// pattern the compiler accepts numbers every sequence its width allows with numbers of the
/// pattern's length, distinct for distinct sequences, and refuses the one past the width;
/// contract numbers after an archive number are distinct.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArchiveNumber(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let scope = input.pick(["never", "year", "month", "decade"])
    let maximumLength = input.pick([nil, "0", "8", "16", "40", "-1", "999999999999999999999"])
    let suffix = input.pick([nil, "-{n:2}", "({n:1})", "-{n}", "{n:0}", "x"])
    let year = input.integer(in: 1...9999), month = input.integer(in: 1...12)
    let pattern = input.text(upTo: 200)
    let attributes = ["pattern=\"\(Shipped.attribute(pattern))\"", "sequence-per=\"\(scope)\""]
        + [maximumLength.map { "max-length=\"\($0)\"" }, suffix.map { "contract-suffix=\"\($0)\"" }].compactMap { $0 }
    let text = """
        <workflow xmlns="urn:dossier:workflow:1" id="fuzz-archive-number">
          <roles><role id="archivist" staff-role="archivist"/></roles>
          <archive-number \(attributes.joined(separator: " "))/>
          <states initial="archiving">
            <state id="archiving" role="archivist">
              <transition action="register" to="registered" effect="assign-archive-number"/>
            </state>
            <state id="registered" final="true"/>
          </states>
        </workflow>
        """
    guard let numbering = Shipped.workflow(text).definition?.archiveNumber else { return 0 }
    let largest = numbering.largestSequence
    Fuzzing.expect(largest >= 9, "pattern \(pattern) was accepted with a sequence of width \(numbering.sequenceWidth)")
    var seen = Set<String>()
    for sequence in Set([1, 2, 9, largest / 2, largest - 1, largest]) where sequence >= 1 {
        guard let number = numbering.format(sequence: sequence, year: year, month: month) else {
            Fuzzing.fail("pattern \(pattern) refused sequence \(sequence) within its width")
        }
        Fuzzing.expect(number.count == numbering.length, "pattern \(pattern) made \(number) (\(number.count) characters), not \(numbering.length)")
        if let maximum = numbering.maximumLength { Fuzzing.expect(number.count <= maximum, "\(number) is longer than max-length \(maximum)") }
        Fuzzing.expect(seen.insert(number).inserted, "pattern \(pattern) made \(number) twice")
        if let contracts = numbering.contractSuffix {
            let first = contracts.number(1, after: number), second = contracts.number(2, after: number)
            Fuzzing.expect(first != second && first.hasPrefix(number), "contracts of \(number) are \(first) and \(second)")
        }
    }
    Fuzzing.expect(numbering.format(sequence: largest + 1, year: year, month: month) == nil, "pattern \(pattern) went past its width")
    Fuzzing.expect(numbering.format(sequence: 0, year: year, month: month) == nil, "pattern \(pattern) numbered sequence 0")
    return 0
}
