import Testing
import Agents
import Governance
import LedgerCore
import LedgerStore
@testable import CloseEngine

/// Translation, CTA and elimination on hand-computed books (docs/close-process.md, "Consolidation").
@Suite struct ConsolidationTests {
    typealias F = ConsolidationFixture

    /// JP01 (JPY, no decimals): 1,000,000 JPY capital booked in April, a 150,001 JPY sale in May.
    static func japan() throws -> LedgerStore {
        let store = try F.store([("US01", .usd), ("JP01", .jpy)])
        _ = try store.post([F.entry("open", "JP01", "2026-04-01", [F.line("1000", 1_000_000, .jpy), F.line("3000", -1_000_000, .jpy)]),
                            F.entry("sale", "JP01", "2026-05-10", [F.line("1000", 150_001, .jpy), F.line("4000", -150_001, .jpy)])],
                           actor: "alice")
        _ = try store.importRates([F.rate("2026-04", .jpy, .closing, "0.007"), F.rate("2026-05", .jpy, .closing, "0.0065"),
                                   F.rate("2026-05", .jpy, .average, "0.0068")], actor: "system")
        return store
    }

    @Test func aJPYEntityIsTranslatedAtClosingAverageAndHistoricalRates() throws {
        let translation = try #require(try F.translation(try Self.japan(), "JP01"))
        // Bank 1,150,001 JPY at the May closing 0.0065 = 7,475.0065 USD -> 747,500.65 cents -> 747,501
        #expect(translation.balances["1000"] == 747_501)
        // Capital -1,000,000 JPY at the closing rate of April, when it was booked: 0.007 -> -7,000.00 USD
        // Revenue -150,001 JPY at the May average 0.0068 = -1,020.0068 USD -> -102,001 cents
        #expect(translation.balances["4000"] == -102_001)
        // CTA = -(747,501 - 700,000 - 102,001) = 54,500 cents: the yen fell while the net assets were held.
        #expect(translation.ctaMinor == 54_500)
        #expect(translation.balances["3200"] == 54_500)
        #expect(translation.balances["3000"] == -700_000)
        #expect(translation.balances.values.reduce(0, +) == 0)
    }

    @Test func aMissingRateIsAFindingAndTheReportNamesIt() throws {
        let store = try F.store([("US01", .usd), ("JP01", .jpy)])
        _ = try store.post([F.entry("sale", "JP01", "2026-05-10", [F.line("1000", 150_001, .jpy), F.line("4000", -150_001, .jpy)])], actor: "alice")
        _ = try store.importRates([F.rate("2026-05", .jpy, .closing, "0.0065")], actor: "system")
        let proposal = try F.consolidate(store)
        #expect(proposal.entries.isEmpty)
        #expect(proposal.findings.contains { $0.id == "consolidation/missing-rates/JP01" && $0.message.contains("average JPY->USD rate for 2026-05") })
        #expect(throws: LedgerError.self) { try ConsolidatedReport.build(store: store, period: F.may) }
    }

    @Test func withoutAConsolidationEntityTheProposalSaysSo() throws {
        var group = F.group([("US01", .usd), ("DE01", .eur)])
        group.entities.removeAll { $0.isConsolidation }
        let store = try LedgerStore.create(at: nil, group: group, clock: .fixed("2026-06-01T09:00:00Z"))
        let proposal = try F.consolidate(store)
        #expect(proposal.entries.isEmpty)
        #expect(proposal.findings.map(\.id) == ["consolidation/no-consolidation-entity"])
    }

