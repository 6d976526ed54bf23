import DossierXML
import Foundation
import Testing

@Suite("Parsing well-formed XML")
struct XMLTreeTests {
    static let sample = """
        <?xml version="1.0" encoding="UTF-8"?>
        <workflow xmlns="urn:dossier:workflow:1" id="loan">
          <roles>
            <role id="a"
                  staff-role="handler"/>
          </roles>
          <档案 名="鸿借字第"/><item title="x" id="after-cjk"/>
        </workflow>
        """

    @Test("elements carry the line and column of their '<'")
    func elementLocations() throws {
        let tree = try #require(XMLTree.parse(Array(Self.sample.utf8), file: "s.xml").tree)
        let root = try #require(tree.root)
        #expect(root.location == SourceLocation(file: "s.xml", line: 2, column: 1))
        #expect(root.namespaceURI == "urn:dossier:workflow:1")
        let role = try #require(root.child(named: "roles")?.child(named: "role"))
        #expect(role.location == SourceLocation(file: "s.xml", line: 4, column: 5))
        #expect(role.attribute("staff-role") == "handler")
        #expect(role.attribute("missing") == nil)
    }

    @Test("attribute locations, also across lines and after CJK text, count characters")
    func attributeLocations() throws {
        let tree = try #require(XMLTree.parse(Array(Self.sample.utf8), file: "s.xml").tree)
        let root = try #require(tree.root)
        let role = try #require(root.child(named: "roles")?.child(named: "role"))
        #expect(role.location(ofAttribute: "id") == SourceLocation(file: "s.xml", line: 4, column: 11))
        #expect(role.location(ofAttribute: "staff-role") == SourceLocation(file: "s.xml", line: 5, column: 11))
        let item = try #require(root.child(named: "item"))
        #expect(item.location == SourceLocation(file: "s.xml", line: 7, column: 17))
        #expect(item.location(ofAttribute: "id") == SourceLocation(file: "s.xml", line: 7, column: 33))
        #expect(root.children.map(\.name) == ["roles", "档案", "item"])
    }

    @Test("syntax errors name line and column")
    func syntaxError() {
        let result = XMLTree.parse(Array("<a>\n  <b></c>\n</a>".utf8), file: "bad.xml")
        #expect(result.tree == nil)
        #expect(result.diagnostics.first?.description == "bad.xml:2:10: error: </c> does not close <b>, opened at line 2")
    }

    @Test("many parses in parallel keep their errors apart")
    func parallelParses() async {
        await withTaskGroup(of: (Int, [Diagnostic]).self) { group in
            for index in 0..<64 {
                group.addTask {
                    let text = index.isMultiple(of: 2) ? "<ok/>" : "<bad>\(String(repeating: "\n", count: index))</wrong>"
                    return (index, XMLTree.parse(Array(text.utf8), file: "f\(index).xml").diagnostics)
                }
            }
            for await (index, diagnostics) in group {
                if index.isMultiple(of: 2) {
                    #expect(diagnostics.isEmpty)
                } else {
                    #expect(diagnostics.count == 1)
                    #expect(diagnostics.first?.location.file == "f\(index).xml")
                    #expect(diagnostics.first?.location.line == index + 1)
                }
            }
        }
    }
}

@Suite("RELAX NG validation")
struct RelaxNGSchemaTests {
    static let grammar = """
        <grammar xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
          <start><element name="list"><oneOrMore><element name="entry">
            <attribute name="n"><data type="integer"/></attribute><empty/>
          </element></oneOrMore></element></start>
        </grammar>
        """

    @Test("violations are reported at the offending element")
    func violations() throws {
        let schema = try RelaxNGSchema(source: Self.grammar, name: "list.rng")
        let tree = try #require(XMLTree.parse(Array("<list>\n  <entry n=\"1\"/>\n  <entry n=\"x\"/>\n</list>".utf8), file: "l.xml").tree)
        let diagnostics = schema.validate(tree)
        #expect(!diagnostics.isEmpty)
        #expect(diagnostics.allSatisfy { $0.stage == .schema && $0.location.line == 3 && $0.location.column == 3 })
        let good = try #require(XMLTree.parse(Array("<list><entry n=\"7\"/></list>".utf8), file: "g.xml").tree)
        #expect(schema.validate(good).isEmpty)
    }

    @Test("a broken grammar is refused with libxml2's reason")
    func brokenGrammar() {
        #expect(throws: RelaxNGSchema.LoadError.self) {
            try RelaxNGSchema(source: "<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\"><start/></grammar>", name: "bad.rng")
        }
    }

    @Test("the declared encoding is read before libxml2 sees the bytes", arguments: [
        ("<?xml version=\"1.0\" encoding=\"GBK\"?><a/>", "GBK"),
        ("<?xml version='1.0' encoding = 'gb18030' standalone='yes'?><a/>", "gb18030"),
        ("\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>", "UTF-8"),
        ("<?xml version=\"1.0\"?><a encoding=\"GBK\"/>", nil),
        ("<a/>", nil),
        ("<?xml-stylesheet href=\"x\" encoding=\"GBK\"?><a/>", nil),
    ] as [(String, String?)])
    func declaredEncoding(text: String, expected: String?) {
        #expect(XMLTree.declaredEncoding(Array(text.utf8)) == expected)
    }

    @Test("a file declared in another encoding is refused at line 1, column 1")
    func otherEncodingRefused() {
        let bytes = Array("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<workflow/>\n".utf8)
        let result = XMLTree.parse(bytes, file: "sjis.xml")
        #expect(result.tree == nil)
        #expect(result.diagnostics.map(\.description) == [
            "sjis.xml:1:1: error: the file declares encoding=\"Shift_JIS\"; definitions are read as UTF-8 only: save it as UTF-8 and declare encoding=\"UTF-8\" or none",
        ])
    }
}

