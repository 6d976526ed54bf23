import Foundation
import Testing

/// `docs/writing-a-workflow.md` run as it is written (issue #23): every file it shows is
/// written, every command it shows is run in order with the real binary, and every line shown
/// under a command must be among the lines it prints, with the exit status shown (`[exit N]`,
/// else 0). The guide cannot drift from the program.
@Suite("The workflow guide")
struct GuideTests {
    /// One step of the guide.
    enum Step {
        /// A file to write: its name and text.
        case file(String, String)
        /// A command, the lines it must print, and its exit status.
        case command([String], expected: [String], status: Int32, line: Int)
    }

    static let guide = DossierProcess.packageRoot.appendingPathComponent("docs/writing-a-workflow.md")

    @Test("every file and command of docs/writing-a-workflow.md runs and prints what the guide shows")
    func guideRuns() throws {
        let steps = try Self.steps(String(contentsOf: Self.guide, encoding: .utf8))
        #expect(steps.filter { if case .command = $0 { true } else { false } }.count >= 20, "the guide's commands were found")
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path("calendars"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: DossierProcess.packageRoot.appendingPathComponent("Workflows/calendars/cn.xml").path,
                                         toPath: folder.path("calendars/cn.xml"))
        try FileManager.default.copyItem(atPath: DossierProcess.packageRoot.appendingPathComponent("Workflows/staff-roles.xml").path,
                                         toPath: folder.path("staff-roles.xml"))
        for step in steps {
            switch step {
            case .file(let name, let text):
                try text.write(toFile: folder.path(name), atomically: true, encoding: .utf8)
            case .command(let arguments, let expected, let status, let line):
                let result = try DossierProcess.run(arguments, in: folder.url)
                let printed = Set((result.stdout + result.stderr).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
                #expect(result.status == status, "guide line \(line): dossier \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
                for wanted in expected {
                    #expect(printed.contains(wanted.trimmingCharacters(in: .whitespaces)),
                            "guide line \(line): dossier \(arguments.joined(separator: " ")) did not print\n  \(wanted)\nbut\n\(result.stdout)\(result.stderr)")
                }
            }
        }
    }

    /// The guide's files (`<!-- file: NAME -->` before a fenced block, or `<!-- file: NAME =
    /// BASE with "OLD" → "NEW" -->` for a copy with one change) and its `console` blocks'
    /// `$ dossier …` commands with the lines under them.
    static func steps(_ text: String) throws -> [Step] {
        var steps: [Step] = []
        var files: [String: String] = [:]
        let lines = text.components(separatedBy: "\n")
        var pendingFile: String?
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("<!-- file: ") {
                let body = line.dropFirst("<!-- file: ".count).dropLast(" -->".count)
                if let equals = body.range(of: " = ") {
                    let name = String(body[..<equals.lowerBound])
                    let derived = try derive(String(body[equals.upperBound...]), from: files)
                    files[name] = derived
                    steps.append(.file(name, derived))
                } else {
                    pendingFile = String(body)
                }
            } else if line.hasPrefix("```") {
                let language = line.dropFirst(3)
                var block: [(Int, String)] = []
                index += 1
                while index < lines.count, !lines[index].hasPrefix("```") {
                    block.append((index + 1, lines[index]))
                    index += 1
                }
                if let name = pendingFile {
                    let text = block.map(\.1).joined(separator: "\n") + "\n"
                    files[name] = text
                    steps.append(.file(name, text))
                    pendingFile = nil
                } else if language == "console" {
                    steps += commands(block)
                }
            }
            index += 1
        }
        return steps
    }

    /// `BASE with "OLD" → "NEW"`: the text of BASE with OLD replaced by NEW (`\"` a quote).
    static func derive(_ recipe: String, from files: [String: String]) throws -> String {
        let parts = recipe.components(separatedBy: " with \"")
        let halves = parts.count == 2 ? parts[1].components(separatedBy: "\" → \"") : []
        guard halves.count == 2, halves[1].hasSuffix("\""), let base = files[parts[0]] else {
            throw FixtureFailure("the guide's file recipe '\(recipe)' is not BASE with \"OLD\" → \"NEW\" of a file shown before")
        }
        let old = halves[0].replacingOccurrences(of: "\\\"", with: "\"")
        let new = String(halves[1].dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
        guard base.contains(old) else { throw FixtureFailure("the guide changes \(old), which \(parts[0]) does not contain") }
        return base.replacingOccurrences(of: old, with: new)
    }

    /// The `$ dossier …` commands of one console block; other commands (`mkdir`, `cp`) are the
    /// test's own set-up.
    static func commands(_ block: [(Int, String)]) -> [Step] {
        var steps: [Step] = []
        var current: (arguments: [String], expected: [String], status: Int32, line: Int)?
        func finish() {
            if let current, current.arguments.first == "dossier" {
                steps.append(.command(Array(current.arguments.dropFirst()), expected: current.expected, status: current.status, line: current.line))
            }
        }
        for (number, line) in block {
            if line.hasPrefix("$ ") {
                finish()
                current = (words(String(line.dropFirst(2))), [], 0, number)
            } else if line.hasPrefix("[exit "), let status = Int32(line.dropFirst(6).dropLast()) {
                current?.status = status
            } else if !line.isEmpty {
                current?.expected.append(line)
            }
        }
        finish()
        return steps
    }

    /// A command line split as a shell would split these: on spaces, with "…" kept together.
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var word = ""
        var quoted = false
        var started = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
                started = true
            } else if character == " ", !quoted {
                if started { words.append(word) }
                word = ""
                started = false
            } else {
                word.append(character)
                started = true
            }
        }
        if started { words.append(word) }
        return words
    }
}
