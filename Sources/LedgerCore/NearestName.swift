/// "Did you mean": the known name nearest a mistyped one, by edit distance, when it is near
/// enough to be a typo (about a third of the word), so an error can say which task, entity
/// or user was probably meant instead of only that the name is unknown.
public enum NearestName {
    /// The closest of `names` to `word` (case-insensitive), or nil when none is close.
    public static func suggestion(for word: String, in names: [String]) -> String? {
        guard !word.isEmpty, word.count <= 200 else { return nil }
        let lowered = word.lowercased()
        let best = names.map { ($0, editDistance(lowered, $0.lowercased())) }.min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        guard let best, best.1 > 0 || best.0 != word, best.1 <= max(1, min(4, word.count / 3)) else { return nil }
        return best.0
    }

    /// " (did you mean 'x'?)" or "", to put after the unknown name in a message.
    public static func hint(for word: String, in names: [String]) -> String {
        suggestion(for: word, in: names).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Levenshtein distance over characters.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
