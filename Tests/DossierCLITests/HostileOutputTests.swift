import Foundation
import Testing

/// What a hostile or careless user did to Dossier's output (issue #22), through the binary.
@Suite("Hostile input: output")
struct HostileOutputTests {
    /// The demo's store in a fresh folder.
    static func demo() throws -> (TemporaryFolder, String) {
        let folder = try TemporaryFolder()
        let store = folder.path("dossier.db")
        guard try DossierProcess.run(["demo", "--store", store]).status == 0 else { throw FixtureFailure("demo failed") }
        return (folder, store)
    }

    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test("render -o never replaces the store, a device, a FIFO or a symbolic link; a new document is 0600, an existing file keeps its mode")
    func renderOutput() throws {
        let (folder, store) = try Self.demo()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: store)[.size] as? Int)
        let render = ["render", "item-list", "1", "--store", store, "-o"]

        let overStore = try DossierProcess.run(render + [store])
        #expect(overStore.status == 1)
        #expect(overStore.stderr.contains("is a SQLite database"), "\(overStore.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: store)[.size] as? Int == size)
        #expect(try DossierProcess.run(["audit", "verify", "--store", store]).status == 0, "the store and its log are intact")

        let fifo = folder.path("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let overFIFO = try DossierProcess.run(render + [fifo])
        #expect(overFIFO.status == 1)
        #expect(overFIFO.stderr.contains("not a regular file (a FIFO)"), "\(overFIFO.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: fifo)[.type] as? FileAttributeType != .typeRegular, "the FIFO is still a FIFO")

        let overDevice = try DossierProcess.run(render + ["/dev/null"])
        #expect(overDevice.status == 1)
        #expect(overDevice.stderr.contains("character device"), "\(overDevice.stderr)")

        let target = folder.path("private.txt")
        try "secret".write(toFile: target, atomically: true, encoding: .utf8)
        let link = folder.path("link.txt")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let overLink = try DossierProcess.run(render + [link])
        #expect(overLink.status == 1)
        #expect(overLink.stderr.contains("symbolic link"))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "secret")

        #expect(chmod(target, 0o600) == 0)
        let kept = try DossierProcess.run(render + [target])
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(try Self.mode(target) == 0o600, "an existing file keeps its mode")
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("鸿借字第001号"))

        let fresh = folder.path("new.html")
        #expect(try DossierProcess.run(render + [fresh]).status == 0)
        #expect(try Self.mode(fresh) == 0o600, "a new document holds dossier contents: only its owner reads it")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.hasPrefix(".dossier-render-") }
        #expect(leftovers.isEmpty)
    }
}

extension HostileOutputTests {
    static func run(_ store: String, _ arguments: [String], as user: String, at time: String) throws -> DossierProcess.Result {
        try DossierProcess.run(arguments + ["--store", store, "--at", time], environment: ["DOSSIER_USER": user])
    }

    @Test("text from the store never drives a terminal: escapes in names, fields and notes are shown escaped, and forge no lines")
    func terminalEscapes() throws {
        let (folder, store) = try Self.demo()
        defer { withExtendedLifetime(folder) {} }
        let title = "Eve\u{1B}]0;owned\u{07}"
        let added = try Self.run(store, ["staff", "add", "eve", "--name", title, "--role", "handler"], as: "carol", at: "2026-03-26T09:00")
        #expect(added.status == 64, "a name with control characters is refused at once: \(added.stderr)")
        let forged = "2026-03-02 09:00  #1  carol  forged"
        let slip = try Self.run(store, ["borrow", "request", "鸿借字第001号", "--purpose", "look\r\n\(forged)\u{1B}[2J", "--until", "2026-03-27"],
                                as: "sam", at: "2026-03-26T09:05")
        #expect(slip.status == 0, "\(slip.stderr)")
        let loan = try #require(slip.stdout.split(separator: ":").first?.split(separator: " ").last.map(String.init))

        for arguments in [["staff", "list"], ["staff", "show", "sam"], ["history", loan], ["loans"], ["custody", "鸿借字第001号"],
                          ["render", "borrow-slip", loan]] {
            let shown = try Self.run(store, arguments, as: "carol", at: "2026-03-26T09:10")
            #expect(shown.status == 0, "\(arguments): \(shown.stderr)")
            let controls = shown.stdout.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
            #expect(controls.isEmpty, "\(arguments) printed control characters: \(controls.map(\.value))")
            #expect(!shown.stdout.split(separator: "\n").contains { $0.hasPrefix(forged) }, "\(arguments) printed a forged line")
        }
        let history = try Self.run(store, ["history", loan], as: "carol", at: "2026-03-26T09:11")
        #expect(history.stdout.contains("look\\r\\n" + forged + "\\e[2J"), "the purpose is there, escaped: \(history.stdout)")
    }

    @Test("a CSV cell that a spreadsheet would run as a formula starts with a quote instead")
    func csvFormulas() throws {
        let (folder, store) = try Self.demo()
        defer { withExtendedLifetime(folder) {} }
        for (user, name) in [("mal", "=cmd|' /C calc'!A0"), ("plus", "+1+1"), ("at", "@SUM(A1)"), ("dash", "-2+3")] {
            let added = try Self.run(store, ["staff", "add", user, "--name=\(name)", "--role", "handler"], as: "carol", at: "2026-03-26T09:00")
            #expect(added.status == 0, "\(added.stderr)")
        }
        let listed = try Self.run(store, ["staff", "list", "--format", "csv"], as: "carol", at: "2026-03-26T09:01")
        #expect(listed.stdout.contains("mal,'=cmd|' /C calc'!A0,"), "\(listed.stdout)")
        #expect(listed.stdout.contains("plus,'+1+1,") && listed.stdout.contains("at,'@SUM(A1),") && listed.stdout.contains("dash,'-2+3,"))
        let json = try Self.run(store, ["staff", "list", "--format", "json"], as: "carol", at: "2026-03-26T09:02")
        #expect(json.stdout.contains("\"=cmd|' /C calc'!A0\""), "JSON keeps the value as it is")
    }
}
