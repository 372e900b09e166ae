import ArgumentParser
import Foundation
import Interchange
import LedgerCore

extension BenchCommand {
    /// The SAF-T reader alone, without the ledger: how much of `close import saft` is reading
    /// the file and how much is posting (docs/performance.md).
    struct SAFTRead: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "saft-read",
            abstract: "Read a SAF-T Financial file as `close import saft` does, entries handed over and dropped, timed.",
            discussion: "Differences in the file are accepted (as with --accept-differences), so that any readable file is measured to its end.")
        @Argument(help: "The SAF-T file.") var file: String
        @Option(help: "table or json (one object).") var format: OutputFormat = .table
        @Flag(help: "No progress on standard error.") var quiet = false

        func validate() throws {
            guard format != .csv else { throw ValidationError("--format must be table or json") }
        }

        func run() throws {
            var entries = 0, reached = 0
            let progress = Progress("bench saft-read", unit: "lines of the file", quiet: quiet)
            let clock = ContinuousClock()
            let started = clock.now
            let books = try SAFTReader.read(path: file, options: SAFTOptions(differenceAccount: "9999")) { (chunk: SAFTChunk) throws(LedgerError) in
                entries += chunk.drafts.count
                reached = chunk.origins.last?.line ?? reached
                progress.update(reached)
            }
            progress.finish(reached)
            let elapsed = clock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            let linesPerSecond = seconds > 0 ? Double(books.lineCount) / seconds : 0
            if format == .json {
                struct Figures: Encodable {
                    let benchmark = "saft-read"
                    let lines, transactions, entries, bytes: Int
                    let seconds, lines_per_second: Double
                }
                print(try JSONOutput.encode(Figures(lines: books.lineCount, transactions: books.transactionCount, entries: entries,
                                                    bytes: bytes, seconds: seconds, lines_per_second: linesPerSecond)))
            } else {
                print("read \(books.lineCount) lines in \(books.transactionCount) transactions (\(bytes) bytes) in \(String(format: "%.3f", seconds)) s: \(Int(linesPerSecond)) lines/s")
            }
        }
    }
}
