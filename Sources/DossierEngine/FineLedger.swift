import Foundation

/// What fines cost: the ledger's occurrences priced under the house rules' monthly escalation
/// and caps. Pricing is a pure function of the occurrences, so the same violations cost the
/// same whenever and in whatever order they were assessed.
///
/// - Escalation: a fine's nth is its place among the payer's fines of the same month and
///   scope (the workflow, or just the rule), ordered by when they occurred; from the rule's
///   nth on, the factor applies.
/// - Waived fines cost nothing and do not count towards anyone's nth.
/// - Caps: the occurrences of one violation (its repetitions, in order) together cost at most
///   the rule's cap; the occurrence that reaches it is cut down and later ones cost nothing.
public enum FineLedger {
    /// One ledger entry to price.
    public struct Entry: Sendable, Hashable {
        /// The entry's number in the ledger.
        public var id: Int
        /// The occurrence.
        public var occurrence: FineOccurrence
        /// Whether a manager waived it.
        public var isWaived: Bool
        /// The number of the task it concerns, the one `task list` shows, if it concerns a task.
        public var task: Int?

        /// Creates an entry.
        public init(id: Int, occurrence: FineOccurrence, isWaived: Bool, task: Int? = nil) {
            self.id = id
            self.occurrence = occurrence
            self.isWaived = isWaived
            self.task = task
        }
    }

    /// An entry with its price.
    public struct Priced: Sendable, Hashable {
        /// The entry.
        public var entry: Entry
        /// Its place among the payer's counted fines of the month in its scope; `nil` when waived.
        public var nth: Int?
        /// The factor applied (1 below the escalation threshold).
        public var factor: Decimal
        /// What it costs.
        public var amount: Decimal
        /// Whether the cap cut it.
        public var isCapped: Bool

        /// `entry` at `price` (its charge's).
        public init(entry: Entry, price: Price) {
            self.entry = entry
            self.nth = price.nth
            self.factor = price.factor
            self.amount = price.amount
            self.isCapped = price.isCapped
        }
    }

    /// What pricing reads of an entry: the rule's numbers and where the entry counts, without
    /// the facts a statement shows (so a month of many fines is priced without reading them).
    public struct Charge: Sendable, Hashable {
        /// The entry's number in the ledger.
        public var id: Int
        public var payer: String
        /// `YYYY-MM`, the month it counts in.
        public var month: String
        public var workflowID: String
        /// What its nth counts: the workflow, or `workflow/rule`.
        public var escalationScope: String
        public var baseAmount: Decimal
        public var escalationFromNth: Int?
        public var escalationFactor: Decimal?
        public var cap: Decimal?
        /// The violation whose repetitions share the cap; `nil` when uncapped.
        public var violationKey: String?
        public var isWaived: Bool

        /// Creates a charge.
        public init(id: Int, payer: String, month: String, workflowID: String, escalationScope: String, baseAmount: Decimal,
                    escalationFromNth: Int?, escalationFactor: Decimal?, cap: Decimal?, violationKey: String?, isWaived: Bool) {
            self.id = id
            self.payer = payer
            self.month = month
            self.workflowID = workflowID
            self.escalationScope = escalationScope
            self.baseAmount = baseAmount
            self.escalationFromNth = escalationFromNth
            self.escalationFactor = escalationFactor
            self.cap = cap
            self.violationKey = violationKey
            self.isWaived = isWaived
        }

        /// The charge of `entry`.
        public init(_ entry: Entry) {
            let fine = entry.occurrence
            self.init(id: entry.id, payer: fine.payer, month: fine.month, workflowID: fine.workflowID, escalationScope: fine.escalationScope,
                      baseAmount: fine.baseAmount, escalationFromNth: fine.escalationFromNth, escalationFactor: fine.escalationFactor,
                      cap: fine.cap, violationKey: fine.cap == nil ? nil : fine.violationKey, isWaived: entry.isWaived)
        }
    }

    /// A charge's price.
    public struct Price: Sendable, Hashable {
        /// The entry's number in the ledger.
        public var id: Int
        /// Its place among the payer's counted fines of the month in its scope; `nil` when waived.
        public var nth: Int?
        /// The factor applied (1 below the escalation threshold).
        public var factor: Decimal
        /// What it costs.
        public var amount: Decimal
        /// Whether the cap cut it.
        public var isCapped: Bool
    }

    /// Prices `entries`. Every entry of a payer that can affect another's price (their other
    /// fines of the same months; earlier repetitions of the same violations) must be included.
    public static func price(_ entries: [Entry]) -> [Priced] {
        let ordered = entries.sorted { ($0.occurrence.occurredAt, $0.occurrence.key) < ($1.occurrence.occurredAt, $1.occurrence.key) }
        return zip(ordered, price(ordered: ordered.map(Charge.init))).map(Priced.init)
    }

    /// Prices `charges`, given in the ledger's order (by when they occurred, then by key), with
    /// the same rule as ``price(_:)``: every charge that can affect another's price included.
    public static func price(ordered charges: [Charge]) -> [Price] {
        var counts: [String: Int] = [:]
        var spent: [String: Decimal] = [:]
        var prices: [Price] = []
        prices.reserveCapacity(charges.count)
        for fine in charges {
            guard !fine.isWaived else {
                prices.append(Price(id: fine.id, nth: nil, factor: 1, amount: 0, isCapped: false))
                continue
            }
            let scope = "\(fine.payer)|\(fine.month)|\(fine.escalationScope)"
            let nth = (counts[scope] ?? 0) + 1
            counts[scope] = nth
            // Counting towards the workflow scope: a this-fine rule's fines also count for the workflow's.
            if fine.escalationScope != fine.workflowID {
                counts["\(fine.payer)|\(fine.month)|\(fine.workflowID)", default: 0] += 1
            }
            var factor: Decimal = 1
            if let from = fine.escalationFromNth, let escalated = fine.escalationFactor, nth >= from { factor = escalated }
            var amount = fine.baseAmount * factor
            var capped = false
            if let cap = fine.cap, let violation = fine.violationKey {
                let before = spent[violation] ?? 0
                if before + amount > cap {
                    amount = max(0, cap - before)
                    capped = true
                }
                spent[violation] = before + amount
            }
            prices.append(Price(id: fine.id, nth: nth, factor: factor, amount: amount, isCapped: capped))
        }
        return prices
    }
}
