import Agents
import ArgumentParser
import Foundation
import LedgerStore
import Simulation
#if canImport(Glibc)
import Glibc
#endif

extension BenchCommand {
    /// Generates a scenario, writes its files and loads it into a fresh file ledger, timing
    /// each step; the figures go into docs/performance.md.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a scenario, write its files and load it into a fresh file ledger, timing each step.")
        @OptionGroup var options: ScenarioBenchOptions
        var format: TableOrJSON { options.format }

        func run() throws {
            let resolved = try options.resolve()
            let clock = ContinuousClock()
            var generated: GeneratedBooks?
            let generate = try clock.measure { generated = try Generator.generate(resolved) }
            guard let books = generated else { return }
            let result = try withScratchDirectory { directory in
                let write = try clock.measure { try ScenarioFiles.write(books, to: directory + "/files") }
                let load = try clock.measure {
                    let store = try LedgerStore.create(at: directory + "/bench-generate.db", group: resolved.group,
                                                       clock: .fixed("2026-01-01T00:00:00Z"))
                    try ScenarioLoader.load(books, into: store)
                    try store.close()
                }
                return BenchJSON.Generate(scenario: resolved.name, scale: resolved.scale, books: books,
                                          generate: generate, write: write, load: load)
            }
            if format == .json {
                print(try JSONOutput.encode(result))
            } else {
                print("scenario \(result.scenario) (scale \(result.scale)): \(result.journal_lines) journal lines (\(result.period_journal_lines) in the period), \(result.bank_lines) bank lines, \(result.intercompany_pairs) intercompany pairs")
                print("generate \(format(result.generate_seconds)) s, write files \(format(result.write_seconds)) s, load \(format(result.load_seconds)) s: total \(format(result.total_seconds)) s")
                print("peak memory: \(result.peak_memory_mb) MB")
            }
        }

        private func format(_ value: Double) -> String { String(format: "%.2f", value) }
    }
}

/// The options of the benchmarks that run a scenario: which one, at which scale, and how to print.
struct ScenarioBenchOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A built-in scenario name or a scenario YAML file.", valueName: "FILE|NAME"))
    var scenario: String = "large"
    @Option(help: "Replace the scenario's scale (1 to 10000; volumes times scale at most 1500000 events a month and what fits in memory).") var scale: Int?
    @Option(help: "table or json (one object).") var format: TableOrJSON = .table
    @Flag(help: "No progress on standard error.") var quiet = false

    func validate() throws {
        if let scale, !ScenarioFile.scaleRange.contains(scale) {
            throw ValidationError("--scale must be between 1 and \(ScenarioFile.scaleRange.upperBound), got \(scale)")
        }
    }

    func resolve() throws -> Scenario {
        var source = try ScenarioCommand.Source.parse([scenario])
        source.scale = scale
        return try source.resolve()
    }
}

extension BenchJSON {
    struct Generate: Encodable {
        let benchmark = "generate"
        let scenario: String
        let scale, journal_lines, period_journal_lines, bank_lines, intercompany_pairs, faults: Int
        let generate_seconds, write_seconds, load_seconds, total_seconds: Double
        let peak_memory_mb: Int

        init(scenario: String, scale: Int, books: GeneratedBooks, generate: Duration, write: Duration, load: Duration) {
            self.scenario = scenario
            self.scale = scale
            journal_lines = books.lineCount
            period_journal_lines = books.journal(books.scenario.period)?.lineCount ?? 0
            bank_lines = books.bankLineCount
            intercompany_pairs = books.intercompanyPairs
            faults = books.faults.count
            generate_seconds = generate.seconds
            write_seconds = write.seconds
            load_seconds = load.seconds
            total_seconds = generate.seconds + write.seconds + load.seconds
            peak_memory_mb = Self.peakMemoryMB()
        }

        /// The process's peak resident set size (Linux reports kilobytes; macOS bytes, so
        /// there the figure reads 1024 times too high).
        static func peakMemoryMB() -> Int {
            var usage = rusage()
            #if os(Linux)
            let who = RUSAGE_SELF.rawValue
            #else
            let who = RUSAGE_SELF
            #endif
            guard getrusage(who, &usage) == 0 else { return 0 }
            return Int(usage.ru_maxrss) / 1024
        }
    }
}

extension Duration {
    /// Seconds as a floating-point number: timing only, never money.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
