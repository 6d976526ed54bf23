/// One problem found in a definition file, printed like a compiler's:
/// `file:line:col: error: message`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Hashable, Sendable, Codable {
        /// The file cannot be used until this is fixed.
        case error
        /// The file works, but probably not as meant.
        case warning
        /// Extra information attached to the diagnostic before it.
        case note
    }

    /// Which stage found the problem; lets later stages stay quiet about what an earlier stage
    /// already reported.
    public enum Stage: String, Hashable, Sendable, Codable {
        /// Reading the bytes: size, encoding, well-formedness, forbidden DOCTYPEs.
        case syntax
        /// The RELAX NG grammar.
        case schema
        /// Element and attribute shape found by the definition compiler (missing, malformed).
        case structure
        /// Meaning: references, reachability, four-eyes, durations.
        case semantic
    }

    /// Where the problem is.
    public var location: SourceLocation
    /// How serious it is.
    public var severity: Severity
    /// Which stage found it.
    public var stage: Stage
    /// A sentence saying what is wrong and, where possible, what to do.
    public var message: String

    /// Creates a diagnostic.
    public init(_ severity: Severity, at location: SourceLocation, stage: Stage, _ message: String) {
        self.location = location
        self.severity = severity
        self.stage = stage
        self.message = message
    }

    /// Shorthand for an error.
    public static func error(at location: SourceLocation, stage: Stage, _ message: String) -> Diagnostic {
        Diagnostic(.error, at: location, stage: stage, message)
    }

    /// `file:line:col: error: message`.
    public var description: String {
        "\(location): \(severity.rawValue): \(message)"
    }
}

extension Sequence where Element == Diagnostic {
    /// Whether any of these diagnostics is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }
}
