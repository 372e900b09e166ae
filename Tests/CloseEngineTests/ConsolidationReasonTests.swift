import Testing
import Agents
import LedgerCore
import Simulation
@testable import CloseEngine

/// Residuals of the elimination carry the intercompany matching's reason codes.
@Suite struct ConsolidationReasonTests {
    @Test func everyAmountDisputeOfTheDemoNamesItsPairsResidual() throws {
        let books = try Generator.generate(try BuiltInScenarios.scenario(named: "demo"))
        let store = try CloseRunnerTests.demoLedger()
        let reasons = try ConsolidationAgent.matchingReasons(snapshot: StoreSnapshot(store: store), period: CloseRunnerTests.period)
        let disputes = books.faults.filter { $0.kind == .intercompanyAmountMismatch }
        #expect(disputes.count == 2)
        let order = books.scenario.group.operatingEntities.map(\.code)
        for fault in disputes {
            let partner = try #require(fault.partner)
            let pair = order.firstIndex(of: fault.entity)! < order.firstIndex(of: partner)! ? EntityPair(fault.entity, partner) : EntityPair(partner, fault.entity)
            // The charge is booked on both a balance (1150/2150) and a result account (4100/6500).
            #expect(reasons[pair]?[.balanceSheet]?.contains("amount-dispute") == true, "\(pair): \(String(describing: reasons[pair]))")
            #expect(reasons[pair]?[.incomeStatement]?.contains("amount-dispute") == true)
        }
        // A one-sided charge is a missing counterpart until the matching posts the mirror.
        let oneSided = try #require(books.faults.first { $0.kind == .intercompanyOneSided })
        let partner = try #require(oneSided.partner)
        let pair = order.firstIndex(of: oneSided.entity)! < order.firstIndex(of: partner)! ? EntityPair(oneSided.entity, partner) : EntityPair(partner, oneSided.entity)
        #expect(reasons[pair]?[.balanceSheet]?.contains("missing-counterpart") == true)
    }
}
