import DossierStore
import Foundation

/// Why the office refused to do something: a kind and its facts. Each edge words it for its
/// reader (the CLI with the command to type, the API as an RFC 9457 problem); `description` is
/// the plain English sentence both fall back on.
package enum OfficeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The person acting is not in the staff directory. `canChoose`: whether the edge lets the
    /// caller say who acts (a simulation store's --as).
    case unknownActor(String, canChoose: Bool)
    /// The person acting has left.
    case departedActor(String)
    /// Nothing says who acts.
    case noActor(canChoose: Bool)
    /// The person lacks the staff role an act needs.
    case notPermitted(person: String, what: String, needs: [String])
    /// The person may not read that dossier here.
    case mayNotRead(person: String, dossier: Int, reason: String)
    /// No valid credentials: a wrong password, an unknown, expired or revoked session.
    case notAuthenticated(String)
    /// Too many refused logins of one person in a short time.
    case lockedOut(user: String, until: Date)
    /// No dossier with that number.
    case noDossier(Int)
    /// No task with that number.
    case noTask(Int)
    /// No registered dossier has that archive number.
    case noArchiveNumber(String)
    /// The dossier is not a loan (it runs no lending workflow).
    case notALoan(dossier: Int, workflow: String)
    /// The loan is closed.
    case loanClosed(loan: Int, state: String)
    /// The task was closed already.
    case taskDone(task: Int, dossier: Int, by: String?, action: String?, at: Date)
    /// No workflow of that id is deployed.
    case noWorkflow(String, deployed: [String])
    /// No calendar of that id is deployed.
    case noCalendar(String, deployed: [String])
    /// The definition has no such version.
    case noVersion(kind: String, id: String, version: Int)
    /// A stored workflow no longer compiles: the store was changed outside Dossier.
    case damagedDefinition(id: String, version: Int)
    /// The request itself is malformed (a usage error at the command line).
    case invalid(String)
    /// Refused by a rule of the office, in a sentence.
    case refused(String)

    package var description: String {
        switch self {
        case .unknownActor(let id, let canChoose):
            canChoose
                ? "\(id) is not in the staff directory; act as someone who is with --as USER (or DOSSIER_USER), or add them with `dossier staff add \(id) --name … --role …`"
                : "\(id) is not in the staff directory; an administrator adds them with `dossier staff add \(id) --name … --role …`"
        case .departedActor(let id):
            "\(id) has left and can no longer act"
        case .noActor(let canChoose):
            canChoose
                ? "who acts is unknown: this account has no login name; act with --as USER or set DOSSIER_USER"
                : "who acts is unknown: this account has no login name; log in to the store's server with `dossier login`"
        case .notPermitted(let person, let what, let needs):
            needs.count == 1
                ? "\(person) may not \(what): that needs the staff role '\(needs[0])'"
                : "\(person) may not \(what): that takes one of the staff roles \(needs.joined(separator: ", "))"
        case .notAuthenticated(let reason):
            reason
        case .mayNotRead(let person, let dossier, let reason):
            "\(person) may not read dossier \(dossier): \(reason)"
        case .lockedOut(let user, let until):
            "too many failed logins for \(user); try again after \(Office.local(until))"
        case .noDossier(let id):
            "there is no dossier \(id); see `dossier task list`"
        case .noTask(let id):
            "there is no task \(id); see `dossier task list`"
        case .noArchiveNumber(let number):
            "no registered dossier has archive number \(number); see `dossier register`"
        case .notALoan(let id, let workflow):
            "dossier \(id) runs \(workflow), not a lending workflow; `dossier loans` lists the loans"
        case .loanClosed(let id, let state):
            "loan \(id) is closed (\(state)); see `dossier custody`"
        case .taskDone(let task, let dossier, let by, let action, let at):
            "task \(task) is already done: \(by ?? "someone") took '\(action ?? "?")' at \(Office.local(at)); see `dossier task list --dossier \(dossier)`"
        case .noWorkflow(let id, let deployed):
            "no workflow \(id) is deployed" + (deployed.isEmpty ? "" : "; deployed workflows: " + deployed.joined(separator: ", "))
        case .noCalendar(let id, let deployed):
            "no calendar \(id) is deployed" + (deployed.isEmpty ? "" : "; deployed calendars: " + deployed.joined(separator: ", "))
        case .noVersion(let kind, let id, let version):
            "\(kind) \(id) has no version \(version)" + (kind == "workflow" ? "; see `dossier workflow show \(id)` for its versions" : "")
        case .damagedDefinition(let id, let version):
            "stored workflow \(id) version \(version) no longer compiles; the store was changed outside Dossier"
        case .invalid(let message), .refused(let message):
            message
        }
    }
}
