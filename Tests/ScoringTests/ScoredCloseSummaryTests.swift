import Foundation
import Testing
import CloseEngine
import LedgerStore
@testable import Scoring

/// The close summary with what the close did about the scenario's faults, as the CLI prints it.
@Suite struct ScoredCloseSummaryTests {
    @Test func theDemoCloseSaysWhatItCommittedAboutEveryFault() throws {
        let close = try ScoringFixtures.close("demo")
        let scored = try ScoredCloseSummary.of(close.run, store: close.store)
        #expect(scored.scenario == "demo")
        let text = scored.text()
        #expect(text.hasPrefix("close summary for 2026-05 (scenario demo)\n"))
        #expect(text.contains("\ninjected faults: 24; resolved 18, accepted 6, posted-without-human 0, raised 0, missed 0\nsimulated duration: "), "\(text)")
        let faults = try #require(scored.faults)
        // The fees are posted as the manifest expects, by the agent expected to, approved by a human.
        #expect(faults.filter { $0.kind == "unrecorded-bank-fee" }.allSatisfy {
            $0.outcome == .resolved && $0.byHuman == true && $0.handledBy == ["bank-reconciliation"] && $0.byExpectedAgent
        })
        // A payment in transit is listed by the bank reconciliation, and a human approved that finding.
        #expect(faults.filter { $0.kind == "payment-in-transit" }.allSatisfy { $0.outcome == .accepted && $0.byExpectedAgent })

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let document = try #require(try JSONSerialization.jsonObject(with: try encoder.encode(scored)) as? [String: Any])
        #expect(document["scenario"] as? String == "demo" && document["state"] as? String == "closed" && document["entries_posted"] is Int)
        let first = try #require((document["faults"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["id", "kind", "entity", "outcome", "by_human", "expected_agent", "handled_by", "by_expected_agent", "tasks", "expected"])
        let html = scored.html()
        #expect(html.contains("<title>Close summary 2026-05 (scenario demo)</title>") && html.contains("<h2>Injected faults</h2>"))
        #expect(html.contains(".posted-without-human td{"))
    }
}
