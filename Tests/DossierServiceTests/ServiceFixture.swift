import DossierEngine
import DossierOffice
import DossierService
import DossierStore
import Foundation
import HummingbirdTesting
import Logging
import Testing

/// A fresh production store per test, with the ping workflow, staff with passwords, and the
/// service's router over it, as GRDB's tests take a fresh database each.
final class ServiceFixture {
    let folder: URL
    let store: SQLiteStore
    let service: DossierService
    static let password = "a long enough secret"
    /// A fast bcrypt for tests; the service's own default is the standard cost.
    static let policy = AccessPolicy(passwordCost: 4)

    static let pingSource = """
        <workflow xmlns="urn:dossier:workflow:1" id="ping" title="Ping pong">
          <roles>
            <role id="a" staff-role="handler"/>
            <role id="b" staff-role="handler" distinct-from="a"/>
          </roles>
          <states initial="one">
            <state id="one" role="a">
              <transition action="ping" to="two"/>
              <transition action="stop" to="done"/>
            </state>
            <state id="two" role="b">
              <transition action="pong" to="one"/>
            </state>
            <state id="done" final="true"/>
          </states>
        </workflow>
        """

    init(policy: AccessPolicy = ServiceFixture.policy, proxyHeader: String? = nil, trustedProxies: [String] = []) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-service-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("d.db").path
        store = try SQLiteStore(creatingAt: path, simulation: false, at: Date())
        _ = try store.deploy([DefinitionSubmission(kind: .workflow, id: "ping", title: "Ping pong", source: Self.pingSource)], at: Date())
        for (id, roles) in [("ada", ["admin"]), ("alice", ["handler"]), ("bob", ["handler"]), ("carol", ["archivist"])] {
            try store.addStaff(StaffMember(id: id, name: id.capitalized, roles: roles), by: "ada", at: .clock(Date()))
            try store.setPasswordHash(Credentials.hash(Self.password, cost: 4), of: id, by: "ada", at: .clock(Date()))
        }
        let key = AuditSigningKey.defaultPath(forStore: path)
        _ = try AuditSigningKey.create(at: key)
        service = try DossierService(ServiceConfiguration(storePath: path, signingKeyPath: key, checkpointInterval: 10, policy: policy,
                                                          proxyHeader: proxyHeader, trustedProxies: trustedProxies),
                                     logger: Logger(label: "dossier-test"))
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Starts a ping dossier for alice (a) and bob (b) and returns its first task.
    func startPing() throws -> Int {
        let engine = try Office(store: store, actorName: ActorName { "alice" }, time: Date(), isSimulation: false, timeIsGiven: false)
            .engine(workflow: "ping")
        let people = try store.staffDirectory()
        let staff = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0) })
        let alice = try #require(staff["alice"])
        let (_, task) = try store.startDossier(at: .clock(Date())) { id, time in
            try engine.start(id: id, fields: [:], assignments: ["a": "alice", "b": "bob"], actor: alice, staff: staff, at: time)
        }
        return try #require(task?.id)
    }
}
