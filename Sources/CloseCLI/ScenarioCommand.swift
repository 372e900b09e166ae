import ArgumentParser
import CloseEngine
import Foundation
import LedgerCore
import LedgerStore
import Scoring
import Simulation

struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Generate simulated books of a group's month, with injected faults and their ground truth.",
        discussion: "A scenario is a built-in name (see `close scenario list`) or a scenario YAML file (docs/scenario-format.md).",
        subcommands: [List.self, Generate.self, Load.self, Score.self, Sweep.self])

    /// FILE|NAME with the overrides every scenario command takes.
    struct Source: ParsableArguments {
        @Argument(help: ArgumentHelp("A built-in scenario name or a scenario YAML file.", valueName: "FILE|NAME"))
        var scenario: String
        @Option(help: "Replace the scenario's seed.") var seed: UInt64?
        @Option(help: "Replace the scenario's scale (1 to 10000; volumes times scale at most 1500000 events a month and what fits in memory): every volume is multiplied by it.")
        var scale: Int?

        func validate() throws {
            if let scale, !ScenarioFile.scaleRange.contains(scale) {
                throw ValidationError("--scale must be between 1 and \(ScenarioFile.scaleRange.upperBound), got \(scale)")
            }
        }

        func resolve() throws -> Scenario {
            var scenario: Scenario
            if BuiltInScenarios.names.contains(self.scenario) {
                scenario = try BuiltInScenarios.scenario(named: self.scenario)
            } else if FileManager.default.fileExists(atPath: self.scenario) {
                scenario = try ScenarioFile.parse(contentsOf: self.scenario)
            } else {
                throw LedgerError(.invalidScenario, "no built-in scenario and no file named '\(self.scenario)'; built-in scenarios: \(BuiltInScenarios.names.joined(separator: ", "))",
                                  at: SourceLocation(field: "FILE|NAME"))
            }
            if let seed { scenario.seed = seed }
            if let scale {
                scenario.scale = scale
                do {
                    try scenario.checkSize()
                    try scenario.checkMemory(physicalMemory: ProcessInfo.processInfo.physicalMemory)
                } catch {
                    throw LedgerError(error.code, error.message, at: SourceLocation(field: "--scale"))
                }
            }
            return scenario
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the built-in scenarios, one line each.")

        func run() throws {
            var table = TextTable(headers: ["name", "period", "description"])
            for name in BuiltInScenarios.names {
                let scenario = try BuiltInScenarios.scenario(named: name)
                table.rows.append([name, scenario.period.description, scenario.description])
            }
            print(table.render())
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a scenario's journals, rates, bank statements (CSV and camt.053) and manifest to a folder.",
            discussion: "Same scenario and seed, same bytes. The folder is created if missing; a folder that holds anything is refused unless --force, which overwrites files of the same name.")
        @OptionGroup var source: Source
        @Option(help: ArgumentHelp("Where to write (default: ./scenario-NAME).", valueName: "DIR")) var out: String?
        @Flag(help: "Write into --out even if it holds files (those of the same name are overwritten).") var force = false
        @Flag(help: "No progress on standard error.") var quiet = false

        func run() throws {
            let scenario = try source.resolve()
            let directory = out ?? "./scenario-\(scenario.name)"
            try OutputFolder.require(directory, force: force)
            let steps = Generator.steps + ["writing the files"]
            let progress = Progress("generating \(scenario.name)", unit: "steps", total: steps.count, quiet: quiet)
            let books = try Generator.generate(scenario) { progress.update($0, detail: steps[$0]) }
            progress.update(steps.count - 1, detail: steps[steps.count - 1])
            let files = try ScenarioFiles.write(books, to: directory)
            progress.finish(steps.count)
            print("generated \(scenario.name) (seed \(scenario.seed), scale \(scenario.scale)) for \(scenario.period) into \(directory)")
            printCounts(books)
            print("files: \(files.count), manifest: \(directory)/manifest.json")
        }
    }

    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a ledger with the scenario's group and post its books (rates, the prior month, the period).",
            discussion: "The database file must not exist yet. With --out, the scenario's files are written too (bank statements, manifest), for the close to import.")
        @OptionGroup var source: Source
        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp("Also write the scenario's files to this folder.", valueName: "DIR")) var out: String?
        @Flag(help: "Write into --out even if it holds files (those of the same name are overwritten).") var force = false
        @Flag(help: "No progress on standard error.") var quiet = false

        func run() throws {
            let scenario = try source.resolve()
            if let out { try OutputFolder.require(out, force: force) }  // before the ledger is created
            let generating = Progress("generating \(scenario.name)", unit: "steps", total: Generator.steps.count, quiet: quiet)
            let books = try Generator.generate(scenario) { generating.update($0, detail: Generator.steps[$0]) }
            generating.finish(Generator.steps.count)
            let progress = Progress("loading \(scenario.name)", unit: "journal lines", quiet: quiet)
            var posted = 0
            let (_, summary) = try ScenarioClose.load(books, at: store.path, clock: store.clock) { done, total in
                progress.total = total
                posted = done
                progress.update(done)
            }
            progress.finish(posted)
            print("loaded \(scenario.name) (seed \(scenario.seed), scale \(scenario.scale)) into \(store.path): \(summary.entries) entries, \(summary.lines) lines, \(summary.rates) rates, \(summary.statements) statements, \(summary.goodsReceipts) goods receipts")
            printCounts(books)
            if let out {
                try ScenarioFiles.write(books, to: out)
                print("files written to \(out)")
            }
        }
    }
}

