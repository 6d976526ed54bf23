import DossierDefinition
import DossierXML
import FuzzSupport

/// Workflow XML → diagnostics or a definition. The bytes go to the hardened parser as a file's
/// would (`workflow validate FILE`), and as text through grammar and compiler as a client's
/// would (`workflow deploy` through the server). Promises: nothing crashes, hangs or leaks; a
/// refused file always says why; a compiled workflow can be drawn in every format.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWorkflow(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let parsed = XMLTree.parse(bytes, file: "fuzz.xml")
    Fuzzing.expect(parsed.tree != nil || !parsed.diagnostics.isEmpty, "a file that does not parse must say why")
    let (definition, diagnostics) = Shipped.workflow(String(decoding: bytes, as: UTF8.self))
    guard let definition else {
        Fuzzing.expect(!diagnostics.isEmpty, "a workflow was refused without a diagnostic")
        return 0
    }
    for format in WorkflowDiagram.Format.allCases {
        Fuzzing.expect(!WorkflowDiagram(definition).render(format).isEmpty, "the \(format) diagram of a compiled workflow is empty")
    }
    return 0
}
