import ArgumentParser
import DossierDefinition
import DossierEngine
import DossierOffice
import DossierPostgres
import DossierStore
import Foundation

/// `dossier init`: create a store and deploy the shipped workflows.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a store and deploy the workflows and calendars of Workflows/.",
        discussion: """
            Creates the SQLite store (./dossier.db unless --store says otherwise), or a store in an \
            empty PostgreSQL database with --database URL (and --signing-key FILE), brings it to the \
            current format, and deploys every workflow in Workflows/ (or --workflows DIR) and every \
            calendar in its calendars/ folder as version 1. If any file has an error, nothing is \
            created and every error is printed.

            --simulation makes a store that accepts --at on every command, so a month can be replayed \
            in seconds; a production store only ever uses the clock.

            A production store starts with one administrator, --admin USER (default: your login), \
            holding the staff role 'admin': only admins add staff, set others' passwords and deploy. \
            On a production store everyone acts as their own login (or logs in to its server); \
            --as is for simulation stores.
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: "Create a simulation store that accepts --at TIMESTAMP.")
    var simulation = false

    @Option(help: ArgumentHelp("The folder of workflows to deploy (default: the shipped Workflows/).", valueName: "dir"))
    var workflows: String?

    @Option(help: ArgumentHelp("The store's first administrator (default on a production store: your login).", valueName: "user"))
    var admin: String?

    @Option(help: ArgumentHelp("The administrator's full name (default: their login).", valueName: "name"))
    var adminName: String?

    @Option(help: ArgumentHelp("Where to make the key that signs checkpoints (default: STORE.signing-key beside the store file; needed with --database).",
                               valueName: "file"))
    var signingKey: String?

    func validate() throws {
        if let admin, admin.isEmpty || !admin.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) {
            throw ValidationError("--admin '\(admin)' may only contain letters, digits, '-', '_' and '.'")
        }
        if adminName != nil, admin == nil { throw ValidationError("--admin-name goes with --admin USER") }
    }

    func run() throws {
        try reportingFailures {
            let administrator = admin ?? (simulation ? nil : ActingOptions.login)
            if administrator?.isEmpty == true {
                throw CommandFailure("a production store needs its first administrator and this account has no login name; name one with --admin USER",
                                     status: .usage)
            }
            let directory = try workflows ?? Self.shippedWorkflows()
            let files: [DefinitionFile]
            do {
                files = try DefinitionDeployment.check(DefinitionDeployment.files(in: directory), against: nil)
            } catch let failure as CommandFailure where !FileManager.default.fileExists(atPath: directory + "/calendars")
                && (try? DefinitionDeployment.files(in: directory))?.contains(where: { path in
                    (try? String(contentsOfFile: path, encoding: .utf8))?.contains("calendar=\"") == true
                }) == true {
                throw CommandFailure(failure.message + "; \(directory)/calendars/ does not exist: init deploys the calendars the workflows name from there",
                                     status: failure.status)
            }
            var lines: [String] = []
            let now = Date()
            let keyPath: String
            if let location = try storeOptions.location() {
                guard let signingKey else {
                    throw CommandFailure("a store in PostgreSQL has no folder of its own for the key that signs its checkpoints: say where to make it with --signing-key FILE (every server of the store is given it)",
                                         status: .usage)
                }
                keyPath = signingKey
                let store = try PostgresStore(creatingAt: location, simulation: simulation, at: now)
                defer { store.close() }
                lines = try prepare(store, files: files, administrator: administrator, at: now)
                _ = try AuditSigningKey.create(at: keyPath)
            } else {
                keyPath = signingKey ?? AuditSigningKey.defaultPath(forStore: storeOptions.path)
                _ = try SQLiteStore(creatingAt: storeOptions.path, simulation: simulation, at: now) { store in
                    lines = try prepare(store, files: files, administrator: administrator, at: now)
                    // Last: a store that failed to be made leaves no key behind.
                    _ = try AuditSigningKey.create(at: keyPath)
                }
            }
            print("created \(simulation ? "simulation" : "production") store \(storeOptions.description)")
            lines.forEach { print($0) }
            print("signing key \(keyPath) (keep it private; its public half is beside it)")
            if let administrator {
                print("administrator: \(administrator) (staff role admin); set a password for the server with `dossier staff password \(administrator)`")
            }
        }
    }

    /// Deploys the checked definitions into a new store and adds its first administrator;
    /// returns a line per definition.
    private func prepare(_ store: any DossierStore, files: [DefinitionFile], administrator: String?, at now: Date) throws -> [String] {
        let lines = try DefinitionDeployment.deploy(files, into: store, at: now).map { DefinitionDeployment.describe($0.outcome) }
        if let administrator {
            try store.addStaff(StaffMember(id: administrator, name: adminName ?? administrator, roles: [Session.administratorRole]),
                               by: administrator, at: .clock(now))
        }
        return lines
    }

    static func shippedWorkflows() throws -> String {
        let location = DefinitionSchemas.locateWorkflowsDirectory()
        guard let found = location.found else {
            throw CommandFailure("cannot find the shipped Workflows/ folder; name one with --workflows DIR or set DOSSIER_HOME")
        }
        return found
    }
}
