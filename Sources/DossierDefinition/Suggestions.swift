/// "Did you mean …?" for misspelt names.
package enum Suggestions {
    /// The candidate closest to `word`, if it is close enough to be a likely typo.
    package static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        var best: (candidate: String, distance: Int)?
        let limit = max(2, word.count / 3)
        // A truncated name ("distinct" for "distinct-from") is a likely slip too.
        if word.count >= 4, let extended = candidates.first(where: { $0 != word && $0.hasPrefix(word) }) {
            return extended
        }
        for candidate in candidates where candidate != word {
            let distance = editDistance(word, candidate)
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// The Levenshtein distance between two strings.
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs), b = Array(rhs)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// "; did you mean 'x'?" or "; the states are a, b, c" or "".
    static func hint(for word: String, in candidates: [String], plural: String) -> String {
        if let match = closest(to: word, in: candidates) { return "; did you mean '\(match)'?" }
        if candidates.isEmpty { return "; this workflow declares no \(plural)" }
        let shown = candidates.prefix(8).joined(separator: ", ")
        return "; the \(plural) are: \(shown)\(candidates.count > 8 ? ", …" : "")"
    }
}
