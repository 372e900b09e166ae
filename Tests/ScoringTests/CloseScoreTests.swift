import Foundation
import Testing
import CloseEngine
import LedgerStore
import Simulation
@testable import Scoring

/// Every agent of a scripted close scored against the manifest, on built-in scenarios.
@Suite struct CloseScoreTests {
    /// The demo month: every expected agent finds its faults; the consolidation's residuals and
    /// the flux reviews' variances name no planted row, so their precision is 0.
    @Test func theDemoScoresEveryAgent() throws {
        let score = try ScoringFixtures.score("demo")
        #expect(score.close == "closed" && score.faults.count == 24)
        #expect(score.kinds.count == 12 && score.kinds.allSatisfy { $0.faults == 2 && $0.found == 2 && $0.recall.text == "100.00%" })
        let kinds = Dictionary(uniqueKeysWithValues: score.kinds.map { ($0.kind, $0) })
        #expect(kinds["duplicate-bank-line"]?.named == 2 && kinds["duplicate-bank-line"]?.fixed == 0)
        #expect(kinds["reference-typo"]?.fixed == 2 && kinds["intercompany-one-sided"]?.named == 2 && kinds["intercompany-one-sided"]?.fixed == 2)
        #expect(kinds["intercompany-amount-mismatch"]?.fixed == 0, "a dispute is for a human: no entry")
        let agents = Dictionary(uniqueKeysWithValues: score.agents.map { ($0.agent, $0) })
        func figures(_ agent: String) -> [Int] {
            agents[agent].map { [$0.flaggedItems, $0.trueItems, $0.faults, $0.found] } ?? []
        }
        #expect(figures("bank-reconciliation") == [4, 4, 10, 10])
        #expect(figures("accruals") == [2, 2, 2, 2], "the recurring accruals are routine, not flagged")
        #expect(figures("error-resolution") == [8, 8, 6, 6])
        #expect(figures("intercompany-matching") == [16, 16, 6, 6])
        #expect(figures("consolidation") == [8, 0, 0, 0] && agents["consolidation"]?.precision.text == "0.00%")
        #expect(agents["consolidation"]?.falseItems.allSatisfy { $0.hasPrefix("consolidation/residual/") } == true)
        #expect(agents["bank-reconciliation"]?.falseItems == [])
        for flux in ["flux-review", "consolidated-flux-review"] {
            let figures = figures(flux)
            #expect(figures.count == 4 && figures[0] > 0 && figures[1...] == [0, 0, 0], "variances to explain, about no fault: \(flux) \(figures)")
        }
        #expect(figures("fx-revaluation") == [0, 0, 0, 0] && agents["fx-revaluation"]?.precision.basisPoints == nil, "revaluations are routine")
        #expect(agents["lock"]?.recall.text == "-")
        #expect(Dictionary(grouping: score.faults, by: \.outcome).mapValues(\.count) == [.resolved: 18, .accepted: 6])
    }

    /// Seed 3 of the demo, where error resolution used to miss a wrong-entity expense: the
    /// supplier's only dealings with the entity it belongs to were this month's invoices, which
    /// the detector left out everywhere.
    @Test func anotherSeedFindsEveryWrongEntityExpense() throws {
        var scenario = try BuiltInScenarios.scenario(named: "demo")
        scenario.seed = 3
        let score = try CloseScore.of(try ScoredScenario.run(try Generator.generate(scenario)))
        let kinds = Dictionary(uniqueKeysWithValues: score.kinds.map { ($0.kind, $0) })
        #expect(kinds["wrong-entity-expense"]?.found == 2 && kinds["wrong-entity-expense"]?.recall.text == "100.00%")
        #expect(kinds["reference-typo"]?.found == 2)
        #expect(score.faults.allSatisfy { $0.found })
        let errors = try #require(score.agents.first { $0.agent == "error-resolution" })
        #expect(errors.recall.text == "100.00%" && errors.precision.text == "100.00%", "\(errors.falseItems)")
    }

    @Test func theCleanMonthHasNothingToFind() throws {
        let score = try ScoringFixtures.score("clean")
        #expect(score.close == "closed" && score.faults.isEmpty && score.kinds.isEmpty)
        #expect(score.agents.allSatisfy { $0.trueItems == 0 && $0.faults == 0 && $0.recall.basisPoints == nil })
        #expect(score.agents.filter { $0.flaggedItems > 0 }.map(\.agent) == ["consolidation", "flux-review", "consolidated-flux-review"],
                "every flag of a month without faults is a false alarm")
    }

    /// snake_case keys, rates as percentage text or null, the same bytes on every run.
    @Test func theJSONHasOneShapeAndTheSameBytesTwice() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let first = try encoder.encode(try ScoringFixtures.score("demo"))
        let document = try #require(try JSONSerialization.jsonObject(with: first) as? [String: Any])
        #expect(Set(document.keys) == ["scenario", "seed", "scale", "period", "close", "fault_kinds", "agents", "faults", "bank"])
        #expect(document["seed"] as? String == "20260501")
        let kind = try #require((document["fault_kinds"] as? [[String: Any]])?.first)
        #expect(Set(kind.keys) == ["kind", "expected_agent", "faults", "named", "fixed", "found", "recall"] && kind["recall"] as? String == "100.00%")
        let agents = try #require(document["agents"] as? [[String: Any]])
        #expect(Set(agents[0].keys) == ["agent", "flagged_items", "true_items", "false_items", "precision", "fault_kinds", "faults", "found", "recall"])
        #expect(agents[0]["agent"] as? String == "cut-off" && agents[0]["precision"] is NSNull)
        let fault = try #require((document["faults"] as? [[String: Any]])?.first)
        #expect(Set(fault.keys) == ["id", "kind", "entity", "expected_agent", "named_by", "fixed_by", "found", "outcome", "by_human"])
        let bank = try #require(document["bank"] as? [String: Any])
        #expect(bank["auto_match_rate"] as? String == "100.00%" && bank["entries_correct"] as? Int == 2)
        let again = try CloseScore.of(try ScoredScenario.run(try Generator.generate(try BuiltInScenarios.scenario(named: "demo"))))
        #expect(try encoder.encode(again) == first)
    }
}
