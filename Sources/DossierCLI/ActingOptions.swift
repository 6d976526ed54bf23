import ArgumentParser
import DossierEngine
import DossierStore
import Foundation

/// `--store`, `--as` and `--at`: where, who and when, shared by every command that acts.
struct ActingOptions: ParsableArguments {
    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("as"), help: ArgumentHelp("Who acts (default: $DOSSIER_USER, else your login).", valueName: "user"))
    var actor: String?

    @Option(name: .customLong("at"), help: ArgumentHelp("Act at this time, e.g. 2026-03-02T09:30 (simulation stores only).", valueName: "timestamp"))
    var at: String?

    func validate() throws {
        if actor?.isEmpty == true { throw ValidationError("--as needs a user name, e.g. --as alice") }
        if let at, Session.localTime.parse(at) == nil {
            throw ValidationError("--at \(at) is not a time such as 2026-03-02T09:30 or 2026-03-02T09:30:00+08:00")
        }
    }

    /// The login in force: `--as`, else `$DOSSIER_USER`, else the account's name in the system's
    /// user database, else `$USER` (Foundation's fallback) or `$LOGNAME`: a container's user
    /// often has no passwd entry. Empty values count as unset; empty when none of them says.
    var actorID: String {
        if let actor { return actor }
        let environment = ProcessInfo.processInfo.environment
        if let user = environment["DOSSIER_USER"], !user.isEmpty { return user }
        let login = ProcessInfo.processInfo.userName
        return login.isEmpty ? environment["LOGNAME"] ?? "" : login
    }

    /// Opens the store and settles who acts and when.
    func session() throws -> Session {
        let store = try storeOptions.open()
        let info = try store.info()
        let time: Date
        if let at {
            guard info.isSimulation else {
                throw CommandFailure("--at is only accepted by simulation stores (created with `dossier init --simulation`); this store uses the clock")
            }
            time = Session.localTime.parse(at) ?? Date()
        } else {
            time = Date()
        }
        return Session(store: store, actorName: ActorName { actorID }, time: time, isSimulation: info.isSimulation, timeIsGiven: at != nil)
    }
}
