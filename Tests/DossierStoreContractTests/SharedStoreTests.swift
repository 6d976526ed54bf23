import DossierEngine
import DossierPostgres
import DossierStore
import Foundation
import Synchronization
import Testing

/// What only a shared store is asked: several servers on one database.
@Suite("A store shared by several servers", .serialized, .enabled(if: StoreKind.available.contains(.postgres)))
struct SharedStoreTests {
    @Test("writers on many connections of two servers append to one chain: no fork, no gap, every write kept")
    func concurrentWriters() throws {
        let fresh = try FreshStore(.postgres)
        defer { fresh.remove() }
        _ = try fresh.create()
        let servers = [try fresh.open(), try fresh.open()]
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            do {
                try servers[index % 2].addStaff(StaffMember(id: "person\(index)", name: "Person \(index)", roles: ["handler"]), by: "gina",
                                                at: .clock(StoreContractTests.at(1)))
            } catch {
                failures.append("\(index): \(error)")
            }
        }
        #expect(failures.all.isEmpty)
        let events = try servers[0].events(dossier: nil)
        #expect(events.map(\.sequence) == Array(1...16))
        #expect(Set(events.compactMap { $0.details["staff"] }) == Set((0..<16).map { "person\($0)" }))
        #expect(StoreContractTests.verifies(events))
        #expect(try servers[1].staffDirectory().count == 16)
    }

    @Test("8 clients through two servers racing to act on one dossier read at one revision: exactly one wins, the rest lose the race")
    func racingOnOneDossier() throws {
        let fresh = try FreshStore(.postgres)
        defer { fresh.remove() }
        _ = try Filing.store(fresh)
        let servers = [try fresh.open(), try fresh.open()]
        let (read, _) = try Filing.start(servers[0], customer: "Level Co", project: "P1", minute: 10)
        let step = try Filing.engine.advance(read, task: 1, action: "file", note: nil, actor: Filing.alice, at: StoreContractTests.at(20))
        let (wins, lost, failures) = Self.race(step, readAt: read.revision, minute: 20, through: servers)
        #expect(failures.isEmpty)
        #expect(wins == 1 && lost == 7)
        #expect(try servers[1].registeredNumbers(workflow: nil).map(\.number) == ["2603-0001"])
        #expect(try servers[0].verifyAudit().problems.isEmpty)
    }

    @Test("a step that lost the race is refused as a lost race, even when the winner took the pattern's last archive number")
    func lostRaceOverTheLastNumber() throws {
        let fresh = try FreshStore(.postgres)
        defer { fresh.remove() }
        _ = try Filing.store(fresh)
        let servers = [try fresh.open(), try fresh.open()]
        let (first, _) = try Filing.start(servers[0], customer: "Level Co", project: "P1", minute: 10)
        let filed = try Filing.engine.advance(first, task: 1, action: "file", note: nil, actor: Filing.alice, at: StoreContractTests.at(20))
        _ = try servers[0].commit(filed, readAt: first.revision, at: .clock(StoreContractTests.at(20)), archiveNumbers: Filing.numbering)
        try FreshStore.administer(fresh.address, "UPDATE archive_sequence SET last = 9998")
        let (read, _) = try Filing.start(servers[0], customer: "Level Co", project: "P2", minute: 30)
        let step = try Filing.engine.advance(read, task: 1, action: "file", note: nil, actor: Filing.alice, at: StoreContractTests.at(40))
        let (wins, lost, failures) = Self.race(step, readAt: read.revision, minute: 40, through: servers)
        #expect(failures.isEmpty)
        #expect(wins == 1 && lost == 7)
        #expect(try servers[1].registeredNumbers(workflow: nil).map(\.number) == ["2603-0001", "2603-9999"])
    }

    @Test("a write that waited for the chain head acts at the clock as the writer before it left it: a moment before a clock set meanwhile is refused")
    func clockSetWhileWaiting() throws {
        let fresh = try FreshStore(.postgres)
        defer { fresh.remove() }
        let (store, read, outcome) = try Self.commitWhileTheClockIsSetAhead(at: .given(StoreContractTests.at(20)), fresh)
        #expect(outcome == ["refused"])
        #expect(try store.dossier(read.id)?.revision == read.revision)
    }

    @Test("a clock reading earlier than a clock set while the write waited for the chain head is moved to it: the write, sent ahead at its own moment, is done again at the later one")
    func clockReadingMovedWhileWaiting() throws {
        let fresh = try FreshStore(.postgres)
        defer { fresh.remove() }
        let (store, read, outcome) = try Self.commitWhileTheClockIsSetAhead(at: .clock(StoreContractTests.at(20)), fresh)
        #expect(outcome == ["committed"])
        #expect(try store.dossier(read.id)?.revision == read.revision + 1)
        let events = try store.events(dossier: read.id).filter { $0.at > StoreContractTests.at(10) }
        #expect(!events.isEmpty && events.allSatisfy { $0.at == StoreContractTests.at(30) }, "\(events.map(\.at))")
        #expect(try store.tasks(TaskQuery(dossierID: read.id, includeClosed: true)).first { $0.number == 1 }?.closedAt == StoreContractTests.at(30))
        #expect(try store.verifyAudit().problems.isEmpty)
    }

    /// A dossier started at minute 10 and its first task filed at `moment` (minute 20), while
    /// another writer holds the chain head and sets the simulation clock to minute 30; the
    /// store, the dossier as read, and what the commit did ("committed", "refused" for time
    /// going backwards, or its error).
    static func commitWhileTheClockIsSetAhead(at moment: Moment, _ fresh: FreshStore) throws -> (any ContractStore, Dossier, [String]) {
        _ = try Filing.store(fresh)
        let store = try fresh.open()
        let (read, _) = try Filing.start(store, customer: "Level Co", project: "P1", minute: 10)
        let step = try Filing.engine.advance(read, task: 1, action: "file", note: nil, actor: Filing.alice, at: StoreContractTests.at(20))
        let holder = try FreshStore.connect(fresh.address)
        defer { try? holder.close().wait() }
        try FreshStore.run("BEGIN", on: holder)
        try FreshStore.run("SELECT seq FROM chain_head WHERE id = 1 FOR UPDATE", on: holder)
        try FreshStore.run("""
            INSERT INTO simulation_clock (id, at) VALUES (1, '\(StoredTime.text(StoreContractTests.at(30)))') ON CONFLICT (id) DO UPDATE SET at = excluded.at
            """, on: holder)
        let outcome = Failures()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            do {
                _ = try store.commit(step, readAt: read.revision, at: moment, archiveNumbers: Filing.numbering)
                outcome.append("committed")
            } catch StoreError.timeGoesBackwards {
                outcome.append("refused")
            } catch {
                outcome.append("\(error)")
            }
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.3)  // the write is waiting for the lock by now
        try FreshStore.run("COMMIT", on: holder)
        done.wait()
        return (store, read, outcome.all)
    }

    @Test("a write whose statement fails on the database after the store sent it without waiting is rolled back whole, and the failure named is that statement's")
    func failureOfAStatementSentAhead() throws {
        let fresh = try FreshStore(.postgres)
        defer { fresh.remove() }
        _ = try Filing.store(fresh)
        let store = try fresh.open()
        let (read, _) = try Filing.start(store, customer: "Level Co", project: "P1", minute: 10)
        let head = try store.chainHead()
        // The events of a step are sent without waiting, after the dossier's and its tasks' rows.
        try FreshStore.administer(fresh.address, "ALTER TABLE event ADD CONSTRAINT no_filing_today CHECK (kind <> 'task-closed')")
        let step = try Filing.engine.advance(read, task: 1, action: "file", note: nil, actor: Filing.alice, at: StoreContractTests.at(20))
        do {
            _ = try store.commit(step, readAt: read.revision, at: .clock(StoreContractTests.at(20)), archiveNumbers: Filing.numbering)
            Issue.record("the write was not refused")
        } catch let StoreError.writeFailed(_, cause) {
            #expect(cause.contains("no_filing_today"))
        }
        #expect(try store.chainHead() == head)
        #expect(try store.dossier(read.id)?.revision == read.revision)
        #expect(try store.tasks(TaskQuery(dossierID: read.id)).allSatisfy { $0.closedAt == nil })
        #expect(try store.registeredNumbers(workflow: nil).isEmpty)
    }

    /// Eight clients committing `step` at once, through `servers` in turn: how many won, how
    /// many lost the race, and what else went wrong.
    static func race(_ step: WorkflowEngine.Step, readAt revision: Int, minute: Double,
                     through servers: [any ContractStore]) -> (wins: Int, lost: Int, failures: [String]) {
        let wins = Failures(), lost = Failures(), failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            do {
                _ = try servers[index % servers.count].commit(step, readAt: revision, at: .clock(StoreContractTests.at(minute)),
                                                              archiveNumbers: Filing.numbering)
                wins.append("\(index)")
            } catch StoreError.conflict {
                lost.append("\(index)")
            } catch {
                failures.append("\(index): \(error)")
            }
        }
        return (wins.all.count, lost.all.count, failures.all)
    }

    @Test("8 registrations at once through two servers take consecutive numbers: none twice, none skipped")
    func concurrentRegistrations() throws {
        let fresh = try FreshStore(.postgres)
        defer { fresh.remove() }
        _ = try Filing.store(fresh)
        let servers = [try fresh.open(), try fresh.open()]
        for n in 1...8 { _ = try Filing.start(servers[n % 2], customer: "C\(n)", project: "P\(n)", minute: Double(n)) }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            do {
                _ = try Filing.file(servers[index % 2], dossier: index + 1, minute: 20)
            } catch {
                failures.append("\(index + 1): \(error)")
            }
        }
        #expect(failures.all.isEmpty)
        let register = try servers[0].registeredNumbers(workflow: "filing")
        #expect(register.map(\.number) == (1...8).map { "2603-000\($0)" })
        #expect(Set(register.map(\.dossierID)) == Set(1...8))
        #expect(try servers[1].verifyAudit().problems.isEmpty)
    }

    @Test("two servers sweeping the same month at once share the work: each fine is assessed once, the ledger is one sweep's")
    func sweepingTogether() throws {
        let car = try FineReplayTests.engine("new-car-intake"), loan = try FineReplayTests.engine("loan-intake")
        let engines = ["new-car-intake": car, "loan-intake": loan]
        let end = FineReplayTests.at("2026-04-01T00:00")
        let alone = try FreshStore(.postgres), together = try FreshStore(.postgres)
        defer { alone.remove(); together.remove() }
        for fresh in [alone, together] {
            let store = try FineReplayTests.freshStore(fresh)
            for action in FineReplayTests.month(car: car, loan: loan) { try action.run(store, action.time) }
            // Enough dossiers that both servers, claiming 10 tasks at a time, find work in the same sweep.
            for n in 1...120 {
                _ = try store.startDossier(at: .given(FineReplayTests.at("2026-03-21T10:00"))) { id, time in
                    try car.start(id: id, fields: ["customer": "Customer \(n)", "vin": "V\(n)", "sold-on": "2026-03-21"],
                                  assignments: ["sales": "sam", "archivist": "carol"], actor: FineReplayTests.staff["sam"]!,
                                  staff: FineReplayTests.staff, at: time)
                }
            }
        }
        let expected = try FineReplayTests.sweep(try alone.open(), at: end, engines: engines)
        #expect(expected.problems.isEmpty && !expected.assessed.isEmpty)

        let servers = [try together.open(sweepBatch: 10), try together.open(sweepBatch: 10)]
        let reports = Reports(), failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            do {
                reports.append(try FineReplayTests.sweep(servers[index], at: end, engines: engines))
            } catch {
                failures.append("\(index): \(error)")
            }
        }
        #expect(failures.all.isEmpty)
        let assessed = reports.all.flatMap(\.assessed)
        #expect(Set(assessed).count == assessed.count, "no fine assessed twice")
        #expect(assessed.count == expected.assessed.count)
        #expect(reports.all.allSatisfy { !$0.assessed.isEmpty }, "both servers did some of the work")
        #expect(reports.all.map(\.tasksChecked).reduce(0, +) == expected.tasksChecked)
        #expect(try FineReplayTests.ledger(servers[0]) == FineReplayTests.ledger(try alone.open()))
        #expect(try servers[1].verifyAudit().problems.isEmpty)
    }

    @Test("a SQLite store copied into PostgreSQL keeps every row: the same head, the same ledger and dossiers, sealed fields open; it carries on; a database not empty is refused")
    func copiedFromSQLite() throws {
        let car = try FineReplayTests.engine("new-car-intake"), loan = try FineReplayTests.engine("loan-intake")
        let source = try FreshStore(.sqlite), target = try FreshStore(.postgres)
        defer { source.remove(); target.remove() }
        let file = try FineReplayTests.freshStore(source)
        for action in FineReplayTests.month(car: car, loan: loan) { try action.run(file, action.time) }
        _ = try FineReplayTests.sweep(file, at: FineReplayTests.at("2026-03-25T00:00"), engines: ["new-car-intake": car, "loan-intake": loan])
        try PersonalSealingTests.deployCustomerDossier(file)
        _ = try PersonalSealingTests.start(file, "Zhou Min", at: "2026-03-26T09:00")
        // Text that COPY's format must escape: a tab, a backslash, line ends, \N.
        try file.addStaff(StaffMember(id: "odd", name: "Tab\there \\N back\\slash\nnew line\r\nend 鲍", roles: []), by: "gina",
                          at: .given(FineReplayTests.at("2026-03-26T10:00")))
        let sqlite = try #require(try source.open() as? SQLiteStore)

        let (copy, copied) = try PostgresStore.copy(sqlite, to: try FreshStore.location(target.address))
        #expect(try copied.head == sqlite.chainHead() && copied.events == sqlite.events(dossier: nil).count)
        #expect(try copy.chainHead() == sqlite.chainHead())
        #expect(try copy.verifyAudit().problems.isEmpty)
        #expect(try copy.info().isSimulation && copy.info().createdAt == sqlite.info().createdAt)
        #expect(try FineReplayTests.ledger(copy) == FineReplayTests.ledger(sqlite))
        let last = try #require(try sqlite.tasks(TaskQuery(includeClosed: true)).last?.dossierID)
        for id in 1...last { #expect(try copy.dossier(id) == sqlite.dossier(id), "dossier \(id)") }
        #expect(try copy.dossiers(ofCustomer: "zhou min").map(\.id) == sqlite.dossiers(ofCustomer: "Zhou Min").map(\.id))
        #expect(try copy.staffDirectory() == sqlite.staffDirectory())
        let versions = (try copy.latestVersions(of: .workflow), try sqlite.latestVersions(of: .workflow))
        #expect(versions.0 == versions.1, "\(versions.0.map { "\($0.id)@\($0.version) \($0.deployedAt)" }) \(versions.1.map { "\($0.id)@\($0.version) \($0.deployedAt)" })")

        // The copy carries on where the file stopped: the next dossier, the next event.
        let next = try PersonalSealingTests.start(copy, "Li Lei", at: "2026-03-27T09:00")
        #expect(next.id == last + 1)
        #expect(try copy.verifyAudit().problems.isEmpty)

        // A database that holds a store already is refused, and left as it was.
        #expect(throws: StoreError.self) { try PostgresStore.copy(sqlite, to: try FreshStore.location(target.address)) }
        #expect(try copy.dossier(next.id) != nil)
    }

    @Test("a store whose log does not audit is not copied: the refusal names what is wrong, and the database stays empty")
    func copyRefusesABrokenLog() throws {
        let source = try FreshStore(.sqlite), target = try FreshStore(.postgres)
        defer { source.remove(); target.remove() }
        let file = try source.create()
        for n in 1...8 {
            try file.addStaff(StaffMember(id: "p\(n)", name: "P\(n)", roles: []), by: "gina", at: .given(StoreContractTests.at(Double(n))))
        }
        try source.tamper("UPDATE event SET actor = 'mallory'")
        let sqlite = try #require(try source.open() as? SQLiteStore)
        let location = try FreshStore.location(target.address)
        #expect {
            try PostgresStore.copy(sqlite, to: location)
        } throws: { error in
            "\(error)".contains("the copy does not audit: event 1 was edited") && "\(error)".contains("and 3 more")
        }
        #expect(try PostgresStore(creatingAt: location, simulation: true, at: FreshStore.opening).staffDirectory().isEmpty,
                "the database was left empty")
    }

    @Test("the same changes make the same chain in SQLite and in PostgreSQL: a log copied across verifies with the same head")
    func sameChain() throws {
        var heads: [String] = []
        for kind in StoreKind.allCases {
            let fresh = try FreshStore(kind)
            defer { fresh.remove() }
            let store = try fresh.create()
            _ = try store.deploy([StoreContractTests.workflow("loan", "Loan")], at: StoreContractTests.at(0))
            try store.addStaff(StaffMember(id: "bob", name: "Bob \"B\" 鲍勃", roles: ["handler"], department: "loans"), by: "gina",
                               at: .given(StoreContractTests.at(1)))
            try store.addStaff(StaffMember(id: "eve", name: "Eve", roles: []), by: "bob", at: .given(StoreContractTests.at(2)))
            try store.deactivateStaff("eve", reason: "left\tfor good", by: "gina", at: .given(StoreContractTests.at(3)))
            let events = try store.events(dossier: nil)
            #expect(StoreContractTests.verifies(events))
            heads.append(try #require(events.last?.hash))
        }
        #expect(heads.count == 2 && heads[0] == heads[1], "\(heads)")
    }
}

