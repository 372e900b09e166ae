import Foundation
import Testing
import Agents
import Governance
import LedgerCore
import LedgerStore
import Simulation
@testable import CloseEngine

/// The engine on the demo month: scripted, asynchronous and resumed runs.
@Suite struct CloseRunnerTests {
    static let period = try! PeriodID(parsing: "2026-05")

    static func demoLedger() throws -> LedgerStore {
        let books = try Generator.generate(try BuiltInScenarios.scenario(named: "demo"))
        let store = try LedgerStore.create(at: nil, group: books.scenario.group, clock: .fixed("2026-06-01T09:00:00Z"))
        try ScenarioLoader.load(books, into: store)
        return store
    }

    static func script() throws -> DecisionScript {
        try DecisionScriptFile.parse(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/decisions/demo.yaml").path)
    }

    @Test func aScriptedRunLocksThePeriod() throws {
        let store = try Self.demoLedger()
        var events: [CloseEvent] = []
        let runner = CloseRunner(store: store, period: Self.period, events: { events.append($0) })
        let run = try runner.prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
        var decider = ScriptedDecisions(try Self.script())
        #expect(try runner.run(run, decider: &decider) == .closed)
        #expect(try store.periodStatus(Self.period).allSatisfy { $0.state == .closed })
        #expect(try store.verifyAudit().isIntact)
        #expect(events.contains { $0.event == "run.closed" })
        // One task's versions read alone are that task's versions of the whole run.
        let all = try store.proposals(of: run)
        for task in Set(all.map(\.task)) {
            #expect(try store.proposals(of: run, task: task) == all.filter { $0.task == task })
        }
    }

    /// The runner decodes a task's latest proposal once and reuses it while the stored
    /// payload is the same; a different payload under the same version is decoded again.
    @Test func aDecodedProposalIsReusedOnlyForTheSamePayload() throws {
        let decoded = DecodedProposals()
        let first = Proposal(task: "flux-review/US01", taskKind: "flux-review", preparedBy: "agent:flux-review", summary: "first")
        let record = ProposalRecord(task: first.task, version: 1, preparedBy: first.preparedBy,
                                    payload: try ProposalCodec.encode(first), route: "{}", readyAtHour: 0)
        #expect(try decoded.proposal(record).summary == "first")
        #expect(try decoded.proposal(record).summary == "first")
        var edited = first
        edited.summary = "edited outside the ledger"
        var changed = record
        changed.payload = try ProposalCodec.encode(edited)
        #expect(try decoded.proposal(changed).summary == "edited outside the ledger")
    }

    @Test func withoutDecisionsTheRunWaitsAndResumesAfterAnApproval() throws {
        let store = try Self.demoLedger()
        let runner = CloseRunner(store: store, period: Self.period)
        let run = try runner.prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
        var nobody = NoDecisions()
        guard case .waiting(let waiting) = try runner.run(run, decider: &nobody) else { Issue.record("expected waiting"); return }
        #expect(waiting.map(\.task) == ["cut-off"])
        #expect(try store.periodStatus(Self.period).allSatisfy { $0.state == .open })

        #expect(throws: LedgerError.self) { try runner.decide(task: "cut-off", choice: .decide(.approve, user: "dave", reason: "", afterHours: 1, secondUser: nil)) }
        try runner.decide(task: "cut-off", choice: .decide(.approve, user: "bob", reason: "ok", afterHours: 1, secondUser: nil))
        #expect(try store.periodStatus(Self.period).allSatisfy { $0.state == .softClosed })
        guard case .waiting(let next) = try runner.run(run, decider: &nobody) else { Issue.record("expected waiting"); return }
        #expect(next.map(\.task) == ["US01/1000", "US01/1010", "DE01/1000", "DE01/1010", "GB01/1000", "GB01/1010", "JP01/1000", "JP01/1010"]
            .map { "bank-reconciliation/\($0)" } + ["US01", "DE01", "GB01", "JP01"].map { "accruals/\($0)" })
    }

    @Test func aRejectionBlocksTheRest() throws {
        let store = try Self.demoLedger()
        let runner = CloseRunner(store: store, period: Self.period)
        let run = try runner.prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
        var decider = ScriptedDecisions(DecisionScript(rules: [DecisionScript.Rule(task: "cut-off", user: "bob", kind: .reject, reason: "DE01 is not ready")]))
        #expect(try runner.run(run, decider: &decider) == .blocked(rejected: ["cut-off"]))
        #expect(try store.periodStatus(Self.period).allSatisfy { $0.state == .open })
    }
}

@Suite struct BuiltInCloseFilesTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    @Test func theEmbeddedDemoDecisionsAreTheFixture() throws {
        let fixture = try String(contentsOf: Self.fixtures.appendingPathComponent("decisions/demo.yaml"), encoding: .utf8)
        #expect(DemoDecisions.text == fixture)
    }

    @Test func theEmbeddedTemplateIsTheFixture() throws {
        let fixture = try String(contentsOf: Self.fixtures.appendingPathComponent("templates/default.yaml"), encoding: .utf8)
        #expect(CloseTemplateFile.defaultText == fixture)
    }
}

