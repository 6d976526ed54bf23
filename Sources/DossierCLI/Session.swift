import DossierDefinition
import DossierEngine
import DossierStore
import DossierXML
import Foundation

/// One command's context: the open store, who acts and when, and the workflows it loads.
struct Session {

    let store: SQLiteStore
    /// Who acts, settled the first time the command asks: a listing that never asks does not
    /// read the system's user database.
    let actorName: ActorName
    var actorID: String { actorName.id }
    let time: Date
    let isSimulation: Bool
    /// Whether `time` was given with --at (strict) or read from the clock.
    let timeIsGiven: Bool
    /// Engines and calendars this command has loaded, so each is compiled once.
    let loaded = LoadedDefinitions()

    /// The moment to record.
    var moment: Moment { timeIsGiven ? .given(time) : .clock(time) }

    /// The acting person, who must be in the directory and still employed.
    func actor() throws -> StaffMember {
        try requireActorID()
        guard let member = try store.staffMember(actorID) else {
            throw CommandFailure("\(actorID) is not in the staff directory; act as someone who is with --as USER (or DOSSIER_USER), or add them with `dossier staff add \(actorID) --name … --role …`")
        }
        guard member.isActive else {
            throw CommandFailure("\(actorID) has left and can no longer act; act as someone else with --as USER")
        }
        return member
    }

    /// The engine for `workflow` at `version` (the latest when `nil`), with the deployed calendars.
    func engine(workflow: String, version: Int? = nil) throws -> WorkflowEngine {
        if let version, let engine = loaded.engines[WorkflowVersionKey(workflow: workflow, version: version)] { return engine }
        guard let stored = try store.version(of: .workflow, id: workflow, version: version) else {
            let known = try store.latestVersions(of: .workflow).map(\.id)
            throw CommandFailure("no workflow \(workflow) is deployed" + (known.isEmpty ? "" : "; deployed workflows: " + known.joined(separator: ", ")))
        }
        if let engine = loaded.engines[WorkflowVersionKey(workflow: workflow, version: stored.version)] { return engine }
        let definition = try DefinitionDeployment.compile(stored)
        var calendars: [String: CalendarDefinition] = [:]
        var calendarVersions: [String: Int] = [:]
        var pinned: [String: CalendarDefinition] = [:]
        for id in definition.calendarIDs {
            // Every version: open tasks keep counting on the version their deadline was computed with.
            for (version, calendar) in try compiledCalendars(id) {
                pinned["\(id)@\(version)"] = calendar
                calendars[id] = calendar
                calendarVersions[id] = version
            }
        }
        let engine = WorkflowEngine(definition: definition, version: stored.version, calendars: calendars, calendarVersions: calendarVersions,
                                    pinnedCalendars: pinned, localTime: Self.localTime)
        loaded.engines[WorkflowVersionKey(workflow: workflow, version: stored.version)] = engine
        return engine
    }

    /// Every deployed version of calendar `id`, oldest first, each compiled once per command.
    private func compiledCalendars(_ id: String) throws -> [(Int, CalendarDefinition)] {
        if let known = loaded.calendars[id] { return known }
        var result: [(Int, CalendarDefinition)] = []
        for version in try store.versions(of: .calendar, id: id) {
            let tree = XMLTree.parse(Array(version.source.utf8), file: "\(id)@\(version.version)").tree
            guard let calendar = tree.flatMap({ CalendarCompiler().compile($0).definition }) else { continue }
            result.append((version.version, calendar))
        }
        loaded.calendars[id] = result
        return result
    }

    /// Dossier `id` and the engine of the workflow version it is pinned to.
    func dossier(_ id: Int) throws -> (Dossier, WorkflowEngine) {
        guard let dossier = try store.dossier(id) else {
            throw CommandFailure("there is no dossier \(id); see `dossier task list`")
        }
        return (dossier, try engine(workflow: dossier.workflowID, version: dossier.workflowVersion))
    }

    /// Refuses when nothing says who acts (no --as, no $DOSSIER_USER, no login name).
    func requireActorID() throws {
        guard !actorID.isEmpty else {
            throw CommandFailure("who acts is unknown: this account has no login name; act with --as USER or set DOSSIER_USER")
        }
    }

    /// The staff a command may need: everyone named in `ids`, plus the actor.
    func staff(_ ids: some Sequence<String>) throws -> [String: StaffMember] {
        var result: [String: StaffMember] = [:]
        for id in Set(ids).union([actorID]) {
            if let member = try store.staffMember(id) { result[id] = member }
        }
        return result
    }

    /// The company's clock face, in its time zone. (A store setting once other companies use
    /// Dossier.)
    static let localTime = LocalTime(identifier: "Asia/Shanghai") ?? LocalTime(.current)

    /// Local date and time for people: `2026-03-02 09:30`.
    static func local(_ date: Date) -> String { localTime.minutes(date) }

    /// ISO 8601 with the company's offset, for JSON and CSV.
    static func iso(_ date: Date) -> String { localTime.iso(date) }
}

/// One version of one workflow, as a dictionary key (cheaper than an `id@version` string, which
/// a listing would build once a row).
struct WorkflowVersionKey: Hashable {
    var workflow: String
    var version: Int
}

/// What one command has compiled from the store: workflow engines by version and calendar
/// versions by id. A command is one process on one thread, and the store's definitions never
/// change under it (a deployment adds versions, never edits one).
final class LoadedDefinitions {
    var engines: [WorkflowVersionKey: WorkflowEngine] = [:]
    var calendars: [String: [(Int, CalendarDefinition)]] = [:]
}
