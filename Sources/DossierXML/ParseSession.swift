import CLibXML2
import Foundation

/// The state of one parse, reachable from libxml2's C callbacks through the parser context's
/// `_private` pointer. Nothing here is global: two parses never share a session.
final class ParseSession {
    let file: String
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: XMLParsingLimits
    var diagnostics: [Diagnostic] = []
    /// Start-tag spans; each element's `_private` holds its index here plus one.
    var spans: [ElementSpan] = []
    var tracker: PositionTracker
    var stopped = false

    init(file: String, bytes: UnsafeBufferPointer<UInt8>, limits: XMLParsingLimits) {
        self.file = file
        self.bytes = bytes
        self.limits = limits
        self.tracker = PositionTracker(bytes: bytes)
    }

    func location(line: Int, column: Int?) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    /// Records a refusal of our own and stops the parser at once.
    func refuse(_ context: xmlParserCtxtPtr, atByte offset: Int, _ message: String) {
        guard !stopped else { return }
        stopped = true
        let position = tracker.position(at: offset)
        diagnostics.append(.error(at: location(line: position.line, column: position.column), stage: .syntax, message))
        xmlStopParser(context)
    }

    /// Byte offset of the `<` of the start tag the parser has just read.
    func startOfCurrentTag(_ context: xmlParserCtxtPtr) -> (start: Int, end: Int) {
        let consumed = Int(xmlByteConsumed(context))
        var index = min(max(consumed, 0), bytes.count) - 1
        while index >= 0, bytes[index] != UInt8(ascii: "<") { index -= 1 }
        return (max(index, 0), consumed)
    }

    static func from(_ context: UnsafeMutableRawPointer?) -> (xmlParserCtxtPtr, ParseSession)? {
        guard let context else { return nil }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let opaque = parser.pointee._private else { return nil }
        return (parser, Unmanaged<ParseSession>.fromOpaque(opaque).takeUnretainedValue())
    }
}

/// libxml2 callbacks for a parse. They capture nothing; each finds its session through the
/// parser context.
enum ParseCallbacks {
    static let startElement: startElementNsSAX2Func = { context, localName, prefix, uri, namespaceCount, namespaces, attributeCount, defaulted, attributes in
        xmlSAX2StartElementNs(context, localName, prefix, uri, namespaceCount, namespaces, attributeCount, defaulted, attributes)
        guard let (parser, session) = ParseSession.from(context) else { return }
        let tag = session.startOfCurrentTag(parser)
        if Int(parser.pointee.nameNr) > session.limits.maximumDepth {
            session.refuse(parser, atByte: tag.start,
                           "elements nest more than \(session.limits.maximumDepth) levels deep; a definition never needs that, so the file is refused")
            return
        }
        guard let node = parser.pointee.node else { return }
        let position = session.tracker.position(at: tag.start)
        session.spans.append(ElementSpan(start: tag.start, end: tag.end, line: position.line, column: position.column))
        node.pointee._private = UnsafeMutableRawPointer(bitPattern: session.spans.count)
    }

    static let internalSubset: internalSubsetSAXFunc = { context, name, externalID, systemID in
        guard let (parser, session) = ParseSession.from(context) else { return }
        let consumed = Int(xmlByteConsumed(parser))
        var index = min(max(consumed, 0), session.bytes.count) - 1
        let doctype = Array("<!DOCTYPE".utf8)
        while index >= 0 {
            if session.bytes[index] == UInt8(ascii: "<"), index + doctype.count <= session.bytes.count,
               session.bytes[index..<(index + doctype.count)].elementsEqual(doctype) { break }
            index -= 1
        }
        session.refuse(parser, atByte: max(index, 0),
                       "DOCTYPE declarations are not allowed: Dossier never loads DTDs or expands entities; remove the <!DOCTYPE …> line")
    }

    static let structuredError: xmlStructuredErrorFunc = { context, error in
        guard let error, let (_, session) = ParseSession.from(context) else { return }
        if session.stopped { return }
        // After the first fatal error libxml2 keeps going and reports what follows from it;
        // only the first is about the file as written.
        if error.pointee.level == XML_ERR_FATAL, session.diagnostics.containsErrors { return }
        let raw = LibXML2.message(of: error)
        let severity: Diagnostic.Severity = error.pointee.level == XML_ERR_WARNING ? .warning : .error
        let column = error.pointee.int2 > 0 ? Int(error.pointee.int2) : nil
        let line = Int(error.pointee.line)
        session.diagnostics.append(Diagnostic(severity, at: session.location(line: line, column: column),
                                              stage: .syntax, ParseCallbacks.explain(raw)))
    }

    /// Rewords the libxml2 messages people meet most into sentences that say what to do.
    static func explain(_ message: String) -> String {
        func after(_ marker: String) -> String? {
            message.range(of: marker).map { String(message[$0.upperBound...]).trimmingCharacters(in: .whitespaces) }
        }
        if message.hasPrefix("Input is not proper UTF-8") || message.hasPrefix("Char 0x0 out of allowed range") {
            return "the file is not valid UTF-8" + (after("Bytes:").map { " (bytes \($0))" } ?? "") + ": save it as UTF-8"
        }
        if message.hasPrefix("Document is empty") || message.hasPrefix("Start tag expected") {
            return "no root element: a workflow starts with <workflow xmlns=\"urn:dossier:workflow:1\" …>"
        }
        if message.hasPrefix("Excessive depth") {
            return "elements nest too deep; a definition never needs that, so the file is refused"
        }
        if message.hasPrefix("xmlParseEntityRef: no name") {
            return "a bare '&' must be written &amp;"
        }
        if message.hasPrefix("Entity '"), message.hasSuffix("' not defined") {
            let name = message.dropFirst(8).dropLast(13)
            return "entity &\(name); is not defined: only &lt; &gt; &amp; &quot; &apos; and character references such as &#x6863; can be used"
        }
        if message.hasPrefix("Opening and ending tag mismatch: ") {
            // "Opening and ending tag mismatch: state line 9 and stat"
            let parts = message.dropFirst(33).components(separatedBy: " ")
            if parts.count == 5, parts[1] == "line", parts[3] == "and" {
                return "</\(parts[4])> does not close <\(parts[0])>, opened at line \(parts[2])"
            }
        }
        if message.hasPrefix("Attribute "), message.hasSuffix(" redefined") {
            return "attribute \(message.dropFirst(10).dropLast(10)) is given twice"
        }
        if message.hasPrefix("Extra content at the end of the document") {
            return "something follows the root element's end tag; a file holds exactly one root element"
        }
        if message.hasPrefix("Unescaped '<' not allowed in attributes values") {
            return "'<' inside an attribute value: is the closing quote of the attribute before it missing?"
        }
        if message.hasPrefix("Comment not terminated") {
            return "a comment is opened but never closed: the file ends inside it"
        }
        if message.hasPrefix("Premature end of data in tag ") {
            let rest = message.dropFirst(29).components(separatedBy: " ")
            if rest.count >= 3, rest[1] == "line" {
                return "the file ends before <\(rest[0])>, opened at line \(rest[2]), is closed"
            }
        }
        // libxml2 starts sentences with a capital; diagnostics start in lower case, but
        // "XML declaration…" keeps its acronym.
        guard let first = message.first, let second = message.dropFirst().first, second.isLowercase else { return message }
        return first.lowercased() + message.dropFirst()
    }
}
