import DossierDefinition
import DossierStore
import DossierXML
import Foundation

/// Why definitions were not deployed: every diagnostic of every file, as
/// `file:line:col: error: message` lines.
package struct DeploymentRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    package var diagnostics: [String]
    package var summary: String

    package var description: String { (diagnostics + [summary]).joined(separator: "\n") }
}

extension Office {
    /// Validates definitions sent as text and, when none has an error, stores a new version of
    /// each changed one, all in one transaction (administrators only). Workflows may name the
    /// calendars deployed already or sent along, and the staff roles of the list sent along or
    /// else of the store's.
    package func deploy(sources: [(name: String, text: String)], schemas: DefinitionSchemas) throws -> [DeploymentOutcome] {
        _ = try requireStaffRole(Self.administratorRole, for: "deploy workflows or calendars")
        let stored = Set(try store.latestVersions(of: .calendar).map(\.id))
        let files = DefinitionLoader(schemas: schemas).load(sources: sources, extraCalendars: stored,
                                                           staffRoles: try Self.staffRoles(in: store)?.ids,
                                                           deployed: Self.deployedWorkflows(in: store))
        let diagnostics = files.flatMap(\.diagnostics)
        if diagnostics.containsErrors {
            let errors = diagnostics.filter { $0.severity == .error }.count
            throw DeploymentRefusal(diagnostics: diagnostics.map(\.description),
                                    summary: "\(errors) error\(errors == 1 ? "" : "s") in the definitions; nothing was deployed")
        }
        return try Self.deploy(files, into: store, at: time)
    }

    /// Stores checked `files` (none with an error) in one transaction: a new version of each
    /// changed one. Refuses two files defining the same thing, and a list of staff roles that
    /// leaves out one a current workflow or a current member of staff still has.
    package static func deploy(_ files: [DefinitionFile], into store: any DossierStore, at time: Date) throws -> [DeploymentOutcome] {
        var seen: [String: String] = [:]
        var submissions: [DefinitionSubmission] = []
        var vocabulary: StaffRoleVocabulary?
        var workflows: [String: WorkflowDefinition] = [:]
        for file in files {
            let submission: DefinitionSubmission
            switch file.content {
            case .workflow(let workflow):
                workflows[workflow.id] = workflow
                submission = DefinitionSubmission(kind: .workflow, id: workflow.id, title: workflow.title, source: file.source,
                                                  personalFields: workflow.personalFieldIDs)
            case .calendar(let calendar):
                submission = DefinitionSubmission(kind: .calendar, id: calendar.id, title: calendar.title, source: file.source)
            case .staffRoles(let list):
                vocabulary = list
                submission = DefinitionSubmission(kind: .staffRoles, id: StaffRoleVocabulary.definitionID, title: list.title, source: file.source)
            case nil: continue
            }
            let key = submission.kind.naming(submission.id)
            if let other = seen[key] {
                throw DeploymentRefusal(diagnostics: [], summary: "\(file.file) and \(other) both define \(key); deploy one of them; nothing was deployed")
            }
            seen[key] = file.file
            submissions.append(submission)
        }
        if let vocabulary { try checkStillUsed(vocabulary, store: store, replacing: workflows) }
        return try store.deploy(submissions, at: time)
    }

    /// The latest deployed version of a workflow, for checking a catalogue that lists its
    /// dossiers or a fine that restores through it; `nil` when it is not deployed (or its stored
    /// source no longer compiles).
    package static func deployedWorkflows(in store: any DossierStore) -> (String) -> WorkflowDefinition? {
        { id in
            guard let stored = try? store.version(of: .workflow, id: id, version: nil) else { return nil }
            return try? compile(stored)
        }
    }

    /// The store's list of staff roles, or `nil` when none is deployed (a store made before
    /// there were lists: any role goes).
    package static func staffRoles(in store: any DossierStore) throws -> StaffRoleVocabulary? {
        guard let stored = try store.version(of: .staffRoles, id: StaffRoleVocabulary.definitionID, version: nil) else { return nil }
        let result = XMLTree.parse(Array(stored.source.utf8), file: "staff-roles@\(stored.version)")
        guard let tree = result.tree, let vocabulary = StaffRolesCompiler().compile(tree).definition else {
            throw OfficeError.damagedDefinition(id: stored.id, version: stored.version)
        }
        return vocabulary
    }

    /// Refuses `vocabulary` when it leaves out a staff role that the latest version of a
    /// workflow (other than those in `replacing`, deployed with it) names, or that a current
    /// member of staff holds.
    private static func checkStillUsed(_ vocabulary: StaffRoleVocabulary, store: any DossierStore,
                                       replacing: [String: WorkflowDefinition]) throws {
        var users: [String: [String]] = [:]
        var current = replacing
        for version in try store.latestVersions(of: .workflow) where current[version.id] == nil {
            current[version.id] = try compile(version)
        }
        for (id, workflow) in current {
            for role in workflow.staffRoles where !vocabulary.ids.contains(role) { users[role, default: []].append("workflow \(id)") }
        }
        for member in try store.staffDirectory() where member.isActive {
            for role in member.roles where !vocabulary.ids.contains(role) { users[role, default: []].append(member.id) }
        }
        guard !users.isEmpty else { return }
        let lines = users.keys.sorted().map { role in "  - \(role): still named by \(users[role, default: []].sorted().joined(separator: ", "))" }
        throw DeploymentRefusal(diagnostics: [], summary: (["the list of staff roles leaves out roles still in use:"] + lines
            + ["keep them in \(StaffRoleVocabulary.fileName): a role leaves the list once no current workflow names it and nobody "
               + "holds it; nothing was deployed"])
            .joined(separator: "\n"))
    }
}

/// One deployed definition version with its siblings: what `workflow show`, `workflow graph`
/// and `calendar …` read.
package struct DefinitionDetail: Sendable {
    /// The version asked for (the latest when none was).
    package var stored: DefinitionVersion
    /// Every version of the definition, oldest first.
    package var versions: [DefinitionVersion]
    /// For a workflow: running and finished dossiers per version.
    package var counts: [Int: (running: Int, finished: Int)]
}

extension Office {
    /// Version `version` (the latest when `nil`) of the `kind` definition `id`, with its versions.
    package func definition(_ kind: DefinitionKind, id: String, version: Int?) throws -> DefinitionDetail {
        guard let stored = try store.version(of: kind, id: id, version: version) else {
            let versions = try store.versions(of: kind, id: id)
            if let version, !versions.isEmpty { throw OfficeError.noVersion(kind: kind.rawValue, id: id, version: version) }
            let deployed = try store.latestVersions(of: kind).map(\.id)
            throw kind == .workflow ? OfficeError.noWorkflow(id, deployed: deployed) : OfficeError.noCalendar(id, deployed: deployed)
        }
        return DefinitionDetail(stored: stored, versions: try store.versions(of: kind, id: id),
                                counts: kind == .workflow ? try store.dossierCounts(workflow: id) : [:])
    }
}
