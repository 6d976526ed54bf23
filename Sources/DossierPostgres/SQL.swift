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

    /// The statement, ready to run.
    var query: PostgresQuery { PostgresQuery(unsafeSQL: text, binds: binds) }
}
