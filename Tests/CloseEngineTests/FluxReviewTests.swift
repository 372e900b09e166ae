import Foundation
import Testing
import Agents
import Governance
import Interchange
import LedgerCore
import LedgerStore
import Simulation
@testable import CloseEngine

/// The flux review on hand-written months: what is flagged against both thresholds of the
/// policy (50,000.00 USD and 20% by default), in the group currency, and what the drafted
/// explanation names.
@Suite struct FluxReviewTests {
    static let may = try! PeriodID(parsing: "2026-05")

    /// A ledger of the demo group with sales of `april` and `may` (per entry, in USD) in US01,
    /// and the May closing rates of EUR.
    static func ledger(april: [Int64], may: [Int64], entity: String = "US01", currency: Currency = .usd) throws -> LedgerStore {
        let store = try LedgerStore.create(at: nil, group: DemoGroup.definition(), clock: .fixed("2026-06-01T09:00:00Z"))
        var drafts: [JournalEntryDraft] = []
        for (month, amounts) in [("04", april), ("05", may)] {
            for (number, amount) in amounts.enumerated() {
                let customer = number == 0 ? "Redwood" : "Customer \(number)"
                drafts.append(JournalEntryDraft(
                    entity: entity, date: try CalendarDate(parsing: "2026-\(month)-1\(number % 10)"),
                    description: "Invoice INV-\(month)\(number) \(customer)", source: .fileImport, idempotencyKey: "s-\(month)-\(number)",
                    lines: [EntryLine(account: "1100", currency: currency, amountMinor: amount),
                            EntryLine(account: "4000", currency: currency, amountMinor: -amount)]))
            }
        }
        try store.post(drafts, actor: "alice")
        let rates = try RatesCSV.parse(Array("date,from,to,rate,type\n2026-05-31,EUR,USD,1.1,closing\n".utf8), file: "rates.csv")
        try store.importRates(rates.quotes, actor: "alice")
        return store
    }

    static func review(_ store: LedgerStore, entity: String = "US01") throws -> Proposal {
        let context = AgentContext(period: may, policy: PolicyFile.defaultPolicy(currency: .usd), taskStates: [:], seed: 1, hour: 0)
        return try FluxReviewAgent().prepare(AgentTask(id: "flux-review/\(entity)", kind: "flux-review", entity: entity),
                                             snapshot: StoreSnapshot(store: store), context: context)
    }

    @Test func aChangeAtBothThresholdsIsFlaggedWithItsDrivers() throws {
        // Revenue 100,000.00 in April, 150,000.00 in May: +50,000.00 (50%), both thresholds met.
        // The May sales are 140,000.00 from Redwood (also in April) and 10,000.00 from a new customer.
        let proposal = try Self.review(try Self.ledger(april: [10_000_000], may: [14_000_000, 1_000_000]))
        let revenue = try #require(proposal.findings.first { $0.id == "flux-review/US01/4000" })
        #expect(revenue.severity == .warning)
        #expect(revenue.message.contains("4000 Revenue rose by 50000.00 USD (50%)"), "\(revenue.message)")
        #expect(revenue.message.contains("100000.00 USD in 2026-04, 150000.00 USD in 2026-05"))
        #expect(revenue.message.contains("US01-2026-000002 'Invoice INV-050 Redwood' -140000.00 USD"), "the largest posting, first")
        #expect(revenue.message.contains("new this period: 'Invoice INV-051 Customer 1' (1 posting(s), -10000.00 USD)"), "\(revenue.message)")
        #expect(!revenue.evidence.isEmpty)
        #expect(proposal.entries.isEmpty, "the flux review posts nothing")
    }

