import Foundation
import Testing
import Agents
import Governance
import Interchange
import LedgerCore
import LedgerStore
import Simulation
@testable import CloseEngine

/// The accruals agent on hand-written months of the demo group, and on the demo scenario's
/// injected `missing-accrual` faults.
@Suite struct AccrualsAgentTests {
    static let may = try! PeriodID(parsing: "2026-05")

    static let templates = [
        RecurringAccrual(entity: "US01", account: "6100", currency: .usd, amountMinor: 1_200_000, description: "Office rent", matches: "Rent"),
        RecurringAccrual(entity: "US01", account: "6000", currency: .usd, amountMinor: 800_000, description: "Bonus", matches: "Bonus"),
    ]

    /// The demo group with `templates`, a May rent invoice in US01, a closing USD->EUR rate
    /// of 0.92 and four receipts.
    static func ledger() throws -> LedgerStore {
        var group = DemoGroup.definition()
        group.recurringAccruals = templates
        let store = try LedgerStore.create(at: nil, group: group, clock: .fixed("2026-06-01T09:00:00Z"))
        try store.post([JournalEntryDraft(entity: "US01", date: try CalendarDate(parsing: "2026-05-04"), description: "Rent 2026-05 Oak Estates",
                                          source: .fileImport, idempotencyKey: "RE-1",
                                          lines: [EntryLine(account: "6100", currency: .usd, amountMinor: 1_150_000, reference: "RENT-5"),
                                                  EntryLine(account: "1000", currency: .usd, amountMinor: -1_150_000, reference: "RENT-5")])],
                       actor: "alice")
        try store.importRates([RateQuote(date: try CalendarDate(parsing: "2026-05-31"), from: .usd, to: .eur,
                                         rate: try ExchangeRate(parsing: "0.92"), type: .closing)], actor: "alice")
        try store.importGoodsReceipts([
            receipt("GR-INV", "US01", .usd, 310_000, invoice: "INV-1"),
            receipt("GR-OPEN", "US01", .usd, 250_000),
            receipt("GR-FX", "DE01", .usd, 100_000),
            receipt("GR-NORATE", "GB01", .jpy, 50_000),
            receipt("GR-APRIL", "US01", .usd, 70_000, date: "2026-04-29"),
        ], source: "gr.csv", actor: "alice")
        return store
    }

    static func receipt(_ id: String, _ entity: String, _ currency: Currency, _ amount: Int64, date: String = "2026-05-27",
                        invoice: String? = nil) -> GoodsReceipt {
        GoodsReceipt(id: id, entity: entity, supplier: "SUP-\(entity)-01", date: try! CalendarDate(parsing: date), currency: currency,
                     amountMinor: amount, account: "1200", description: "Steel sheets", invoice: invoice)
    }

    static func accruals(_ store: LedgerStore, entity: String) throws -> Proposal {
        let context = AgentContext(period: may, policy: PolicyFile.defaultPolicy(currency: .usd), taskStates: [:], seed: 1, hour: 0)
        return try AccrualsAgent().prepare(AgentTask(id: "accruals/\(entity)", kind: "accruals", entity: entity),
                                           snapshot: StoreSnapshot(store: store), context: context)
    }

