/// Who acts in a command, worked out once, when first asked: commands that never ask (listings)
/// never read the system's user database.
final class ActorName {
    private let settle: () -> String
    /// The acting person's staff id; empty when nothing says who acts.
    private(set) lazy var id: String = settle()

    /// `settle` is called at most once, the first time `id` is read.
    init(_ settle: @escaping () -> String) {
        self.settle = settle
    }
}
