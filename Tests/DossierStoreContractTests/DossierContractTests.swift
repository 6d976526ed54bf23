import DossierDefinition
import DossierEngine
import DossierStore
import DossierXML
import Foundation
import Testing

/// Dossiers, tasks and the register, held to one contract on every store: what is started and
/// advanced reads back alike, a step on a dossier that moved on is a lost race that writes
/// nothing, and archive numbers are consecutive.
@Suite("The store contract: dossiers, tasks and the register", .serialized)
struct DossierContractTests {
    @Test("a dossier is started and advanced; its tasks, fields, register entry and log read back the same on every store",
          arguments: StoreKind.available)
    func startAndFile(kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let store = try Filing.store(fresh)
        let (started, task) = try Filing.start(store, customer: "Level Co", project: "P1", minute: 10)
        #expect(started.id == 1 && task?.number == 1 && task?.assignee == "alice" && task?.closedAt == nil)
        #expect(try store.dossier(1)?.fields["customer"] == "Level Co", "a personal field reads back opened")
        #expect(try store.tasks(TaskQuery(assignee: "alice")).map(\.dossierID) == [1])

        let filed = try Filing.file(store, dossier: 1, minute: 20)
        #expect(filed == nil, "a final state opens no task")
        let dossier = try #require(try store.dossier(1))
        #expect(dossier.stateID == "filed" && dossier.isFinished)
        #expect(try store.tasks(TaskQuery(assignee: "alice")).isEmpty)
        let opened = try #require(task)
        let closed = try #require(try store.task(opened.id))
        #expect(closed.closedAt == StoreContractTests.at(20) && closed.closedBy == "alice" && closed.action == "file")
        #expect(try store.archiveNumber(of: 1) == "2603-0001")
        #expect(try store.registeredDossier(archiveNumber: "2603-0001") == 1)
        #expect(try store.registeredNumbers(workflow: nil).map(\.number) == ["2603-0001"])
        #expect(try store.dossierCounts(workflow: "filing")[1]?.finished == 1)
        #expect(try store.dossiers(workflow: "filing", field: "project", equals: "P1", runningOnly: false).map(\.id) == [1])
        #expect(try store.dossiers(workflow: "filing", field: nil, equals: nil, runningOnly: true).isEmpty)
        #expect(try store.dossiers(heldBy: "alice").map(\.id) == [1])

        let events = try store.events(dossier: 1)
        #expect(events.map(\.kind).contains("archive-number-assigned"))
        #expect(events.first?.details["field:customer"] == "Level Co", "a personal detail reads back opened")
        #expect(events.allSatisfy { $0.dossierID == 1 })
        #expect(try fresh.open().dossier(1) == dossier, "another process reads the same dossier")
        #expect(try store.verifyAudit() == AuditReport(eventsChecked: try store.events(dossier: nil).count, problems: []))
    }

    @Test("an event edited, or the last one deleted, behind the store's back is found by the audit", arguments: StoreKind.available)
    func tamperedLog(kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let store = try Filing.store(fresh)
        _ = try Filing.start(store, customer: "Level Co", project: "P1", minute: 10)
        _ = try Filing.file(store, dossier: 1, minute: 20)
        let last = try #require(try store.events(dossier: nil).last?.sequence)
        try fresh.tamper("UPDATE event SET actor = 'mallory' WHERE seq = 3")
        #expect(try store.verifyAudit().problems == ["event 3 was edited: its content no longer matches its hash"])
        try fresh.tamper("DELETE FROM event WHERE seq = \(last)")
        #expect(try store.verifyAudit().problems.contains(
            "the log ends at event \(last - 1) but recorded \(last) events: the last 1 were deleted"))
    }

    @Test("a step on a dossier that changed since it was read is a lost race: nothing is written", arguments: StoreKind.available)
    func lostRace(kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let store = try Filing.store(fresh)
        let (read, _) = try Filing.start(store, customer: "Level Co", project: "P1", minute: 10)
        let step = try Filing.engine.advance(read, task: 1, action: "file", note: nil, actor: Filing.alice, at: StoreContractTests.at(20))
        _ = try store.commit(step, readAt: read.revision, at: .given(StoreContractTests.at(20)), archiveNumbers: Filing.numbering)
        let events = try store.events(dossier: nil)
        #expect {
            try store.commit(step, readAt: read.revision, at: .given(StoreContractTests.at(21)), archiveNumbers: Filing.numbering)
        } throws: { error in
            if case StoreError.conflict = error { true } else { false }
        }
        #expect(try store.events(dossier: nil) == events)
        #expect(try store.registeredNumbers(workflow: "filing").count == 1)
    }

    @Test("registrations take consecutive numbers in the order of the log", arguments: StoreKind.available)
    func consecutiveNumbers(kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        defer { fresh.remove() }
        let store = try Filing.store(fresh)
        for n in 1...3 { _ = try Filing.start(store, customer: "C\(n)", project: "P\(n)", minute: Double(n)) }
        for id in [3, 1, 2] { _ = try Filing.file(store, dossier: id, minute: 10) }
        let register = try store.registeredNumbers(workflow: "filing")
        #expect(register.map(\.number) == ["2603-0001", "2603-0002", "2603-0003"])
        #expect(register.map(\.dossierID) == [3, 1, 2])
        #expect(try store.tasks(TaskQuery(includeClosed: true)).map(\.id) == [1, 2, 3])
    }
}

