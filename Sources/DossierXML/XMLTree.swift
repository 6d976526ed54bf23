import CLibXML2
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed, well-formed XML document, read with hardened options, with the line and column
/// of every element's start tag.
///
/// Parsing never touches the network or the file system beyond the bytes given, never
/// expands an entity, and refuses any `<!DOCTYPE …>`. Problems come back as diagnostics with
/// file, line and column, never as a crash.
///
/// A tree is immutable once parsed, so several threads may read it at once: the definition
/// compiler reads names, namespaces, attributes and children while libxml2's RELAX NG
/// validator, which writes only each element's `psvi` slot, checks the grammar. The one lazy
/// cache (start-tag extents) is guarded by a lock.
public final class XMLTree: @unchecked Sendable {
    /// The file name used in diagnostics.
    public let file: String
    let document: xmlDocPtr
    let spans: [ElementSpan]
    private let storage: UnsafeMutableBufferPointer<UInt8>

    /// The result of reading a file: the tree, when the file was well-formed, and everything
    /// noticed on the way (warnings can come with a tree, errors never do).
    public struct ParseResult {
        /// The parsed tree, or `nil` when the file could not be read.
        public var tree: XMLTree?
        /// Problems found, in the order of the file.
        public var diagnostics: [Diagnostic]
    }

    private init(file: String, document: xmlDocPtr, spans: [ElementSpan],
                 storage: UnsafeMutableBufferPointer<UInt8>) {
        self.file = file
        self.document = document
        self.spans = spans
        self.storage = storage
    }

    deinit {
        xmlFreeDoc(document)
        storage.deallocate()
    }

    /// Reads the file at `path`, refusing it before reading when it is larger than the limits.
    public static func parse(contentsOf path: String, displayName: String? = nil,
                             limits: XMLParsingLimits = .definitions) -> ParseResult {
        let name = displayName ?? path
        let whole = SourceLocation(file: name, line: 0)
        // stat(2) itself: FileManager's attributes would also look the owner's name up in the
        // system's user database, which a static binary should not need for reading a file.
        var status = stat()
        guard stat(path, &status) == 0 else {
            return ParseResult(tree: nil, diagnostics: [.error(at: whole, stage: .syntax, "cannot read the file: it does not exist or is not readable")])
        }
        if status.st_mode & S_IFMT == S_IFDIR {
            return ParseResult(tree: nil, diagnostics: [.error(at: whole, stage: .syntax, "is a directory, not a definition file")])
        }
        if Int(status.st_size) > limits.maximumBytes {
            return ParseResult(tree: nil, diagnostics: [tooLarge(Int(status.st_size), limits: limits, at: whole)])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return ParseResult(tree: nil, diagnostics: [.error(at: whole, stage: .syntax, "cannot read the file: it is not readable")])
        }
        return parse(data, file: name, limits: limits)
    }

