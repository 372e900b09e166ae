import Foundation
import Testing
import Governance
import LedgerCore
import LedgerStore
@testable import CloseEngine

/// The close summary of the scripted demo close, and of one a reviewer stopped.
@Suite struct CloseSummaryTests {
    @Test func theScriptedDemoCloseSaysWhatItDidAboutEveryInjectedFault() throws {
        let store = try CloseRunnerTests.demoLedger()
        let runner = CloseRunner(store: store, period: CloseRunnerTests.period)
        let run = try runner.prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
        var decider = ScriptedDecisions(try CloseRunnerTests.script())
        #expect(try runner.run(run, decider: &decider) == .closed)
        let summary = try CloseSummary.of(try #require(try store.closeRun(period: CloseRunnerTests.period)), store: store)
        #expect(summary.state == "closed" && summary.blockers.isEmpty)
        #expect(summary.periods.values.allSatisfy { $0 == "closed" } && summary.periods.count == 5)
        #expect(summary.scenario == "demo")
        let faults = try #require(summary.faults)
        #expect(faults.count == 24, "the demo injects two of each of the 12 kinds")
        // The bank reconciliation posts the two unrecorded fees exactly as the manifest expects.
        #expect(faults.filter { $0.kind == "unrecorded-bank-fee" }.allSatisfy { $0.outcome == .resolved && $0.tasks.contains { $0.hasPrefix("bank-reconciliation/") } })
        #expect(faults.filter { $0.kind == "payment-in-transit" }.allSatisfy { $0.outcome == .accepted })
        // Every decision carries its reason and hour; the timeline has a start for every task.
        #expect(summary.tasks.allSatisfy { $0.decisions.allSatisfy { !$0.reason.isEmpty } && $0.startedAtHour != nil && $0.doneAtHour != nil })
        let html = summary.html()
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg") && html.contains("Injected faults"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href="), "one self-contained file")
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
        // The fee the rejected proposal would have posted is not resolved.
        let fee = try #require(summary.faults?.first { $0.kind == "unrecorded-bank-fee" && $0.entity == "DE01" })
        #expect(fee.outcome == .raised)
        #expect(summary.html().contains("class=\"bad\""))
    }
}
