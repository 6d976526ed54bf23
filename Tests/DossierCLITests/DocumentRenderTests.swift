import Foundation
import Testing

/// `dossier render` through the binary on the demo store, against golden files in `Golden/`.
/// When a template changes on purpose, re-record them with
/// `DOSSIER_RECORD=1 swift test --filter DocumentRenderTests` and read the diff.
@Suite("Printable documents")
struct DocumentRenderTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test("every document renders as its golden text and HTML", arguments: [
        (["render", "register"], "register"),
        (["render", "supplementary-list", "1"], "supplementary-list"),
        (["render", "item-list", "1"], "item-list"),
        (["render", "receipt-book-entry", "3"], "receipt-book-entry"),
        (["render", "certificate-list", "1"], "certificate-list"),
        (["render", "borrow-slip", "4"], "borrow-slip"),
        (["render", "loan-ledger"], "loan-ledger"),
        (["render", "departure-list", "5"], "departure-list"),
        (["render", "customer-list", "5"], "customer-list"),
        (["render", "correction-form", "6"], "correction-form"),
    ])
    func golden(arguments: [String], name: String) throws {
        let folder = try TemporaryFolder()
        let store = folder.path("demo.db")
        #expect(try DossierProcess.run(["demo", "--store", store]).status == 0)
        for (form, ext) in [("text", "txt"), ("html", "html")] {
            let rendered = try DossierProcess.run(arguments + ["--form", form, "--store", store, "--at", "2026-03-31T18:00"])
            #expect(rendered.status == 0, "\(rendered.stderr)")
            let kept = Self.golden.appendingPathComponent("\(name).\(ext)")
            if ProcessInfo.processInfo.environment["DOSSIER_RECORD"] == "1" { try rendered.stdout.write(to: kept, atomically: true, encoding: .utf8) }
            let expected = try String(contentsOf: kept, encoding: .utf8)
            #expect(rendered.stdout == expected,
                    "dossier \(arguments.joined(separator: " ")) --form \(form) differs from Golden/\(name).\(ext): rerun with DOSSIER_RECORD=1 if on purpose")
        }
    }

    @Test("a dossier never returned has no supplementary list, and says so")
    func noSupplementaryList() throws {
        let folder = try TemporaryFolder()
        let store = folder.path("demo.db")
        #expect(try DossierProcess.run(["demo", "--store", store]).status == 0)
        let refused = try DossierProcess.run(["render", "supplementary-list", "2", "--store", store])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("dossier 2 has not been returned with a supplementary list"))
        let missing = try DossierProcess.run(["render", "supplementary-list", "9", "--store", store])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("there is no dossier 9"))
    }
}
