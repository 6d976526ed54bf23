import DossierXML
@main
enum Placeholder { static func main() throws {
  let schema = try RelaxNGSchema(contentsOf: "Workflows/schema/workflow.rng")
  for f in CommandLine.arguments.dropFirst() {
    let r = XMLTree.parse(contentsOf: f)
    for d in r.diagnostics { print(d) }
    if let t = r.tree { for d in schema.validate(t) { print(d) } }
  }
} }
