import Synchronization

/// What never changes once committed, remembered by the store so that a transaction does not
/// ask PostgreSQL again: the personal fields of a deployed workflow version (deployed versions
/// are never changed or removed).
final class StoreMemory: Sendable {
    private let personalFields = Mutex<[String: [String]]>([:])

    /// The personal fields remembered for a workflow version; `nil` when not asked yet.
    func personalFields(workflow: String, version: Int) -> [String]? {
        personalFields.withLock { $0[Self.key(workflow, version)] }
    }

    /// Remembers the personal fields of a deployed workflow version.
    func remember(personalFields fields: [String], workflow: String, version: Int) {
        personalFields.withLock { $0[Self.key(workflow, version)] = fields }
    }

    private static func key(_ workflow: String, _ version: Int) -> String { "\(workflow)\u{0}\(version)" }
}
