import Foundation

/// Something that happened to a dossier, as the engine reports it. The store appends events to
/// the hash-chained log in the same transaction as the state they produce.
public struct DossierEvent: Sendable, Hashable, Codable {
    /// The kinds of event.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The dossier started.
        case started
        /// A task was opened for a state's role.
        case taskOpened = "task-opened"
        /// Fields were set or changed.
        case fieldsSet = "fields-set"
        /// A role was given to another person.
        case reassigned
        /// One role signed an action that needs several sign-offs.
        case signed
        /// An action moved the dossier to another state.
        case transitioned
        /// A task was closed by an action.
        case taskClosed = "task-closed"
        /// The dossier reached a final state.
        case finished
        /// A task's deadline was extended, with the reason.
        case deadlineExtended = "deadline-extended"
        /// A checklist item was recorded.
        case itemRecorded = "item-recorded"
        /// A checklist item was verified.
        case itemVerified = "item-verified"
        /// The dossier got its archive number.
        case archiveNumberAssigned = "archive-number-assigned"
        /// A person joined the staff directory.
        case staffAdded = "staff-added"
        /// A person who left was deactivated: they can neither act nor be assigned.
        case staffDeactivated = "staff-deactivated"
        /// A fine was entered in the ledger.
        case fineAssessed = "fine-assessed"
        /// A manager waived a fine, with the reason.
        case fineWaived = "fine-waived"
        /// A fine was settled (paid, or deducted from pay), as a departure settles the leaver's.
        case fineSettled = "fine-settled"
        /// A manager recorded a fine for a violation only people see.
        case fineRecorded = "fine-recorded"
        /// A legal hold was placed on a registered dossier, with the reason.
        case holdPlaced = "hold-placed"
        /// A legal hold was released, with the reason.
        case holdReleased = "hold-released"
        /// A destruction list destroyed the registered dossier, in front of its witnesses.
        case destroyed
        /// An approved correction changed the registered dossier: a new version, each value before and after.
        case amended
        /// The customer's keys were destroyed at their request: the dossier's personal fields read as erased.
        case customerErased = "customer-erased"
        /// A registered dossier passed to another custodian (and department), both having signed.
        case custodyTransferred = "custody-transferred"
        /// A title certificate was put on the draft hand-over list.
        case certificateAdded = "certificate-added"
        /// A title certificate was taken off the draft hand-over list.
        case certificateRemoved = "certificate-removed"
        /// One role signed the certificate hand-over list.
        case certificatesSigned = "certificates-signed"
        /// The last signature handed the listed certificates over to the safe.
        case certificatesHandedOver = "certificates-handed-over"
        /// Certificates in the safe passed to another keeper (a departure, a new archivist).
        case certificatesRekept = "certificates-rekept"
        /// Certificates went back to their owner, out of the safe.
        case certificatesReturned = "certificates-returned"
        /// Someone read a registered dossier, with the right they read it on.
        case viewed
        /// Someone tried to read a registered dossier without a right or an approved loan.
        case viewRefused = "view-refused"
        /// A person's password was set or changed (the event never holds the password or its hash).
        case passwordSet = "password-set"
        /// A person logged in to the service and was given a session.
        case loggedIn = "logged-in"
        /// A login was refused: an unknown person, a wrong password or a locked account.
        case loginFailed = "login-failed"
        /// A session was ended: a logout, or revoked by its owner or an administrator.
        case sessionRevoked = "session-revoked"
        /// A dossier's contents were read through the service.
        case read
        /// A verified copy of the whole store was made (`dossier backup`).
        case backupMade = "backup-made"
        /// The store was restored from a verified copy (`dossier restore`).
        case restored
    }

    /// What happened.
    public var kind: Kind
    /// Who did it.
    public var actor: String
    /// When.
    public var at: Date
    /// The action, for signed and transitioned events.
    public var action: String?
    /// The state before.
    public var fromState: String?
    /// The state after.
    public var toState: String?
    /// The task number concerned.
    public var taskNumber: Int?
    /// Why, in the actor's words.
    public var note: String?
    /// Further facts, e.g. the role signed or the assignments at start.
    public var details: [String: String]

    /// Creates an event.
    public init(kind: Kind, actor: String, at: Date, action: String? = nil, fromState: String? = nil, toState: String? = nil,
                taskNumber: Int? = nil, note: String? = nil, details: [String: String] = [:]) {
        self.kind = kind
        self.actor = actor
        self.at = at
        self.action = action
        self.fromState = fromState
        self.toState = toState
        self.taskNumber = taskNumber
        self.note = note
        self.details = details
    }
}
