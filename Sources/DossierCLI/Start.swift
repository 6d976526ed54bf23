import DossierOffice
import ArgumentParser
import DossierAPI
import DossierStore

/// `dossier start WORKFLOW --field K=V… --assign ROLE=USER…`.
struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a dossier (or a loan…) on the latest version of a workflow.",
        discussion: """
            Fields are checked against the workflow (required, dates as 2026-03-02, choices); roles \
            are bound to people, who must hold a fitting staff role, and roles declared distinct \
            (four-eyes) must be different people. Prints the dossier's number and its first task.

            Example: dossier start loan-intake --field customer="Hongda Ltd" --field project=P-17 \\
                       --field ended-on=2026-03-02 --assign a=alice --assign b=bob --assign archivist=carol
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The workflow's id, e.g. loan-intake.", valueName: "workflow"))
    var workflow: String

    @Option(name: .customLong("field"), help: ArgumentHelp("A field, as KEY=VALUE; repeat for several.", valueName: "key=value"))
    var fields: [KeyValue] = []

    @Option(name: .customLong("assign"), help: ArgumentHelp("A role's person, as ROLE=USER; repeat for several.", valueName: "role=user"))
    var assignments: [KeyValue] = []

    func validate() throws {
        _ = try KeyValue.dictionary(fields, option: "field")
        _ = try KeyValue.dictionary(assignments, option: "assign")
    }

    func run() throws {
        try reportingFailures {
            let assigned = try KeyValue.dictionary(assignments, option: "assign")
            let given = try KeyValue.dictionary(fields, option: "field")
            if let remote = try acting.remote() {
                let request = StartRequest(workflow: workflow, fields: given, assignments: assigned)
                let started = try Blocking.run { try await remote.start(request) }
                print("started dossier \(started.dossier) (\(started.workflow) version \(started.workflowVersion)) in state \(started.state)")
                if let task = started.task { print(TaskText.line(TaskSummary(task))) }
                return
            }
            let (dossier, task) = try acting.session().start(workflow: workflow, fields: given, assignments: assigned)
            print("started dossier \(dossier.id) (\(dossier.workflowID) version \(dossier.workflowVersion)) in state \(dossier.stateID)")
            if let task {
                print(TaskText.line(task))
            }
        }
    }
}
