import Foundation
import Testing

/// The demo's office served by a real `dossier serve` for one test, for the browser: everything the tour
/// did (dossiers, fines, the register, loans), plus two hand-over reviews that mia, sales'
/// department manager, must sign off after alice, both overdue. Each person has a password.
final class OfficeInBrowser: @unchecked Sendable {
    let folder: TemporaryFolder
    let path: String
    let server: Process
    let url: String
    /// The reviews: the one mia signs off in the browser, and the one the refusals are tried on.
    let review: (dossier: Int, task: Int)
    let untouched: (dossier: Int, task: Int)
    /// bob's borrow slip for GY-SH-001, waiting for an approver of its level (gina, the GM, is one).
    let slip: Int
    static let password = "a long enough secret"

    /// A two-signature review with a two-working-day deadline.
    static let workflow = """
        <workflow xmlns="urn:dossier:workflow:1" id="review" title="Hand-over review (移交审核)" calendar="cn">
          <roles>
            <role id="handler" staff-role="handler"/>
            <role id="manager" staff-role="department-manager" distinct-from="handler"/>
          </roles>
          <states initial="review">
            <state id="review" role="handler" title="Under review (审核中)">
              <deadline within="2" unit="working-days"/>
              <transition action="approve" to="done" sign-off="handler manager" title="Approve the hand-over (批准移交)"/>
            </state>
            <state id="done" final="true" title="Approved (已批准)"/>
          </states>
        </workflow>
        """

    /// The office as the tour and the reviews left it, made once for all the tests (building
    /// it takes a while); each test serves a copy of its own.
    private struct Prepared: @unchecked Sendable {
        let folder: TemporaryFolder
        let path: String
        let review: (dossier: Int, task: Int)
        let untouched: (dossier: Int, task: Int)
        let slip: Int
    }

    /// Made once per test run, and removed when the test process exits.
    private static let prepared: Result<Prepared, any Error> = Result {
        let folder = try TemporaryFolder(at: preparedFolder)
        atexit { try? FileManager.default.removeItem(at: OfficeInBrowser.preparedFolder) }
        let path = folder.path("office.db")
        let demo = try DossierProcess.run(["demo", "--store", path])
        guard demo.status == 0 else { throw FixtureFailure("demo failed: \(demo.stderr)") }
        try workflow.write(toFile: folder.path("review.xml"), atomically: true, encoding: .utf8)
        try check(try local(["workflow", "deploy", folder.path("review.xml")], path, as: "carol"))
        for person in ["alice", "bob", "carol", "gina", "mia", "sam"] {
            try check(try DossierProcess.run(["staff", "password", person, "--password-stdin", "--store", path, "--as", "carol"],
                                             input: password + "\n"))
        }
        var reviews: [(Int, Int)] = []
        for _ in 0..<2 {
            let started = try local(["start", "review", "--assign", "handler=alice", "--assign", "manager=mia"], path, as: "alice")
            try check(started)
            // "started dossier 7 (review version 1) in state review" / "task 18: review for handler (alice), …"
            let words = started.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ":" })
            guard let dossier = words.firstIndex(of: "dossier").flatMap({ Int(words[$0 + 1]) }),
                  let task = words.firstIndex(of: "task").flatMap({ Int(words[$0 + 1]) }) else {
                throw FixtureFailure("start said: \(started.stdout)")
            }
            // alice signs her part; the review then waits for mia's.
            try check(try local(["task", "advance", String(task), "approve"], path, as: "alice"))
            reviews.append((dossier, task))
        }
        // bob asks to borrow the new car's dossier: the slip waits for an approver of its level.
        let requested = try local(["borrow", "request", "GY-SH-001", "--purpose", "checking the sale", "--until", "2026-04-10"], path, as: "bob")
        try check(requested)
        guard let slip = requested.stdout.split(separator: " ").dropFirst().first.flatMap({ Int($0.dropLast()) }) else {
            throw FixtureFailure("borrow request said: \(requested.stdout)")
        }
        try check(try local(["clock", "advance", "7d"], path, as: "carol"))
        // One file, the journal folded in, to copy.
        _ = try sqliteShell(path, "PRAGMA wal_checkpoint(TRUNCATE)")
        return Prepared(folder: folder, path: path, review: reviews[0], untouched: reviews[1], slip: slip)
    }

    private static let preparedFolder = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-test-\(UUID().uuidString)")

    init() throws {
        let prepared = try Self.prepared.get()
        folder = try TemporaryFolder()
        path = folder.path("office.db")
        let names = try FileManager.default.contentsOfDirectory(atPath: prepared.folder.url.path).filter { $0.hasPrefix("office.db") }
        for name in names { try FileManager.default.copyItem(atPath: prepared.folder.path(name), toPath: folder.path(name)) }
        review = prepared.review
        untouched = prepared.untouched
        slip = prepared.slip
        (server, url) = try ServerFixture.serve(path)
    }

    deinit {
        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
    }

    /// Runs `dossier arguments…` on the store file as `person` (a simulation store).
    static func local(_ arguments: [String], _ path: String, as person: String) throws -> DossierProcess.Result {
        try DossierProcess.run(arguments + ["--store", path, "--as", person])
    }

    func local(_ arguments: [String], as person: String = "carol") throws -> DossierProcess.Result {
        try Self.local(arguments, path, as: person)
    }

    /// The dossier's revision, which any change moves on.
    func revision(of dossier: Int) throws -> String {
        try sqliteShell(path, "SELECT revision FROM dossier WHERE id = \(dossier)").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func check(_ result: DossierProcess.Result) throws {
        guard result.status == 0 else { throw FixtureFailure("dossier failed (\(result.status)): \(result.stderr)") }
    }

    /// A browser logged in as `person` (through the login page).
    func browser(as person: String, language: String = "zh-CN") throws -> Browser {
        let browser = try Browser(language: language)
        try browser.open(url + "/login")
        try browser.type(person, into: "#user")
        try browser.type(Self.password, into: "#password")
        try browser.submit("form.login button[type=submit]")
        guard try !browser.currentURL().contains("/login") else { throw FixtureFailure("\(person) could not log in") }
        return browser
    }

    /// Where screenshots go: `Docs/screenshots` when re-recording (`DOSSIER_RECORD=1`), else this fixture's folder.
    func screenshotPath(_ name: String) -> String {
        ProcessInfo.processInfo.environment["DOSSIER_RECORD"] == "1"
            ? DossierProcess.packageRoot.appendingPathComponent("Docs/screenshots/\(name).png").path
            : folder.path("\(name).png")
    }
}

/// The width and height a PNG's header gives.
func pngSize(_ data: Data) -> (width: Int, height: Int)? {
    let bytes = [UInt8](data)
    guard bytes.count > 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
    func number(at offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (number(at: 16), number(at: 20))
}
