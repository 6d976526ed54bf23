import DossierOffice
import ArgumentParser
import DossierEngine
import DossierOffice
import DossierStore
import Foundation

/// `--store`, `--as` and `--at`: where, who and when, shared by every command that acts.
struct ActingOptions: ParsableArguments {
    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("as"), help: ArgumentHelp("Who acts, on simulation stores (default: $DOSSIER_USER, else your login).", valueName: "user"))
    var actor: String?

    @Option(name: .customLong("at"), help: ArgumentHelp("Act at this time, e.g. 2026-03-02T09:30 (simulation stores only).", valueName: "timestamp"))
    var at: String?

    func validate() throws {
        if actor?.isEmpty == true { throw ValidationError("--as needs a user name, e.g. --as alice") }
        if let at, Session.localTime.parse(at) == nil {
            throw ValidationError("--at \(at) is not a time such as 2026-03-02T09:30 or 2026-03-02T09:30:00+08:00")
        }
    }

    /// The login in force: `--as`, else `$DOSSIER_USER`, else the account's login.
    var actorID: String {
        if let actor { return actor }
        if let user = Self.chosenActor { return user }
        return Self.login
    }

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
        guard info.isSimulation else {
            // On a production store nobody chooses who they are: the account's login acts.
            if actor != nil || Self.chosenActor != nil {
                throw CommandFailure("\(actor != nil ? "--as" : "DOSSIER_USER") is only accepted by simulation stores; on a production store you act as your own login\(Self.login.isEmpty ? "" : " (\(Self.login))"), or through the store's server after `dossier login`",
                                     status: .usage)
            }
            return Session(store: store, actorName: ActorName { Self.login }, time: time, isSimulation: false, timeIsGiven: false)
        }
        return Session(store: store, actorName: ActorName { actorID }, time: time, isSimulation: true, timeIsGiven: at != nil)
    }
}
