import Testing
import LedgerCore
import LedgerStore

/// The trial balance at the end of a period: balance-sheet accounts since inception,
/// P&L accounts for the fiscal year to date, in the entity's functional currency; the P&L of
/// earlier fiscal years shows on one `TrialBalance.priorYearsAccount` row until closed to equity.
@Suite("Trial balance")
struct TrialBalanceTests {
    static let prior = TrialBalance.priorYearsAccount

    static func balances(_ tb: TrialBalance, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [String: Int64] {
        // Invariant 4 on every trial balance the tests look at.
        #expect(tb.rows.reduce(0) { $0 + $1.balanceMinor } == 0, "\(tb.rows)", sourceLocation: sourceLocation)
        #expect((try? tb.totalDebitMinor()) == (try? tb.totalCreditMinor()), sourceLocation: sourceLocation)
        return Dictionary(uniqueKeysWithValues: tb.rows.map { ($0.account, $0.balanceMinor) })
    }

    @Test("calendar fiscal year: the balance sheet runs since inception, P&L restarts in January")
    func calendarYear() throws {
        let ledger = try TempLedger()
        try ledger.store.post([sale("dec", date: "2025-12-15", amountMinor: 1_000), sale("jan", date: "2026-01-10", amountMinor: 200),
                               sale("feb", date: "2026-02-01", amountMinor: 30)], actor: "alice")
        try ledger.store.post([entry("cost", date: "2025-12-20", [line("5000", 400), line("2000", -400)])], actor: "alice")
        #expect(Self.balances(try ledger.store.trialBalance(entity: "US01", period: period("2025-12"))) == ["1000": 1_000, "2000": -400, "4000": -1_000, "5000": 400])
        #expect(Self.balances(try ledger.store.trialBalance(entity: "US01", period: period("2026-01"))) == ["1000": 1_200, "2000": -400, "4000": -200, Self.prior: -600])
        #expect(Self.balances(try ledger.store.trialBalance(entity: "US01", period: period("2026-02"))) == ["1000": 1_230, "2000": -400, "4000": -230, Self.prior: -600])
        let tb = try ledger.store.trialBalance(entity: "US01", period: period("2026-02"))
        #expect(tb.rows.map(\.account) == ["1000", "2000", "4000", Self.prior], "rows follow the chart's order, prior years last")
        let prior = try #require(tb.rows.last)
        #expect(prior.debitMinor == 400 && prior.creditMinor == 1_000 && prior.type == .equity)
        let bank = try #require(tb.rows.first)
        #expect(bank.debitMinor == 1_230 && bank.creditMinor == 0 && bank.type == .asset && bank.name == "Bank")
        #expect(tb.currency == .usd && tb.entity == "US01" && tb.period == period("2026-02"))
        // Before the first posting there is nothing; other entities are separate.
        #expect(try ledger.store.trialBalance(entity: "US01", period: period("2025-11")).rows.isEmpty)
        #expect(try ledger.store.trialBalance(entity: "DE01", period: period("2026-02")).rows.isEmpty)
    }

    @Test("July fiscal year: P&L restarts in July, not in January")
    func julyYear() throws {
        let ledger = try TempLedger(group: Fixture.group(fiscalYearStartMonth: 7))
        try ledger.store.post([sale("jun", date: "2026-06-30", amountMinor: 1_000), sale("jul", date: "2026-07-01", amountMinor: 200),
                               sale("dec", date: "2026-12-31", amountMinor: 30), sale("jan", date: "2027-01-01", amountMinor: 4)], actor: "alice")
        #expect(Self.balances(try ledger.store.trialBalance(entity: "US01", period: period("2026-06"))) == ["1000": 1_000, "4000": -1_000])
        #expect(Self.balances(try ledger.store.trialBalance(entity: "US01", period: period("2026-07"))) == ["1000": 1_200, "4000": -200, Self.prior: -1_000])
        // January is mid-year: P&L keeps accumulating from July.
        #expect(Self.balances(try ledger.store.trialBalance(entity: "US01", period: period("2027-01"))) == ["1000": 1_234, "4000": -234, Self.prior: -1_000])
        #expect(Self.balances(try ledger.store.trialBalance(entity: "US01", period: period("2027-06"))) == ["1000": 1_234, "4000": -234, Self.prior: -1_000])
        #expect(Self.balances(try ledger.store.trialBalance(entity: "US01", period: period("2027-07"))) == ["1000": 1_234, Self.prior: -1_234])
    }

    @Test("an unknown entity is refused")
    func unknownEntity() throws {
        let ledger = try TempLedger()
        let error = #expect(throws: LedgerError.self) { try ledger.store.trialBalance(entity: "XX01", period: period("2026-05")) }
        #expect(error?.code == .unknownEntity)
    }

    /// Invariant 4: the trial balance sums to zero at every point in time, also past a fiscal
    /// year end that no closing entry has booked (earlier years' P&L is carried on one row).
    @Test("Invariant 4: the trial balance still sums to zero after a fiscal-year boundary")
    func sumsToZeroAcrossFiscalYears() throws {
        let ledger = try TempLedger()
        try ledger.store.post([sale("dec", date: "2025-12-15", amountMinor: 1_000), sale("jan", date: "2026-01-10", amountMinor: 200)], actor: "alice")
        let tb = try ledger.store.trialBalance(entity: "US01", period: period("2026-01"))
        #expect(try tb.totalDebitMinor() == tb.totalCreditMinor(), "rows \(tb.rows.map { "\($0.account) \($0.balanceMinor)" })")
        #expect(tb.rows.reduce(0) { $0 + $1.balanceMinor } == 0)
    }
}
