import DossierEngine
import DossierPostgres
import DossierStore
import Foundation
import Testing

/// One contract, every store: each test runs on a fresh SQLite file and a fresh PostgreSQL
/// database (under CI always; elsewhere when `DOSSIER_TEST_DATABASE` names a server), and
/// expects the same of both.
@Suite("The store contract", .serialized)
struct StoreContractTests {
    static func at(_ minutes: Double) -> Date { FreshStore.opening.addingTimeInterval(minutes * 60) }

    static func workflow(_ id: String, _ title: String) -> DefinitionSubmission {
        DefinitionSubmission(kind: .workflow, id: id, title: title, source: "<workflow id=\"\(id)\" title=\"\(title)\"/>")
    }

    @Test("a new store says what it is; it is opened again as it was made, and never made twice", arguments: StoreKind.available)
    func creation(kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let made = try fresh.create(simulation: false)
        #expect(try made.info().isSimulation == false)
        #expect(try made.info().createdAt == FreshStore.opening)
        let opened = try fresh.open()
        #expect(try opened.info() == made.info())
        #expect(try opened.info().schemaVersion != "none")
        #expect(throws: StoreError.self) { try fresh.create() }
        #expect(try fresh.open().info().isSimulation == false, "a refused creation changed nothing")
    }

    @Test("deploying stores a new version only when the source changed; versions read back in order", arguments: StoreKind.available)
    func definitions(kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let store = try fresh.create()
        let first = try store.deploy([Self.workflow("loan", "Loan"), Self.workflow("audit", "Audit"),
                                      DefinitionSubmission(kind: .calendar, id: "cn", title: "China", source: "<calendar/>")], at: Self.at(1))
        #expect(first.map(Self.version) == [1, 1, 1])
        #expect(first.allSatisfy { if case .deployed = $0 { true } else { false } })
        let again = try store.deploy([Self.workflow("loan", "Loan"), Self.workflow("audit", "Audit, revised")], at: Self.at(2))
        #expect(again.map(Self.version) == [1, 2])
        guard case .unchanged = again[0] else { Issue.record("the same source is not a new version"); return }

        #expect(try store.latestVersions(of: .workflow).map { "\($0.id)@\($0.version)" } == ["audit@2", "loan@1"])
        #expect(try store.latestVersions(of: .calendar).map(\.id) == ["cn"])
        #expect(try store.versions(of: .workflow, id: "audit").map(\.title) == ["Audit", "Audit, revised"])
        #expect(try store.versions(of: .workflow, id: "none").isEmpty)
        #expect(try store.version(of: .workflow, id: "audit", version: nil)?.version == 2)
        let one = try #require(try store.version(of: .workflow, id: "audit", version: 1))
        #expect(one.source == Self.workflow("audit", "Audit").source && one.deployedAt == Self.at(1))
        #expect(one.sha256.count == 64)
        #expect(try store.version(of: .workflow, id: "audit", version: 3) == nil)
        #expect(try fresh.open().latestVersions(of: .workflow) == store.latestVersions(of: .workflow))
    }

    static func version(_ outcome: DeploymentOutcome) -> Int {
        switch outcome {
        case .deployed(let version), .unchanged(let version): version.version
        }
    }

