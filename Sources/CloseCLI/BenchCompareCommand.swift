import ArgumentParser
import CloseEngine
import Foundation
import Interchange
import LedgerCore
import LedgerStore

extension BenchCommand {
    /// The same seeded journal through `close` and through the plain-text peers on their own
    /// job: read a journal and print every account's balance. Each tool runs as its own process,
    /// timed with its peak memory; every balance must agree to the minor unit, or the bench fails.
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import and balance one seeded journal with close, ledger-cli and hledger side by side: times, peak memories, every balance checked equal.",
            discussion: HelpText.flowed("""
            Writes N generated entries (2 to 6 lines, every entity in its own currency, dates
            through 2026) as a journal CSV and as a ledger journal (the same entries, each
            posting's reference as a comment, nothing else), then times, each as a separate process:
            close: `close journal import` into a new ledger plus `close report trial-balance
            --period 2026-12 --format csv`; ledger: `ledger -f FILE bal --flat`; hledger:
            `hledger -f FILE bal --flat -O csv`. A peer that is not installed is reported as
            missing, never as a time.
            """))
        @Option(help: "How many entries (1 to 2000000).") var entries: Int = 100_000
        @Option(help: "Seed of the generated journal.") var seed: UInt64 = 1
        @Option(help: "table or json (one object).") var format: TableOrJSON = .table
        @Option(help: ArgumentHelp("Write the journals and the ledger into this new folder and keep them (to run the tools again by hand).", valueName: "DIR"))
        var keep: String?
        @Flag(help: "No progress on standard error.") var quiet = false

        func validate() throws {
            guard (1...2_000_000).contains(entries) else { throw ValidationError("--entries must be 1 to 2000000") }
            if let keep, FileManager.default.fileExists(atPath: keep) {
                throw ValidationError("--keep \(keep): already exists; name a new folder")
            }
        }

        func run() throws {
            let close = CommandLine.arguments[0].contains("/")
                ? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path : "close"
            // Each step is one child process or one write: progress names the step running.
            let steps = Progress("bench compare", unit: "steps", total: 5, quiet: quiet)
            defer { steps.finish(5) }
            let report = try withScratchDirectory(keeping: keep) { directory in
                steps.update(0, detail: "writing the journals")
                let group = DemoGroup.definition()
                let drafts = Benchmarks.journal(entries: entries, group: group, seed: seed)
                let lines = drafts.reduce(0) { $0 + $1.lines.count }
                try Data(JournalCSV.write(drafts)).write(to: URL(fileURLWithPath: directory + "/journal.csv"))
                try Data(Self.ledgerJournal(drafts, group: group)).write(to: URL(fileURLWithPath: directory + "/journal.ledger"))
                var expected: [String: Int64] = [:]  // ENTITY:ACCOUNT -> balance in minor units
                for draft in drafts { for line in draft.lines { expected["\(draft.entity):\(line.account)", default: 0] += line.amountMinor } }
                expected = expected.filter { $0.value != 0 }
                let currencies = Dictionary(uniqueKeysWithValues: group.entities.map { ($0.code, $0.currency) })

                var tools: [Tool] = []
                steps.update(1, detail: "close journal import")
                _ = try Self.require(TimedChild.run(close, ["init", "--db", directory + "/bench.db"], in: directory), "close init")
                let imported = try Self.require(TimedChild.run(close, ["journal", "import", directory + "/journal.csv", "--db", directory + "/bench.db", "--as", "alice", "--quiet"],
                                                               in: directory), "close journal import")
                steps.update(2, detail: "close report trial-balance")
                let balanced = try Self.require(TimedChild.run(close, ["report", "trial-balance", "--period", "2026-12", "--format", "csv", "--db", directory + "/bench.db"],
                                                               in: directory), "close report trial-balance")
                tools.append(Tool(tool: "close", seconds: imported.seconds + balanced.seconds,
                                  peak_memory_mb: max(imported.peakMemoryMB, balanced.peakMemoryMB),
                                  balances_equal: Self.closeBalances(balanced.stdout, currencies: currencies) == expected))
                steps.update(3, detail: "ledger bal")
                if TimedChild.installed("ledger") {
                    let run = try Self.require(TimedChild.run("ledger", ["-f", directory + "/journal.ledger", "bal", "--flat", "--no-total", "--format",
                                                                         "%(account)\t%(quantity(display_total))\n"], in: directory), "ledger bal")
                    tools.append(Tool(tool: "ledger", seconds: run.seconds, peak_memory_mb: run.peakMemoryMB,
                                      balances_equal: Self.peerBalances(run.stdout, separator: "\t", currencies: currencies) == expected))
                } else {
                    tools.append(Tool(tool: "ledger", missing: true))
                }
                steps.update(4, detail: "hledger bal")
                if TimedChild.installed("hledger") {
                    let run = try Self.require(TimedChild.run("hledger", ["-f", directory + "/journal.ledger", "bal", "--flat", "-N", "-O", "csv"], in: directory), "hledger bal")
                    tools.append(Tool(tool: "hledger", seconds: run.seconds, peak_memory_mb: run.peakMemoryMB,
                                      balances_equal: Self.peerBalances(run.stdout, separator: ",", currencies: currencies) == expected))
                } else {
                    tools.append(Tool(tool: "hledger", missing: true))
                }
                return Report(entries: drafts.count, lines: lines, accounts: expected.count, tools: tools)
            }
            if format == .json {
                print(try JSONOutput.encode(report))
            } else {
                print("\(report.entries) entries, \(report.lines) lines, \(report.accounts) account balances")
                var table = TextTable(headers: ["tool", "seconds", "peak memory MB", "close is faster by", "balances"], rightAligned: [1, 2, 3])
                let ours = report.tools.first { $0.tool == "close" }?.seconds ?? 0
                table.rows = report.tools.map { tool in
                    guard !tool.missing else { return [tool.tool, "-", "-", "-", "not installed"] }
                    return [tool.tool, String(format: "%.2f", tool.seconds), String(tool.peak_memory_mb),
                            tool.tool == "close" ? "" : String(format: "%.2fx", tool.seconds / max(ours, 0.000_001)),
                            tool.balances_equal ? "equal" : "DIFFERENT"]
                }
                print(table.render())
            }
            guard report.tools.allSatisfy({ $0.missing || $0.balances_equal }) else {
                throw BenchFailure("a tool's balances differ from the journal's (see the table)")
            }
        }

        struct Tool: Encodable {
            var tool: String
            var seconds = 0.0
            var peak_memory_mb = 0
            var balances_equal = false
            var missing = false
        }

        struct Report: Encodable {
            let benchmark = "compare"
            let entries, lines, accounts: Int
            let tools: [Tool]
        }

        static func require(_ child: TimedChild, _ what: String) throws -> TimedChild {
            guard child.status == 0 else {
                throw BenchFailure("\(what) exited with \(child.status): \(SafeText.excerpt(child.stderr, limit: 400))")
            }
            return child
        }

        /// The ledger journal of the same entries: `ENTITY:ACCOUNT  AMOUNT CURRENCY`, the
        /// reference as a posting comment; each currency declared with its decimals so the
        /// peers print the amounts as `close` does.
        static func ledgerJournal(_ drafts: [JournalEntryDraft], group: GroupDefinition) -> [UInt8] {
            var text = ""
            for currency in Set(group.entities.map(\.currency)).sorted(by: { $0.code < $1.code }) {
                // The one-line form both read; a currency without decimals keeps its decimal mark (`1000. JPY`).
                let sample = Decimal10.format(Decimal10.pow10[currency.exponent] * 1000, scale: currency.exponent)
                text += "commodity \(sample)\(currency.exponent == 0 ? "." : "") \(currency.code)\n"
            }
            var bytes = Array((text + "\n").utf8)
            bytes.reserveCapacity(drafts.count * 160)
            for draft in drafts {
                bytes += "\(draft.date) * \(draft.description)\n".utf8
                for line in draft.lines {
                    let amount = Decimal10.format(line.amountMinor, scale: line.currency.exponent)
                    bytes += "    \(draft.entity):\(line.account)  \(amount) \(line.currency.code)  ; \(line.reference)\n".utf8
                }
                bytes += "\n".utf8
            }
            return bytes
        }

        /// `close report trial-balance --format csv`: entity, period, currency, account, name, debit, credit, balance.
        static func closeBalances(_ csv: String, currencies: [String: Currency]) -> [String: Int64] {
            var balances: [String: Int64] = [:]
            for row in csv.split(separator: "\n").dropFirst() {
                let fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard fields.count >= 8, let currency = currencies[fields[0]],
                      let minor = try? Decimal10.parse(fields[7], scale: currency.exponent), minor != 0 else { continue }
                balances["\(fields[0]):\(fields[3])"] = minor
            }
            return balances
        }

        /// ledger's `ACCOUNT<TAB>QUANTITY` lines, or hledger's CSV `"ACCOUNT","AMOUNT CURRENCY"`.
        static func peerBalances(_ output: String, separator: Character, currencies: [String: Currency]) -> [String: Int64] {
            var balances: [String: Int64] = [:]
            for row in output.split(separator: "\n") {
                let fields = row.split(separator: separator, maxSplits: 1).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
                guard fields.count == 2, let entity = fields[0].split(separator: ":").first, let currency = currencies[String(entity)] else { continue }
                let quantity = fields[1].split(separator: " ").first.map(String.init) ?? ""
                guard let minor = try? Decimal10.parse(quantity, scale: currency.exponent), minor != 0 else { continue }
                balances[fields[0]] = minor
            }
            return balances
        }
    }
}
