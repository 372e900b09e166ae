import Foundation
import Testing
import Agents
import Governance
import Interchange
import LedgerCore
import LedgerStore
@testable import CloseEngine

/// The set-up checks: a close lists at once everything it needs and lacks, refuses to start
/// a new run over a gap, and a ledger or policy whose accounts the chart lacks is refused.
@Suite struct CloseReadinessTests {
    static let may = CloseRunnerTests.period
    static let june = try! PeriodID(parsing: "2026-06")

    @Test("the demo month has every rate, statement, account and approver its close needs")
    func demoIsReady() throws {
        let readiness = try CloseSession(store: try CloseRunnerTests.demoLedger()).check(period: Self.may)
        #expect(readiness.gaps == [])
        #expect(readiness.isReady)
        #expect(readiness.policyVersion == nil)
    }

    @Test("a month with nothing imported lacks its rates and every statement, each with what to do")
    func juneLacksRatesAndStatements() throws {
        let store = try CloseRunnerTests.demoLedger()
        let readiness = try CloseSession(store: store).check(period: Self.june)
        #expect(Set(readiness.gaps.map(\.kind)) == ["spot-rate", "closing-rate", "average-rate", "bank-statement"])
        #expect(readiness.gaps.filter { $0.kind == "bank-statement" }.map(\.subject) == store.group.bankAccounts.map { "\($0.entity)/\($0.account)" }.sorted())
        // A pair and its opposite are one gap: either rate would do.
        #expect(readiness.gaps.filter { $0.kind == "closing-rate" }.map(\.subject).contains("EUR->USD 2026-06"))
        #expect(!readiness.gaps.contains { $0.subject == "USD->EUR 2026-06" })
        #expect(readiness.gaps.allSatisfy { $0.action.contains("`close ") })
    }

    @Test("a rate stored the other way round closes the gap: the check resolves rates as the close does")
    func inverseRateSatisfiesTheCheck() throws {
        let store = try CloseRunnerTests.demoLedger()
        let before = try CloseSession(store: store).check(period: Self.june).gaps.filter { $0.subject == "EUR->USD 2026-06" && $0.kind == "closing-rate" }
        #expect(before.count == 1)
        try store.importRates([RateQuote(date: Self.june.lastDay, from: .usd, to: .eur, rate: try ExchangeRate(parsing: "0.9"), type: .closing)],
                              actor: "bob")
        let after = try CloseSession(store: store).check(period: Self.june)
        #expect(!after.gaps.contains { $0.kind == "closing-rate" && $0.subject == "EUR->USD 2026-06" })
    }

    @Test("no consolidation entity, accounts the policy names and approvers are all listed at once")
    func groupGapsListedTogether() throws {
        var group = ConsolidationFixture.group([("US01", .usd)])
        group.entities.removeAll { $0.isConsolidation }
        let store = try LedgerStore.create(at: nil, group: group, clock: .fixed("2026-06-01T09:00:00Z"))
        let gaps = try CloseSession(store: store).check(period: Self.may).gaps
        #expect(gaps.contains { $0.kind == "consolidation-entity" })
        #expect(gaps.contains { $0.kind == "policy-account" && $0.subject == "reconciliation.fee_account" && $0.problem.hasPrefix("6400:") })
        #expect(gaps.contains { $0.kind == "policy-account" && $0.subject == "accounts.suspense" })
        #expect(gaps.contains { $0.kind == "approvers" }, "alice alone cannot approve the controller's steps")
    }

    @Test("a new run is refused with the whole list and writes nothing; a run already started resumes")
    func runRefusedUntilReady() throws {
        let store = try CloseRunnerTests.demoLedger()
        let session = CloseSession(store: store)
        let events = try store.verifyAudit().headSeq
        let refused = #expect(throws: LedgerError.self) {
            try session.open(period: Self.june, template: CloseTemplateFile.defaultTemplate(), user: "bob", owner: "test")
        }
        #expect(refused?.code == .notReady)
        #expect(refused?.message.contains("[bank-statement] US01/1000") == true)
        #expect(refused?.message.contains("[closing-rate] EUR->USD 2026-06") == true)
        #expect(try store.closeRun(period: Self.june) == nil)
        #expect(try store.currentPolicy() == nil, "not even the default policy is stored")
        #expect(try store.verifyAudit().headSeq == events)
        // Started regardless (as a simulation may), the run is not refused when it resumes.
        try session.open(period: Self.june, template: CloseTemplateFile.defaultTemplate(), user: "bob", owner: "test", requireReady: false).release()
        let resumed = try session.open(period: Self.june, template: CloseTemplateFile.defaultTemplate(), user: "bob", owner: "test")
        resumed.release()
        #expect(try store.closeRun(period: Self.june) != nil)
    }

    @Test("init refuses a group without the bank-charges account, naming 6400, and creates no file")
    func initRefusesMissingPolicyAccount() throws {
        var group = DemoGroup.definition()
        group.accounts.removeAll { $0.code == "6400" }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("readiness-\(UUID().uuidString).db").path
        let error = #expect(throws: LedgerError.self) { try CloseSession.create(at: path, group: group, clock: .fixed("2026-06-01T09:00:00Z")) }
        #expect(error?.code == .notPermitted)
        #expect(error?.message.contains("reconciliation.fee_account names 6400: no such account") == true)
        #expect(!FileManager.default.fileExists(atPath: path))
        _ = try CloseSession.create(at: nil, group: DemoGroup.definition(), clock: .fixed("2026-06-01T09:00:00Z"))  // the whole chart: accepted
    }

    @Test("policy set refuses a policy naming accounts of the wrong type, listing every one, and stores nothing")
    func policySetListsEveryAccountProblem() throws {
        let store = try CloseRunnerTests.demoLedger()
        let text = PolicyFile.defaultText.replacingOccurrences(of: "fee_account: \"6400\"", with: "fee_account: \"4000\"")
            .replacingOccurrences(of: "suspense: \"9999\"", with: "suspense: \"9998\"")
        let error = #expect(throws: LedgerError.self) {
            try CloseSession(store: store).setPolicy(text, file: "wrong.yaml", user: "carol", reason: "point the agents elsewhere")
        }
        #expect(error?.message.contains("reconciliation.fee_account names 4000: 4000 (Revenue) is a revenue account, not expense") == true)
        #expect(error?.message.contains("accounts.suspense names 9998: no such account") == true)
        #expect(error?.location?.file == "wrong.yaml")
        #expect(try store.currentPolicy() == nil)
    }
}
