/// How archive numbers (档号) are formed, e.g. `鸿借字第{seq:3}号`, `GY-SH-{seq:3}` or
/// `{yyyy}-{mm}-{seq:3}`.
///
/// Sequences never repeat and never skip: the store allocates the next number in the
/// transaction that registers the dossier. A sequence that outgrows its width is refused rather
/// than silently widened.
public struct ArchiveNumberPattern: Sendable, Hashable {
    /// One piece of a pattern.
    public enum Token: Sendable, Hashable {
        /// Text copied as is.
        case literal(String)
        /// The four-digit year, `{yyyy}`.
        case year
        /// The two-digit year, `{yy}`.
        case shortYear
        /// The two-digit month, `{mm}`.
        case month
        /// The sequence, zero-padded to `width` digits, `{seq:3}`.
        case sequence(width: Int)
    }

    /// When the sequence starts again at 1.
    public enum SequenceScope: String, Sendable, Hashable, CaseIterable {
        /// Never: one sequence for ever.
        case never
        /// Every calendar year.
        case year
        /// Every calendar month.
        case month
    }

    /// The pattern as written.
    public var source: String
    /// The parsed pieces.
    public var tokens: [Token]
    /// When the sequence restarts.
    public var sequencePer: SequenceScope
    /// The longest number allowed, in characters, when limited.
    public var maximumLength: Int?
    /// How contracts inside are numbered after the archive number, e.g. `-{n:2}`.
    public var contractSuffix: ContractSuffix?
    /// The date field whose year and month `{yyyy:FIELD}`, `{yy:FIELD}` and `{mm:FIELD}` write
    /// (and by which the sequence restarts): March's files filed in April are numbered in March.
    /// `nil`: the filing date.
    public var dateField: String?

    /// Creates a pattern from parsed tokens.
    public init(source: String, tokens: [Token], sequencePer: SequenceScope = .never,
                maximumLength: Int? = nil, contractSuffix: ContractSuffix? = nil, dateField: String? = nil) {
        self.source = source
        self.tokens = tokens
        self.sequencePer = sequencePer
        self.maximumLength = maximumLength
        self.contractSuffix = contractSuffix
        self.dateField = dateField
    }

    /// The width of the sequence.
    public var sequenceWidth: Int {
        for case .sequence(let width) in tokens { return width }
        return 0
    }

    /// The length in characters of every number the pattern makes while the sequence fits its
    /// width.
    public var length: Int {
        tokens.reduce(0) { total, token in
            switch token {
            case .literal(let text): total + text.count
            case .year: total + 4
            case .shortYear, .month: total + 2
            case .sequence(let width): total + width
            }
        }
    }

    /// The largest sequence number the width allows.
    public var largestSequence: Int {
        var largest = 1
        for _ in 0..<sequenceWidth { largest *= 10 }
        return largest - 1
    }

    /// The key under which sequences are counted for a dossier registered in `year`/`month`.
    public func scopeKey(year: Int, month: Int) -> String {
        switch sequencePer {
        case .never: return source
        case .year: return "\(source)|\(year)"
        case .month: return "\(source)|\(year)-\(month < 10 ? "0" : "")\(month)"
        }
    }

    /// The number for `sequence` in `year`/`month`, or `nil` when it outgrows the width.
    public func format(sequence: Int, year: Int, month: Int) -> String? {
        guard sequence >= 1, sequence <= largestSequence else { return nil }
        var result = ""
        for token in tokens {
            switch token {
            case .literal(let text): result += text
            case .year: result += Self.padded(year, width: 4)
            case .shortYear: result += Self.padded(year % 100, width: 2)
            case .month: result += Self.padded(month, width: 2)
            case .sequence(let width): result += Self.padded(sequence, width: width)
            }
        }
        return result
    }

    static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// How a contract inside a dossier is numbered after the archive number, e.g. `-{n:2}` makes
/// `GY-SH-001-03`.
public struct ContractSuffix: Sendable, Hashable {
    /// Text before the contract's number.
    public var prefix: String
    /// The contract number's zero-padded width.
    public var width: Int
    /// Text after the contract's number.
    public var suffix: String

    /// Creates a suffix.
    public init(prefix: String, width: Int, suffix: String = "") {
        self.prefix = prefix
        self.width = width
        self.suffix = suffix
    }

    /// The number of contract `n` inside the dossier numbered `archiveNumber`.
    public func number(_ n: Int, after archiveNumber: String) -> String {
        archiveNumber + prefix + ArchiveNumberPattern.padded(n, width: width) + suffix
    }
}
