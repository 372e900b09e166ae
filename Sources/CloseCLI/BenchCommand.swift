import ArgumentParser
import Foundation
import Interchange
import LedgerCore
import LedgerStore

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks whose figures go into docs/performance.md.",
        subcommands: [Post.self, TrialBalance.self, Generate.self, Reconcile.self, Close.self, Verify.self, Compare.self, Soak.self, SAFTRead.self])

    struct Common: ParsableArguments {
        @Option(help: "How many journal lines (2 to 5000000).") var lines: Int = 1_000_000
        @Option(help: "table or json (one object).") var format: TableOrJSON = .table
        @Option(help: "Seed of the generated journal.") var seed: UInt64 = 1
        @Flag(help: "No progress on standard error.") var quiet = false

        /// The journal is generated in memory first: a million lines peaked at 377 MB
        /// (`bench post`), so five million stay under 2 GB.
        static let maxLines = 5_000_000

        func validate() throws {
            guard lines >= 2 else { throw ValidationError("--lines must be at least 2") }
            guard lines <= Self.maxLines else { throw ValidationError("--lines must be at most \(Self.maxLines)") }
        }
    }

    struct Post: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Post generated balanced entries into a fresh file ledger with every check on, against the bare-table ceiling.",
            discussion: "The ceiling inserts the same rows into a table with no index or check through one prepared statement of the SQLite C API, in the same run.")
        @OptionGroup var common: Common
        @Option(help: "Lines per transaction (1 to 5000000).") var batchLines: Int = 100_000

        func validate() throws {
            guard (1...Common.maxLines).contains(batchLines) else { throw ValidationError("--batch-lines must be 1 to \(Common.maxLines)") }
        }

        func run() throws {
            let progress = Progress("bench post", unit: "journal lines", total: common.lines, quiet: common.quiet)
            let result = try withScratchDirectory { directory in
                try Benchmarks.post(lines: common.lines, batchLines: batchLines, directory: directory,
                                    group: DemoGroup.definition(), seed: common.seed) { progress.update($0) }
            }
            progress.finish(common.lines)
            if common.format == .json {
                print(try JSONOutput.encode(BenchJSON.Post(result)))
            } else {
                print("posted \(result.lines) lines in \(result.entries) entries in \(format(result.seconds)) s: \(Int(result.linesPerSecond)) lines/s")
                print("bare-table ceiling: \(format(result.ceilingSeconds)) s: \(Int(result.ceilingLinesPerSecond)) rows/s")
                print("ratio to ceiling: \(format(result.ratio))")
            }
        }
    }

    struct TrialBalance: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trial-balance",
            abstract: "Time every entity's trial balance over N stored lines.")
        @OptionGroup var common: Common

        func run() throws {
            let progress = Progress("bench trial-balance: storing", unit: "journal lines", total: common.lines, quiet: common.quiet)
            let result = try withScratchDirectory { directory in
                try Benchmarks.trialBalance(lines: common.lines, directory: directory, group: DemoGroup.definition(), seed: common.seed) {
                    progress.update($0)
                }
            }
            progress.finish(common.lines)
            if common.format == .json {
                print(try JSONOutput.encode(BenchJSON.TrialBalance(result)))
            } else {
                print("trial balance of \(result.entities) entities over \(result.lines) lines: \(format(result.seconds)) s")
                print("recomputed from every line instead: \(format(result.recomputeSeconds)) s")
            }
        }
    }
}

extension BenchCommand {
    /// Posts entries one transaction at a time and acknowledges each after its commit;
    /// the crash test kills it at random moments and checks every acknowledged entry survived.
    struct Soak: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Post entries one per transaction, printing 'posted KEY' after each commit (for crash tests).",
            shouldDisplay: false)
        @OptionGroup var store: StoreOptions
        @Option(help: "How many entries (1 to 10000000).") var entries: Int = 1_000
        @Option(help: "Idempotency keys are soak-N from this N on (1 to 1000000000000).") var start: Int = 1

        func validate() throws {
            // Bounded so that start + entries cannot overflow.
            guard (1...10_000_000).contains(entries) else { throw ValidationError("--entries must be 1 to 10000000") }
            guard (1...1_000_000_000_000).contains(start) else { throw ValidationError("--start must be 1 to 1000000000000") }
        }

        func run() throws {
            let ledger = try store.open()
            let date = try CalendarDate(parsing: "2026-03-15")
            for number in start..<(start + entries) {
                let amount = Int64(number % 9_000 + 100)
                let draft = JournalEntryDraft(entity: ledger.group.entities[0].code, date: date, description: "soak \(number)",
                                              source: .fileImport, idempotencyKey: "soak-\(number)", lines: [
                    EntryLine(account: ledger.group.accounts[0].code, currency: ledger.group.entities[0].currency, amountMinor: amount),
                    EntryLine(account: ledger.group.accounts[1].code, currency: ledger.group.entities[0].currency, amountMinor: -amount),
                ])
                try ledger.post([draft], actor: "system", batch: "soak")
                // Unbuffered, so the acknowledgement is out before the next entry starts.
                Terminal.write("posted soak-\(number)\n")
            }
        }
    }
}

private func format(_ value: Double) -> String { String(format: "%.4f", value) }

/// Runs `body` with a fresh directory that is removed afterwards.
/// Runs `body` in a new folder: a temporary one, removed afterwards, or `kept`, which must not
/// exist yet (nothing of the user's is overwritten) and stays.
func withScratchDirectory<T>(keeping kept: String? = nil, _ body: (String) throws -> T) throws -> T {
    if let kept {
        guard !FileManager.default.fileExists(atPath: kept) else {
            throw ValidationError("--keep \(kept): already exists; name a new folder")
        }
        try FileManager.default.createDirectory(atPath: kept, withIntermediateDirectories: true)
        return try body(URL(fileURLWithPath: kept).standardizedFileURL.path)
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("close-bench-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try body(directory)
}

enum BenchJSON {
    struct Post: Encodable {
        let benchmark = "post"
        let lines, entries, batch_lines: Int
        let seconds, lines_per_second, ceiling_seconds, ceiling_lines_per_second, ratio: Double

        init(_ result: PostBenchmarkResult) {
            lines = result.lines
            entries = result.entries
            batch_lines = result.batchLines
            seconds = result.seconds
            lines_per_second = result.linesPerSecond
            ceiling_seconds = result.ceilingSeconds
            ceiling_lines_per_second = result.ceilingLinesPerSecond
            ratio = result.ratio
        }
    }

    struct TrialBalance: Encodable {
        let benchmark = "trial-balance"
        let lines, entities: Int
        let seconds, recompute_seconds: Double

        init(_ result: TrialBalanceBenchmarkResult) {
            lines = result.lines
            entities = result.entities
            seconds = result.seconds
            recompute_seconds = result.recomputeSeconds
        }
    }
}
