import ArgumentParser
import Foundation
import Interchange
import LedgerStore

extension BenchCommand {
    /// `close audit verify` at scale: the figure behind the "a million lines a second" target.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a file ledger of N generated lines, reopen it and time verifying its whole audit chain.",
            discussion: "Building the ledger (posting every line with every check) is timed apart and not part of the figure.")
        @OptionGroup var common: BenchCommand.Common
        @Option(help: "Lines per posting transaction, each sealed by one audit event (`close journal import` posts a file in one).")
        var batchLines: Int = 200_000

        func validate() throws {
            guard batchLines >= 1 else { throw ValidationError("--batch-lines must be at least 1") }
        }

        func run() throws {
            let progress = Progress("bench verify: building", unit: "journal lines", total: common.lines, quiet: common.quiet)
            let result = try withScratchDirectory { directory in
                try Benchmarks.verify(lines: common.lines, batchLines: batchLines, directory: directory, group: DemoGroup.definition(),
                                      seed: common.seed) { progress.update($0) }
            }
            progress.finish(common.lines)
            if common.format == .json {
                struct Figures: Encodable {
                    let benchmark = "verify"
                    let lines, entries, events, batch_lines: Int
                    let build_seconds, seconds, lines_per_second, cpu_seconds: Double
                }
                print(try JSONOutput.encode(Figures(lines: result.lines, entries: result.entries, events: result.events,
                                                    batch_lines: result.batchLines, build_seconds: result.buildSeconds,
                                                    seconds: result.seconds, lines_per_second: result.linesPerSecond,
                                                    cpu_seconds: result.cpuSeconds)))
            } else {
                print("built \(result.lines) lines in \(result.entries) entries in \(String(format: "%.2f", result.buildSeconds)) s")
                print("verified \(result.events) events, \(result.entries) entries, \(result.lines) lines in \(String(format: "%.4f", result.seconds)) s: \(Int(result.linesPerSecond)) lines/s (processor time \(String(format: "%.4f", result.cpuSeconds)) s)")
            }
        }
    }
}
