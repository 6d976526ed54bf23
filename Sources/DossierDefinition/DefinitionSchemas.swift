import DossierXML
import Foundation

/// The published RELAX NG grammars, `workflow.rng`, `calendar.rng` and `staff-roles.rng`,
/// compiled once.
public final class DefinitionSchemas {
    /// The workflow grammar.
    public let workflow: RelaxNGSchema
    /// The calendar grammar.
    public let calendar: RelaxNGSchema
    /// The grammar of an office's list of staff roles.
    public let staffRoles: RelaxNGSchema
    /// The folder they were read from.
    public let directory: String

    /// Why the grammars could not be loaded.
    public enum LoadError: Error, CustomStringConvertible {
        /// No folder holding `workflow.rng` was found.
        case notFound(searched: [String])
        /// A grammar file is broken.
        case invalid(RelaxNGSchema.LoadError)

        public var description: String {
            switch self {
            case .notFound(let searched):
                "cannot find the workflow schema (Workflows/schema/workflow.rng); looked in "
                    + searched.joined(separator: ", ") + ". Run from the Dossier checkout or set DOSSIER_HOME to it."
            case .invalid(let error): error.description
            }
        }
    }

    /// Loads the grammars from `directory`.
    public init(directory: String) throws {
        self.directory = directory
        do {
            workflow = try RelaxNGSchema(contentsOf: directory + "/workflow.rng")
            calendar = try RelaxNGSchema(contentsOf: directory + "/calendar.rng")
            staffRoles = try RelaxNGSchema(contentsOf: directory + "/staff-roles.rng")
        } catch let error as RelaxNGSchema.LoadError {
            throw LoadError.invalid(error)
        }
    }

    /// Finds the shipped `Workflows/` folder: `$DOSSIER_HOME/Workflows`, `./Workflows`, then
    /// beside the running executable, in an installation's `PREFIX/share/dossier/` for
    /// `PREFIX/bin/dossier`, and in the folders above it (a checkout's `.build/debug/dossier`).
    public static func locateWorkflowsDirectory(environment: [String: String] = ProcessInfo.processInfo.environment,
                                                executable: String = runningExecutable()) -> (found: String?, searched: [String]) {
        let candidates = shippedFolderCandidates("Workflows", environment: environment, executable: executable)
        let found = candidates.first { FileManager.default.fileExists(atPath: $0 + "/schema/workflow.rng") }
        return (found, candidates)
    }

    /// The running executable's path: `/proc/self/exe` where the system has it, else the first
    /// argument, looked up in `$PATH` when it is a bare name (`dossier` run from an installation
    /// has only its name there).
    public static func runningExecutable(arguments: [String] = CommandLine.arguments,
                                         environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        return executable(named: arguments.first ?? "", searchPath: environment["PATH"] ?? "")
    }

    /// `name` as a shell would run it: as given when it is a path (contains a slash), else the
    /// first executable file of that name in the folders of `searchPath` (`$PATH`'s form);
    /// `name` itself when none has it.
    public static func executable(named name: String, searchPath: String) -> String {
        guard !name.isEmpty, !name.contains("/") else { return name }
        for folder in searchPath.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return name
    }

    /// Where a shipped folder such as `Workflows` or `Templates` may be, most specific first:
    /// under `$DOSSIER_HOME`, in the working directory, beside the executable, in
    /// `PREFIX/share/dossier/` for an executable installed as `PREFIX/bin/dossier`, or up to
    /// five folders above the executable (a checkout's `.build/debug/dossier`).
    public static func shippedFolderCandidates(_ name: String, environment: [String: String],
                                               executable: String) -> [String] {
        var candidates: [String] = []
        if let home = environment["DOSSIER_HOME"] { candidates.append(home + "/" + name) }
        candidates.append(FileManager.default.currentDirectoryPath + "/" + name)
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(folder.appendingPathComponent(name).path)
        let prefix = folder.deletingLastPathComponent()
        if folder.lastPathComponent == "bin" {
            candidates.append(prefix.appendingPathComponent("share/dossier").appendingPathComponent(name).path)
        }
        for _ in 1..<6 {
            folder.deleteLastPathComponent()
            candidates.append(folder.appendingPathComponent(name).path)
        }
        // Near the root, the folders above the executable repeat; name each place once.
        var seen: Set<String> = []
        return candidates.filter { seen.insert($0).inserted }
    }

    /// Loads the grammars from the shipped `Workflows/schema` folder.
    public static func locate() throws -> DefinitionSchemas {
        let location = locateWorkflowsDirectory()
        guard let found = location.found else { throw LoadError.notFound(searched: location.searched) }
        return try DefinitionSchemas(directory: found + "/schema")
    }
}
