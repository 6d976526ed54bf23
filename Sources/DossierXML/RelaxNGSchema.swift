import CLibXML2
import Foundation

/// A compiled RELAX NG grammar that checks parsed trees and reports every violation with file,
/// line and column.
///
/// The compiled grammar is only read while validating; each validation has its own libxml2
/// context and error collector, so one grammar may serve several threads.
public final class RelaxNGSchema: @unchecked Sendable {
    private let schema: xmlRelaxNGPtr

    /// Why a grammar could not be loaded.
    public struct LoadError: Error, CustomStringConvertible {
        /// The grammar's name as given.
        public var name: String
        /// What libxml2 said about it.
        public var problems: [String]

        public var description: String {
            "the schema \(name) is not a valid RELAX NG grammar: " + problems.joined(separator: "; ")
        }
    }

    /// Compiles the grammar text `source`; `name` is used in error messages.
    public init(source: String, name: String) throws {
        LibXML2.ensureInitialized()
        final class Collector { var problems: [String] = [] }
        let collector = Collector()
        let bytes = Array(source.utf8)
        let parsed: xmlRelaxNGPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { base in
                guard let context = xmlRelaxNGNewMemParserCtxt(base, Int32(buffer.count)) else { return nil }
                defer { xmlRelaxNGFreeParserCtxt(context) }
                xmlRelaxNGSetParserStructuredErrors(context, { data, error in
                    guard let data, let error else { return }
                    Unmanaged<Collector>.fromOpaque(data).takeUnretainedValue().problems.append(LibXML2.message(of: error))
                }, Unmanaged.passUnretained(collector).toOpaque())
                return xmlRelaxNGParse(context)
            }
        }
        withExtendedLifetime(collector) {}
        guard let parsed else {
            throw LoadError(name: name, problems: collector.problems.isEmpty ? ["unknown error"] : collector.problems)
        }
        schema = parsed
    }

    /// Compiles the grammar in the file at `path`.
    public convenience init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw LoadError(name: path, problems: ["the file cannot be read"])
        }
        try self.init(source: text, name: path)
    }

    deinit {
        xmlRelaxNGFree(schema)
    }

    /// Every way `tree` breaks the grammar, in document order; empty when it conforms.
    public func validate(_ tree: XMLTree) -> [Diagnostic] {
        final class Collector {
            let tree: XMLTree
            var diagnostics: [Diagnostic] = []
            init(tree: XMLTree) { self.tree = tree }
        }
        let collector = Collector(tree: tree)
        guard let context = xmlRelaxNGNewValidCtxt(schema) else {
            return [.error(at: SourceLocation(file: tree.file, line: 0), stage: .schema, "out of memory while validating")]
        }
        defer { xmlRelaxNGFreeValidCtxt(context) }
        xmlRelaxNGSetValidStructuredErrors(context, { data, error in
            guard let data, let error else { return }
            let collector = Unmanaged<Collector>.fromOpaque(data).takeUnretainedValue()
            let location: SourceLocation
            if let node = error.pointee.node?.assumingMemoryBound(to: xmlNode.self) {
                location = collector.tree.location(of: node)
            } else {
                location = SourceLocation(file: collector.tree.file, line: Int(error.pointee.line))
            }
            let message = RelaxNGSchema.explain(LibXML2.message(of: error))
            collector.diagnostics.append(.error(at: location, stage: .schema, message))
        }, Unmanaged.passUnretained(collector).toOpaque())
        let result = xmlRelaxNGValidateDoc(context, tree.document)
        withExtendedLifetime(collector) {}
        var seen = Set<Diagnostic>()
        var diagnostics = collector.diagnostics.filter { seen.insert($0).inserted }
        if result != 0 && diagnostics.isEmpty {
            diagnostics.append(.error(at: SourceLocation(file: tree.file, line: 0), stage: .schema,
                                      "the document does not follow the schema"))
        }
        return diagnostics
    }

    /// Rewords libxml2's RELAX NG messages as sentences.
    static func explain(_ message: String) -> String {
        func between(_ start: String, _ end: String) -> String? {
            guard message.hasPrefix(start), message.hasSuffix(end), message.count > start.count + end.count else { return nil }
            return String(message.dropFirst(start.count).dropLast(end.count))
        }
        if let element = between("Did not expect text in element ", " content") {
            return "text is not allowed directly inside <\(element)>; only its elements are"
        }
        if let element = between("Did not expect element ", " there") {
            return "<\(element)> is not allowed here"
        }
        if let element = between("Element ", " failed to validate attributes") {
            return "<\(element)> has an attribute the schema does not allow, or lacks one it requires"
        }
        if let rest = between("Invalid attribute ", ""), let range = rest.range(of: " for element ") {
            return "<\(rest[range.upperBound...])> does not take the attribute \(rest[..<range.lowerBound]) (or its value is not allowed)"
        }
        if let rest = between("Expecting element ", ""), let range = rest.range(of: ", got ") {
            return "expected <\(rest[..<range.lowerBound])> here, found <\(rest[range.upperBound...])>"
        }
        guard let first = message.first else { return message }
        return first.lowercased() + message.dropFirst()
    }
}
