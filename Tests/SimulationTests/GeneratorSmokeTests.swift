import Testing
import LedgerCore
import LedgerStore
import Interchange
@testable import Simulation

@Suite struct GeneratorSmokeTests {
    static func scenario(faults: Int = 2, scale: Int = 1) throws -> Scenario {
        let group = DemoGroup.definition()
        let volumes = Volumes(sales: 6, purchases: 4, payroll: 3, rent: 1, intercompanyCharges: 1, intercompanyLoans: 0,
                              assetPurchases: 1, bankFees: 1, interest: 1)
        var all: [String: Volumes] = [:]
        for entity in group.entities { all[entity.code] = volumes }
        var faultCounts: [FaultKind: Int] = [:]
        for kind in FaultKind.allCases { faultCounts[kind] = faults }
        return Scenario(name: "smoke", description: "smoke", seed: 42, scale: scale, group: group, period: try PeriodID(parsing: "2026-05"),
                        volumes: all,
                        fx: FXPath(start: [.eur: try ExchangeRate(parsing: "1.085"), .gbp: try ExchangeRate(parsing: "1.265"),
                                           .jpy: try ExchangeRate(parsing: "0.0067")], dailyVolatilityPPM: 3000),
                        bank: BankBehaviour(paymentDelayDays: 0...2, receiptDelayDays: 0...1, batchedReceiptsPercent: 10, referenceNoisePercent: 10),
                        faults: faultCounts)
    }

    @Test func generatesAndLoads() throws {
        let books = try Generator.generate(try Self.scenario())
        print("entries", books.entryCount, "lines", books.lineCount, "bank", books.bankLineCount, "faults", books.faults.count,
              "journals", books.journals.map { "\($0.period):\($0.lineCount)" })
        for statement in books.statements { #expect(try statement.tieOutDifference() == 0) }
        let store = try LedgerStore.create(at: nil, group: books.scenario.group, clock: .fixed("2026-06-01T00:00:00Z"), actor: "system")
        let summary = try ScenarioLoader.load(books, into: store)
        #expect(summary.lines == books.lineCount)
    }
}
