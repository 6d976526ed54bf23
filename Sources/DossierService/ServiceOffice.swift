import DossierEngine
import DossierOffice
import DossierStore
import Foundation
import NIOPosix

/// The service's side of the office: one shared store, and each request's office built for
/// its authenticated person, run on NIO's thread pool so that SQLite and bcrypt never block
/// the event loops or Swift's cooperative threads.
struct ServiceOffice: Sendable {
    let store: SQLiteStore
    let policy: AccessPolicy
    let checkpoints: Checkpoints?
    /// Engines compiled once for all requests (refreshed when a definition is deployed).
    let definitions = LoadedDefinitions()

    /// Runs `body` with an office acting for `staff` (or nobody, for a login) at the current time.
    func run<T: Sendable>(as staff: String?, _ body: @escaping @Sendable (Office) throws -> T) async throws -> T {
        let store = self.store, definitions = self.definitions
        let isSimulation = try store.info().isSimulation
        let result = try await NIOThreadPool.singleton.runIfActive {
            let office = Office(store: store, actorName: ActorName { staff ?? "" }, time: Date(), isSimulation: isSimulation, timeIsGiven: false,
                                definitions: definitions)
            return try body(office)
        }
        return result
    }

    /// Runs a write and then lets the checkpointer sign the head when it is due.
    func write<T: Sendable>(as staff: String?, _ body: @escaping @Sendable (Office) throws -> T) async throws -> T {
        let result = try await run(as: staff, body)
        try await checkpoints?.afterWrite()
        return result
    }

    /// The session and person of `token`.
    func authenticate(token: String) async throws -> (LoginSession, StaffMember) {
        let store = self.store, policy = self.policy
        return try await NIOThreadPool.singleton.runIfActive {
            try Office.authenticate(token: token, store: store, policy: policy, at: Date())
        }
    }
}
