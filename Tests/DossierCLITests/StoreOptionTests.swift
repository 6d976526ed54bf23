import Foundation
import Testing

/// How a command finds its store: `--store PATH`, `--store=PATH`, `$DOSSIER_STORE`, then
/// `./dossier.db`. (The binary opens the store it guesses from the raw arguments while it parses
/// them; these tests pin that the parsed command always gets the store it names.)
@Suite("Naming the store")
struct StoreOptionTests {
    @Test("--store PATH, --store=PATH and DOSSIER_STORE name the same store")
    func forms() throws {
        let store = try StoreFixture()
        _ = try store.startPing()
        let spaced = try DossierProcess.run(["pending", "--format", "json", "--store", store.path], environment: ["DOSSIER_USER": "alice"])
        let joined = try DossierProcess.run(["pending", "--format", "json", "--store=\(store.path)"], environment: ["DOSSIER_USER": "alice"])
        let environment = try DossierProcess.run(["pending", "--format", "json"],
                                                 environment: ["DOSSIER_USER": "alice", "DOSSIER_STORE": store.path])
        #expect(spaced.status == 0)
        #expect(spaced.stdout.contains("\"task\": 1"))
        #expect(joined.status == 0 && joined.stdout == spaced.stdout)
        #expect(environment.status == 0 && environment.stdout == spaced.stdout)
    }

    @Test("the last --store wins over DOSSIER_STORE and earlier --store options, even when they name real stores")
    func lastWins() throws {
        let named = try StoreFixture()
        let other = try StoreFixture()
        _ = try other.startPing()
        let missing = named.folder.path("nowhere.db")
        let refused = try DossierProcess.run(["pending", "--store", other.path, "--store", missing],
                                             environment: ["DOSSIER_USER": "alice", "DOSSIER_STORE": other.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("nowhere.db"))
        let listed = try DossierProcess.run(["pending", "--format", "json", "--store", named.path],
                                            environment: ["DOSSIER_USER": "alice", "DOSSIER_STORE": other.path])
        #expect(listed.status == 0)
        #expect(listed.stdout == "[]\n")
    }

    @Test("--database: a password in the URL, a URL that is not PostgreSQL's, both --store and --database, serving or making one without a signing key: each a sentence and exit 64, nothing made")
    func databaseRefusals() throws {
        let folder = try TemporaryFolder()
        let cases: [([String], String)] = [
            (["pending", "--database", "postgres://dossier:secret@127.0.0.1/office"], "password"),
            (["pending", "--database", "mysql://dossier@127.0.0.1/office"], "postgres://"),
            (["pending", "--store", folder.path("a.db"), "--database", "postgres://dossier@127.0.0.1/office"], "--store and --database"),
            (["serve", "--database", "postgres://dossier@127.0.0.1:1/office"], "--signing-key"),
            (["init", "--database", "postgres://dossier@127.0.0.1:1/office"], "--signing-key"),
        ]
        for (arguments, named) in cases {
            let result = try DossierProcess.run(arguments, in: folder.url, environment: ["DOSSIER_USER": "alice"])
            #expect(result.status == 64, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(named), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("secret"), "the password is never repeated")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty, "nothing was made")
    }
}
