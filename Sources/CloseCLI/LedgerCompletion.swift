import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

/// Shell completion (`close --generate-completion-script bash|zsh|fish`) of the names a
/// ledger holds: users, entities, accounts and the tasks of a close run. The shell calls
/// `close` back with the words typed so far; the ledger is the one they name (--db, else
/// $CLOSE_DB, else ./close.db). A missing or unreadable ledger completes nothing, and
/// completing never creates a ledger.
enum LedgerCompletion {
    static let users = CompletionKind.custom { words, _, prefix in
        names(prefix, words) { store, _ in store.group.users.map(\.name) }
    }
    static let entities = CompletionKind.custom { words, _, prefix in
        names(prefix, words) { store, _ in store.group.entities.map(\.code) }
    }
    static let accounts = CompletionKind.custom { words, _, prefix in
        names(prefix, words) { store, _ in store.group.accounts.map(\.code) }
    }
    /// The tasks of the run of --period, else of the latest run.
    static let tasks = CompletionKind.custom { words, _, prefix in
        names(prefix, words) { store, words in
            let typed = value(of: "--period", in: words).flatMap { try? PeriodID(parsing: $0) }
            guard let period = try typed ?? store.latestRunPeriod(), let run = try store.closeRun(period: period) else { return [] }
            return try store.tasks(of: run).map(\.task)
        }
    }

    /// The names that start with what is typed, sorted; none on any error.
    static func names(_ prefix: String, _ words: [String], in list: (LedgerStore, [String]) throws -> [String]) -> [String] {
        let path = value(of: "--db", in: words) ?? LedgerPath.named(nil) ?? StoreOptions.defaultPath
        guard FileManager.default.fileExists(atPath: path), let store = try? LedgerStore.open(at: path),
              let all = try? list(store, words) else { return [] }
        return all.filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// The value typed for an option, as `--db PATH` or `--db=PATH`.
    static func value(of option: String, in words: [String]) -> String? {
        if let index = words.lastIndex(of: option), index + 1 < words.count { return words[index + 1] }
        return words.last { $0.hasPrefix(option + "=") }.map { String($0.dropFirst(option.count + 1)) }
    }
}
