/// Who acts in a command, worked out once, when first asked: commands that never ask (listings)
/// never read the system's user database.
package final class ActorName {
    private let settle: () -> String
    /// The acting person's staff id; empty when nothing says who acts.
    package private(set) lazy var id: String = settle()

    /// `settle` is called at most once, the first time `id` is read.
    package init(_ settle: @escaping () -> String) {
        self.settle = settle
    }
}
