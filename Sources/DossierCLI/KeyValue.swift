import ArgumentParser

/// `KEY=VALUE`, as in `--field ended-on=2026-03-02` or `--assign a=alice`.
struct KeyValue: ExpressibleByArgument, Hashable {
    var key: String
    var value: String

    init?(argument: String) {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else { return nil }
        key = String(argument[..<equals])
        value = String(argument[argument.index(after: equals)...])
    }

    static func dictionary(_ pairs: [KeyValue], option: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in pairs {
            if result[pair.key] != nil { throw ValidationError("--\(option) \(pair.key)=… is given twice; give each once") }
            result[pair.key] = pair.value
        }
        return result
    }
}
