/// Bounds on what the hardened parser accepts, so a hostile or mistaken file is refused
/// quickly instead of exhausting memory.
public struct XMLParsingLimits: Sendable, Hashable {
    /// The largest file accepted, in bytes.
    public var maximumBytes: Int
    /// The deepest element nesting accepted. libxml2 enforces 256 itself without
    /// `XML_PARSE_HUGE`, which is never set; this bound can only be lower.
    public var maximumDepth: Int
    /// The most attributes one element may have. libxml2 builds an element's attributes as a
    /// list it walks for each one it adds, so a start tag of 100,000 attributes would take it
    /// seconds; such a file is refused before libxml2 reads it.
    public var maximumAttributes: Int

    /// Creates limits.
    public init(maximumBytes: Int = 32 * 1024 * 1024, maximumDepth: Int = 64, maximumAttributes: Int = 1_000) {
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
        self.maximumAttributes = maximumAttributes
    }

    /// The limits used for workflow and calendar definitions.
    public static let definitions = XMLParsingLimits()
}
