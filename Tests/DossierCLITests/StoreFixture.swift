import Foundation
import Testing

/// A store in a temporary folder with staff and the test workflows deployed: a simulation store
/// whose first person, alice, also administers it; or a production store administered by this
/// account's login, who added the staff.
final class StoreFixture {
    let folder: TemporaryFolder
    let path: String

    /// The fixture workflows (`Fixtures/`) beside this file.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// A fixture over an existing store, for its `sqlite` helper.
    private init(path: String, folder: TemporaryFolder) {
        self.folder = folder
        self.path = path
    }

    /// The existing store at `path`, kept in `folder`.
    static func adopting(_ path: String, folder: TemporaryFolder) throws -> StoreFixture {
        StoreFixture(path: path, folder: folder)
    }

    init(workflows: String = StoreFixture.fixtures, simulation: Bool = true) throws {
        folder = try TemporaryFolder()
        path = folder.path("d.db")
        let created = try DossierProcess.run(["init", "--store", path, "--workflows", workflows] + (simulation ? ["--simulation"] : []))
        guard created.status == 0 else { throw FixtureFailure("init failed: \(created.stderr)") }
        for (user, role) in [("alice", "handler"), ("bob", "handler"), ("carol", "archivist"), ("dan", "handler")] {
            let arguments = ["staff", "add", user, "--name", user.capitalized, "--role", role] + (user == "alice" ? ["--role", "admin"] : [])
            let added = simulation
                ? try run(arguments + ["--at", "2026-03-02T08:00"], as: "alice")
                : try DossierProcess.run(arguments + ["--store", path])
            guard added.status == 0 else { throw FixtureFailure("staff add failed: \(added.stderr)") }
        }
    }

    /// Runs `dossier arguments…` on this store as `user`.
    @discardableResult
    func run(_ arguments: [String], as user: String = "alice") throws -> DossierProcess.Result {
        try DossierProcess.run(arguments + ["--store", path], environment: ["DOSSIER_USER": user])
    }

    /// Starts a ping dossier and returns its first task's id.
    func startPing(at time: String? = "2026-03-02T09:00") throws -> Int {
        let started = try run(["start", "ping", "--assign", "a=alice", "--assign", "b=bob"] + (time.map { ["--at", $0] } ?? []))
        guard started.status == 0, let line = started.stdout.split(separator: "\n").first(where: { $0.hasPrefix("task ") }),
              let id = Int(line.dropFirst(5).prefix { $0.isNumber }) else {
            throw FixtureFailure("start failed: \(started.stderr)")
        }
        return id
    }

    /// The open task of dossier `id`, read through `task list --format json`.
    func openTask(of dossier: Int) throws -> Int? {
        let listed = try run(["task", "list", "--dossier", String(dossier), "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        return rows.first { $0["status"] as? String != "done" }?["task"] as? Int
    }

    /// Runs `sqlite3 store sql`.
    func sqlite(_ sql: String) throws -> String {
        try sqliteShell(path, sql)
    }
}

struct FixtureFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// `sql` run by the sqlite3 shell on the store file at `path`, its output as printed.
func sqliteShell(_ path: String, _ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [path, sql]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}
