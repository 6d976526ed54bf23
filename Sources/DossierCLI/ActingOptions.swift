import DossierOffice
import ArgumentParser
import DossierAPI
import DossierClient
import DossierEngine
import DossierOffice
import DossierService
import DossierStore
import Foundation

/// `--store`, `--server`, `--as` and `--at`: where, who and when, shared by every command that acts.
struct ActingOptions: ParsableArguments {
    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("Send the command to this `dossier serve` (default: $DOSSIER_SERVER, else the saved login when no --store is given).", valueName: "url"))
    var server: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Who acts, on simulation stores (default: $DOSSIER_USER, else your login).", valueName: "user"))
    var actor: String?

    @Option(name: .customLong("at"), help: ArgumentHelp("Act at this time, e.g. 2026-03-02T09:30 (simulation stores only).", valueName: "timestamp"))
    var at: String?

    func validate() throws {
        if actor?.isEmpty == true { throw ValidationError("--as needs a user name, e.g. --as alice") }
        if let at, Session.localTime.parse(at) == nil {
            throw ValidationError("--at \(at) is not a time such as 2026-03-02T09:30 or 2026-03-02T09:30:00+08:00, \(LocalTime.acceptedMomentsText)")
        }
    }

    /// The time the command acts at: --at, else the clock (a server's answer is rendered at it).
    var time: Date { at.flatMap { Session.localTime.parse($0) } ?? Date() }

    /// The time a server's answer is rendered at: --at, else the served store's time (a
    /// simulation store's own clock, a production store's the server's), so that what is
    /// overdue is said as of the store's day, as it is locally.
    func time(of remote: ServerClient) throws -> Date {
        if let at, let given = Session.localTime.parse(at) { return given }
        return try Blocking.run { try await remote.clock().at }
    }

    /// The login in force: `--as`, else `$DOSSIER_USER`, else the account's login.
    var actorID: String {
        if let actor { return actor }
        if let user = Self.chosenActor { return user }
        return Self.login
    }

    /// The token of the person `dossier demo --server` runs a step as, instead of a saved login.
    @TaskLocal static var demoToken: String?

    /// `$DOSSIER_USER`, unless empty.
    static var chosenActor: String? {
        guard let user = ProcessInfo.processInfo.environment["DOSSIER_USER"], !user.isEmpty else { return nil }
        return user
    }

    /// The account's name in the system's user database, else `$USER` (Foundation's fallback) or
    /// `$LOGNAME`: a container's user often has no passwd entry. Empty when none of them says.
    static var login: String {
        let login = ProcessInfo.processInfo.userName
        return login.isEmpty ? ProcessInfo.processInfo.environment["LOGNAME"] ?? "" : login
    }

    /// The server this command goes to, with the saved login's token, or `nil` to work on a
    /// local store: --server, else $DOSSIER_SERVER, else the saved `dossier login` unless a store
    /// is named (--store, --database, $DOSSIER_STORE or $DOSSIER_DATABASE). Through a server the person logged in acts: --as and
    /// DOSSIER_USER are refused; --at goes along, for a simulation store's server to act at.
    func remote() throws -> ServerClient? {
        let environment = ProcessInfo.processInfo.environment
        let savedPath = SavedLogin.path(environment: environment)
        let saved = try savedPath.flatMap(SavedLogin.load)
        let storeNamed = storeOptions.store != nil || storeOptions.database != nil || environment["DOSSIER_STORE"] != nil
            || environment["DOSSIER_DATABASE"] != nil
        guard var url = server ?? environment["DOSSIER_SERVER"].flatMap({ $0.isEmpty ? nil : $0 }) ?? (storeNamed ? nil : saved?.server) else {
            return nil
        }
        while url.hasSuffix("/") { url.removeLast() }
        if actor != nil || Self.chosenActor != nil {
            throw CommandFailure("\(actor != nil ? "--as" : "DOSSIER_USER") is not accepted through a server: you act as the person logged in (`dossier login --server \(url)`)",
                                 status: .usage)
        }
        let matching = saved?.server == url ? saved : nil
        // A simulation store's server acts at the time given; a production store's refuses it (64).
        let simulated = at.flatMap { Session.localTime.parse($0) }.map(Session.iso)
        return ServerClient(server: url, token: Self.demoToken ?? matching?.token, caFile: matching?.caFile, simulatedTime: simulated)
    }

    /// What a command does, through the server when one is configured, else on the local store:
    /// both give the API's value, which the command renders the same either way.
    func perform<T: Sendable>(remote: @escaping @Sendable (ServerClient) async throws -> T, local: (Session) throws -> T) throws -> T {
        if let client = try self.remote() {
            return try Blocking.run { try await remote(client) }
        }
        return try local(try session())
    }

    /// A deployed definition, through the server or from the store.
    func definition(_ kind: DefinitionKind, id: String, version: Int?) throws -> DefinitionDetailBody {
        try perform(remote: { try await $0.definition(kind: kind.rawValue, id: id, version: version) },
                    local: { APIBodies.body(try $0.definition(kind, id: id, version: version)) })
    }

    /// The store, for a command that reads it without acting; on a production store --as and
    /// DOSSIER_USER are refused as for any other command.
    func openStore() throws -> any DossierStore {
        try session().store
    }

    /// Opens the store and settles who acts and when.
    func session() throws -> Session {
        if let remote = try remote() {
            throw CommandFailure("this command does not go through the server yet; run it on the store itself (--store PATH, where \(remote.server) keeps its store)",
                                 status: .usage)
        }
        let store = try storeOptions.open()
        let info = try store.info()
        if at != nil, !info.isSimulation {
            throw CommandFailure("--at is only accepted by simulation stores (created with `dossier init --simulation`); this store uses the clock")
        }
        // --at, else a simulation store's own clock (`dossier clock`), else the clock.
        let moment = try Office.actingMoment(store: store, isSimulation: info.isSimulation, given: at.flatMap { Session.localTime.parse($0) })
        guard info.isSimulation else {
            // On a production store nobody chooses who they are: the account's login acts.
            if actor != nil || Self.chosenActor != nil {
                throw CommandFailure("\(actor != nil ? "--as" : "DOSSIER_USER") is only accepted by simulation stores; on a production store you act as your own login\(Self.login.isEmpty ? "" : " (\(Self.login))"), or through the store's server after `dossier login`",
                                     status: .usage)
            }
            return Session(store: store, actorName: ActorName { Self.login }, time: moment.time, isSimulation: false, timeIsGiven: false)
        }
        return Session(store: store, actorName: ActorName { actorID }, time: moment.time, isSimulation: true, timeIsGiven: moment.isGiven)
    }
}
