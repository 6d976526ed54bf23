import DossierDefinition
import DossierXML
import Foundation
import Testing

/// Every file in `Corpus/` is an invalid definition that starts with a comment listing, line by
/// line, exactly the diagnostics `dossier workflow validate` must report for it:
///
///     <!-- expect:
///     12:37: error: to="reviewng" names no state of this workflow; did you mean 'reviewing'?
///     -->
///
/// Line and column are the file's own; the file name is left out.
@Suite("Invalid definition corpus")
struct CorpusTests {
    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.corpus.path)) ?? []
        return names.filter { $0.hasSuffix(".xml") }.sorted()
    }()

    static func expectations(in text: String) -> [String] {
        guard let start = text.range(of: "<!-- expect:"), let end = text.range(of: "-->", range: start.upperBound..<text.endIndex) else {
            return []
        }
        return text[start.upperBound..<end.lowerBound]
            .split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    @Test("the corpus covers many error kinds")
    func corpusIsThere() {
        #expect(Self.files.count >= 30)
    }

    @Test("each invalid file reports exactly its expected diagnostics", arguments: files)
    func reportsExpectedDiagnostics(_ name: String) throws {
        let path = Fixtures.corpus.appendingPathComponent(name).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let expected = Self.expectations(in: text)
        #expect(!expected.isEmpty, "\(name) has no <!-- expect: … --> block")
        let results = try Fixtures.load([path])
        let actual = results.flatMap(\.diagnostics).map { diagnostic in
            String(diagnostic.description.dropFirst(path.count + 1)).trimmingCharacters(in: .whitespaces)
        }
        #expect(actual == expected)
        #expect(results.allSatisfy { $0.content == nil }, "\(name) compiled although it has errors")
    }
}
