import Agents
import ArgumentParser
import Foundation
import LedgerCore

extension BenchCommand {
    /// The matching cascade alone, in memory: N statement lines against N ledger lines.
    struct Reconcile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Match N synthetic statement lines against N ledger lines with the bank reconciliation rules, timed.",
            discussion: HelpText.flowed("""
                With --growth, ten times the lines are matched too, the two sizes taking turns, so that a slow \
                spell of the machine slows both alike; the growth is the ratio of the two medians (the target: \
                at most twelve, which is what n log n allows for ten times the lines).
                """))
        @Option(help: "Lines on each side.") var lines: Int = 1_000_000
        @Option(help: "table or json (one object).") var format: TableOrJSON = .table
        @Option(help: "Seed of the synthetic lines.") var seed: UInt64 = 1
        @Option(name: .customLong("repeat"), help: "Times to match; the median time is reported (the machine is noisy).") var repeats: Int = 3
        @Flag(help: "Also match ten times the lines, taking turns, and report how the time grew.") var growth = false
        @Flag(help: "No progress on standard error.") var quiet = false

        func validate() throws {
            guard lines >= 10 else { throw ValidationError("--lines must be at least 10") }
            // A hundred million lines already take about 40 GB; positions are 32-bit below that.
            guard lines <= 100_000_000 else { throw ValidationError("--lines must be at most 100000000") }
            guard !growth || lines <= 10_000_000 else { throw ValidationError("--lines must be at most 10000000 with --growth") }
            guard (1...50).contains(repeats) else { throw ValidationError("--repeat must be 1 to 50") }
        }

        func run() throws {
            let small = Size(lines: lines, seed: seed)
            let rounds = Progress("bench reconcile", unit: "matchings", total: growth ? 2 * repeats : repeats, quiet: quiet)
            guard growth else {
                for round in 0..<repeats {
                    rounds.update(round)
                    small.measure()
                }
                rounds.finish(repeats)
                try report(small)
                return
            }
            let large = Size(lines: lines * 10, seed: seed)
            for round in 0..<repeats {
                rounds.update(2 * round)
                small.measure()
                rounds.update(2 * round + 1)
                large.measure()
            }
            rounds.finish(2 * repeats)
            let ratio = large.median.total.seconds / small.median.total.seconds
            if format == .json {
                struct Growth: Encodable {
                    let benchmark = "reconcile-growth"
                    let lines, ten_times_lines, repeats: Int
                    let seconds, ten_times_seconds, growth: Double
                    let all_seconds, ten_times_all_seconds: [Double]
                    let within_n_log_n: Bool
                }
                print(try JSONOutput.encode(Growth(lines: lines, ten_times_lines: lines * 10, repeats: repeats,
                                                   seconds: small.median.total.seconds, ten_times_seconds: large.median.total.seconds,
                                                   growth: ratio, all_seconds: small.runs.map(\.total.seconds),
                                                   ten_times_all_seconds: large.runs.map(\.total.seconds), within_n_log_n: ratio <= 12)))
            } else {
                try report(small)
                try report(large)
                print("ten times the lines took \(String(format: "%.2f", ratio)) times the time (n log n allows 12)")
            }
        }

        private func report(_ size: Size) throws {
            guard let result = size.result else { return }
            let median = size.median
            let matched = result.matches.reduce(0) { $0 + $1.bank.count }
            let byRule = MatchingEngine.rules.map { rule in (rule, result.matches.count { $0.rule == rule }) }
            if format == .json {
                struct Step: Encodable { let step: String, seconds: Double }
                struct Rule: Encodable { let rule: String, matches: Int }
                struct Figures: Encodable {
                    let benchmark = "reconcile"
                    let statement_lines, ledger_lines, matched_statement_lines, matches, repeats: Int
                    let seconds: Double
                    let all_seconds: [Double]
                    let lines_per_second: Double
                    /// Where the median run's time went, step by step.
                    let steps: [Step]
                    let matches_by_rule: [Rule]
                    let ambiguous, unmatched_statement_lines, unmatched_ledger_lines: Int
                }
                print(try JSONOutput.encode(Figures(
                    statement_lines: size.bank.count, ledger_lines: size.ledger.count, matched_statement_lines: matched,
                    matches: result.matches.count, repeats: size.runs.count, seconds: median.total.seconds,
                    all_seconds: size.runs.map(\.total.seconds),
                    lines_per_second: Double(size.bank.count + size.ledger.count) / median.total.seconds,
                    steps: median.steps.map { Step(step: $0.0, seconds: $0.1.seconds) },
                    matches_by_rule: byRule.map { Rule(rule: $0.0, matches: $0.1) },
                    ambiguous: result.ambiguous.count, unmatched_statement_lines: result.unmatchedBank.count,
                    unmatched_ledger_lines: result.unmatchedLedger.count)))
            } else {
                print("matched \(matched) of \(size.bank.count) statement lines against \(size.ledger.count) ledger lines in \(String(format: "%.3f", median.total.seconds)) s (\(result.matches.count) matches)")
                print("matches by rule: " + byRule.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
                      + "; ambiguous \(result.ambiguous.count), unmatched \(result.unmatchedBank.count) statement and \(result.unmatchedLedger.count) ledger lines")
                print("steps of the median run: " + median.steps.map { "\($0.0) \(String(format: "%.3f", $0.1.seconds)) s" }.joined(separator: ", "))
            }
        }
    }

    /// One size of the reconcile benchmark: its lines, and the timed runs so far.
    private final class Size {
        typealias Run = (total: Duration, steps: [(String, Duration)])
        let bank: [BankLine]
        let ledger: [LedgerItem]
        private(set) var runs: [Run] = []
        private(set) var result: MatchingEngine.Result?

        init(lines: Int, seed: UInt64) {
            (bank, ledger) = ReconcileBenchmark.lines(count: lines, seed: seed)
        }

        /// The run of median time.
        var median: Run { runs.sorted { $0.total < $1.total }[runs.count / 2] }

        func measure() {
            result = nil  // freeing the previous run's matches is not this run's work
            let clock = ContinuousClock()
            let start = clock.now
            var last = start, steps: [(String, Duration)] = []
            result = MatchingEngine().match(bank: bank, ledger: ledger) { step in
                let now = clock.now
                steps.append((step, now - last))
                last = now
            }
            runs.append((clock.now - start, steps))
        }
    }
}
