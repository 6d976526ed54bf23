/// An amount of time in a unit: 3 working days, 5 calendar days, 4 hours.
public struct Period: Sendable, Hashable, CustomStringConvertible {
    /// The units a period is counted in.
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        /// Days the calendar marks as working days.
        case workingDays = "working-days"
        /// Every day.
        case calendarDays = "calendar-days"
        /// Hours of the clock.
        case hours
        /// Months of the calendar, to the same day of the month (or the last day of a month
        /// too short for it): "at least quarterly" is 3 calendar months.
        case calendarMonths = "calendar-months"
    }

    /// How many units; at least 1 in a compiled definition.
    public var amount: Int
    /// The unit.
    public var unit: Unit

    /// Creates a period.
    public init(_ amount: Int, _ unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// "working days", or "working day" for an amount of 1.
    public var unitName: String {
        switch unit {
        case .workingDays: amount == 1 ? "working day" : "working days"
        case .calendarDays: amount == 1 ? "calendar day" : "calendar days"
        case .hours: amount == 1 ? "hour" : "hours"
        case .calendarMonths: amount == 1 ? "calendar month" : "calendar months"
        }
    }

    /// "3 working days".
    public var description: String { "\(amount) \(unitName)" }

    /// The longest period a definition may state in `unit`: ten years (2,500 working days,
    /// 3,660 calendar days, 87,840 hours, 120 calendar months). Longer is no office's rule, and counting it would
    /// leave the calendars' years or the clock's range.
    public static func longest(_ unit: Unit) -> Int {
        switch unit {
        case .workingDays: 2_500
        case .calendarDays: 3_660
        case .hours: 87_840
        case .calendarMonths: 120
        }
    }
}

/// What a deadline or timer counts from.
public enum DeadlineOrigin: Sendable, Hashable, CustomStringConvertible {
    /// The moment the task's state was entered.
    case stateEntered
    /// The moment the dossier started.
    case instanceStarted
    /// The date in a field, such as the sale date.
    case field(String)

    /// Parses the XML form.
    public init?(token: String) {
        switch token {
        case "state-entered": self = .stateEntered
        case "instance-started": self = .instanceStarted
        default:
            guard token.hasPrefix("field:"), token.count > 6 else { return nil }
            self = .field(String(token.dropFirst(6)))
        }
    }

    /// The XML form.
    public var description: String {
        switch self {
        case .stateEntered: "state-entered"
        case .instanceStarted: "instance-started"
        case .field(let id): "field:\(id)"
        }
    }
}

/// A time limit: on one state's task, or (with `untilStateID`) across several states.
public struct Deadline: Sendable, Hashable {
    /// The deadline's id; for a state's deadline, the state's id.
    public var id: String
    /// A human title.
    public var title: String
    /// How long.
    public var period: Period
    /// Counted from.
    public var origin: DeadlineOrigin
    /// The calendar for working days, when not the workflow's.
    public var calendarID: String?
    /// Roles that may extend it.
    public var extendableBy: [String]
    /// The fine assessed when it passes.
    public var fineID: String?
    /// For a deadline over several states: the state that meets it.
    public var untilStateID: String?

    /// Creates a deadline.
    public init(id: String, title: String? = nil, period: Period, origin: DeadlineOrigin = .stateEntered,
                calendarID: String? = nil, extendableBy: [String] = [], fineID: String? = nil, untilStateID: String? = nil) {
        self.id = id
        self.title = title ?? id
        self.period = period
        self.origin = origin
        self.calendarID = calendarID
        self.extendableBy = extendableBy
        self.fineID = fineID
        self.untilStateID = untilStateID
    }
}

/// A duty time gives a dossier, such as a follow-up call within 3 days of a sale: a task for
/// the person holding `roleID`, opened at the origin (the sale) and done by recording it in a
/// window that opens `notBefore` after the origin (at once when `nil`) and closes `within` after
/// it. A record made before the window opens does not count.
public struct FollowUpTimer: Sendable, Hashable, Identifiable {
    /// A condition on a field: only dossiers whose field has this value get the duty.
    public struct Condition: Sendable, Hashable, CustomStringConvertible {
        /// The field.
        public var field: String
        /// Its value, as canonical text.
        public var value: String

        /// Creates a condition.
        public init(field: String, value: String) {
            self.field = field
            self.value = value
        }

        /// The XML form, `field:bought=true`.
        public var description: String { "field:\(field)=\(value)" }
    }

    /// The timer's id; also the id of the task it opens, so it is no state's id.
    public var id: String
    /// A human title.
    public var title: String
    /// When the window closes, counted from the origin.
    public var within: Period
    /// When the window opens, counted from the origin in the same unit; at the origin when `nil`.
    public var notBefore: Period?
    /// Counted from.
    public var origin: DeadlineOrigin
    /// The role whose task the duty is.
    public var roleID: String
    /// Only when this field has this value.
    public var condition: Condition?
    /// What recording the duty must say (`channel`, `outcome`); the note is always kept.
    public var recordValues: [String]
    /// The fine when the window closes with nothing recorded.
    public var fineID: String?

    /// Creates a timer.
    public init(id: String, title: String? = nil, within: Period, notBefore: Period? = nil, origin: DeadlineOrigin = .instanceStarted,
                roleID: String, condition: Condition? = nil, recordValues: [String] = [], fineID: String? = nil) {
        self.id = id
        self.title = title ?? id
        self.within = within
        self.notBefore = notBefore
        self.origin = origin
        self.roleID = roleID
        self.condition = condition
        self.recordValues = recordValues
        self.fineID = fineID
    }

    /// The window's closing as a deadline, counted like any other.
    public var deadline: Deadline {
        Deadline(id: id, title: title, period: within, origin: origin, fineID: fineID)
    }
}