extension ScenarioCommand {
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score every agent of a scenario's close against its injected faults: recall per fault kind, precision per agent.",
            discussion: HelpText.flowed("""
            Generates the scenario, loads it into a ledger in memory, closes the period with the
            demo's scripted decisions (Fixtures/decisions/demo.yaml) and compares each agent's
            proposals (findings and proposed entries) with the manifest: recall per fault kind
            (faults of the kind that the expected agent named or fixed), precision per agent
            (its flagged items that are about or fix an injected fault), what the close did about
            each fault, and the bank reconciliation's auto-match figures. Definitions in
            docs/scenario-format.md, "Scoring a close".
            """))
        @OptionGroup var source: Source
        @Option(help: "table or json.") var format: TableOrJSON = .table


        func run() throws {
            let score = try CloseScore.of(try ScoredScenario.run(try Generator.generate(try source.resolve())))
            if format == .json {
                print(try JSONOutput.encode(score))
            } else {
                print(Self.text(score), terminator: "")
            }
        }

        static func text(_ score: CloseScore) -> String {
            var out = "scenario \(score.scenario) (seed \(score.seed), scale \(score.scale)), period \(score.period): the scripted close \(score.close)\n\n"
            var kinds = TextTable(headers: ["fault kind", "expected agent", "faults", "named", "fixed", "found", "recall"], rightAligned: [2, 3, 4, 5, 6])
            kinds.rows = score.kinds.map { [$0.kind, $0.expectedAgent, "\($0.faults)", "\($0.named)", "\($0.fixed)", "\($0.found)", $0.recall.text] }
            out += "recall per fault kind (the expected agent named it by a finding or fixed it by entries or a match)\n" + kinds.render() + "\n\n"
            var agents = TextTable(headers: ["agent", "flagged", "true", "precision", "faults", "found", "recall"], rightAligned: [1, 2, 3, 4, 5, 6])
            agents.rows = score.agents.map { ["\($0.agent)", "\($0.flaggedItems)", "\($0.trueItems)", $0.precision.text, "\($0.faults)", "\($0.found)", $0.recall.text] }
            out += "precision per agent (flagged: warning and error findings, entries of non-routine rules; true: about or fixing an injected fault)\n"
                + agents.render() + "\n"
            // The false alarms of the agents that have faults to find (all of them are in the JSON).
            for agent in score.agents where agent.faults > 0 {
                for item in agent.falseItems { out += "  flagged by \(agent.agent), about no injected fault: \(item)\n" }
            }
            out += "\n"
            let counts = Dictionary(grouping: score.faults, by: \.outcome).mapValues(\.count)
            out += "what the close committed: " + FaultOutcome.Outcome.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", ") + "\n"
            for fault in score.faults where !fault.found {
                let others = Set(fault.namedBy + fault.fixedBy).subtracting([fault.expectedAgent]).sorted()
                out += "  not found by \(fault.expectedAgent): \(fault.id) (\(fault.kind), \(fault.entity))"
                    + (others.isEmpty ? "" : "; named or fixed by \(others.joined(separator: ", ")) instead") + "\n"
            }
            return out + "\n" + score.bank.text()
        }
    }
}

private func printCounts(_ books: GeneratedBooks) {
    let period = books.scenario.period
    print("journal lines: \(books.lineCount) in \(books.entryCount) entries (\(books.journal(period)?.lineCount ?? 0) in \(period))")
    print("bank statements: \(books.statements.count) with \(books.bankLineCount) lines; intercompany pairs: \(books.intercompanyPairs)")
    let kinds = Dictionary(grouping: books.faults, by: \.kind).sorted { $0.key < $1.key }
    print("faults: \(books.faults.count)" + (kinds.isEmpty ? "" : " (" + kinds.map { "\($0.key.rawValue) \($0.value.count)" }.joined(separator: ", ") + ")"))
}

/// Where `--out` writes: a folder that is missing or empty, or any folder with `--force`.
/// Files are never overwritten silently.
enum OutputFolder {
    static func require(_ path: String, force: Bool) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw LedgerError(.invalidFile, "is a file, not a folder; --out names the folder to write into", at: SourceLocation(file: path, field: "--out"))
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        guard entries.isEmpty || force else {
            throw LedgerError(.invalidFile, "the folder is not empty (\(entries.count) entries); give an empty or new folder, or --force to overwrite files of the same name",
                              at: SourceLocation(file: path, field: "--out"))
        }
    }
}
