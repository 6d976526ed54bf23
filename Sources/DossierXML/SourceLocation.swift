/// A place in a source file, as a person reads it: 1-based line and column.
///
/// Columns count Unicode characters, not bytes, so a caret under `鸿借字第` lands where an
/// editor shows it. `column` is `nil` where libxml2 does not know one.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// 1-based line number; 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based column, when known.
    public var column: Int?

    /// Creates a location.
    public init(file: String, line: Int, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:col`, `file:line` or just `file`, the way compilers print places.
    public var description: String {
        guard line > 0 else { return file }
        if let column { return "\(file):\(line):\(column)" }
        return "\(file):\(line)"
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        if lhs.file != rhs.file { return lhs.file < rhs.file }
        if lhs.line != rhs.line { return lhs.line < rhs.line }
        return (lhs.column ?? 0) < (rhs.column ?? 0)
    }
}
