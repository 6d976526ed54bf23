import Foundation

/// A fine (罚款) rule: what violation costs how much, who pays, and how repeats escalate.
public struct FineRule: Sendable, Hashable, Identifiable {
    /// What one amount is charged for.
    public enum Basis: String, Sendable, Hashable, CaseIterable {
        /// Each violation.
        case occurrence
        /// Each item concerned (e.g. each item missing a signature).
        case item
        /// Each working day late.
        case workingDay = "working-day"
    }

    /// The violations a fine can punish.
    public enum Violation: String, Sendable, Hashable, CaseIterable {
        /// A deadline passed (referenced from a deadline or timer).
        case deadlineMissed = "deadline-missed"
        /// An item lacks the customer's signature.
        case missingCustomerSignature = "missing-customer-signature"
        /// An item lacks an internal signature.
        case missingInternalSignature = "missing-internal-signature"
        /// An item is incomplete or wrong.
        case defectiveItem = "defective-item"
        /// An item was lost or damaged.
        case lostItem = "lost-item"
        /// A dossier was viewed without approval.
        case unauthorisedView = "unauthorised-view"
        /// Someone let another person use their account.
        case accountShared = "account-shared"
        /// A loan was not returned on time.
        case overdueLoan = "overdue-loan"
        /// A customer record was not updated after a visit.
        case recordNotUpdated = "record-not-updated"
        /// A dossier records that the contact who brought the car in was not verified (the
        /// boolean field the rule names is false).
        case contactNotVerified = "contact-not-verified"
        /// Someone copied or excerpted a dossier, which the house rules forbid.
        case copied
        /// Someone took a dossier out of the office against the rules.
        case takenAway = "taken-away"

        /// Whether a deadline (or timer) missed is the violation: a task not done in time, or a
        /// record not updated within its period (the state's deadline, renewed by each update).
        public var isMissedTime: Bool { self == .deadlineMissed || self == .recordNotUpdated }

        /// Whether only a person can see the violation, so that its fine is recorded by a
        /// manager (`record-by`) and never assessed by the engine: an account lent, a dossier
        /// copied or taken away.
        public var isSeenOnlyByPeople: Bool { [.accountShared, .copied, .takenAway].contains(self) }
    }

    /// Monthly escalation: from the nth violation in a calendar month, multiply by a factor.
    public struct Escalation: Sendable, Hashable {
        /// Which violations count towards n.
        public enum Counting: String, Sendable, Hashable, CaseIterable {
            /// Every fine of the same person in this workflow.
            case workflow
            /// Only this fine.
            case thisFine = "this-fine"
        }

        /// From which violation in the month the factor applies (2 = from the second).
        public var fromNth: Int
        /// The multiplier.
        public var factor: Decimal
        /// Which violations count.
        public var counting: Counting
        /// The share of monthly performance pay that may also be cut, as a percent range.
        public var performanceCut: ClosedRange<Int>?

        /// Creates an escalation.
        public init(fromNth: Int, factor: Decimal, counting: Counting = .workflow, performanceCut: ClosedRange<Int>? = nil) {
            self.fromNth = fromNth
            self.factor = factor
            self.counting = counting
            self.performanceCut = performanceCut
        }
    }

    /// Repetition: not corrected within the grace period, the violation counts again every period.
    public struct Repetition: Sendable, Hashable {
        /// How often it counts again.
        public var every: Period
        /// How long after being ordered before it first counts again.
        public var grace: Period

        /// Creates a repetition.
        public init(every: Period, grace: Period) {
            self.every = every
            self.grace = grace
        }
    }

    /// The rule's id.
    public var id: String
    /// A human title.
    public var title: String
    /// The amount of one charge.
    public var amount: Decimal
    /// The role whose holder pays, or `actor` for whoever committed the violation.
    public var payerRoleID: String
    /// What one amount is charged for.
    public var basis: Basis
    /// The violation punished.
    public var violation: Violation
    /// The most one violation can cost.
    public var cap: Decimal?
    /// Monthly escalation.
    public var escalation: Escalation?
    /// Repetition until corrected.
    public var repetition: Repetition?
    /// The workflow roles whose staff record this fine by hand (`record-by`); empty for a fine
    /// the engine assesses.
    public var recordedBy: [String]
    /// The amounts a recorder may set, "50 to 500 depending on the case" (`min`/`max`); `nil`
    /// when the amount is fixed. A ranged rule's ``amount`` is its least.
    public var range: ClosedRange<Decimal>?
    /// The workflow a dossier of which is started when the fine is recorded, for the person to
    /// restore what was lost or damaged (`restore`).
    public var restoreWorkflowID: String?

    /// The boolean field whose `false` is the violation, for `contact-not-verified`.
    public var fieldID: String?

    /// Whether the fine is recorded by a manager rather than assessed by the engine.
    public var isRecorded: Bool { !recordedBy.isEmpty }

    /// The payer that means "whoever committed the violation".
    public static let actorPayer = "actor"

    /// Creates a fine rule.
    public init(id: String, title: String? = nil, amount: Decimal, payer: String, basis: Basis = .occurrence,
                violation: Violation = .deadlineMissed, cap: Decimal? = nil, escalation: Escalation? = nil,
                repetition: Repetition? = nil, recordedBy: [String] = [], range: ClosedRange<Decimal>? = nil,
                restoreWorkflowID: String? = nil, fieldID: String? = nil) {
        self.id = id
        self.title = title ?? id
        self.amount = amount
        self.payerRoleID = payer
        self.basis = basis
        self.violation = violation
        self.cap = cap
        self.escalation = escalation
        self.repetition = repetition
        self.recordedBy = recordedBy
        self.range = range
        self.restoreWorkflowID = restoreWorkflowID
        self.fieldID = fieldID
    }
}
