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

    /// Edit distance over characters where swapping two neighbours counts as one edit, as
    /// typing "bbo" for "bob" is one slip (optimal string alignment distance).
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var rows = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { rows[i][0] = i }
        for j in 0...b.count { rows[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { best = min(best, rows[i - 2][j - 2] + 1) }
                rows[i][j] = best
            }
        }
        return rows[a.count][b.count]
    }
}
