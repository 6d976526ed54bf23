import DossierDefinition
import Foundation

/// One counted violation: a fine rule applied once to one person, with every fact needed to
/// explain it. Occurrences are facts, fixed when assessed; what each costs after monthly
/// escalation and caps is worked out from them by ``FineLedger``.
///
/// The ``key`` is the same whenever and however often the same violation is assessed, so the
/// store records each violation once, however often `dossier tick` runs.
public struct FineOccurrence: Sendable, Hashable {
    /// Identifies the violation: dossier, task, rule, item and repetition.
    public var key: String
    /// The dossier it concerns; `nil` for a fine a manager records on no dossier (an account lent).
    public var dossierID: Int?
    /// The task concerned, for deadlines and reviews.
    public var taskNumber: Int?
    /// The workflow and the version whose rule applies.
    public var workflowID: String
    /// The workflow version.
    public var workflowVersion: Int
    /// The fine rule.
    public var ruleID: String
    /// The rule's title.
    public var ruleTitle: String
    /// The violation punished.
    public var violation: FineRule.Violation
    /// The checklist item concerned, for per-item fines.
    public var itemID: String?
    /// 0 for the violation itself; n for the nth time it counts again (repetition, or the nth
    /// working day late for per-working-day fines).
    public var repetition: Int
    /// Who pays.
    public var payer: String
    /// The role whose holder pays.
    public var payerRole: String
    /// When the violation happened (or counted again).
    public var occurredAt: Date
    /// The local month it counts in, `2026-03`.
    public var month: String
    /// The deadline compared against, for deadline fines.
    public var dueAt: Date?
    /// The calendar version the dates were counted on, `cn@2`.
    public var calendar: String?
    /// Whether a date was counted on weekdays only because the calendar had no data for its year.
    public var isProvisional: Bool
    /// The amount before escalation.
    public var baseAmount: Decimal
    /// From which violation in the month the factor applies.
    public var escalationFromNth: Int?
    /// The escalation factor.
    public var escalationFactor: Decimal?
    /// Which fines count towards the nth: `new-car-intake` (the workflow) or `new-car-intake/late-new-car` (this rule).
    public var escalationScope: String
    /// The most this violation may cost in all.
    public var cap: Decimal?
    /// The sentence saying what was compared and found, or the recorder's own words.
    public var reason: String
    /// Who recorded it by hand; `nil` for a fine the engine assessed.
    public var recordedBy: String?

    /// The violation this occurrence belongs to, for caps: all its repetitions share it (the
    /// key without its repetition).
    public var violationKey: String { Self.violationKey(ofKey: key) }

    /// The violation of the occurrence whose key is `key`.
    public static func violationKey(ofKey key: String) -> String {
        key.lastIndex(of: "/").map { String(key[..<$0]) } ?? key
    }

    /// Creates an occurrence; the key is derived from the identifying fields. `occasion` tells
    /// apart violations that have no task or item of their own (each refused view of a dossier).
    public init(dossierID: Int?, taskNumber: Int?, workflowID: String, workflowVersion: Int, rule: FineRule, itemID: String? = nil,
                occasion: String? = nil, repetition: Int = 0, payer: String, payerRole: String, occurredAt: Date, month: String, dueAt: Date? = nil,
                calendar: String? = nil, isProvisional: Bool = false, reason: String) {
        self.dossierID = dossierID
        self.taskNumber = taskNumber
        self.workflowID = workflowID
        self.workflowVersion = workflowVersion
        self.ruleID = rule.id
        self.ruleTitle = rule.title
        self.violation = rule.violation
        self.itemID = itemID
        self.repetition = repetition
        self.payer = payer
        self.payerRole = payerRole
        self.occurredAt = occurredAt
        self.month = month
        self.dueAt = dueAt
        self.calendar = calendar
        self.isProvisional = isProvisional
        self.baseAmount = rule.amount
        self.escalationFromNth = rule.escalation?.fromNth
        self.escalationFactor = rule.escalation?.factor
        self.escalationScope = rule.escalation?.counting == .thisFine ? "\(workflowID)/\(rule.id)" : workflowID
        self.cap = rule.cap
        self.reason = reason
        self.key = "\(dossierID.map(String.init) ?? "-")/\(taskNumber.map(String.init) ?? "-")/\(rule.id)/\(itemID ?? "-")\(occasion.map { "@\($0)" } ?? "")/\(repetition)"
    }
}

/// The calendar version a deadline was counted on, kept with the task so that a later edit of
/// the calendar never moves a deadline or a fine already computed.
public struct CalendarPin: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The calendar's id.
    public var id: String
    /// The deployed version; 0 when the engine was given an unversioned calendar.
    public var version: Int
    /// Whether a day was counted on weekdays only because the calendar had no data for its year.
    public var isProvisional: Bool

    /// Creates a pin.
    public init(id: String, version: Int, isProvisional: Bool = false) {
        self.id = id
        self.version = version
        self.isProvisional = isProvisional
    }

    /// `cn@2`, or `cn@2 (provisional)`.
    public var description: String { label + (isProvisional ? " (provisional)" : "") }

    /// `cn@2`: the key of the calendar version.
    public var label: String { "\(id)@\(version)" }
}
