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

    @Test("a bare command name is looked up in PATH as a shell would; a path is taken as given")
    func searchPath() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-path-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bin = folder.appendingPathComponent("bin"), other = folder.appendingPathComponent("other")
        for directory in [bin, other] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        // In `other` a file named dossier that may not be run; in `bin` the executable.
        #expect(FileManager.default.createFile(atPath: other.appendingPathComponent("dossier").path, contents: Data()))
        #expect(FileManager.default.createFile(atPath: bin.appendingPathComponent("dossier").path, contents: Data(),
                                               attributes: [.posixPermissions: 0o755]))
        let path = "/nonexistent::\(other.path):\(bin.path)"
        #expect(DefinitionSchemas.executable(named: "dossier", searchPath: path) == bin.appendingPathComponent("dossier").path)
        #expect(DefinitionSchemas.executable(named: "./dossier", searchPath: path) == "./dossier")
        #expect(DefinitionSchemas.executable(named: "missing", searchPath: path) == "missing")
    }
}