@Suite struct AutonomyTests {
    @Test func postWithinLimitsCommitsWithoutAHumanAndIsListedForReview() throws {
        let store = try CloseRunnerTests.demoLedger()
        let text = PolicyFile.defaultText.replacingOccurrences(of: "  cut-off: {approvers", with: "  final-review: {autonomy: post-within-limits, post_within: \"1\"}\n  cut-off: {approvers")
        _ = try PolicyFile.parse(text, file: "test", currency: .usd)
        try store.setPolicy(text, actor: "carol", reason: "let the reviews through")
        let runner = CloseRunner(store: store, period: CloseRunnerTests.period)
        let run = try runner.prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
        var decider = ScriptedDecisions(DecisionScript(rules: [
            DecisionScript.Rule(task: "cut-off", user: "bob", kind: .approve, reason: "ok"),
            DecisionScript.Rule(task: "*", user: "bob", kind: .approve, reason: "ok", secondUser: "carol"),
            DecisionScript.Rule(task: "lock", user: "carol", kind: .approve, reason: "ok"),
        ]))
        #expect(try runner.run(run, decider: &decider) == .closed)
        let summary = try CloseSummary.of(run, store: store)
        #expect(summary.postedWithoutHuman == ["final-review/US01", "final-review/DE01", "final-review/GB01", "final-review/JP01"])
        let automatic = try store.decisions(of: run).filter { $0.kind == "post-within-limits" }
        #expect(automatic.allSatisfy { $0.user == "agent:final-review" })
        #expect(try store.verifyAudit().isIntact)
    }

    @Test func observeKeepsTheAgentsChangesOutOfTheProposal() throws {
        let store = try CloseRunnerTests.demoLedger()
        let text = PolicyFile.defaultText.replacingOccurrences(of: "  cut-off: {approvers: [{role: controller}, {role: cfo}]}", with: "  cut-off: {approvers: [{role: controller}, {role: cfo}], autonomy: observe}")
        try store.setPolicy(text, actor: "carol", reason: "watch the cut-off agent first")
        let runner = CloseRunner(store: store, period: CloseRunnerTests.period)
        let run = try runner.prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
        var nobody = NoDecisions()
        _ = try runner.run(run, decider: &nobody)
        let proposal = try runner.pendingDecision(try #require(try store.tasks(of: run).first), run: run, policy: try runner.policy(of: run)).proposal
        #expect(proposal.periodActions.isEmpty && proposal.summary.hasPrefix("[observe"))
    }
}

@Suite struct EscalationTests {
    /// Final reviews go to accountants only; a decision 30 simulated hours late escalates to
    /// the controller, who may then decide it, and the escalation is audited.
    @Test func anOverdueDecisionEscalatesToTheNextRoleUp() throws {
        let text = PolicyFile.defaultText.replacingOccurrences(
            of: "  cut-off: {approvers", with: "  final-review: {approvers: [{role: accountant}]}\n  cut-off: {approvers")
        func close(afterHours: Int) throws -> (RunOutcome, [CloseEvent]) {
            let store = try CloseRunnerTests.demoLedger()
            try store.setPolicy(text, actor: "carol", reason: "reviews by accountants")
            var events: [CloseEvent] = []
            let runner = CloseRunner(store: store, period: CloseRunnerTests.period, events: { events.append($0) })
            let run = try runner.prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
            var decider = ScriptedDecisions(DecisionScript(rules: [
                DecisionScript.Rule(task: "cut-off", user: "bob", kind: .approve, reason: "ok"),
                DecisionScript.Rule(task: "*", user: "bob", kind: .approve, reason: "ok", secondUser: "carol"),
                DecisionScript.Rule(task: "final-review", user: "bob", kind: .approve, reason: "late but done", afterHours: afterHours),
                DecisionScript.Rule(task: "consolidation", user: "bob", kind: .approve, reason: "ok", secondUser: "carol"),
                DecisionScript.Rule(task: "lock", user: "carol", kind: .approve, reason: "ok"),
            ]))
            return (try runner.run(run, decider: &decider), events)
        }
        #expect(throws: LedgerError.self) { try close(afterHours: 2) }
        let (outcome, events) = try close(afterHours: 30)
        #expect(outcome == .closed)
        #expect(events.filter { $0.event == "task.escalated" }.count == 4)
    }
}

@Suite struct ReconciliationRulesTests {
    /// The policy says where unrecorded bank charges go; the agent follows it.
    @Test func feesGoWhereThePolicySays() throws {
        let store = try CloseRunnerTests.demoLedger()
        let policy = try PolicyFile.parse(PolicyFile.defaultText.replacingOccurrences(of: "fee_account: \"6400\"", with: "fee_account: \"6200\""),
                                          file: "test", currency: .usd)
        #expect(policy.reconciliation.feeAccount == "6200" && policy.reconciliation.interestAccount == "4200")
        let task = AgentTask(id: "bank-reconciliation/US01/1000", kind: "bank-reconciliation", entity: "US01", account: "1000")
        let proposal = try BankReconciliationAgent().prepare(task, snapshot: StoreSnapshot(store: store),
                                                             context: AgentContext(period: CloseRunnerTests.period, policy: policy,
                                                                                   taskStates: [:], seed: 0, hour: 0))
        let fee = try #require(proposal.entries.first { $0.rule == "unrecorded-fee" })
        #expect(fee.lines.map(\.account).sorted() == ["1000", "6200"])
        #expect(throws: LedgerError.self) { try PolicyFile.parse(PolicyFile.defaultText + "  fee: \"1\"\n", file: "test", currency: .usd) }
    }
}
