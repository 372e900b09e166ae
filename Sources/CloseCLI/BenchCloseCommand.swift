import ArgumentParser
import CloseEngine
import Foundation
import Governance
import LedgerStore
import Simulation

extension BenchCommand {
    /// Closes a generated scenario end to end with the demo's scripted decisions, timing the
    /// preparation of the books and the close apart; the figures go into docs/performance.md.
    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate and load a scenario into a fresh file ledger, then close its period with scripted decisions, timed.",
            discussion: HelpText.flowed("""
            The close runs the default template with the built-in demo decisions (every step
            approved by the scripted controller and CFO) under the default policy. Reported: generate and load seconds, the
            close's seconds (every agent's preparation, every decision and posting, the audit),
            the tasks, entries posted and findings, and the process's peak memory.
            """))
        @OptionGroup var options: ScenarioBenchOptions
        var format: TableOrJSON { options.format }

        func run() throws {
            let resolved = try options.resolve()
            let clock = ContinuousClock()
            let figures = try withScratchDirectory { directory in
                let path = directory + "/bench-close.db"
                var books: GeneratedBooks?
                var store: LedgerStore?
                let loading = Progress("bench close: loading \(resolved.name)", unit: "journal lines", quiet: options.quiet)
                let prepare = try clock.measure {
                    books = try Generator.generate(resolved)
                    store = try ScenarioClose.load(books!, at: path, clock: .fixed("2026-01-01T00:00:00Z")) { done, total in
                        loading.total = total
                        loading.update(done)
                    }.0
                }
                loading.finish(books!.lineCount)
                // Only the scenario and two counts are needed from here: the books go before the close.
                let (scenario, journalLines, bankLines) = (books!.scenario, books!.lineCount, books!.bankLineCount)
                books = nil
                let ledger = store!
                defer { try? ledger.close() }
                var outcome: RunOutcome?
                var summary: CloseSummary?
                // Every task is prepared once and decided once at least: the tasks done say how far the close is.
                let closing = Progress("bench close: closing", unit: "tasks done", quiet: options.quiet)
                var done = 0
                let close = try clock.measure {
                    let result = try ScenarioClose.close(scenario, in: ledger, owner: "bench") { event in
                        if event.event == "task.done" { done += 1 }
                        closing.update(done)
                    }
                    outcome = result.outcome
                    summary = result.summary
                }
                closing.finish(done)
                return Figures(scenario: resolved.name, scale: resolved.scale, journal_lines: journalLines,
                               bank_lines: bankLines, prepare_seconds: prepare.seconds, close_seconds: close.seconds,
                               outcome: outcome == .closed ? "closed" : "not closed: \(String(describing: outcome!))",
                               tasks: summary!.tasks.count, entries_posted: summary!.entriesPosted, findings: summary!.findings,
                               peak_memory_mb: BenchJSON.Generate.peakMemoryMB())
            }
            if format == .json {
                print(try JSONOutput.encode(figures))
            } else {
                print("scenario \(figures.scenario) (scale \(figures.scale)): \(figures.journal_lines) journal lines, \(figures.bank_lines) bank lines")
                print("generate and load \(String(format: "%.2f", figures.prepare_seconds)) s; close \(String(format: "%.2f", figures.close_seconds)) s: \(figures.outcome), \(figures.tasks) tasks, \(figures.entries_posted) entries posted, \(figures.findings) findings")
                print("peak memory: \(figures.peak_memory_mb) MB")
            }
            guard figures.outcome == "closed" else { throw ExitCode(1) }
        }

        struct Figures: Encodable {
            let benchmark = "close"
            let scenario: String
            let scale, journal_lines, bank_lines: Int
            let prepare_seconds, close_seconds: Double
            let outcome: String
            let tasks, entries_posted, findings, peak_memory_mb: Int
        }
    }
}
