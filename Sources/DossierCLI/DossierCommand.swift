import ArgumentParser
import Foundation

/// The `dossier` command: document-filing workflows from the command line.
@main
struct DossierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier",
        abstract: "Run dossier-filing workflows: checklists, hand-over, four-eyes sign-off, deadlines and an audit log.",
        discussion: """
            Administrators describe each process in XML (see Workflows/ and the schema in \
            Workflows/schema/workflow.rng); Dossier checks it, deploys it as a version, and runs \
            it for staff. Start with `dossier demo`, or `dossier init` to create a store.

            The store is ./dossier.db unless --store or DOSSIER_STORE names another.
            Who acts is --as USER, else $DOSSIER_USER, else your login; they must be in the staff \
            directory. Simulation stores also take --at TIMESTAMP on every command.
            Exit status: 0 done; 1 refused (the message says why); 64 usage error; 75 lost a race \
            (someone changed the task first, or the store was busy: look again, then rerun); 77 not \
            logged in or not permitted.
            """,
        subcommands: [Init.self, StoreCommand.self, Demo.self, WorkflowCommand.self, StaffCommand.self, Start.self, TaskCommand.self,
                      Pending.self, History.self, AuditCommand.self, ChecklistCommand.self, CalendarCommand.self,
                      Tick.self, ClockCommand.self, FinesCommand.self, ReportCommand.self, Register.self, CertificatesCommand.self, BorrowCommand.self,
                      LoansCommand.self, Custody.self, View.self, RenderCommand.self, Serve.self, Login.self, Logout.self, SessionCommand.self,
                      Backup.self, Restore.self, DestructionCommand.self, Hold.self, CustomerCommand.self]
    )

    /// Runs the command (as swift-argument-parser's `main` does); its store starts opening
    /// before the command line is parsed.
    /// More arguments than any command takes: the parser's work grows with their square, so a
    /// command line this long is refused before it is parsed.
    static let argumentLimit = 1_000

    static func main() {
        let count = CommandLine.arguments.count - 1
        if count > argumentLimit {
            StandardError.print("error: \(count) arguments are more than any dossier command takes (at most \(argumentLimit)); a workflow's fields and roles fit in far fewer")
            exit(withError: ExitCode(CommandFailure.Status.usage.rawValue))
        }
        if let (position, shown) = RawArguments.firstNotUTF8() {
            StandardError.print("error: argument \(position) ('\(shown)') is not UTF-8 text, and Dossier reads file names and values as UTF-8; rename the file (or retype the value) in UTF-8")
            exit(withError: ExitCode(CommandFailure.Status.usage.rawValue))
        }
        let arguments = GlobalOptions.reordered(Array(CommandLine.arguments.dropFirst()))
        StorePrefetch.shared.start(arguments: arguments, environment: ProcessInfo.processInfo.environment)
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            StorePrefetch.shared.settle()
        } catch {
            StorePrefetch.shared.settle()
            exit(withError: error)
        }
    }
}