    @Test("staff are added and deactivated as events; a duplicate or a repeat is refused and writes nothing", arguments: StoreKind.available)
    func staff(kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let store = try fresh.create()
        try store.addStaff(StaffMember(id: "bob", name: "Bob", roles: ["handler"], department: "loans"), by: "gina", at: .given(Self.at(1)))
        try store.addStaff(StaffMember(id: "Zed", name: "Zed", roles: ["handler", "archivist"]), by: "gina", at: .given(Self.at(2)))
        try store.addStaff(StaffMember(id: "alice", name: "Alice 爱丽丝", roles: []), by: "gina", at: .given(Self.at(3)))
        #expect(try store.staffDirectory().map(\.id) == ["Zed", "alice", "bob"], "by login, byte by byte")
        #expect(try store.staffMember("bob") == StaffMember(id: "bob", name: "Bob", roles: ["handler"], department: "loans"))
        #expect(try store.staffMember("Zed")?.roles == ["handler", "archivist"])
        #expect(try store.staffMember("alice")?.name == "Alice 爱丽丝")
        #expect(try store.staffMember("nobody") == nil)

        let before = try store.events(dossier: nil)
        #expect(throws: StoreError.duplicate("a staff member called bob already exists; see `dossier staff show bob`")) {
            try store.addStaff(StaffMember(id: "bob", name: "Robert", roles: []), by: "gina", at: .given(Self.at(4)))
        }
        #expect(try store.staffMember("bob")?.name == "Bob")
        try store.deactivateStaff("bob", reason: "left", by: "gina", at: .given(Self.at(5)))
        #expect(try store.staffMember("bob")?.isActive == false)
        #expect(throws: StoreError.alreadyDone("bob was already deactivated")) {
            try store.deactivateStaff("bob", reason: "left", by: "gina", at: .given(Self.at(6)))
        }
        #expect(throws: StoreError.self) { try store.deactivateStaff("nobody", reason: "?", by: "gina", at: .given(Self.at(6))) }
        let events = try store.events(dossier: nil)
        #expect(events.count == before.count + 1, "only the deactivation was written")
        #expect(events.map(\.kind) == ["staff-added", "staff-added", "staff-added", "staff-deactivated"])
        #expect(events.last?.details == ["staff": "bob"] && events.last?.note == "left")
        #expect(events.first?.details == ["staff": "bob", "name": "Bob", "roles": "handler", "department": "loans"])
        #expect(try store.lastEventTime() == Self.at(5))
    }

    @Test("time never goes backwards: a given moment before the last event is refused, a clock reading moves to it", arguments: StoreKind.available)
    func time(kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let store = try fresh.create()
        try store.addStaff(StaffMember(id: "bob", name: "Bob", roles: []), by: "gina", at: .given(Self.at(10)))
        #expect(throws: StoreError.timeGoesBackwards(requested: Self.at(5), last: Self.at(10))) {
            try store.addStaff(StaffMember(id: "eve", name: "Eve", roles: []), by: "gina", at: .given(Self.at(5)))
        }
        #expect(try store.staffMember("eve") == nil)
        try store.addStaff(StaffMember(id: "eve", name: "Eve", roles: []), by: "gina", at: .clock(Self.at(5)))
        #expect(try store.events(dossier: nil).map(\.at) == [Self.at(10), Self.at(10)])
    }

    @Test("the chain: every event hashes over the one before it, from the genesis", arguments: StoreKind.available)
    func chain(kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let store = try fresh.create()
        for (index, name) in ["ann", "ben", "cat", "dan"].enumerated() {
            try store.addStaff(StaffMember(id: name, name: name.capitalized + " \"quoted\"\n", roles: ["handler"]), by: "gina",
                               at: .given(Self.at(Double(index))))
        }
        try store.deactivateStaff("ben", reason: "moved \\ away", by: "gina", at: .given(Self.at(9)))
        #expect(Self.verifies(try fresh.open().events(dossier: nil)))
    }

    @Test("a checkpoint is kept once per event: the first kept stays, the latest is read alone", arguments: StoreKind.available)
    func checkpoints(kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let store = try fresh.create()
        #expect(try store.latestCheckpoint() == nil)
        func checkpoint(_ sequence: Int, signature: String) -> AuditCheckpoint {
            AuditCheckpoint(sequence: sequence, head: String(repeating: "\(sequence % 10)", count: 64), at: Self.at(Double(sequence)),
                            publicKey: "key", signature: signature)
        }
        #expect(try store.addCheckpoint(checkpoint(100, signature: "first")))
        #expect(try store.addCheckpoint(checkpoint(300, signature: "first")))
        #expect(try store.addCheckpoint(checkpoint(200, signature: "first")))
        #expect(try store.addCheckpoint(checkpoint(300, signature: "second")) == false, "another server signed the same head first")
        #expect(try store.latestCheckpoint() == checkpoint(300, signature: "first"))
        #expect(try fresh.open().checkpoints().map(\.sequence) == [100, 200, 300])
        #expect(try store.checkpoints().last == store.latestCheckpoint())
    }

    /// Whether `events` form one chain from the genesis, with sequence numbers 1, 2, 3…
    static func verifies(_ events: [StoredEvent]) -> Bool {
        var previous = EventChain.genesis
        for (index, event) in events.enumerated() {
            guard event.sequence == index + 1 else { return false }
            let hash = EventChain.hash(previous: previous, sequence: event.sequence, columns: [
                event.dossierID.map { String($0) }, event.taskID.map { String($0) }, StoredTime.text(event.at), event.actor, event.kind,
                event.action, event.fromState, event.toState, event.note, EventChain.details(event.details),
            ])
            guard hash == event.hash else { return false }
            previous = hash
        }
        return true
    }
}
