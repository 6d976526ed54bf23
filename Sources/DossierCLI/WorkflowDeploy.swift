import ArgumentParser
import DossierAPI
import DossierOffice
import DossierStore
import Foundation

/// `dossier workflow deploy FILE…`: validate, then store new versions of changed definitions.
struct WorkflowDeploy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Validate files and store a new version of each changed workflow or calendar.",
        discussion: """
            All files are validated first; if any has an error, nothing is deployed. A file whose \
            content equals the latest deployed version is reported unchanged. Earlier versions stay \
            readable for ever, and dossiers under way keep running on the version they started on. \
            Deploying needs the staff role 'admin'.
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("Workflow or calendar XML files.", valueName: "file"))
    var files: [String]


    func run() throws {
        try reportingFailures {
            if let remote = try acting.remote() {
                let sent = try files.map { path -> DefinitionFileBody in
                    guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
                    return DefinitionFileBody(name: path, source: String(decoding: data, as: UTF8.self))
                }
                let outcomes = try Blocking.run { try await remote.deploy(DeployRequest(files: sent)) }
                for outcome in outcomes {
                    let named = DefinitionKind(rawValue: outcome.kind)?.naming(outcome.id) ?? "\(outcome.kind) \(outcome.id)"
                    print(outcome.outcome == "deployed" ? "\(named): deployed version \(outcome.version)" : "\(named): unchanged (version \(outcome.version))")
                }
                return
            }
            let session = try acting.session()
            _ = try session.requireStaffRole(Session.administratorRole, for: "deploy workflows or calendars")
            let store = session.store
            let checked = try DefinitionDeployment.check(files, against: store)
            for result in try DefinitionDeployment.deploy(checked, into: store, at: Date()) {
                print(DefinitionDeployment.describe(result.outcome))
            }
        }
    }
}
