import Agents
import Foundation
import Testing
import Governance
import LedgerCore
import LedgerStore
@testable import CloseEngine

/// What the web shows, computed by the engine: the inbox by the policy's routing, the bulk
/// approval of ready tasks, the task view and the dashboard.
@Suite struct WebViewsTests {
    static let period = SignedDecisionTests.period

    @Test func theInboxListsWhatThePolicyRoutesToMeWithItsBand() throws {
        let store = try SignedDecisionTests.ledger()
        let session = CloseSession(store: store)
        let bob = try session.inbox(period: Self.period, user: "bob")
        #expect(bob.count == 12 && bob.allSatisfy { $0.mayApprove && !$0.evidenceOpened })
        // Alice's limit is 10,000.00: the larger accruals are not hers to approve (nor routed to her).
        let alice = try session.inbox(period: Self.period, user: "alice")
        #expect(alice.count < bob.count && alice.allSatisfy { $0.amountMinor <= 1_000_000 })
        let large = try #require(bob.first { $0.amountMinor > 1_000_000 })
        #expect(large.band.hasPrefix("above 10,000.00: controller, cfo"), "\(large.band)")
        #expect(try session.inbox(period: Self.period, user: "dave").isEmpty, "the auditor decides nothing")
    }

    @Test func aBulkApprovalApprovesOnlyReadyTasksEachAsItsOwnSignedDecision() throws {
        let store = try SignedDecisionTests.ledger()
        let session = CloseSession(store: store)
        let signer = try SignedDecisionTests.signer(store, "bob", key: .generate())
        let tasks = ["bank-reconciliation/US01/1000", "bank-reconciliation/DE01/1000", "bank-reconciliation/GB01/1000"]
        for task in tasks.prefix(2) { try session.openEvidence(period: Self.period, task: task, user: "bob") }
        let outcomes = try session.bulkApprove(period: Self.period, tasks: tasks, user: "bob", signer: signer)
        #expect(outcomes.filter { $0.outcome.contains("the task is done") }.count == 2)
        #expect(outcomes.last?.outcome.hasPrefix("not approved") == true, "its evidence was never opened")
        let decisions = try store.decisions(of: try session.run(of: Self.period)).filter { tasks.contains($0.task) }
        #expect(decisions.count == 2 && decisions.allSatisfy { $0.signature?.keyID == signer.keyID })
        #expect(try store.verifyAudit().signaturesChecked == 2)
    }

    @Test func theTaskViewDerivesTheTrialBalanceDiffAndTheReconciliationForm() throws {
        let store = try SignedDecisionTests.ledger()
        let view = try CloseSession(store: store).taskView(period: Self.period, task: SignedDecisionTests.task)
        // The bank reconciliation agent fills no impact of its own: the diff comes from its entries.
        #expect(view.latest.proposal.impact.isEmpty && !view.trialBalanceDiff.isEmpty)
        for row in view.trialBalanceDiff { #expect(row.after != row.before) }
        let form = try #require(view.reconciliation)
        #expect(try form.adjustedBankMinor() - form.adjustedBooksMinor() == form.differenceMinor)
        #expect(form.differenceMinor == 0 && form.feesMinor > 0 && !form.matches.isEmpty)
    }

    @Test func theDashboardCountsTheCloseAndChangesWithADecision() throws {
        let store = try SignedDecisionTests.ledger()
        let session = CloseSession(store: store)
        let before = try session.dashboard(period: Self.period)
        #expect(before.accounts == 8 && before.accountsReconciled <= 8 && before.linesAutoMatched <= before.statementLines)
        #expect(before.grid["US01"]?["bank-reconciliation"]?.first { $0.task == SignedDecisionTests.task }?.state == "proposed")
        _ = try SignedDecisionTests.approve(store, "bob", signer: nil)
        let after = try session.dashboard(period: Self.period)
        #expect(after.grid["US01"]?["bank-reconciliation"]?.first { $0.task == SignedDecisionTests.task }?.state == "done")
        #expect(after.summary.decisions == before.summary.decisions + 1)
    }
}
