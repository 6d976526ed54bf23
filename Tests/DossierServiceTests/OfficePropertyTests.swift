import DossierEngine
import DossierOffice
import DossierStore
import Foundation
import PropertyBased
import Testing

/// Random sequences of commands by random people on the loan-intake workflow, through the
/// application layer and a real SQLite store (issue #22). Each run's seed is printed on
/// failure and can be fixed with `.fixedSeed(…)` to replay it.
@Suite("Property: random commands by random people")
struct OfficePropertyTests {
    /// One thing someone tries, `hours` after the one before.
    struct Command: Sendable, CustomStringConvertible {
        enum Kind: Int, Sendable, CaseIterable { case start, record, act, sweep }
        var kind: Kind
        var dossier: Int
        var person: Int
        var roles: [Int]
        var action: Int
        var hours: Int

        var description: String {
            "\(kind) dossier#\(dossier) by \(OfficePropertyTests.people[person]) roles \(roles.map { OfficePropertyTests.people[$0] }) action#\(action) +\(hours)h"
        }
    }

    static let people = ["alice", "bob", "hank", "carol", "xena", "mona"]
    static let roles: [String: [String]] = ["alice": ["handler"], "bob": ["handler"], "hank": ["handler", "archivist"],
                                            "carol": ["archivist"], "xena": ["archivist"], "mona": ["department-manager"]]

    static let command = zip(Gen<Command.Kind>.case, Gen.int(in: 0...5), Gen.int(in: 0...5), Gen.int(in: 0...5).array(of: 3),
                             Gen.int(in: 0...3), Gen.int(in: 1...40))
        .map { Command(kind: $0, dossier: $1, person: $2, roles: $3, action: $4, hours: $5) }

    @Test("never breaks four-eyes, never loses or duplicates a fine, and replaying the commands rebuilds the same store")
    func randomCommands() async throws {
        await propertyCheck(count: 25, input: Self.command.array(of: 20...80)) { commands in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-property-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }

            let first = try Run(folder.appendingPathComponent("first.db").path)
            var accepted: [(Command, Date)] = []
            var time = Run.opening
            for command in commands {
                time.addTimeInterval(Double(command.hours) * 3600)
                if try first.perform(command, at: time) { accepted.append((command, time)) }
            }
            let end = time.addingTimeInterval(30 * 24 * 3600)
            _ = try first.perform(Command(kind: .sweep, dossier: 0, person: 5, roles: [], action: 0, hours: 0), at: end)

            // Four-eyes: in every dossier, a, b and the archivist are three people, and every task
            // was closed by the person holding its role.
            for dossier in try first.dossiers() {
                let a = dossier.assignments["a"], b = dossier.assignments["b"], archivist = dossier.assignments["archivist"]
                #expect(a != nil && a != b && archivist != a && archivist != b, "dossier \(dossier.id): a \(a ?? "-"), b \(b ?? "-"), archivist \(archivist ?? "-")")
                for event in try first.store.events(dossier: dossier.id) where event.kind == "task-closed" {
                    #expect(dossier.assignments.values.contains(event.actor), "dossier \(dossier.id): \(event.actor) closed a task holding no role")
                }
            }
            #expect(try first.store.verifyAudit().problems.isEmpty)

            // No fine lost or counted twice: the same commands with one sweep at the end leave the
            // same ledger as with sweeps in between.
            let once = try Run(folder.appendingPathComponent("once.db").path)
            for (command, at) in accepted where command.kind != .sweep { #expect(try once.perform(command, at: at)) }
            _ = try once.perform(Command(kind: .sweep, dossier: 0, person: 5, roles: [], action: 0, hours: 0), at: end)
            let ledger = try first.ledger()
            #expect(Set(ledger.keys).count == ledger.count)
            #expect(try once.ledger() == ledger)

            // Replaying the accepted commands at their moments rebuilds the same dossiers and log.
            let replay = try Run(folder.appendingPathComponent("replay.db").path)
            for (command, at) in accepted { #expect(try replay.perform(command, at: at)) }
            _ = try replay.perform(Command(kind: .sweep, dossier: 0, person: 5, roles: [], action: 0, hours: 0), at: end)
            #expect(try replay.dossiers() == first.dossiers())
            #expect(try replay.store.events(dossier: nil) == first.store.events(dossier: nil))
            #expect(try replay.store.verifyAudit().problems.isEmpty)
            #expect(try replay.ledger() == ledger)
        }
    }
}

/// One store with the loan-intake workflow and six people, on which commands are tried.
struct Run {
    static let opening = Date(timeIntervalSince1970: 1_772_415_000) // 2026-03-02 09:30 in Beijing
    static let workflows = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Workflows")

