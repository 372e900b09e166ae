import Testing
import Governance
import LedgerCore
@testable import Agents

/// The revaluation on hand-computed cases: the arithmetic, half-even at the functional
/// currency's minor unit, the per-partner split with its rounding residual, what it leaves
/// alone, and a missing rate.
@Suite struct FXRevaluationAgentTests {
    @Test func aEURReceivableOfAUSDEntityIsRevaluedAtTheClosingRate() throws {
        var ledger = FakeLedger()
        // 1,000.00 EUR booked at 1.0800 = 1,080.00 USD; closing 1.1000 -> 1,100.00 USD: gain 20.00.
        ledger.book("US01", "1100", "EUR", 100_000, functional: 108_000)
        // A payable: -500.00 EUR booked at 1.0800 = -540.00 USD; closing -> -550.00 USD: loss 10.00.
        ledger.book("US01", "2000", "EUR", -50_000, functional: -54_000)
        ledger.rate("EUR/USD", "1.1000")
        let proposal = try ledger.revalue("US01")

        #expect(proposal.entries.map(\.key) == ["revalue-1100/EUR", "revalue-2000/EUR"])
        #expect(lines(proposal.entries[0]) == ["1100 USD 2000", "7200 USD -2000"])  // Dr 1100 20.00 / Cr 7200 20.00
        #expect(lines(proposal.entries[1]) == ["2000 USD -1000", "7200 USD 1000"])  // Dr 7200 10.00 / Cr 2000 10.00
        #expect(proposal.findings.isEmpty)
        let explanation = proposal.entries[0].explanation
        for part in ["1000.00 EUR × 1.1", "rounded half-even to 1100.00 USD", "booked at the historical rates: 1080.00 USD",
                     "1100.00 − 1080.00 = 20.00 USD, an unrealised gain", "Reversed on 2026-06-01"] {
            #expect(explanation.contains(part), "\(part) in \(explanation)")
        }
        #expect(proposal.entries[1].explanation.contains("-550.00 − (-540.00) = -10.00 USD, an unrealised loss"))
        #expect(proposal.evidence.contains(Evidence(kind: "rate", id: "EUR/USD closing 2026-05 1.1 (stored EUR->USD)")))
        #expect(proposal.evidence.contains(Evidence(kind: "balance", id: "US01/1100/EUR 1000.00 EUR booked at 1080.00 USD")))
        // Net gain 20.00 - 10.00 = 10.00 USD, credited to 7200.
        #expect(proposal.impact == [ImpactRow(entity: "US01", account: "1100", currency: "USD", before: 108_000, after: 110_000),
                                    ImpactRow(entity: "US01", account: "2000", currency: "USD", before: -54_000, after: -55_000),
                                    ImpactRow(entity: "US01", account: "7200", currency: "USD", before: 0, after: -1_000)])
        #expect(proposal.summary.contains("net unrealised gain of 10.00 USD"))
    }

    @Test func aJPYEntityHoldingDollarsIsRevaluedToTheYen() throws {
        var ledger = FakeLedger()
        // 1,000.00 USD booked at 150 = 150,000 JPY; closing 151.2357 -> 151,235.7 -> 151,236 JPY: gain 1,236 JPY.
        ledger.book("JP01", "1010", "USD", 100_000, functional: 150_000)
        ledger.rate("USD/JPY", "151.2357")
        let proposal = try ledger.revalue("JP01")
        #expect(proposal.entries.count == 1)
        #expect(lines(proposal.entries[0]) == ["1010 JPY 1236", "7200 JPY -1236"])
        #expect(proposal.entries[0].explanation.contains("= 151235.7 JPY, rounded half-even to 151236 JPY"))
    }

    @Test func tiesRoundHalfToEven() throws {
        var ledger = FakeLedger()
        // 1.00 USD x 150.5 = 150.5 JPY -> 150 (even): booked 150, no difference, no entry (half-up would book 1).
        ledger.book("JP01", "1100", "USD", 100, functional: 150)
        // 3.00 USD x 150.5 = 451.5 JPY -> 452 (even): booked 450, difference 2 (truncation would book 1).
        ledger.book("JP01", "1010", "USD", 300, functional: 450)
        ledger.rate("USD/JPY", "150.5")
        let proposal = try ledger.revalue("JP01")
        #expect(proposal.entries.map(\.key) == ["revalue-1010/USD"])
        #expect(lines(proposal.entries[0]) == ["1010 JPY 2", "7200 JPY -2"])
        // Both balances were looked at, the unchanged one too.
        #expect(proposal.evidence.filter { $0.kind == "balance" }.count == 2)
    }

    @Test func anIntercompanyAccountIsRevaluedPerPartnerWithTheRoundingResidualOnTheRoundingAccount() throws {
        var ledger = FakeLedger()
        // Per partner: 100.04 EUR booked at 108.04 USD; x 1.1 = 110.044 -> 110.04 USD; difference 2.00 USD each.
        ledger.book("US01", "1150", "EUR", 10_004, functional: 10_804, partner: "DE01")
        ledger.book("US01", "1150", "EUR", 10_004, functional: 10_804, partner: "GB01")
        ledger.rate("EUR/USD", "1.1")
        let proposal = try ledger.revalue("US01")
        #expect(proposal.entries.map(\.key) == ["revalue-1150/EUR/DE01", "revalue-1150/EUR/GB01", "rounding-1150/EUR"])
        #expect(lines(proposal.entries[0]) == ["1150 USD 200 DE01", "7200 USD -200"])
        #expect(lines(proposal.entries[1]) == ["1150 USD 200 GB01", "7200 USD -200"])
        // Total: 200.08 EUR x 1.1 = 220.088 -> 220.09 USD; parts 110.04 + 110.04 = 220.08: residual -0.01.
        // 7200 ends at -(220.09 - 216.08) = -4.01, the revaluation of the total; 7900 carries the 0.01.
        #expect(lines(proposal.entries[2]) == ["7200 USD -1", "7900 USD 1"])
        #expect(proposal.entries[2].explanation.contains("DE01 110.04 + GB01 110.04 = 220.08 USD"))
        #expect(proposal.entries[2].explanation.contains("220.088 USD rounds half-even to 220.09 USD"))
        #expect(proposal.impact.first { $0.account == "7200" }?.after == -401)
        #expect(proposal.impact.first { $0.account == "1150" }?.after == 22_008)
    }

    @Test func partnersThatNetToZeroAreStillRevaluedOneByOne() throws {
        var ledger = FakeLedger()
        // +100.00 EUR with DE01 at 108.00, -100.00 EUR with GB01 at -110.00: the account's EUR balance is 0
        // and its USD balance -2.00; at 1.1 each partner goes to +/-110.00: +2.00 for DE01, 0 for GB01.
        ledger.book("US01", "1150", "EUR", 10_000, functional: 10_800, partner: "DE01")
        ledger.book("US01", "1150", "EUR", -10_000, functional: -11_000, partner: "GB01")
        ledger.rate("EUR/USD", "1.1")
        let proposal = try ledger.revalue("US01")
        #expect(proposal.entries.map(lines) == [["1150 USD 200 DE01", "7200 USD -200"]])
    }

    @Test func nonMonetaryAccountsAndFunctionalCurrencyBalancesAreLeftAlone() throws {
        var ledger = FakeLedger()
        ledger.book("US01", "1200", "EUR", 100_000, functional: 108_000)  // inventory: not monetary
        ledger.book("US01", "3000", "EUR", -100_000, functional: -108_000)  // equity: not monetary
        ledger.book("US01", "1100", "USD", 50_000, functional: 50_000)  // the functional currency itself
        ledger.rate("EUR/USD", "1.2")
        let proposal = try ledger.revalue("US01")
        #expect(proposal.entries.isEmpty && proposal.findings.isEmpty && proposal.impact.isEmpty)
        #expect(proposal.evidence.isEmpty)
        #expect(proposal.summary.contains("nothing to revalue"))
    }

    @Test func aMissingClosingRateIsAFindingAndNoEntry() throws {
        var ledger = FakeLedger()
        ledger.book("US01", "1100", "EUR", 100_000, functional: 108_000)
        ledger.book("US01", "1100", "GBP", 100_000, functional: 126_000)
        ledger.rate("EUR/USD", "1.1")  // no GBP/USD closing rate
        let proposal = try ledger.revalue("US01")
        #expect(proposal.entries.map(\.key) == ["revalue-1100/EUR"])
        #expect(proposal.findings.map(\.id) == ["fx-revaluation/US01/missing-rate/GBP"])
        #expect(proposal.findings.first?.severity == .error)
        #expect(proposal.findings.first?.message.contains("no GBP->USD closing rate for 2026-05") == true)
        #expect(!proposal.evidence.contains { $0.id.contains("GBP/USD") })
    }

    @Test func aTaskWithoutAnEntityIsRefused() {
        #expect(throws: LedgerError.self) {
            try FXRevaluationAgent().prepare(AgentTask(id: "fx-revaluation", kind: "fx-revaluation"), snapshot: FakeLedger(),
                                             context: AgentContext(period: FakeLedger.period, policy: PolicyFile.defaultPolicy(currency: try Currency("USD")),
                                                                   taskStates: [:], seed: 0, hour: 0))
        }
    }
}
