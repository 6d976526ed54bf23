/// A state of a workflow: whose task it is, its deadline, and the actions that leave it.
public struct WorkflowState: Sendable, Hashable, Identifiable {
    /// The state a registered dossier ends in when a destruction list destroys it; no workflow declares it.
    public static let destroyedID = "destroyed"

    /// The state's id, e.g. `reviewing`.
    public var id: String
    /// A human title.
    public var title: String
    /// The role whose task this state is; `nil` for final states and parallel ones.
    public var roleID: String?
    /// The roles that each get a task of their own when the dossier enters the state (several
    /// departments carrying out a correction at once); empty for a state with one task. The
    /// state's one action closes a role's task, and the dossier moves on when every task is closed.
    public var parallelRoleIDs: [String]
    /// Whether the dossier's process ends here.
    public var isFinal: Bool
    /// The deadline of the task, counted from when the state is entered unless it says otherwise.
    public var deadline: Deadline?
    /// The actions that leave the state.
    public var transitions: [Transition]

    /// Creates a state.
    public init(id: String, title: String? = nil, roleID: String? = nil, parallelRoleIDs: [String] = [], isFinal: Bool = false,
                deadline: Deadline? = nil, transitions: [Transition] = []) {
        self.id = id
        self.title = title ?? id
        self.roleID = roleID
        self.parallelRoleIDs = parallelRoleIDs
        self.isFinal = isFinal
        self.deadline = deadline
        self.transitions = transitions
    }

    /// Whether entering the state opens a task for each of several roles.
    public var isParallel: Bool { !parallelRoleIDs.isEmpty }

    /// The transition taken by `action`.
    public func transition(_ action: String) -> Transition? { transitions.first { $0.action == action } }
}

/// An action that moves a dossier from one state to another.
public struct Transition: Sendable, Hashable {
    /// The action's name, e.g. `hand-over`.
    public var action: String
    /// A human title.
    public var title: String
    /// The state it leads to.
    public var targetStateID: String
    /// The role that takes the action, when not the state's role.
    public var byRoleID: String?
    /// Conditions that must hold.
    public var guards: [Guard]
    /// Roles that must each sign before the action completes.
    public var signOffRoleIDs: [String]
    /// What else the action does.
    public var effects: [Effect]
    /// Whether the action must carry a note.
    public var requiresNote: Bool
    /// The command whose success takes the action (`on="backup"`); such an action is never
    /// taken by hand.
    public var trigger: Trigger?

    /// A command that takes an action when it succeeds.
    public enum Trigger: String, Sendable, Hashable, CaseIterable {
        /// `dossier backup`: a verified copy of the whole store was written.
        case backup

        /// The command a person runs, for sentences.
        public var command: String {
            switch self {
            case .backup: "dossier backup --to FILE"
            }
        }
    }

    /// Creates a transition.
    public init(action: String, title: String? = nil, to targetStateID: String, by byRoleID: String? = nil,
                guards: [Guard] = [], signOff: [String] = [], effects: [Effect] = [], requiresNote: Bool = false,
                on trigger: Trigger? = nil) {
        self.action = action
        self.title = title ?? action
        self.targetStateID = targetStateID
        self.byRoleID = byRoleID
        self.guards = guards
        self.signOffRoleIDs = signOff
        self.effects = effects
        self.requiresNote = requiresNote
        self.trigger = trigger
    }
}

/// A condition an action needs.
public enum Guard: Sendable, Hashable, CustomStringConvertible {
    /// Every required checklist item is recorded with its pages.
    case checklistComplete
    /// Every checklist item has been verified.
    case allItemsVerified
    /// No verified item has an open defect.
    case noOpenDefects
    /// Every required signature is present.
    case signaturesComplete
    /// The certificate hand-over list is signed by everyone it names.
    case certificatesSigned
    /// The field is set.
    case fieldSet(String)
    /// The holder of the role holds nothing more in the office: no role in a running dossier, no
    /// loan, no title certificate in their keeping (a departure's list is empty).
    case nothingHeld(String)

    /// The guard names a workflow may use, without the `field:` form.
    public static let names = ["checklist-complete", "all-items-verified", "no-open-defects",
                               "signatures-complete", "certificates-signed"]

    /// Parses a guard token as written in XML.
    public init?(token: String) {
        switch token {
        case "checklist-complete": self = .checklistComplete
        case "all-items-verified": self = .allItemsVerified
        case "no-open-defects": self = .noOpenDefects
        case "signatures-complete": self = .signaturesComplete
        case "certificates-signed": self = .certificatesSigned
        default:
            if token.hasPrefix("nothing-held:"), token.count > 13 {
                self = .nothingHeld(String(token.dropFirst(13)))
                return
            }
            guard token.hasPrefix("field:"), token.count > 6 else { return nil }
            self = .fieldSet(String(token.dropFirst(6)))
        }
    }

    /// The token as written in XML.
    public var description: String {
        switch self {
        case .checklistComplete: "checklist-complete"
        case .allItemsVerified: "all-items-verified"
        case .noOpenDefects: "no-open-defects"
        case .signaturesComplete: "signatures-complete"
        case .certificatesSigned: "certificates-signed"
        case .fieldSet(let field): "field:\(field)"
        case .nothingHeld(let role): "nothing-held:\(role)"
        }
    }
}

/// Something an action does besides changing state.
public enum Effect: String, Sendable, Hashable, CaseIterable {
    /// Allocate the next archive number and enter the dossier in the register.
    case assignArchiveNumber = "assign-archive-number"
    /// Turn open defects into a supplementary list (补充资料清单) for the handler.
    case issueSupplementaryList = "issue-supplementary-list"
    /// Clear verification marks so the dossier is checked again.
    case resetVerification = "reset-verification"
    /// Hand the dossier to a borrower.
    case lend
    /// Take the dossier back and check it item by item.
    case `return`
    /// Close the loan in the ledger.
    case closeLoan = "close-loan"
    /// Destroy the registered dossiers the dossier acts on (`<acts-on>`): each ends in state `destroyed`.
    case dispose
    /// Apply the correction the dossier holds to the registered dossier it acts on: a new
    /// version of its fields and pages, the earlier one kept readable.
    case amend
    /// Hand the registered dossiers the dossier acts on to another custodian (and department).
    case transferCustody = "transfer-custody"
}
