import DossierDefinition
import DossierEngine
import DossierStore
import DossierXML
import Foundation

/// The application layer: what one command (or one request to the service) does with the
/// store and the engine — read, let the engine decide, number, commit — for one person at one
/// moment. The CLI, the API and the pages only parse and render around it.
///
/// An office value lives for one command or one request: it caches the engines it compiles.
package final class Office {

    package let store: any DossierStore
    /// Who acts, settled the first time the command asks: a listing that never asks does not
    /// read the system's user database.
    package let actorName: ActorName
    package var actorID: String { actorName.id }
    package let time: Date
    package let isSimulation: Bool
    /// Whether `time` was given with --at (strict) or read from the clock.
    package let timeIsGiven: Bool
    /// Engines and calendars this command has loaded, so each is compiled once; the service
    /// shares one between its requests.
    package let loaded: LoadedDefinitions
    /// Whether `loaded` outlives this office, so that definitions deployed meanwhile must be
    /// noticed before it is used.
    private let sharesDefinitions: Bool
    private var definitionsChecked = false

    /// An office on `store` for the person `actorName` settles, at `time`; `definitions` is a
    /// cache shared with other offices (the service's requests), else one of its own.
    package init(store: any DossierStore, actorName: ActorName, time: Date, isSimulation: Bool, timeIsGiven: Bool,
                 definitions: LoadedDefinitions? = nil) {
        self.store = store
        self.actorName = actorName
        self.time = time
        self.isSimulation = isSimulation
        self.timeIsGiven = timeIsGiven
        loaded = definitions ?? LoadedDefinitions()
        sharesDefinitions = definitions != nil
    }

    /// A shared cache forgets everything once the store has definition versions it has not seen.
    private func checkDefinitions() throws {
        guard sharesDefinitions, !definitionsChecked else { return }
        definitionsChecked = true
        loaded.forgetUnless(generation: try store.definitionGeneration())
    }

    /// The moment to record.
    package var moment: Moment { timeIsGiven ? .given(time) : .clock(time) }

    /// The acting person, who must be in the directory and still employed.
    package func actor() throws -> StaffMember {
        try requireActorID()
        guard let member = try store.staffMember(actorID) else {
            throw OfficeError.unknownActor(actorID, canChoose: isSimulation)
        }
        guard member.isActive else { throw OfficeError.departedActor(actorID) }
        return member
    }

    /// The engine for `workflow` at `version` (the latest when `nil`), with the deployed calendars.
    package func engine(workflow: String, version: Int? = nil) throws -> WorkflowEngine {
        try checkDefinitions()
        if let version, let engine = loaded.engine(WorkflowVersionKey(workflow: workflow, version: version)) { return engine }
        guard let stored = try store.version(of: .workflow, id: workflow, version: version) else {
            throw OfficeError.noWorkflow(workflow, deployed: try store.latestVersions(of: .workflow).map(\.id))
        }
        if let engine = loaded.engine(WorkflowVersionKey(workflow: workflow, version: stored.version)) { return engine }
        let definition = try Self.compile(stored)
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
        loaded.keep(engine, for: WorkflowVersionKey(workflow: workflow, version: stored.version))
        return engine
    }

    /// Every deployed version of calendar `id`, oldest first, each compiled once per command.
    private func compiledCalendars(_ id: String) throws -> [(Int, CalendarDefinition)] {
        if let known = loaded.calendars(id) { return known }
        var result: [(Int, CalendarDefinition)] = []
        for version in try store.versions(of: .calendar, id: id) {
            let tree = XMLTree.parse(Array(version.source.utf8), file: "\(id)@\(version.version)").tree
            guard let calendar = tree.flatMap({ CalendarCompiler().compile($0).definition }) else { continue }
            result.append((version.version, calendar))
        }
        loaded.keep(result, for: id)
        return result
    }

    /// Dossier `id` and the engine of the workflow version it is pinned to.
    package func dossier(_ id: Int) throws -> (Dossier, WorkflowEngine) {
        guard let dossier = try store.dossier(id) else { throw OfficeError.noDossier(id) }
        return (dossier, try engine(workflow: dossier.workflowID, version: dossier.workflowVersion))
    }

    /// Refuses when nothing says who acts (no --as, no $DOSSIER_USER, no login name).
    package func requireActorID() throws {
        guard !actorID.isEmpty else { throw OfficeError.noActor(canChoose: isSimulation) }
    }

    /// Refuses unless the acting person holds the staff role `role`; `what` names what they
    /// tried, for the refusal.
    package func requireStaffRole(_ role: String, for what: String) throws -> StaffMember {
        let member = try actor()
        guard member.roles.contains(role) else { throw OfficeError.notPermitted(person: member.id, what: what, needs: [role]) }
        return member
    }

    /// A stored workflow version, compiled.
    package static func compile(_ version: DefinitionVersion) throws -> WorkflowDefinition {
        let result = XMLTree.parse(Array(version.source.utf8), file: "\(version.id)@\(version.version)")
        guard let tree = result.tree, let definition = WorkflowCompiler().compile(tree).definition else {
            throw OfficeError.damagedDefinition(id: version.id, version: version.version)
        }
        return definition
    }

    /// The staff a command may need: everyone named in `ids`, plus the actor.
    package func staff(_ ids: some Sequence<String>) throws -> [String: StaffMember] {
        var result: [String: StaffMember] = [:]
        for id in Set(ids).union([actorID]) {
            if let member = try store.staffMember(id) { result[id] = member }
        }
        return result
    }

    /// The company's clock face, in its time zone. (A store setting once other companies use
    /// Dossier.)
    package static let localTime = LocalTime(identifier: "Asia/Shanghai") ?? LocalTime(.current)

    /// Local date and time for people: `2026-03-02 09:30`.
    package static func local(_ date: Date) -> String { localTime.minutes(date) }

    /// ISO 8601 with the company's offset, for JSON and CSV.
    package static func iso(_ date: Date) -> String { localTime.iso(date) }
}

