import Foundation
import Testing
import Governance
import LedgerCore
import LedgerStore
@testable import CloseEngine

/// The close summary of the scripted demo close, and of one a reviewer stopped. What the
/// close did about injected faults is the Scoring module's (Tests/ScoringTests).
@Suite struct CloseSummaryTests {
    @Test func theScriptedDemoCloseSaysWhoDidWhatAndWhen() throws {
        let store = try CloseRunnerTests.demoLedger()
        let runner = CloseRunner(store: store, period: CloseRunnerTests.period)
        let run = try runner.prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
        var decider = ScriptedDecisions(try CloseRunnerTests.script())
        #expect(try runner.run(run, decider: &decider) == .closed)
        let summary = try CloseSummary.of(try #require(try store.closeRun(period: CloseRunnerTests.period)), store: store)
        #expect(summary.state == "closed" && summary.blockers.isEmpty)
        #expect(summary.periods.values.allSatisfy { $0 == "closed" } && summary.periods.count == 5)
        #expect(summary.text().hasPrefix("close summary for 2026-05\n"), "the engine's summary names no scenario")
        // Every decision carries its reason and hour; the timeline has a start for every task.
        #expect(summary.tasks.allSatisfy { $0.decisions.allSatisfy { !$0.reason.isEmpty } && $0.startedAtHour != nil && $0.doneAtHour != nil })
        let html = summary.html()
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg") && !html.contains("Injected faults"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href="), "one self-contained file")
        // JSON keys are snake_case, as in every JSON output.
        let json = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
        for key in ["posted_without_human", "entries_posted", "findings_closed", "audit_events", "business_days_tenths",
                    "prepared_by", "started_at_hour", "ready_at_hour", "done_at_hour", "at_hour"] {
            #expect(json.contains("\"\(key)\":"), "\(key)")
        }
        #expect(!json.contains("entriesPosted") && !json.contains("\"faults\"") && !json.contains("\"scenario\""))
    }

    @Test func aRejectedProposalLeavesThePeriodOpenAndTheSummarySaysWhy() throws {
        let store = try CloseRunnerTests.demoLedger()
        let runner = CloseRunner(store: store, period: CloseRunnerTests.period)
        let run = try runner.prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
        var script = try CloseRunnerTests.script()
        script.rules.insert(DecisionScript.Rule(task: "bank-reconciliation/DE01/1000", user: "bob", kind: .reject,
                                                reason: "the fee belongs to the savings account"), at: 0)
        var decider = ScriptedDecisions(script)
        #expect(try runner.run(run, decider: &decider) == .blocked(rejected: ["bank-reconciliation/DE01/1000"]))
        let summary = try CloseSummary.of(try #require(try store.closeRun(period: CloseRunnerTests.period)), store: store)
        #expect(summary.state == "open")
        #expect(summary.periods["DE01"] == "soft-closed")
        #expect(summary.blockers.first == "bank-reconciliation/DE01/1000 rejected by bob at hour 8: the fee belongs to the savings account", "\(summary.blockers)")
        #expect(summary.text().contains("the period is not closed: bank-reconciliation/DE01/1000 rejected by bob"))
        #expect(summary.html().contains("class=\"bad\""))
    }
}
