import ArgumentParser
import DossierDefinition
import DossierXML

/// `dossier workflow validate FILE…`: every error of every file, like a compiler.
struct WorkflowValidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check workflow and calendar files and report every error as file:line:col.",
        discussion: """
            Checks each file completely: XML syntax (no DOCTYPE, entities or external files are \
            ever read), the RELAX NG grammar, and meaning: unknown states, roles, fines, fields or \
            items (with suggestions), duplicate ids, unreachable states, dead ends, four-eyes pairs \
            that could be one person, impossible durations, fines without payer, unknown calendars.

            Calendars named by a workflow are looked up among the files given and in the \
            calendars/ folder beside it; the office's staff roles in a staff-roles.xml among the \
            files or beside it. Exits 1 if any file has an error.
            """
    )

    /// Output styles.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: ArgumentHelp("Workflow or calendar XML files.", valueName: "file"))
    var files: [String]

    @Option(help: "text (file:line:col: error: message) or json.")
    var format: Format = .text


    func run() throws {
        try reportingFailures {
            let loader = DefinitionLoader(schemas: try DefinitionSchemas.locate())
            let results = loader.load(paths: files)
            let diagnostics = results.flatMap(\.diagnostics)
            switch format {
            case .json:
                let rows = diagnostics.map { diagnostic in
                    [Listing.Value.text(diagnostic.location.file),
                     diagnostic.location.line > 0 ? .integer(diagnostic.location.line) : .null,
                     diagnostic.location.column.map { .integer($0) } ?? .null,
                     .text(diagnostic.severity.rawValue), .text(diagnostic.message)]
                }
                print(Listing(columns: [("file", ""), ("line", ""), ("column", ""), ("severity", ""), ("message", "")], rows: rows).json(),
                      terminator: "")
            case .text:
                for diagnostic in diagnostics { StandardError.print(diagnostic.description) }
                for result in results where !result.diagnostics.containsErrors {
                    let unchecked = if case .workflow? = result.content, !result.staffRolesChecked {
                        "; staff roles not checked: give \(StaffRoleVocabulary.fileName) along, or keep it beside the file"
                    } else { "" }
                    print("\(result.file): ok (\(result.kindName == "staff roles" ? "staff roles" : "\(result.kindName) \(result.id ?? "?")")\(unchecked))")
                }
                let errors = diagnostics.filter { $0.severity == .error }.count
                if errors > 0 {
                    let failed = results.filter { $0.diagnostics.containsErrors }.count
                    StandardError.print("\(errors) error\(errors == 1 ? "" : "s") in \(failed) of \(results.count) file\(results.count == 1 ? "" : "s")")
                }
            }
            if diagnostics.containsErrors { throw ExitCode(CommandFailure.Status.refused.rawValue) }
        }
    }
}