    @Test func aReceiptWithoutInvoiceIsAccruedAndAnInvoicedOneIsNot() throws {
        let proposal = try Self.accruals(try Self.ledger(), entity: "US01")
        let grni = proposal.entries.filter { $0.rule == "grni" }
        #expect(grni.map(\.key) == ["grni-GR-OPEN"], "GR-INV has its invoice; GR-APRIL is not of May")
        let entry = try #require(grni.first)
        #expect(entry.entity == "US01" && entry.date == "2026-05-31" && entry.reverseOn == "2026-06-01")
        // 2,500.00 USD: debit the receipt's account, credit accrued liabilities.
        #expect(entry.lines.map { [$0.account, $0.currency, String($0.amount), $0.reference] }
                == [["1200", "USD", "250000", "GR-OPEN"], ["2100", "USD", "-250000", "GR-OPEN"]])
        #expect(entry.lines.allSatisfy { $0.functionalAmount == nil }, "in the functional currency the engine sets it")
        #expect(entry.explanation.contains("goods receipt GR-OPEN of 2026-05-27 from supplier SUP-US01-01"), "\(entry.explanation)")
        #expect(proposal.evidence.contains(Evidence(kind: "goods-receipt", id: "GR-INV")))
        #expect(proposal.evidence.contains(Evidence(kind: "goods-receipt", id: "GR-OPEN")))
    }

    @Test func aForeignCurrencyReceiptIsConvertedAtTheClosingRate() throws {
        let proposal = try Self.accruals(try Self.ledger(), entity: "DE01")
        let entry = try #require(proposal.entries.first)
        // 1,000.00 USD at 0.92 = 920.00 EUR.
        #expect(entry.lines.map(\.amount) == [100_000, -100_000])
        #expect(entry.lines.map(\.currency) == ["USD", "USD"])
        #expect(entry.lines.map(\.functionalAmount) == [92_000, -92_000])
        #expect(proposal.evidence.contains(Evidence(kind: "rate", id: "USD->EUR closing 2026-05 0.92 (stored USD->EUR)")))
        // Without a rate: a finding, no entry.
        let noRate = try Self.accruals(try Self.ledger(), entity: "GB01")
        #expect(noRate.entries.isEmpty)
        #expect(noRate.findings.map(\.id) == ["accruals/GB01/GR-NORATE/no-rate"] && noRate.findings[0].severity == .error)
    }

    @Test func aTemplateIsAccruedOnlyWithoutItsInvoicePosting() throws {
        let proposal = try Self.accruals(try Self.ledger(), entity: "US01")
        let recurring = proposal.entries.filter { $0.rule == "recurring-accrual" }
        // Rent: the posting 'Rent 2026-05 Oak Estates' on 6100 is the invoice. Bonus: nothing on 6000 says so.
        #expect(recurring.map(\.key) == ["recurring-RA-US01-6000-Bonus"])
        #expect(recurring.first?.lines.map { [$0.account, String($0.amount)] } == [["6000", "800000"], ["2100", "-800000"]])
        #expect(recurring.first?.reverseOn == "2026-06-01")
        #expect(proposal.evidence.contains(Evidence(kind: "entry", id: "US01-2026-000001")))
        #expect(proposal.summary.contains("invoice booked, no accrual: Office rent (US01-2026-000001 'Rent 2026-05 Oak Estates')"), "\(proposal.summary)")
        // The same snapshot, the same proposal, byte for byte.
        #expect(try ProposalCodec.encode(proposal) == ProposalCodec.encode(try Self.accruals(try Self.ledger(), entity: "US01")))
    }

    @Test func whatIsAccruedIsNotAccruedTwice() throws {
        let store = try Self.ledger()
        let first = try Self.accruals(store, entity: "US01")
        #expect(first.entries.count == 2)
        try store.post(try ProposalCodec.drafts(first, period: Self.may), actor: "bob")
        // The posted accrual 'Accrued Bonus 2026-05' on 6000 is no invoice, and both references are accrued.
        let again = try Self.accruals(store, entity: "US01")
        #expect(again.entries.isEmpty)
        #expect(again.summary.contains("already accrued: GR-OPEN, RA-US01-6000-Bonus"), "\(again.summary)")
    }

    @Test func lastMonthsReversedAccrualIsNoInvoice() throws {
        // April's rent was accrued and reversed on 1 May; May's rent invoice is not booked.
        var group = DemoGroup.definition()
        group.recurringAccruals = [Self.templates[0]]
        let store = try LedgerStore.create(at: nil, group: group, clock: .fixed("2026-06-01T09:00:00Z"))
        try store.post([JournalEntryDraft(entity: "US01", date: try CalendarDate(parsing: "2026-04-30"), description: "Accrued Office rent 2026-04",
                                          source: try EntrySource(parsing: "agent:accruals"), idempotencyKey: "acc-04",
                                          lines: [EntryLine(account: "6100", currency: .usd, amountMinor: 1_200_000, reference: "RA-US01-6100-Rent"),
                                                  EntryLine(account: "2100", currency: .usd, amountMinor: -1_200_000, reference: "RA-US01-6100-Rent")])],
                       actor: "bob")
        _ = try store.reverse("acc-04", actor: "bob", reason: "accrual reverses", date: try CalendarDate(parsing: "2026-05-01"))
        let proposal = try Self.accruals(store, entity: "US01")
        #expect(proposal.entries.map(\.key) == ["recurring-RA-US01-6100-Rent"], "\(proposal.summary)")
    }

    @Test func theDemoMonthsMissingAccrualsAreEachProposedAsTheManifestExpects() throws {
        let books = try Generator.generate(try BuiltInScenarios.scenario(named: "demo"))
        let store = try LedgerStore.create(at: nil, group: books.scenario.group, clock: .fixed("2026-06-01T09:00:00Z"))
        try ScenarioLoader.load(books, into: store)
        let faults = books.faults.filter { $0.kind == .missingAccrual }
        #expect(faults.count == 2)
        var grni: [ProposedEntry] = [], recurring: [String] = []
        for entity in books.scenario.group.operatingEntities {
            let entries = try Self.accruals(store, entity: entity.code).entries
            grni += entries.filter { $0.rule == "grni" }
            recurring += entries.filter { $0.rule == "recurring-accrual" }.map(\.key)
        }
        // The demo group's templates show both cases: the month books every rent and DE01's
        // 'Power & Light' (no accrual); GB01's electricity and the bonuses are accrued.
        #expect(recurring == ["recurring-RA-US01-6000-Bonus", "recurring-RA-GB01-6200-Power & Light", "recurring-RA-JP01-6000-Bonus"])
        for fault in faults {
            guard case .goodsReceipt(let id) = try #require(fault.rows.first) else {
                Issue.record("fault \(fault.id) names no goods receipt")
                continue
            }
            let entry = try #require(grni.first { $0.key == "grni-\(id)" }, "fault \(fault.id): \(id) not accrued")
            let proposed = entry.lines.map { "\(entry.entity) \($0.account) \($0.currency) \($0.amount)" }
            let expected = fault.expectedEntries.map { "\($0.entity) \($0.account) \($0.currency) \($0.amountMinor)" }
            #expect(proposed == expected, "fault \(fault.id)")
            #expect(entry.reverseOn == "2026-06-01")
        }
        // Nothing else: every other receipt of the month has its invoice.
        #expect(grni.count == faults.count)
    }
}
