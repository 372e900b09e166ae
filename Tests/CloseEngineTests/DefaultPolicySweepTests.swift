import Foundation
import Testing
import Governance
import LedgerCore
import LedgerStore
import Simulation
@testable import CloseEngine

/// Finding 5 of the governance issue, as a standing measure: under the default policy the
/// demo group's users (one accountant, controller and CFO) can approve every step of every
/// built-in scenario at every seed, the scripted humans approving each one. Before the fix some seeds of
/// intercompany-heavy could never be closed (above 1,000,000 only the CFO, and two approvers).
/// CI-sized: seeds 1 to 20 of each scenario; `large` with its volumes cut a hundredfold and
/// two of each fault, so the sweep stays minutes, not hours (the full-size sweep is in
/// docs/governance.md).
@Suite struct DefaultPolicySweepTests {
    static let seeds = Array(UInt64(1)...20)

    static func scenario(_ name: String, seed: UInt64) throws -> Scenario {
        var scenario = try BuiltInScenarios.scenario(named: name)
        scenario.seed = seed
        if name == "large" {
            scenario.volumes = scenario.volumes.mapValues { volumes in
                Volumes(sales: volumes.sales / 100, purchases: volumes.purchases / 100, payroll: max(1, volumes.payroll / 100),
                        rent: volumes.rent, intercompanyCharges: max(2, volumes.intercompanyCharges / 100),
                        intercompanyLoans: volumes.intercompanyLoans, assetPurchases: max(1, volumes.assetPurchases / 100),
                        bankFees: max(2, volumes.bankFees / 10), interest: volumes.interest)
            }
            scenario.faults = scenario.faults.mapValues { min($0, 2) }
        }
        return scenario
    }

    /// No deadlock and no hole: every step is approved by the group's users at every seed,
    /// and the lock, which refuses to pass over an uncertified reconciliation or any other
    /// error an approved step left, finds nothing to refuse.
    @Test("The default policy closes every built-in scenario at seeds 1 to 20",
          arguments: ["demo", "clean", "intercompany-heavy", "fx-shock", "bank-chaos", "large"], [0, 1, 2, 3])
    func closes(name: String, quarter: Int) throws {
        for seed in Self.seeds where Int(seed) % 4 == quarter {
            let books = try Generator.generate(try Self.scenario(name, seed: seed))
            let result = try ScenarioClose.run(books, at: nil, clock: .fixed("2026-06-01T09:00:00Z"), owner: "sweep")
            defer { try? result.store.close() }
            let period = books.scenario.period
            let tasks = try result.store.tasks(of: result.run)
            #expect(tasks.filter { $0.kind != "lock" }.allSatisfy { $0.state == .done }, "\(name) seed \(seed): a step before the lock is not done")
            let exceptions = result.outcome == .closed ? []
                : (try? CloseSession(store: result.store).show(task: "lock", period: period))?.proposal.findings.map(\.id) ?? []
            #expect(result.outcome == .closed, "\(name) seed \(seed): \(result.outcome) \(exceptions)")
            #expect(try result.store.periodStatus(period).allSatisfy { $0.state == .closed }, "\(name) seed \(seed)")
        }
    }
}
