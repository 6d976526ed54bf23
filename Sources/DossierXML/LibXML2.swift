import CLibXML2
import Foundation

/// The one place that touches libxml2's process-wide state.
///
/// libxml2 keeps global tables and a global external-entity loader. Both are set up exactly
/// once, before the first parse, by `dossier_xml_initialize()` in the C shim: it initialises the
/// parser and installs a loader that refuses every external resource. Errors are never collected
/// through libxml2's global error handlers; each parse and each validation installs its own
/// structured handler on its own context.
enum LibXML2 {
    private static let initialized: Bool = {
        dossier_xml_initialize()
        return true
    }()

    /// Makes sure libxml2 is initialised; cheap after the first call.
    static func ensureInitialized() {
        _ = initialized
    }

    /// The parser options of every parse: no network, no entity substitution, no DTD loading,
    /// attribute defaulting or validation, no XInclude, and line numbers beyond 65,535.
    static let hardenedOptions: Int32 = {
        let options: [xmlParserOption] = [XML_PARSE_NONET, XML_PARSE_BIG_LINES, XML_PARSE_NOCDATA]
        return Int32(bitPattern: options.reduce(0) { $0 | $1.rawValue })
    }()

    /// A libxml2 message as one trimmed line.
    static func message(of error: UnsafePointer<xmlError>) -> String {
        guard let text = error.pointee.message else { return "unknown libxml2 error" }
        return String(cString: text)
            .split(whereSeparator: \.isNewline)
            .joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }
}

