import PostgresNIO

/// A statement put together from parts, its values bound as `$1`, `$2`, … in order.
struct SQL {
    var text = ""
    private(set) var binds = PostgresBindings()
    private var count = 0

    /// Binds `value` and returns its placeholder.
    mutating func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
        binds.append(value)
        count += 1
        return "$\(count)"
    }

    /// Binds `value`, or NULL, and returns its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) -> String {
        if let value { binds.append(value) } else { binds.appendNull() }
        count += 1
        return "$\(count)"
    }

    /// How many values are bound.
    var parameterCount: Int { count }

    /// The statement, ready to run.
    var query: PostgresQuery { PostgresQuery(unsafeSQL: text, binds: binds) }
}

/// A statement whose values are bound when it is put into a query: on its own, or as one part
/// of a ``StatementBatch``. Written like a `PostgresQuery`, each interpolated value a parameter.
struct Statement: ExpressibleByStringInterpolation {
    private var parts: [Part]

    fileprivate enum Part {
        case text(String)
        case value((inout SQL) -> String)
    }

    init(stringLiteral value: String) { parts = [.text(value)] }

    init(stringInterpolation: StringInterpolation) { parts = stringInterpolation.parts }

    /// A statement written by `build`, which binds its values in the `SQL` it is given.
    init(_ build: @escaping (inout SQL) -> String) { parts = [.value(build)] }

    struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var parts: [Part] = []

        init(literalCapacity: Int, interpolationCount: Int) {}

        mutating func appendLiteral(_ literal: String) { parts.append(.text(literal)) }

        mutating func appendInterpolation<Value: PostgresDynamicTypeEncodable>(_ value: Value) {
            parts.append(.value { $0.bind(value) })
        }

        mutating func appendInterpolation<Value: PostgresDynamicTypeEncodable>(_ value: Value?) {
            parts.append(.value { $0.bind(value) })
        }

        mutating func appendInterpolation(unescaped text: String) { parts.append(.text(text)) }
    }

    /// Its text, its values bound in `sql` after those bound there already.
    func text(binding sql: inout SQL) -> String {
        var text = ""
        for part in parts {
            switch part {
            case .text(let literal): text += literal
            case .value(let bind): text += bind(&sql)
            }
        }
        return text
    }

    /// The statement on its own.
    var query: PostgresQuery {
        var sql = SQL()
        sql.text = text(binding: &sql)
        return sql.query
    }
}

/// Statements run as one: each a data-modifying part of one `WITH` query, so that they cost one
/// round trip to PostgreSQL instead of one each (postgres-nio sends a connection's statements
/// one at a time, each after the answer to the one before). They run on one snapshot and must
/// not change the same row twice; one of them may be selected for its `RETURNING` rows.
struct StatementBatch {
    private var sql = SQL()
    private var parts: [String] = []
    private var selected: String?

    /// Whether no statement was added.
    var isEmpty: Bool { parts.isEmpty }

    /// How many values the batch binds (PostgreSQL takes at most 65,535 in one query).
    var parameterCount: Int { sql.parameterCount }

    /// The most values a batch binds before the statements held after it go into another: a
    /// statement binds at most 6,500 (500 events of 13), so a batch stays under PostgreSQL's limit.
    static let parameterBudget = 50_000

    /// Adds `statement`; with `returning`, the batch answers the rows it returns (those columns).
    mutating func add(_ statement: Statement, returning columns: String? = nil) {
        let name = "s\(parts.count + 1)"
        parts.append("\(name) AS (\(statement.text(binding: &sql)))")
        if let columns { selected = "SELECT \(columns) FROM \(name)" }
    }

    /// The one query.
    var query: PostgresQuery {
        PostgresQuery(unsafeSQL: "WITH " + parts.joined(separator: ",\n") + "\n" + (selected ?? "SELECT 1"), binds: sql.binds)
    }
}