    /// US01 (USD), DE01 (EUR), JP01 (JPY); intra-group business in USD, booked by both sides.
    static func threeEntities() throws -> LedgerStore {
        let store = try F.store([("US01", .usd), ("DE01", .eur), ("JP01", .jpy)])
        _ = try store.post([
            F.entry("o-us", "US01", "2026-05-01", [F.line("1000", 100_000_000, .usd), F.line("3000", -100_000_000, .usd)]),
            F.entry("o-de", "DE01", "2026-05-01", [F.line("1000", 5_000_000, .eur), F.line("3000", -5_000_000, .eur)]),
            F.entry("o-jp", "JP01", "2026-05-01", [F.line("1000", 10_000_000, .jpy), F.line("3000", -10_000_000, .jpy)]),
            // A 1,000.00 USD charge US01 -> DE01; DE01 books it at 0.92 (92,000 EUR cents).
            F.entry("c-us", "US01", "2026-05-05", [F.line("1150", 100_000, .usd, partner: "DE01"), F.line("4100", -100_000, .usd, partner: "DE01")]),
            F.entry("c-de", "DE01", "2026-05-05", [F.line("6500", 100_000, .usd, functional: 92_000, partner: "US01"),
                                                   F.line("2150", -100_000, .usd, functional: -92_000, partner: "US01")]),
            // A 5,000.00 USD loan US01 -> JP01 at 150 JPY, and its 25.00 USD interest (no partner on 4200 / 7000).
            F.entry("l-us", "US01", "2026-05-06", [F.line("1150", 500_000, .usd, partner: "JP01"), F.line("1000", -500_000, .usd)]),
            F.entry("l-jp", "JP01", "2026-05-06", [F.line("1010", 500_000, .usd, functional: 750_000),
                                                   F.line("2500", -500_000, .usd, functional: -750_000, partner: "US01")]),
            F.entry("i-us", "US01", "2026-05-31", [F.line("1150", 2_500, .usd, partner: "JP01"), F.line("4200", -2_500, .usd)]),
            F.entry("i-jp", "JP01", "2026-05-31", [F.line("7000", 2_500, .usd, functional: 3_750),
                                                   F.line("2150", -2_500, .usd, functional: -3_750, partner: "US01")]),
        ], actor: "alice")
        _ = try store.importRates([F.rate("2026-05", .eur, .closing, "1.08"), F.rate("2026-05", .eur, .average, "1.085"),
                                   F.rate("2026-05", .jpy, .closing, "0.0066"), F.rate("2026-05", .jpy, .average, "0.0067")], actor: "system")
        return store
    }

    static let intercompanyAccounts = ["1150", "2150", "2500", "4100", "6500", "4200", "7000"]

