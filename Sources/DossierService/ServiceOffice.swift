import DossierEngine
import DossierOffice
import DossierStore
import Foundation
import NIOPosix

/// The service's side of the office: one shared store, and each request's office built for
/// its authenticated person, run on NIO's thread pool so that SQLite and bcrypt never block
/// the event loops or Swift's cooperative threads.
struct ServiceOffice: Sendable {
    let store: any DossierStore
    let policy: AccessPolicy
    let checkpoints: Checkpoints?
    /// The folder backups are written into; `nil` takes none through the API.
    let backupFolder: String?
    /// Engines compiled once for all requests (refreshed when a definition is deployed).
    let definitions = LoadedDefinitions()

    /// Compiles the latest version of every deployed workflow into the shared cache before the
    /// first request, so that a burst of first requests does not compile each engine once per
    /// request. A definition that no longer compiles is left for the request that needs it to report.
    func warm() {
        let office = Office(store: store, actorName: ActorName { "" }, time: Date(), isSimulation: false, timeIsGiven: false, definitions: definitions)
        for version in (try? store.latestVersions(of: .workflow)) ?? [] {
            _ = try? office.engine(workflow: version.id)
        }
    }

    /// Runs `body` with an office acting for the request's person (nobody before a login) at the
    /// request's time: the clock, or on a simulation store the time the request gives.
    func run<T: Sendable>(_ context: ServiceContext, _ body: @escaping @Sendable (Office) throws -> T) async throws -> T {
        try await run(as: context.staff?.id, at: context.simulatedTime, body)
    }

    /// Runs `body` with an office acting for `staff` at `simulatedTime`, else the clock.
    func run<T: Sendable>(as staff: String?, at simulatedTime: Date? = nil, _ body: @escaping @Sendable (Office) throws -> T) async throws -> T {
        let store = self.store, definitions = self.definitions
        let result = try await NIOThreadPool.singleton.runIfActive {
            let isSimulation = try store.info().isSimulation
            try Self.checkSimulated(simulatedTime, store: store)
            let moment = try Office.actingMoment(store: store, isSimulation: isSimulation, given: simulatedTime)
            let office = Office(store: store, actorName: ActorName { staff ?? "" }, time: moment.time,
                                isSimulation: isSimulation, timeIsGiven: moment.isGiven, definitions: definitions)
            return try body(office)
        }
        return result
    }

    /// Runs a write and then lets the checkpointer sign the head when it is due. The write is
    /// committed by then: a checkpoint that cannot be signed is logged as an error (and tried
    /// again after the next write), never answered as the write's failure.
    func write<T: Sendable>(_ context: ServiceContext, _ body: @escaping @Sendable (Office) throws -> T) async throws -> T {
        let result = try await run(context, body)
        do {
            try await checkpoints?.afterWrite()
        } catch {
            context.logger.error("a checkpoint of the event chain could not be signed; the write is committed", metadata: ["cause": "\(error)"])
        }
        return result
    }

    /// Refuses a time given by a request unless the store is a simulation store and the time is
    /// not before its last event: a simulation's clock, like the clock, only moves on, so a
    /// session that has ended cannot be used again by asking for an earlier moment.
    private static func checkSimulated(_ time: Date?, store: any DossierStore) throws {
        guard let time else { return }
        guard try store.info().isSimulation else {
            throw OfficeError.invalid("this is a production store: it acts at the server's clock, and a time cannot be given")
        }
        if let last = try store.clock(), time < last { throw StoreError.timeGoesBackwards(requested: time, last: last) }
    }

    /// The session and person of `token`, at the request's time.
    func authenticate(token: String, at simulatedTime: Date?) async throws -> (LoginSession, StaffMember) {
        let store = self.store, policy = self.policy
        return try await NIOThreadPool.singleton.runIfActive {
            try Self.checkSimulated(simulatedTime, store: store)
            let moment = try Office.actingMoment(store: store, isSimulation: try store.info().isSimulation, given: simulatedTime)
            return try Office.authenticate(token: token, store: store, policy: policy, at: moment.time)
        }
    }
}