/// A small workflow that files a dossier under an archive number, for the contract's tests.
enum Filing {
    static let source = """
        <workflow xmlns="urn:dossier:workflow:1" id="filing" title="Filing">
          <roles><role id="handler" staff-role="handler" title="Handler"/></roles>
          <fields>
            <field id="customer" type="text" personal="true" title="Customer"/>
            <field id="project" type="text" title="Project"/>
          </fields>
          <archive-number pattern="{yy}{mm}-{seq:4}" sequence-per="month" max-length="10"/>
          <register fields="customer" roles="handler"/>
          <retention years="10"/>
          <states initial="open">
            <state id="open" role="handler" title="Open">
              <transition action="file" to="filed" effect="assign-archive-number" title="File"/>
            </state>
            <state id="filed" final="true" title="Filed"/>
          </states>
        </workflow>
        """

    static let definition: WorkflowDefinition? = XMLTree.parse(Array(source.utf8), file: "filing.xml").tree
        .flatMap { WorkflowCompiler().compile($0).definition }

    static var engine: WorkflowEngine {
        get throws {
            let definition = try #require(definition, "the contract's workflow compiles")
            return WorkflowEngine(definition: definition, version: 1, timeZone: TimeZone(identifier: "Asia/Shanghai") ?? .current)
        }
    }

    static let alice = StaffMember(id: "alice", name: "Alice", roles: ["handler"])

    static var numbering: ArchiveNumbering? {
        definition?.archiveNumber.map { ArchiveNumbering(pattern: $0, year: 2026, month: 3) }
    }

    /// A new store with the workflow deployed (its personal field recorded) and Alice on the staff.
    static func store(_ fresh: FreshStore) throws -> any ContractStore {
        let store = try fresh.create()
        _ = try store.deploy([DefinitionSubmission(kind: .workflow, id: "filing", title: "Filing", source: source, personalFields: ["customer"])],
                             at: StoreContractTests.at(0))
        try store.addStaff(alice, by: "root", at: .given(StoreContractTests.at(0)))
        return store
    }

    static func start(_ store: any ContractStore, customer: String, project: String, minute: Double) throws -> (Dossier, TaskSummary?) {
        let engine = try engine
        return try store.startDossier(at: .given(StoreContractTests.at(minute))) { id, time in
            try engine.start(id: id, fields: ["customer": customer, "project": project], assignments: ["handler": "alice"], actor: alice,
                             staff: ["alice": alice], at: time)
        }
    }

    /// Files dossier `id` (its first task) at `minute`.
    static func file(_ store: any ContractStore, dossier id: Int, minute: Double) throws -> TaskSummary? {
        let read = try #require(try store.dossier(id))
        let step = try engine.advance(read, task: 1, action: "file", note: nil, actor: alice, at: StoreContractTests.at(minute))
        return try store.commit(step, readAt: read.revision, at: .given(StoreContractTests.at(minute)), archiveNumbers: numbering)
    }
}
