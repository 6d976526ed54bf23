import DossierOffice
import DossierStore
import Foundation
import Testing

/// The department's view of Waiting, decided in one pass for all its members, is the union of
/// what each member's own list shows, each task once, with whom it waits for.
@Suite("A department's Waiting")
struct DepartmentWaitingTests {
    @Test("for each person of the demo's office, overdue or not: the members' own lists, merged", arguments: [false, true])
    func unionOfMembers(overdue: Bool) throws {
        let fixture = try DemoStoreFixture()
        let store = fixture.store
        let time = Office.localTime.parse("2026-04-20T10:00") ?? Date()
        let directory = try store.staffDirectory()
        var seenSome = false
        for person in directory {
            let office = Office(store: store, actorName: ActorName { person.id }, time: time, isSimulation: true, timeIsGiven: true)
            let (lines, people) = try office.pendingInDepartment(of: person.id, role: nil, overdue: overdue)
            let members = directory.filter { $0.isActive && ($0.id == person.id || (person.department != nil && $0.department == person.department)) }
            var expected: [Int: [String]] = [:]
            for member in members {
                for line in try office.pending(role: nil, user: member.id, overdue: overdue, limit: nil) {
                    expected[line.task.id, default: []].append(member.id)
                }
            }
            #expect(people.mapValues { $0.sorted() } == expected.mapValues { $0.sorted() }, "\(person.id)")
            #expect(lines.map(\.task.id).sorted() == expected.keys.sorted(), "\(person.id): each task once")
            #expect(lines.map(\.task.openedAt) == lines.map(\.task.openedAt).sorted(), "\(person.id): oldest first")
            let own = Dictionary(uniqueKeysWithValues: try office.pending(role: nil, user: person.id, overdue: overdue, limit: nil).map { ($0.task.id, $0) })
            for line in lines {
                #expect(line.mayApprove == (own[line.task.id]?.mayApprove ?? false), "\(person.id), task \(line.task.id): may the viewer approve")
            }
            if people.values.contains(where: { $0.count > 0 && !$0.contains(person.id) }) { seenSome = true }
        }
        #expect(seenSome, "someone sees a task waiting for another member of their department")
        withExtendedLifetime(fixture) {}
    }
}
