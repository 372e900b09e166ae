import ArgumentParser
import CloseEngine
import Foundation
import LedgerCore
import Scoring
import Simulation

extension ScenarioCommand {
    struct Sweep: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close and score a scenario at many seeds: precision and recall per fault kind and per agent, every miss with its seed.",
            discussion: HelpText.flowed("""
            Each seed of --seeds is generated, loaded into a ledger in memory, closed with the
            demo's scripted decisions and scored as `close scenario score` does. The sweep adds
            the scores up: recall and precision per fault kind (a kind's precision is its
            expected agent's) and per agent, the faults missed and the false alarms with their
            seeds, the corrections proposed on books without faults, and the closes that did
            not end closed. It ends with the targets of docs/scenario-format.md ("Sweeping
            seeds"): no fault missed, recall at least 99% and precision at least 99.5% for
            every kind, no correction on books without faults, every close closed. With
            --strict, an unmet target exits 1. Progress goes to standard error, one line a seed.
            """))
        @Argument(help: ArgumentHelp("A built-in scenario name or a scenario YAML file.", valueName: "FILE|NAME"))
        var scenario: String
        @Option(help: ArgumentHelp("The seeds, A..B (both included) or one seed; at most \(Self.maximumSeeds) seeds.", valueName: "A..B"))
        var seeds: String
        @Option(help: "Replace the scenario's scale (1 to 10000; volumes times scale at most 1500000 events a month and what fits in memory).")
        var scale: Int?
        @Option(help: "table or json.") var format: TableOrJSON = .table
        @Flag(help: "Exit 1 when a target is not met.") var strict = false

        static let maximumSeeds: UInt64 = 10_000

        func validate() throws {
            _ = try Self.range(seeds)
        }

        /// "A..B" or "A", A ≤ B, at most `maximumSeeds` seeds.
        static func range(_ text: String) throws -> ClosedRange<UInt64> {
            let parts = text.components(separatedBy: "..")
            guard (1...2).contains(parts.count), let low = UInt64(parts[0]), let high = UInt64(parts[parts.count - 1]) else {
                throw ValidationError("--seeds must be A..B or one seed, with whole numbers from 0 to \(UInt64.max), got '\(SafeText.visible(text))'")
            }
            guard low <= high else { throw ValidationError("--seeds \(low)..\(high) is empty: the first seed is after the last") }
            guard high - low < maximumSeeds else {
                throw ValidationError("--seeds \(low)..\(high) names \(high - low + 1 == 0 ? "2^64" : "\(high - low + 1)") seeds; at most \(maximumSeeds) at once")
            }
            return low...high
        }

        func run() throws {
            let source = try ScenarioCommand.Source.parse([scenario] + (scale.map { ["--scale", "\($0)"] } ?? []))
            let base = try source.resolve()
            let seedRange = try Self.range(seeds)
            let sweep = try ScenarioSweep.run(base, seeds: seedRange) { score in
                let missed = score.faults.filter { !$0.found }.count
                let alarms = score.agents.reduce(0) { $0 + $1.falseItems.count }
                Terminal.write("seed \(score.seed): close \(score.close), \(score.faults.count) faults, \(missed) missed, \(alarms) false alarms\n", toError: true)
            }
            if format == .json {
                print(try JSONOutput.encode(sweep))
            } else {
                print(Self.text(sweep), terminator: "")
            }
            if strict && !sweep.unmetTargets.isEmpty { throw ExitCode.failure }
        }

        /// At most this many misses and false alarms are listed in the table (all in the JSON).
        static let listed = 40

        static func text(_ sweep: ScenarioSweep) -> String {
            let range = sweep.seeds.count == 1 ? sweep.seeds[0] : "\(sweep.seeds.first ?? "")..\(sweep.seeds.last ?? "")"
            var out = "sweep of \(sweep.scenario) (scale \(sweep.scale)) over \(sweep.seeds.count) seeds (\(range))\n\n"
            var kinds = TextTable(headers: ["fault kind", "expected agent", "faults", "found", "recall", "precision"], rightAligned: [2, 3, 4, 5])
            kinds.rows = sweep.kinds.map { [$0.kind, $0.expectedAgent, "\($0.faults)", "\($0.found)", $0.recall.text, $0.precision.text] }
            out += "per fault kind (precision: the expected agent's)\n" + kinds.render() + "\n\n"
            var agents = TextTable(headers: ["agent", "flagged", "true", "precision", "faults", "found", "recall"], rightAligned: [1, 2, 3, 4, 5, 6])
            agents.rows = sweep.agents.map { [$0.agent, "\($0.flaggedItems)", "\($0.trueItems)", $0.precision.text, "\($0.faults)", "\($0.found)", $0.recall.text] }
            out += "per agent\n" + agents.render() + "\n\n"
            out += "faults missed: \(sweep.missed.count)\n"
            for miss in sweep.missed.prefix(listed) {
                out += "  seed \(miss.seed): \(miss.id) (\(miss.kind), \(miss.entity)) not found by \(miss.expectedAgent)"
                    + (miss.touchedBy.isEmpty ? "" : "; touched by \(miss.touchedBy.joined(separator: ", "))") + "\n"
            }
            // The false alarms of the agents that have faults to find; the warnings of flux
            // review and consolidation are for a human to read, not claims of a fault (all in the JSON).
            let finders = Set(sweep.agents.filter { $0.faults > 0 }.map(\.agent))
            let alarms = sweep.falseAlarms.filter { finders.contains($0.agent) }
            out += "false alarms of agents with faults to find: \(alarms.count)\n"
            for alarm in alarms.prefix(listed) { out += "  seed \(alarm.seed): \(alarm.agent) flagged \(alarm.item)\n" }
            out += "corrections on books without faults: \(sweep.falseCorrections.count)\n"
            for alarm in sweep.falseCorrections.prefix(listed) { out += "  seed \(alarm.seed): \(alarm.agent) proposed \(alarm.item)\n" }
            out += "closes not closed: \(sweep.notClosed.count)"
                + (sweep.notClosed.isEmpty ? "" : " (" + sweep.notClosed.sorted { (UInt64($0.key) ?? 0) < (UInt64($1.key) ?? 0) }.map { "seed \($0.key) \($0.value)" }.joined(separator: ", ") + ")") + "\n\n"
            let unmet = sweep.unmetTargets
            out += unmet.isEmpty ? "targets: all met\n" : "targets not met: " + unmet.joined(separator: "; ") + "\n"
            return out
        }
    }
}