    /// Parses `data` as the contents of `file`.
    public static func parse(_ data: some Collection<UInt8>, file: String,
                             limits: XMLParsingLimits = .definitions) -> ParseResult {
        let whole = SourceLocation(file: file, line: 0)
        if data.count > limits.maximumBytes {
            return ParseResult(tree: nil, diagnostics: [tooLarge(data.count, limits: limits, at: whole)])
        }
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return ParseResult(tree: nil, diagnostics: [.error(at: whole, stage: .syntax,
                "the file is empty: a workflow starts with <workflow xmlns=\"urn:dossier:workflow:1\" …>")])
        }
        // Refused before libxml2 sees it: a declared encoding other than UTF-8 would have libxml2
        // load the C library's converters.
        if let declared = declaredEncoding(data), !["utf-8", "utf8"].contains(declared.lowercased()) {
            return ParseResult(tree: nil, diagnostics: [notUTF8(declared, file: file)])
        }
        let bytes = Array(data)
        if let crowded = crowdedStartTag(bytes, limit: limits.maximumAttributes) {
            let position = bytes.withUnsafeBufferPointer { buffer in
                var tracker = PositionTracker(bytes: buffer)
                return tracker.position(at: crowded.offset)
            }
            return ParseResult(tree: nil, diagnostics: [.error(at: SourceLocation(file: file, line: position.line, column: position.column), stage: .syntax,
                "this element has \(crowded.count) attributes; a definition's element never needs more than \(limits.maximumAttributes), so the file is refused")])
        }
        LibXML2.ensureInitialized()
        let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: data.count)
        _ = storage.initialize(from: data)
        let session = ParseSession(file: file, bytes: UnsafeBufferPointer(storage), limits: limits)

        let document: xmlDocPtr? = storage.baseAddress!.withMemoryRebound(to: CChar.self, capacity: storage.count) { base in
            guard let context = xmlCreateMemoryParserCtxt(base, Int32(storage.count)) else { return nil }
            defer { xmlFreeParserCtxt(context) }
            _ = xmlCtxtUseOptions(context, LibXML2.hardenedOptions)
            guard let sax = context.pointee.sax else { return nil }
            sax.pointee.startElementNs = ParseCallbacks.startElement
            sax.pointee.internalSubset = ParseCallbacks.internalSubset
            sax.pointee.externalSubset = nil
            sax.pointee.entityDecl = nil
            sax.pointee.resolveEntity = nil
            sax.pointee.serror = ParseCallbacks.structuredError
            sax.pointee.error = nil
            sax.pointee.warning = nil
            context.pointee._private = Unmanaged.passUnretained(session).toOpaque()
            xmlParseDocument(context)
            let parsed = context.pointee.myDoc
            context.pointee.myDoc = nil
            context.pointee._private = nil
            if context.pointee.wellFormed == 0 || session.stopped || session.diagnostics.containsErrors {
                if let parsed { xmlFreeDoc(parsed) }
                return nil
            }
            return parsed
        }
        withExtendedLifetime(session) {}
        var diagnostics = session.diagnostics
        if let document, let declared = document.pointee.encoding.map({ String(cString: $0) }),
           !["utf-8", "utf8"].contains(declared.lowercased()) {
            xmlFreeDoc(document)
            storage.deallocate()
            return ParseResult(tree: nil, diagnostics: diagnostics + [notUTF8(declared, file: file)])
        }
        guard let document else {
            storage.deallocate()
            if !diagnostics.containsErrors {
                diagnostics.append(.error(at: whole, stage: .syntax, "the file is not well-formed XML"))
            }
            return ParseResult(tree: nil, diagnostics: diagnostics)
        }
        return ParseResult(tree: XMLTree(file: file, document: document, spans: session.spans, storage: storage),
                           diagnostics: diagnostics)
    }

    private static func notUTF8(_ declared: String, file: String) -> Diagnostic {
        .error(at: SourceLocation(file: file, line: 1, column: 1), stage: .syntax,
               "the file declares encoding=\"\(declared)\"; definitions are read as UTF-8 only: save it as UTF-8 and declare encoding=\"UTF-8\" or none")
    }

    /// The `encoding` of the XML declaration that opens `data` (after a UTF-8 byte order mark),
    /// if there is one.
    public static func declaredEncoding(_ data: some Collection<UInt8>) -> String? {
        var bytes = Array(data.prefix(512))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard bytes.starts(with: Array("<?xml".utf8)), bytes.count > 5, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[5]) else { return nil }
        let end = (0..<bytes.count - 1).first { bytes[$0] == UInt8(ascii: "?") && bytes[$0 + 1] == UInt8(ascii: ">") } ?? bytes.count
        let declaration = bytes[5..<end]
        let name = Array("encoding".utf8)
        guard let start = declaration.indices.first(where: { declaration[$0...].starts(with: name) }) else { return nil }
        var index = start + name.count
        func skipSpace() { while index < declaration.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(declaration[index]) { index += 1 } }
        skipSpace()
        guard index < declaration.endIndex, declaration[index] == UInt8(ascii: "=") else { return nil }
        index += 1
        skipSpace()
        guard index < declaration.endIndex, [UInt8(ascii: "\""), UInt8(ascii: "'")].contains(declaration[index]) else { return nil }
        let quote = declaration[index]
        index += 1
        guard let close = declaration[index...].firstIndex(of: quote) else { return nil }
        return String(decoding: declaration[index..<close], as: UTF8.self)
    }

    /// The first start tag with more than `limit` attributes (counted as the `=` outside quoted
    /// values), and how many it has; comments, CDATA sections, processing instructions and
    /// declarations are passed over. One pass over the bytes.
    static func crowdedStartTag(_ bytes: [UInt8], limit: Int) -> (offset: Int, count: Int)? {
        let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">")
        func skip(past terminator: [UInt8], from start: Int) -> Int {
            var index = start
            while index + terminator.count <= bytes.count {
                if bytes[index] == terminator[0], bytes[index..<(index + terminator.count)].elementsEqual(terminator) { return index + terminator.count }
                index += 1
            }
            return bytes.count
        }
        var index = 0
        while index < bytes.count {
            guard bytes[index] == lt, index + 1 < bytes.count else { index += 1; continue }
            let start = index
            let next = bytes[index + 1]
            if next == UInt8(ascii: "!") {
                if bytes[index...].starts(with: "<!--".utf8) { index = skip(past: Array("-->".utf8), from: index + 4) }
                else if bytes[index...].starts(with: "<![CDATA[".utf8) { index = skip(past: Array("]]>".utf8), from: index + 9) }
                else { index = skip(past: [gt], from: index + 2) }
                continue
            }
            if next == UInt8(ascii: "?") { index = skip(past: Array("?>".utf8), from: index + 2); continue }
            if next == UInt8(ascii: "/") { index = skip(past: [gt], from: index + 2); continue }
            // A start tag: count the attributes up to its end.
            var count = 0
            var quote: UInt8?
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: "=") {
                    count += 1
                } else if byte == gt {
                    break
                }
                index += 1
            }
            if count > limit { return (start, count) }
            index += 1
        }
        return nil
    }

    private static func tooLarge(_ size: Int, limits: XMLParsingLimits, at location: SourceLocation) -> Diagnostic {
        func megabytes(_ bytes: Int) -> String {
            String(format: "%.1f MB", Double(bytes) / 1_048_576)
        }
        return .error(at: location, stage: .syntax,
                      "the file is \(megabytes(size)), more than the \(megabytes(limits.maximumBytes)) a definition may have; it was not read")
    }

    /// The exact bytes parsed, as text (they are valid UTF-8, or the parse would have failed).
    public var sourceText: String {
        String(decoding: UnsafeBufferPointer(storage), as: UTF8.self)
    }

    /// The root element.
    public var root: Element? {
        guard let node = xmlDocGetRootElement(document) else { return nil }
        return Element(node: node, tree: self)
    }

    /// The span recorded for `node` while parsing.
    func span(of node: xmlNodePtr) -> ElementSpan? {
        let index = Int(bitPattern: node.pointee._private) - 1
        return node.pointee.type == XML_ELEMENT_NODE && spans.indices.contains(index) ? spans[index] : nil
    }

    func location(of node: xmlNodePtr) -> SourceLocation {
        if let span = span(of: node) {
            return SourceLocation(file: file, line: span.line, column: span.column)
        }
        return SourceLocation(file: file, line: Int(xmlGetLineNo(node)))
    }

    private var extentsByStart: [SourceLocation: SourceLocation]?
    private let extentsLock = NSLock()

    /// The start tag's extent, from its `<` to just past its last attribute, for the element
    /// whose start tag begins at `location`; `nil` if no element starts there.
    public func startTagExtent(at location: SourceLocation) -> ClosedRange<SourceLocation>? {
        extentsLock.lock()
        defer { extentsLock.unlock() }
        if extentsByStart == nil {
            var table: [SourceLocation: SourceLocation] = [:]
            for span in spans {
                var tracker = PositionTracker(bytes: UnsafeBufferPointer(storage), offset: span.start, line: span.line, column: span.column)
                let end = tracker.position(at: span.end)
                table[SourceLocation(file: file, line: span.line, column: span.column)] = SourceLocation(file: file, line: end.line, column: end.column)
            }
            extentsByStart = table
        }
        guard let end = extentsByStart?[location], location <= end else { return nil }
        return location...end
    }

    func location(ofAttribute name: String, on node: xmlNodePtr) -> SourceLocation {
        guard let span = span(of: node),
              let offset = StartTagScanner.offset(ofAttribute: name, in: UnsafeBufferPointer(storage), span: span)
        else { return location(of: node) }
        var tracker = PositionTracker(bytes: UnsafeBufferPointer(storage), offset: span.start, line: span.line, column: span.column)
        let position = tracker.position(at: offset)
        return SourceLocation(file: file, line: position.line, column: position.column)
    }
}