    @Test func threeEntitiesNetToZeroAfterElimination() throws {
        let store = try Self.threeEntities()
        let proposal = try F.consolidate(store)
        #expect(proposal.entries.map(\.key) == ["elim/US01/DE01", "elim/US01/JP01"])
        #expect(proposal.entries.allSatisfy { $0.entity == "CONS" && $0.date == "2026-05-31" && $0.reverseOn == nil })
        let residuals = proposal.entries.flatMap(\.lines).filter { $0.account == "7950" }
        // US01-DE01 balance sheet: -100,000 + 92,000 EUR x 1.08 (99,360) -> residual 640
        // US01-DE01 P&L: +100,000 - 92,000 EUR x 1.085 (99,820) -> residual -180
        // US01-JP01 balance sheet: -502,500 + 750,000 JPY x 0.0066 (495,000) + 3,750 JPY x 0.0066 (2,475) -> residual 5,025
        // US01-JP01 P&L: +2,500 - 3,750 JPY x 0.0067 (25.125 USD -> 2,512.5 cents -> 2,512 half-even) -> residual 12
        #expect(residuals.map(\.amount) == [640, -180, 5_025, 12])
        // The USD amounts agree on both sides: only the translation differs.
        #expect(residuals.allSatisfy { $0.description.hasSuffix("reason: fx-difference") })
        #expect(proposal.findings.filter { $0.id.contains("/residual/") }.count == 4)
        // DE01 CTA: -(bank 5,000,000 x 1.08 - payable 99,360 - capital 5,000,000 x 1.08 + expense 99,820) = -460
        #expect(try F.translation(store, "DE01")?.ctaMinor == -460)
        // JP01 CTA: -(bank 6,600,000 + USD bank 750,000 x 0.0066 = 495,000 - loan 495,000 - payable 2,475
        //             - capital 6,600,000 + interest 2,512) = -37
        #expect(try F.translation(store, "JP01")?.ctaMinor == -37)
        #expect(try F.translation(store, "US01")?.ctaMinor == 0)
        for entry in proposal.entries { #expect(entry.lines.reduce(0) { $0 + $1.amount } == 0) }

        let before = try ConsolidatedReport.build(store: store, period: F.may)
        #expect(before.pendingEntries == 2)
        try F.post(proposal, into: store)
        let report = try ConsolidatedReport.build(store: store, period: F.may)
        #expect(report.pendingEntries == 0)
        for account in Self.intercompanyAccounts {
            #expect(report.rows.first { $0.account == account }?.total ?? 0 == 0, "consolidated \(account)")
        }
        #expect(report.rows.first { $0.account == "7950" }?.total == 5_497)
        let totals = try report.columnTotals()
        #expect(totals.entities.allSatisfy { $0 == 0 } && totals.eliminations == 0 && totals.total == 0)
        #expect(report.rows.map(\.total) == before.rows.map(\.total))
        // Consolidation ledgers accumulate: once posted, nothing is left to propose.
        #expect(try F.consolidate(store).entries.isEmpty)
    }

    @Test func aSecondMonthPostsOnlyTheChange() throws {
        let store = try Self.threeEntities()
        try F.post(try F.consolidate(store), into: store)
        let june = try PeriodID(parsing: "2026-06")
        // DE01 settles the charge in June; the yen moves.
        _ = try store.post([
            F.entry("s-de", "DE01", "2026-06-20", [F.line("2150", 100_000, .usd, functional: 92_000, partner: "US01"),
                                                   F.line("1010", -100_000, .usd, functional: -92_000)]),
            F.entry("s-us", "US01", "2026-06-20", [F.line("1010", 100_000, .usd), F.line("1150", -100_000, .usd, partner: "DE01")]),
        ], actor: "alice")
        _ = try store.importRates([F.rate("2026-06", .eur, .closing, "1.09"), F.rate("2026-06", .eur, .average, "1.088"),
                                   F.rate("2026-06", .jpy, .closing, "0.0065"), F.rate("2026-06", .jpy, .average, "0.0066")], actor: "system")
        let proposal = try F.consolidate(store, period: june)
        let lines = proposal.entries.flatMap(\.lines)
        // The settled charge: undo May's balance-sheet lines (+100,000 and -99,360) and their residual (-640);
        // the P&L of May is unchanged (translated at May's average), so no P&L line.
        #expect(lines.filter { $0.reference == "elim/US01/DE01" || $0.reference == "elim/DE01/US01" }.map(\.amount).sorted() == [-99_360, 100_000])
        // The loan at June's closing 0.0065: 750,000 JPY -> 4,875.00 USD, so 487,500 - 495,000 = -7,500 more.
        #expect(lines.first { $0.reference == "elim/JP01/US01" && $0.account == "2500" }?.amount == -7_500)
        try F.post(proposal, into: store, period: june)
        let report = try ConsolidatedReport.build(store: store, period: june)
        for account in Self.intercompanyAccounts {
            #expect(report.rows.first { $0.account == account }?.total ?? 0 == 0, "consolidated \(account) in June")
        }
        #expect(try report.columnTotals().total == 0)
        let held = try store.trialBalance(entity: "CONS", period: june).rows.first { $0.account == "2500" }?.balanceMinor
        #expect(held == 487_500)
    }

    @Test func statementsBalanceForAnEntityAndTheGroup() throws {
        let store = try Self.threeEntities()
        try F.post(try F.consolidate(store), into: store)
        let japan = try FinancialStatements.entity("JP01", store: store, period: F.may)
        #expect(japan.currency == .jpy)
        // JP01 net income: -(7000: 3,750) = -3,750 JPY
        #expect(try japan.netIncomeMinor == -3_750)
        #expect(try japan.totalAssetsMinor == japan.totalLiabilitiesAndEquityMinor)
        let group = try FinancialStatements.consolidated(store: store, period: F.may)
        #expect(group.currency == .usd)
        #expect(try group.totalAssetsMinor == group.totalLiabilitiesAndEquityMinor)
        #expect(!group.revenue.contains { $0.account == "4100" } && !group.expenses.contains { $0.account == "6500" })
    }
}

/// The demo month closed by the scripted humans: the consolidation step is approved and
/// posted, and the consolidated trial balance has nothing left on intercompany accounts.
@Suite struct DemoConsolidationTests {
    @Test func theDemoCloseConsolidatesToZeroIntercompany() throws {
        let store = try CloseRunnerTests.demoLedger()
        let runner = CloseRunner(store: store, period: CloseRunnerTests.period)
        let run = try runner.prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
        var decider = ScriptedDecisions(try CloseRunnerTests.script())
        #expect(try runner.run(run, decider: &decider) == .closed)
        let eliminations = try store.trialBalance(entity: "CONS", period: CloseRunnerTests.period)
        #expect(eliminations.rows.contains { $0.account == "1150" && $0.balanceMinor < 0 }, "the receivables were eliminated in CONS")
        let report = try ConsolidatedReport.build(store: store, period: CloseRunnerTests.period)
        #expect(report.pendingEntries == 0)
        #expect(report.entities == ["US01", "DE01", "GB01", "JP01"])
        for account in ["1150", "2150", "2500", "4100", "6500"] {
            #expect(report.rows.first { $0.account == account }?.total ?? 0 == 0, "consolidated \(account)")
        }
        #expect(try report.columnTotals().total == 0)
        let group = try FinancialStatements.consolidated(store: store, period: CloseRunnerTests.period)
        #expect(try group.totalAssetsMinor == group.totalLiabilitiesAndEquityMinor)
    }
}
