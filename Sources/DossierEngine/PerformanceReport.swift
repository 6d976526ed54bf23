import Foundation

/// On-time and completeness rates per person and department for one month: what feeds a
/// department manager's performance review (DOMAIN §4).
///
/// - On time: of the tasks whose deadline fell in the month and has passed, the share closed
///   by their due moment. A task still open past its due moment counts as late. Duties (a
///   timer's call, a scheduled dossier's task) count among them and are also shown apart.
/// - Complete: of the hand-overs reviewed in the month, the share accepted without a
///   supplementary list. It is the share of the person who handed over.
public struct PerformanceReport: Sendable, Hashable {
    /// A task with a deadline in the month.
    public struct DeadlineTask: Sendable, Hashable {
        /// Who held it.
        public var person: String
        /// When it was due.
        public var dueAt: Date
        /// When it was closed, if it was.
        public var closedAt: Date?
        /// Whether it is a duty time made (a timer's, or a scheduled dossier's) rather than a step.
        public var isDuty: Bool

        /// Creates one.
        public init(person: String, dueAt: Date, closedAt: Date?, isDuty: Bool = false) {
            self.person = person
            self.dueAt = dueAt
            self.closedAt = closedAt
            self.isDuty = isDuty
        }
    }

    /// A review decision in the month on someone's hand-over.
    public struct Review: Sendable, Hashable {
        /// Whose hand-over was reviewed.
        public var person: String
        /// Whether it was accepted without a supplementary list.
        public var isComplete: Bool

        /// Creates one.
        public init(person: String, isComplete: Bool) {
            self.person = person
            self.isComplete = isComplete
        }
    }

    /// The figures of one person or department.
    public struct Line: Sendable, Hashable {
        /// `person` or `department`.
        public var scope: String
        /// The person's login or the department's name.
        public var name: String
        /// The department, for a person.
        public var department: String?
        /// Deadlines that fell in the month and have passed.
        public var deadlines = 0
        /// Of those, met.
        public var onTime = 0
        /// Of the deadlines, duties time made.
        public var duties = 0
        /// Of those, met.
        public var dutiesOnTime = 0
        /// Hand-overs reviewed.
        public var reviews = 0
        /// Of those, accepted without a supplementary list.
        public var complete = 0
        /// The share of the month's performance pay that may be cut, in percent, for a person
        /// whose fines this month reached an escalation with a `performance-cut`; `nil` otherwise.
        public var performanceCut: ClosedRange<Int>?

        /// On-time share in percent, one decimal; `nil` with no deadlines.
        public var onTimeRate: Decimal? { Self.percent(onTime, of: deadlines) }
        /// Complete share in percent, one decimal; `nil` with no reviews.
        public var completenessRate: Decimal? { Self.percent(complete, of: reviews) }
        /// The duties' on-time share in percent, one decimal; `nil` with no duties.
        public var dutiesOnTimeRate: Decimal? { Self.percent(dutiesOnTime, of: duties) }

        static func percent(_ part: Int, of whole: Int) -> Decimal? {
            guard whole > 0 else { return nil }
            var value = Decimal(part * 1000) / Decimal(whole)
            var rounded = Decimal()
            NSDecimalRound(&rounded, &value, 0, .plain)
            return rounded / 10
        }
    }

    /// Departments first (alphabetically), then people by department and login.
    public var lines: [Line]

    /// Computes the report as of `now` from the month's deadlines and reviews; `department`
    /// says which department a person belongs to, `cuts` the performance-pay cut that applies
    /// to a person's month.
    public init(deadlines: [DeadlineTask], reviews: [Review], now: Date, cuts: [String: ClosedRange<Int>] = [:],
                department: (String) -> String?) {
        let counted = deadlines.filter { $0.dueAt <= now || $0.closedAt != nil }.map { task in
            DeadlineCount(person: task.person, isDuty: task.isDuty, deadlines: 1, met: (task.closedAt.map { $0 <= task.dueAt } ?? false) ? 1 : 0)
        }
        self.init(counted: counted, reviews: reviews, cuts: cuts, department: department)
    }

    /// Deadlines already counted: how many of one person's (duties or not) passed, and how many were met.
    public struct DeadlineCount: Sendable, Hashable {
        /// Whose deadlines.
        public var person: String
        /// Whether they were duties time made (counted apart as well).
        public var isDuty: Bool
        /// How many passed.
        public var deadlines: Int
        /// Of those, met.
        public var met: Int

        /// Creates a count.
        public init(person: String, isDuty: Bool, deadlines: Int, met: Int) {
            self.person = person
            self.isDuty = isDuty
            self.deadlines = deadlines
            self.met = met
        }
    }

    /// The report from deadlines already counted (those that passed, or were met before), the
    /// month's reviews and the cuts.
    public init(counted: [DeadlineCount], reviews: [Review], cuts: [String: ClosedRange<Int>] = [:], department: (String) -> String?) {
        var people: [String: Line] = [:]
        func line(_ person: String) -> Line {
            people[person] ?? Line(scope: "person", name: person, department: department(person))
        }
        for count in counted {
            var entry = line(count.person)
            entry.deadlines += count.deadlines
            entry.onTime += count.met
            if count.isDuty {
                entry.duties += count.deadlines
                entry.dutiesOnTime += count.met
            }
            people[count.person] = entry
        }
        for review in reviews {
            var entry = line(review.person)
            entry.reviews += 1
            if review.isComplete { entry.complete += 1 }
            people[review.person] = entry
        }
        for (person, cut) in cuts {
            var entry = line(person)
            entry.performanceCut = cut
            people[person] = entry
        }
        var departments: [String: Line] = [:]
        for person in people.values {
            let name = person.department ?? "(no department)"
            var entry = departments[name] ?? Line(scope: "department", name: name)
            entry.deadlines += person.deadlines
            entry.onTime += person.onTime
            entry.duties += person.duties
            entry.dutiesOnTime += person.dutiesOnTime
            entry.reviews += person.reviews
            entry.complete += person.complete
            departments[name] = entry
        }
        lines = departments.values.sorted { $0.name < $1.name }
            + people.values.sorted { ($0.department ?? "", $0.name) < ($1.department ?? "", $1.name) }
    }
}