    /// Issue 15: kinds are grouped without their digits, but shown by a whole description, so
    /// a reference reads as it was booked ("ICC-GB-US-0041"), never cut to "ICC-GB-US-".
    @Test func aNewKindIsShownWithItsReferencesWholeAndStillGroupsPostingsThatDifferOnlyByNumbers() throws {
        let store = try Self.ledger(april: [10_000_000], may: [10_000_000])
        let counterparts = [("0042", "GB01-2026-000012"), ("0041", "GB01-2026-000011")].enumerated().map { index, numbers in
            JournalEntryDraft(entity: "US01", date: try! CalendarDate(parsing: "2026-05-2\(index)"),
                              description: "Counterpart of ICC-GB-US-\(numbers.0) from GB01 (\(numbers.1))", source: .fileImport,
                              idempotencyKey: "icc-\(index)",
                              lines: [EntryLine(account: "1100", currency: .usd, amountMinor: 4_000_000),
                                      EntryLine(account: "4000", currency: .usd, amountMinor: -4_000_000)])
        }
        try store.post(counterparts, actor: "alice")
        let revenue = try #require(try Self.review(store).findings.first { $0.id == "flux-review/US01/4000" })
        #expect(revenue.message.contains("new this period: 'Counterpart of ICC-GB-US-0041 from GB01 (GB01-2026-000011)' and 1 like it (2 posting(s), -80000.00 USD)"),
                "\(revenue.message)")
        #expect(!revenue.message.contains("ICC-GB-US- ") && !revenue.message.contains("GB-- ") && !revenue.message.contains("(GB--)"), "\(revenue.message)")
    }

    @Test func belowEitherThresholdNothingIsFlagged() throws {
        // +150,000.00 on 1,000,000.00 is 15%: below 20%.
        let small = try Self.review(try Self.ledger(april: [100_000_000], may: [115_000_000]))
        #expect(!small.findings.contains { $0.id.hasSuffix("/4000") })
        // 10,000.00 to 40,000.00 is 300%, but 30,000.00 is below 50,000.00.
        let cheap = try Self.review(try Self.ledger(april: [1_000_000], may: [4_000_000]))
        #expect(!cheap.findings.contains { $0.id.hasSuffix("/4000") })
    }

    @Test func theAbsoluteThresholdIsInTheGroupCurrency() throws {
        // DE01 (EUR): +46,000.00 EUR at the closing 1.1 is 50,600.00 USD: flagged.
        let flagged = try Self.review(try Self.ledger(april: [10_000_000], may: [14_600_000], entity: "DE01", currency: .eur), entity: "DE01")
        #expect(flagged.findings.contains { $0.id == "flux-review/DE01/4000" })
        // +45,000.00 EUR is 49,500.00 USD: not flagged, although 45,000 EUR would be in the policy's figure.
        let under = try Self.review(try Self.ledger(april: [10_000_000], may: [14_500_000], entity: "DE01", currency: .eur), entity: "DE01")
        #expect(!under.findings.contains { $0.id == "flux-review/DE01/4000" })
    }

    @Test func aSinglePostingCarryingHalfTheChangeIsAOneOff() throws {
        // April 100,000.00; May 100,000.00 again plus one sale of 80,000.00 nobody made before.
        let proposal = try Self.review(try Self.ledger(april: [10_000_000], may: [10_000_000, 8_000_000]))
        let revenue = try #require(proposal.findings.first { $0.id.hasSuffix("/4000") })
        #expect(revenue.message.contains("one-off US01-2026-000003 'Invoice INV-051 Customer 1' of -80000.00 USD"), "\(revenue.message)")
    }

    @Test func withoutAPriorPeriodOrARateItSaysSo() throws {
        let noPrior = try Self.review(try Self.ledger(april: [], may: [10_000_000]))
        #expect(noPrior.findings.map(\.id) == ["flux-review/US01/no-prior-period"])
        let store = try Self.ledger(april: [1_000_000], may: [10_000_000], entity: "GB01", currency: .gbp)
        let noRate = try Self.review(store, entity: "GB01")
        #expect(noRate.findings.map(\.id) == ["flux-review/GB01/no-rate"] && noRate.findings[0].severity == .error)
    }

    @Test func theDemoMonthsWrongEntityExpenseStandsOut() throws {
        // The demo scenario books a Japanese supplier's invoice in US01 (wrong-entity-expense).
        let books = try Generator.generate(try BuiltInScenarios.scenario(named: "demo"))
        let store = try LedgerStore.create(at: nil, group: books.scenario.group, clock: .fixed("2026-06-01T09:00:00Z"))
        try ScenarioLoader.load(books, into: store)
        let fault = try #require(books.faults.first { $0.kind == .wrongEntityExpense })
        let proposal = try Self.review(store, entity: fault.entity)
        let flagged = proposal.findings.filter { $0.message.contains("one-off") }
        #expect(!flagged.isEmpty, "\(proposal.findings.map(\.message))")
    }
}

/// The consolidated flux review after the demo's consolidation: in the group currency, each
/// change explained by the entities' columns that moved, which add up to it.
@Suite struct ConsolidatedFluxReviewTests {
    @Test func theDemoGroupsChangesAreExplainedByTheEntitiesThatMovedThem() throws {
        let store = try CloseRunnerTests.demoLedger()
        let runner = CloseRunner(store: store, period: CloseRunnerTests.period)
        let run = try runner.prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
        var decider = ScriptedDecisions(try CloseRunnerTests.script())
        #expect(try runner.run(run, decider: &decider) == .closed)
        let context = AgentContext(period: CloseRunnerTests.period, policy: PolicyFile.defaultPolicy(currency: .usd), taskStates: [:], seed: 1, hour: 0)
        let proposal = try FluxReviewAgent().prepare(AgentTask(id: "consolidated-flux-review", kind: "consolidated-flux-review"),
                                                     snapshot: StoreSnapshot(store: store), context: context)
        #expect(!proposal.findings.isEmpty)
        for finding in proposal.findings {
            #expect(finding.message.hasPrefix("consolidated ") && finding.message.contains(" USD in 2026-04, "))
            // Each column named in the explanation is cited as evidence.
            let moved = finding.message.split(separator: "moved by ")[1].split(separator: ", ")
            #expect(!moved.isEmpty && moved.count == finding.evidence.count)
        }
        // Revenue is among them: May's sales are well below April's in every entity.
        #expect(proposal.findings.contains { $0.id == "consolidated-flux-review/4000" })
        #expect(proposal.entries.isEmpty)
    }
}
