import DossierXML

/// Collects the diagnostics of one compilation.
final class DiagnosticSink {
    private(set) var diagnostics: [Diagnostic] = []

    func error(_ location: SourceLocation, _ stage: Diagnostic.Stage, _ message: String) {
        diagnostics.append(.error(at: location, stage: stage, message))
    }

    func error(_ location: SourceLocation, _ message: String) {
        error(location, .semantic, message)
    }

    func warning(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.warning, at: location, stage: .semantic, message))
    }

    var hasErrors: Bool { diagnostics.containsErrors }
}
