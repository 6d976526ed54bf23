import DossierDefinition
import Foundation
import Testing

/// Where the shipped `Workflows/` and `Templates/` folders are looked for.
@Suite("Shipped folders")
struct ShippedFolderTests {
    @Test("each place is named once, most specific first, even for an executable near the root")
    func candidates() {
        let candidates = DefinitionSchemas.shippedFolderCandidates("Workflows", environment: ["DOSSIER_HOME": "/opt/dossier"],
                                                                   executable: "/usr/bin/dossier")
        #expect(candidates == ["/opt/dossier/Workflows", FileManager.default.currentDirectoryPath + "/Workflows",
                               "/usr/bin/Workflows", "/usr/share/dossier/Workflows", "/usr/Workflows", "/Workflows"]
            .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } })
        #expect(Set(candidates).count == candidates.count)
    }

    @Test("an installation's PREFIX/share/dossier comes right after the executable's own folder, and only for a bin folder")
    func installed() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-prefix-\(UUID().uuidString)")
        let candidates = DefinitionSchemas.shippedFolderCandidates("Templates", environment: [:],
                                                                   executable: prefix.appendingPathComponent("bin/dossier").path)
        #expect(Array(candidates.dropFirst().prefix(2)) == [prefix.appendingPathComponent("bin/Templates").path,
                                                              prefix.appendingPathComponent("share/dossier/Templates").path])
        let libexec = DefinitionSchemas.shippedFolderCandidates("Templates", environment: [:],
                                                                executable: prefix.appendingPathComponent("libexec/dossier").path)
        #expect(!libexec.contains { $0.contains("share/dossier") })
    }
}
