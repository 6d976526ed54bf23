/// The engine's identity, recorded with every event so a log can say which rules produced it.
public enum EngineVersion {
    /// The version of the engine's semantics.
    public static let current = "1"
}
