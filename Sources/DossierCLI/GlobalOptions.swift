/// `--store`, `--server`, `--as` and `--at` are global: the README writes them before the
/// command as well as after it (`dossier --store S calendar add 2026-03-02 3`). The parser takes
/// options after the command they belong to, so those given before it are moved to the end.
enum GlobalOptions {
    /// The options that take a value and may come before the command.
    static let names: Set<String> = ["--store", "--server", "--as", "--at"]

    /// `arguments` with the global options that precede the command moved after it.
    static func reordered(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if let equals = argument.firstIndex(of: "="), names.contains(String(argument[..<equals])) {
                leading.append(argument)
                index += 1
            } else if names.contains(argument), index + 1 < arguments.endIndex {
                leading += [argument, arguments[index + 1]]
                index += 2
            } else {
                break
            }
        }
        guard !leading.isEmpty, index < arguments.endIndex else { return arguments }
        return Array(arguments[index...]) + leading
    }
}
