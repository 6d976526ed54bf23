import DossierXML

/// Where an attribute is written, resolved to a line and column only when a diagnostic needs it:
/// most declarations and references never do.
struct AttributeSite {
    let element: XMLTree.Element
    let name: String

    var location: SourceLocation { element.location(ofAttribute: name) }
}

extension SourceLocation {
    /// "line 12, column 5", for pointing elsewhere in the same file.
    var lineAndColumn: String {
        column.map { "line \(line), column \($0)" } ?? "line \(line)"
    }
}
