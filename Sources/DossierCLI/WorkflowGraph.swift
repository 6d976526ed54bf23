import ArgumentParser
import DossierDefinition

extension WorkflowDiagram.Format: ExpressibleByArgument {}

/// `dossier workflow graph ID --format mermaid|dot`: the state machine as a diagram.
struct WorkflowGraph: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print a deployed workflow's state machine as Mermaid or Graphviz DOT.",
        discussion: """
            States show their role and deadline; transitions their action, acting role, guards and \
            sign-offs; final states are marked. Render DOT with `dot -Tsvg`; paste Mermaid into any \
            Markdown that renders it.
            """
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var workflow: WorkflowVersionOptions

    @Option(help: "mermaid or dot.")
    var format: WorkflowDiagram.Format = .mermaid

    func run() throws {
        try reportingFailures {
            let (_, definition) = try workflow.load(acting: acting)
            print(WorkflowDiagram(definition).render(format), terminator: "")
        }
    }
}
