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
                               "/usr/bin/Workflows", "/usr/Workflows", "/Workflows"]
            .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } })
        #expect(Set(candidates).count == candidates.count)
    }
}
