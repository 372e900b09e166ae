import Testing
import Agents
import Governance
import LedgerCore
import LedgerStore
@testable import CloseEngine

/// The agents find rates stored the other way round, and say so: the rate each proposal used
/// and how it was found (stored, inverse, cross) is in its evidence and explanations.
@Suite struct RatesInEvidenceTests {
    typealias F = ConsolidationFixture
    static let context = AgentContext(period: F.may, policy: PolicyFile.defaultPolicy(currency: .usd), taskStates: [:], seed: 0, hour: 0)

    /// DE01 (EUR) holds 100.00 USD on its USD bank account, booked at 90.00 EUR.
    static func books() throws -> LedgerStore {
        let store = try F.store([("DE01", .eur)])
        try store.post([F.entry("usd-in", "DE01", "2026-05-10", [F.line("1010", 10_000, .usd, functional: 9_000),
                                                                  F.line("3000", -10_000, .usd, functional: -9_000)])], actor: "alice")
        return store
    }

    @Test("the revaluation uses the inverse of a stored EUR->USD closing rate and names it in its evidence and explanation")
    func revaluationByInverse() throws {
        let store = try Self.books()
        // Only EUR->USD is stored: USD->EUR is its inverse, 1/1.25 = 0.8.
        try store.importRates([RateQuote(date: F.may.lastDay, from: .eur, to: .usd, rate: try ExchangeRate(parsing: "1.25"), type: .closing)],
                              actor: "alice")
        let proposal = try FXRevaluationAgent().prepare(AgentTask(id: "fx-revaluation/DE01", kind: "fx-revaluation", entity: "DE01"),
                                                        snapshot: StoreSnapshot(store: store), context: Self.context)
        #expect(proposal.findings.isEmpty)
        #expect(proposal.evidence.contains(Evidence(kind: "rate", id: "USD/EUR closing 2026-05 1/1.25 (inverse of stored EUR->USD 1.25)")))
        let entry = try #require(proposal.entries.first)
        // 100.00 USD / 1.25 = 80.00 EUR against 90.00 EUR booked: a loss of 10.00 EUR.
        #expect(entry.lines.map(\.amount) == [-1_000, 1_000])
        #expect(entry.explanation.contains("× 1/1.25 (USD/EUR closing rate of 2026-05, inverse of stored EUR->USD 1.25) = 80.00 EUR"))
    }

    @Test("without a closing rate either way the revaluation reports it missing rather than guessing")
    func revaluationWithoutRate() throws {
        let store = try Self.books()
        let proposal = try FXRevaluationAgent().prepare(AgentTask(id: "fx-revaluation/DE01", kind: "fx-revaluation", entity: "DE01"),
                                                        snapshot: StoreSnapshot(store: store), context: Self.context)
        #expect(proposal.entries.isEmpty)
        #expect(proposal.findings.map(\.id) == ["fx-revaluation/DE01/missing-rate/USD"])
    }

    @Test("the translation uses the inverse of stored USD->EUR closing and average rates and its evidence says so")
    func translationByInverse() throws {
        let store = try Self.books()
        try store.importRates([RateQuote(date: F.may.lastDay, from: .usd, to: .eur, rate: try ExchangeRate(parsing: "0.8"), type: .closing),
                               RateQuote(date: F.may.lastDay, from: .usd, to: .eur, rate: try ExchangeRate(parsing: "0.8"), type: .average)],
                              actor: "alice")
        let proposal = try F.consolidate(store)
        #expect(!proposal.findings.contains { $0.id.contains("missing-rates") })
        #expect(proposal.evidence.contains(Evidence(kind: "rate", id: "EUR->USD closing 2026-05 1/0.8 (inverse of stored USD->EUR 0.8)")))
        let translation = try #require(try F.translation(store, "DE01"))
        // 100.00 USD booked at 90.00 EUR on 1010; at 1/0.8 the column shows 112.50 USD.
        #expect(translation.balances["1010"] == 11_250)
    }
}