    let store: SQLiteStore

    init(_ path: String) throws {
        store = try SQLiteStore(creatingAt: path, simulation: true, at: Self.opening.addingTimeInterval(-3600))
        let workflow = try String(contentsOf: Self.workflows.appendingPathComponent("loan-intake.xml"), encoding: .utf8)
        let calendar = try String(contentsOf: Self.workflows.appendingPathComponent("calendars/cn.xml"), encoding: .utf8)
        _ = try store.deploy([DefinitionSubmission(kind: .calendar, id: "cn", title: "cn", source: calendar),
                              DefinitionSubmission(kind: .workflow, id: "loan-intake", title: "Loan intake", source: workflow)],
                             at: Self.opening.addingTimeInterval(-3600))
        for person in OfficePropertyTests.people {
            try store.addStaff(StaffMember(id: person, name: person.capitalized, roles: OfficePropertyTests.roles[person] ?? []),
                               by: "mona", at: .given(Self.opening.addingTimeInterval(-1800)))
        }
    }

    /// Tries `command` at `time`: true when it was carried out, false when refused (and then
    /// nothing was stored). Two times in three a task is acted on by the person it waits for, and
    /// a dossier is started with a handler as A and B and an archivist, so that dossiers get far;
    /// the rest of the time by anyone, to be refused.
    func perform(_ command: OfficePropertyTests.Command, at time: Date) throws -> Bool {
        var person = OfficePropertyTests.people[command.person]
        if command.person < 4, [.record, .act].contains(command.kind), let assignee = try openTask(command.dossier)?.assignee {
            person = assignee
        }
        let office = Office(store: store, actorName: ActorName { person }, time: time, isSimulation: true, timeIsGiven: true)
        let before = try store.events(dossier: nil).count
        do {
            switch command.kind {
            case .start:
                let handlers = ["alice", "bob", "hank"], archivists = ["carol", "xena", "hank"]
                let names = command.person < 4 ? [handlers[command.roles[0] % 3], handlers[command.roles[1] % 3], archivists[command.roles[2] % 3]]
                                               : command.roles.map { OfficePropertyTests.people[$0] }
                _ = try office.start(workflow: "loan-intake", fields: ["customer": "C", "project": "P", "ended-on": "2026-03-02"],
                                     assignments: ["a": names[0], "b": names[1], "archivist": names[2]])
            case .record:
                // Every required item, one command each; true once any was recorded (a replay
                // records the same ones and is refused at the same one).
                guard let task = try openTask(command.dossier) else { return false }
                let definition = try office.engine(workflow: "loan-intake").definition
                var recorded = false
                for item in definition.checklist?.items ?? [] where item.isRequired && item.kind != .attachment {
                    do {
                        _ = try office.recordItem(dossier: task.dossierID, item: item.id, pages: 2,
                                                  signatures: item.signatures.map(\.rawValue), missing: false)
                        recorded = true
                    } catch is Refusal, is OfficeError {
                        return recorded
                    }
                }
                return recorded
            case .act:
                guard let task = try openTask(command.dossier) else { return false }
                let actions = try office.engine(workflow: "loan-intake").definition.state(task.stateID)?.transitions.map(\.action) ?? []
                guard !actions.isEmpty else { return false }
                _ = try office.advance(task: task.id, action: actions[command.action % actions.count], note: "n", fields: [:])
            case .sweep:
                _ = try office.sweep(showing: 0)
            }
            return true
        } catch is Refusal, is OfficeError {
            #expect(try store.events(dossier: nil).count == before, "\(command) was refused but wrote")
            return false
        }
    }

    func openTask(_ pick: Int) throws -> TaskSummary? {
        let open = try store.tasks(TaskQuery())
        return open.isEmpty ? nil : open[pick % open.count]
    }

    func dossiers() throws -> [Dossier] {
        var all: [Dossier] = []
        var id = 1
        while let dossier = try store.dossier(id) { all.append(dossier); id += 1 }
        return all
    }

    /// Per fine key: who pays what, for what, when.
    func ledger() throws -> [String: String] {
        Dictionary(try store.fineEntries(payer: nil).map { entry in
            let fine = entry.occurrence
            return (fine.key, "\(fine.payer) \(fine.ruleID) \(fine.occurredAt.timeIntervalSince1970) \(fine.reason)")
        }, uniquingKeysWith: { first, _ in first + " (twice)" })
    }
}