/// One version of one workflow, as a dictionary key (cheaper than an `id@version` string, which
/// a listing would build once a row).
package struct WorkflowVersionKey: Hashable {
    package var workflow: String
    package var version: Int

    package init(workflow: String, version: Int) {
        self.workflow = workflow
        self.version = version
    }
}

/// What has been compiled from the store: workflow engines by version and calendar versions by
/// id. A deployment adds versions and never edits one, so an engine once compiled stays right
/// until a new calendar version appears (`forgetUnless(generation:)`). Safe to share between
/// threads: the service's requests use one.
package final class LoadedDefinitions: @unchecked Sendable {
    // Every access holds `lock`.
    private let lock = NSLock()
    private var engineCache: [WorkflowVersionKey: WorkflowEngine] = [:]
    private var calendarCache: [String: [(Int, CalendarDefinition)]] = [:]
    private var generation: Int?

    package init() {}

    /// The engine compiled for `key`, if any.
    package func engine(_ key: WorkflowVersionKey) -> WorkflowEngine? { lock.withLock { engineCache[key] } }
    /// Keeps `engine` for `key`.
    package func keep(_ engine: WorkflowEngine, for key: WorkflowVersionKey) { lock.withLock { engineCache[key] = engine } }
    /// The versions of calendar `id` compiled, if any.
    package func calendars(_ id: String) -> [(Int, CalendarDefinition)]? { lock.withLock { calendarCache[id] } }
    /// Keeps the compiled versions of calendar `id`.
    package func keep(_ calendars: [(Int, CalendarDefinition)], for id: String) { lock.withLock { calendarCache[id] = calendars } }

    /// Empties the cache unless it was filled at `generation` of the store's definitions.
    package func forgetUnless(generation: Int) {
        lock.withLock {
            if self.generation != generation {
                engineCache = [:]
                calendarCache = [:]
                self.generation = generation
            }
        }
    }
}
