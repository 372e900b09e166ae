import ArgumentParser

/// A mistyped command (`close aprove`) gets the command it most likely meant, instead of
/// ArgumentParser's "2 unexpected arguments".
enum UnknownCommand {
    static var names: [String] {
        CloseCommand.configuration.subcommands.map { $0._commandName } + ["help"]
    }

    /// Throws a usage error when `first` is a word that names no command.
    static func refuse(_ first: String?) throws {
        guard let first, !first.hasPrefix("-"), !names.contains(first) else { return }
        let shown = first.count > 40 ? String(first.prefix(40)) + "..." : first
        let nearest = names.map { ($0, editDistance(first.lowercased(), $0)) }.min { $0.1 < $1.1 }
        if let nearest, nearest.1 <= max(1, min(3, first.count / 3)) {
            throw ValidationError("unknown command '\(shown)'; did you mean '\(nearest.0)'? (see `close --help`)")
        }
        throw ValidationError("unknown command '\(shown)'; the commands are \(names.filter { $0 != "help" }.joined(separator: ", "))")
    }

    /// Levenshtein distance, for words of a command line's length.
    static func editDistance(_ a: String, _ b: String) -> Int {
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
