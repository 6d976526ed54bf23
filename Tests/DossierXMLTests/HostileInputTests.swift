import DossierXML
import Foundation
import Testing

/// Inputs an attacker or an accident could hand the parser. Each must be refused with a
/// sentence, and nothing outside the input may be read.
@Suite("Hostile inputs are refused")
struct HostileInputTests {
    /// A file outside the input whose content must never show up anywhere. One fixed name, written
    /// atomically, so repeated and concurrent runs share it instead of leaving one file each.
    static let secret: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-secret-marker-\(getuid()).txt")
        try? Data("TOP-SECRET-MARKER".utf8).write(to: url, options: .atomic)
        return url
    }()

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "external entity",
             bytes: Array("""
                <?xml version="1.0"?>
                <!DOCTYPE workflow [<!ENTITY x SYSTEM "file://\(secret.path)">]>
                <workflow xmlns="urn:dossier:workflow:1" id="x">&x;</workflow>
                """.utf8),
             expected: "DOCTYPE declarations are not allowed"),
        Case(name: "billion laughs",
             bytes: Array(("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
                + (1...9).map { "<!ENTITY lol\($0) \"" + String(repeating: "&lol\($0 == 1 ? "" : String($0 - 1));", count: 10) + "\">" }.joined(separator: "\n")
                + "\n]>\n<workflow>&lol9;</workflow>\n").utf8),
             expected: "DOCTYPE declarations are not allowed"),
        Case(name: "external DTD",
             bytes: Array("<?xml version=\"1.0\"?>\n<!DOCTYPE workflow SYSTEM \"file://\(secret.path)\">\n<workflow/>\n".utf8),
             expected: "DOCTYPE declarations are not allowed"),
        Case(name: "network DTD",
             bytes: Array("<!DOCTYPE workflow PUBLIC \"-//X//EN\" \"http://127.0.0.1:9/x.dtd\">\n<workflow/>\n".utf8),
             expected: "DOCTYPE declarations are not allowed"),
        Case(name: "undeclared entity",
             bytes: Array("<workflow>&x;</workflow>".utf8),
             expected: "entity &x; is not defined"),
        Case(name: "deep nesting (100,000 levels)",
             bytes: Array((String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)).utf8),
             expected: "elements nest more than 64 levels deep"),
        Case(name: "invalid UTF-8",
             bytes: Array("<workflow title=\"".utf8) + [0xC3, 0x28, 0xFF] + Array("\"/>".utf8),
             expected: "the file is not valid UTF-8"),
        Case(name: "empty file", bytes: [], expected: "the file is empty"),
        Case(name: "only white space", bytes: Array("  \n\t\n".utf8), expected: "the file is empty"),
        Case(name: "not XML at all", bytes: Array("states: [a, b]\n".utf8), expected: "no root element"),
        Case(name: "XInclude is not processed",
             bytes: Array("<workflow xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"file://\(secret.path)\" parse=\"text\"/></workflow>".utf8),
             expected: ""),
    ]

    @Test("refused with a sentence, reading nothing outside the input", arguments: cases)
    func refused(_ input: Case) throws {
        // The marker must really be there to be read, or "never shows up" would prove nothing.
        #expect(try String(contentsOf: Self.secret, encoding: .utf8) == "TOP-SECRET-MARKER")
        let result = XMLTree.parse(input.bytes, file: "hostile.xml")
        let text = result.diagnostics.map(\.description).joined(separator: "\n")
        #expect(!text.contains("TOP-SECRET-MARKER"))
        if input.expected.isEmpty {
            // Parsed, but the include is an inert element: its target was never read.
            let root = result.tree?.root
            #expect(root?.children.first?.name == "include")
            #expect(root?.text.contains("TOP-SECRET-MARKER") == false)
            return
        }
        #expect(result.tree == nil)
        #expect(result.diagnostics.containsErrors)
        #expect(text.contains(input.expected), "got: \(text)")
        #expect(result.diagnostics.allSatisfy { $0.location.file == "hostile.xml" })
    }

    @Test("an element with more attributes than the limit is refused before libxml2 builds it; comments, CDATA and quoted = do not count")
    func crowdedElement() {
        func element(_ count: Int) -> String { (0..<count).map { "a\($0)=\"x=y\"" }.joined(separator: " ") }
        let crowded = "<w>\n  <!-- \(element(2000)) -->\n  <x \(element(1001))/>\n</w>"
        let refused = XMLTree.parse(Array(crowded.utf8), file: "c.xml")
        #expect(refused.tree == nil)
        #expect(refused.diagnostics.map(\.description) == ["c.xml:3:3: error: this element has 1001 attributes; a definition's element never needs more than 1000, so the file is refused"])
        let enough = "<w><![CDATA[<y \(element(2000))>]]><x \(element(1000))/></w>"
        #expect(XMLTree.parse(Array(enough.utf8), file: "e.xml").tree != nil, "1000 attributes, and what only looks like more, are read")
    }

    @Test("a file larger than the limit is refused before it is read")
    func oversizedFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-huge-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 100 * 1_048_576)  // 100 MB, sparse
        try handle.close()
        let result = XMLTree.parse(contentsOf: url.path, displayName: "huge.xml")
        #expect(result.tree == nil)
        #expect(result.diagnostics.map(\.description) == [
            "huge.xml: error: the file is 100.0 MB, more than the 32.0 MB a definition may have; it was not read",
        ])
    }

    @Test("a missing file and a folder are refused with a sentence")
    func notAFile() {
        let missing = XMLTree.parse(contentsOf: "/nonexistent/dossier.xml", displayName: "missing.xml")
        #expect(missing.diagnostics.map(\.description) == ["missing.xml: error: cannot read the file: it does not exist or is not readable"])
        let folder = XMLTree.parse(contentsOf: FileManager.default.temporaryDirectory.path, displayName: "tmp")
        #expect(folder.diagnostics.map(\.description) == ["tmp: error: is a directory, not a definition file"])
    }

    @Test("the DOCTYPE refusal points at the DOCTYPE line")
    func doctypeLocation() {
        let result = XMLTree.parse(Array("<?xml version=\"1.0\"?>\n\n  <!DOCTYPE x>\n<x/>".utf8), file: "d.xml")
        #expect(result.diagnostics.first?.location == SourceLocation(file: "d.xml", line: 3, column: 3))
    }
}
