import Foundation
import Testing

/// `dossier demo --serve`: the whole tour through a server on a loopback port, each person
/// logged in with a password of their own, prints what the tour prints on a local store.
@Suite("The demo through a server")
struct DemoThroughServerTests {
    /// What a tour prints, without the command lines (`$ dossier … --as alice` locally,
    /// `alice$ dossier …` through the server), with the folder and event numbers left out.
    static func narration(_ output: String, folder: String) -> [String] {
        output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { line in !line.hasPrefix("   $ dossier") && line.range(of: #"^   [a-z]+\$ dossier"#, options: .regularExpression) == nil }
            .map { $0.replacingOccurrences(of: folder, with: "DIR").replacingOccurrences(of: #"  #[0-9]+  "#, with: "  #N  ", options: .regularExpression) }
    }

    @Test("every step after the first admin goes through the API as the person logged in, and prints what the local tour prints")
    func sameTour() throws {
        let local = try TemporaryFolder(), served = try TemporaryFolder()
        let expected = try DossierProcess.run(["demo", "--store", local.path("d.db")])
        let tour = try DossierProcess.run(["demo", "--serve", "--store", served.path("d.db")])
        #expect(expected.status == 0, "\(expected.stderr)")
        #expect(tour.status == 0, "\(tour.stderr)")

        let people = ["alice", "bob", "carol", "sam", "mia", "gina"]
        let commandLines = tour.stdout.split(separator: "\n").filter { $0.range(of: #"^   [a-z]+\$ dossier"#, options: .regularExpression) != nil }
        #expect(commandLines.count > 80, "the tour's steps go through the server")
        #expect(!commandLines.contains { $0.contains(" --as ") || $0.hasSuffix(" --as") }, "nobody names who acts through a server")
        for person in people { #expect(commandLines.contains { $0.hasPrefix("   \(person)$ ") }, "\(person) acts through the server") }

        var mine = Self.narration(expected.stdout + expected.stderr, folder: local.url.path)
        var theirs = Self.narration(tour.stdout + tour.stderr, folder: served.url.path)
        // Through a server: the line that says it is served, and an audit that counts the
        // logins and reads among the events and checks the checkpoints the server signed.
        theirs.removeAll { $0.contains("is served at http://127.0.0.1:") }
        let audit = #"^audit log intact: [0-9]+ events"#
        #expect(mine.contains { $0.range(of: audit, options: .regularExpression) != nil })
        #expect(theirs.contains { $0.range(of: audit, options: .regularExpression) != nil && $0.range(of: #"[0-9]+ signed checkpoints? verified against the service's key$"#, options: .regularExpression) != nil })
        mine.removeAll { $0.range(of: audit, options: .regularExpression) != nil }
        theirs.removeAll { $0.range(of: audit, options: .regularExpression) != nil }
        // The backups at the month's end: into the store's folder locally, the server's backup
        // folder through it, each counting its own events; the copy restored from them too.
        let backup = #"^(backed up to DIR/backups/office-2026-0[34].db|restored DIR/backups/office-2026-03.db).*: [0-9]+ events"#
        #expect(mine.filter { $0.range(of: backup, options: .regularExpression) != nil }.count == 3, "\(mine)")
        #expect(theirs.filter { $0.range(of: backup, options: .regularExpression) != nil }.count == 3, "\(theirs)")
        mine.removeAll { $0.range(of: backup, options: .regularExpression) != nil }
        theirs.removeAll { $0.range(of: backup, options: .regularExpression) != nil }
        #expect(mine == theirs)
        if mine != theirs {
            let first = zip(mine, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(mine.count, theirs.count)
            Issue.record("first difference at line \(first): local \(mine.dropFirst(first).first ?? "(end)") / served \(theirs.dropFirst(first).first ?? "(end)")")
        }

        // The store the server kept verifies on its own, with the checkpoint it signed at its stop.
        let verified = try DossierProcess.run(["audit", "verify", "--store", served.path("d.db")])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("signed checkpoint"), "\(verified.stdout)")
    }
}