/// Failures collected from concurrent work.
final class Failures: Sendable {
    private let list = Mutex<[String]>([])

    func append(_ failure: String) { list.withLock { $0.append(failure) } }
    var all: [String] { list.withLock { $0 } }
}

/// Sweep reports collected from concurrent sweeps.
final class Reports: Sendable {
    private let list = Mutex<[SweepReport]>([])

    func append(_ report: SweepReport) { list.withLock { $0.append(report) } }
    var all: [SweepReport] { list.withLock { $0 } }
}

/// A PostgreSQL database is a store only when Dossier made it.
@Suite("Making and opening a PostgreSQL store", .serialized, .enabled(if: StoreKind.available.contains(.postgres)))
struct PostgresOpeningTests {
    @Test("a database holding anything else is never made a store, and one Dossier did not make is never opened as one")
    func foreignDatabases() throws {
        let fresh = try FreshStore(.postgres)
        defer { fresh.remove() }
        let location = try FreshStore.location(fresh.address)
        #expect(throws: StoreError.unreadable(path: location.description,
                                              reason: "it is some other database, not a Dossier store; create one with `dossier init --database`")) {
            try PostgresStore(openingAt: location)
        }
        try FreshStore.administer(fresh.address, "CREATE TABLE customers (name TEXT)")
        #expect(throws: StoreError.alreadyExists(path: location.description)) {
            try PostgresStore(creatingAt: location, simulation: true, at: FreshStore.opening)
        }
        try FreshStore.administer(fresh.address, "SELECT name FROM customers")
        try FreshStore.administer(fresh.address, "DROP TABLE customers")
        _ = try PostgresStore(creatingAt: location, simulation: true, at: FreshStore.opening)
        #expect(try PostgresStore(openingAt: location).info().isSimulation)
    }

    @Test("a store from a newer Dossier is refused; an up-to-date store opens without migrating")
    func formats() throws {
        let fresh = try FreshStore(.postgres)
        defer { fresh.remove() }
        let location = try FreshStore.location(fresh.address)
        _ = try PostgresStore(creatingAt: location, simulation: false, at: FreshStore.opening)
        try FreshStore.administer(fresh.address, "INSERT INTO dossier_migration (identifier) VALUES ('v99-from-the-future')")
        #expect(throws: StoreError.newerFormat(path: location.description, migration: "v99-from-the-future")) {
            try PostgresStore(openingAt: location)
        }
        try FreshStore.administer(fresh.address, "DELETE FROM dossier_migration WHERE identifier = 'v99-from-the-future'")
        #expect(try PostgresStore(openingAt: location, migrating: false).info().isSimulation == false)
    }

    @Test("a store made by an older Dossier is brought to the current format when opened (never when told not to), its rows kept")
    func olderFormat() throws {
        let fresh = try FreshStore(.postgres)
        defer { fresh.remove() }
        let location = try FreshStore.location(fresh.address)
        let made = try PostgresStore(creatingAt: location, simulation: false, at: FreshStore.opening)
        try made.addStaff(StaffMember(id: "gina", name: "Gina", roles: ["admin"]), by: "gina", at: .clock(StoreContractTests.at(1)))
        // As a store made before logins were kept in PostgreSQL stores, and open tasks read from an index alone.
        try FreshStore.administer(fresh.address, "DROP TABLE audit_checkpoint, login_failure, login_session, staff_password")
        try FreshStore.administer(fresh.address, "DROP INDEX task_open_by_role")
        try FreshStore.administer(fresh.address, "ALTER TABLE task RESET (autovacuum_vacuum_scale_factor)")
        try FreshStore.administer(fresh.address, "CREATE INDEX task_open_by_role ON task (role_id, opened_at) WHERE closed_at IS NULL")
        try FreshStore.administer(fresh.address, """
            DELETE FROM dossier_migration WHERE identifier IN ('v3-passwords-sessions-checkpoints', 'v4-open-tasks-by-role-covering')
            """)
        #expect(throws: StoreError.olderFormat(path: location.description)) { try PostgresStore(openingAt: location, migrating: false) }
        let migrated = try PostgresStore(openingAt: location)
        #expect(try migrated.info().schemaVersion == "v4-open-tasks-by-role-covering")
        let index = try FreshStore.query(fresh.address, "SELECT indexdef FROM pg_indexes WHERE indexname = 'task_open_by_role'").first?.decode(String.self)
        #expect(index?.contains("INCLUDE") == true)
        let options = try FreshStore.query(fresh.address, "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'task'").first?.decode(String?.self)
        #expect(options == "autovacuum_vacuum_scale_factor=0.02")
        #expect(try migrated.staffMember("gina")?.name == "Gina")
        try migrated.setPasswordHash("$2b$12$hash", of: "gina", by: "gina", at: .clock(StoreContractTests.at(2)))
        #expect(try migrated.passwordHash(of: "gina") == "$2b$12$hash")
        #expect(try migrated.verifyAudit().problems.isEmpty)
    }

    @Test("no password, or a wrong one: refused with the server's reason, and the password is named nowhere")
    func wrongPassword() throws {
        let fresh = try FreshStore(.postgres)
        defer { fresh.remove() }
        var location = try FreshStore.location(fresh.address)
        location.password = "not the password"
        do {
            _ = try PostgresStore(openingAt: location)
            Issue.record("a wrong password was accepted")
        } catch let error as StoreError {
            #expect(error.description.contains(location.description) && error.description.contains("could not be reached"), "\(error)")
            #expect(!error.description.contains("not the password"))
        }
    }
}
