import PropertyBased
import Testing
import Agents
import Governance
import LedgerCore
import LedgerStore
@testable import CloseEngine

/// Ledger invariant 15: for random groups (two to four operating entities in USD, EUR, GBP
/// or JPY, random closing and average rates) and random intercompany flows recorded on both
/// sides (charges, loans, loan interest; some with a different amount on the receiving
/// side), the consolidated intercompany accounts are exactly zero after elimination, every
/// translated column and the consolidated trial balance sum to zero, and a second
/// consolidation proposes nothing.
@Suite struct ConsolidationPropertyTests {
    typealias F = ConsolidationFixture
    static let currencies: [Currency] = [.usd, .eur, .gbp, .jpy]

    @Test("Property: consolidated intercompany accounts are zero after elimination (invariant 15)", .shrinking(false))
    func randomGroupsEliminateToZero() async throws {
        await propertyCheck(count: 40, input: Gen<UInt64>.value()) { seed in
            try Self.check(seed: seed)
        }
    }

    static func check(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let count = Int.random(in: 2...4, using: &random)
        let entities = (0..<count).map { ("E\($0)", currencies.randomElement(using: &random)!) }
        let store = try F.store(entities)
        // Per currency: a spot rate for booking USD into it, and closing and average rates back.
        var spot: [Currency: ExchangeRate] = [.usd: try ExchangeRate(parsing: "1")]
        var quotes: [RateQuote] = []
        for currency in Set(entities.map(\.1)) where currency != .usd {
            let usdPer = currency == .jpy ? "0.00\(Int.random(in: 60...75, using: &random))" : "1.\(Int.random(in: 0...3, using: &random))\(Int.random(in: 0...99, using: &random))"
            spot[currency] = try ExchangeRate(parsing: currency == .jpy ? "\(Int.random(in: 130...160, using: &random)).\(Int.random(in: 0...99, using: &random))" : "0.\(Int.random(in: 70...99, using: &random))\(Int.random(in: 0...9, using: &random))")
            quotes.append(F.rate("2026-05", currency, .closing, usdPer))
            quotes.append(F.rate("2026-05", currency, .average, usdPer + "\(Int.random(in: 1...9, using: &random))"))
        }
        _ = try store.importRates(quotes, actor: "system")
        func usd(_ amount: Int64, in currency: Currency) throws -> Int64 { try spot[currency]!.convert(amount, from: .usd, to: currency) }
        var drafts: [JournalEntryDraft] = []
        for flow in 0..<Int.random(in: 1...12, using: &random) {
            let from = Int.random(in: 0..<count, using: &random)
            var to = Int.random(in: 0..<(count - 1), using: &random)
            if to >= from { to += 1 }
            let (a, ca) = entities[from], (b, cb) = entities[to]
            let amount = Int64.random(in: 100...10_000_000, using: &random)
            // One flow in five is booked with another amount by the receiving side.
            let other = Int.random(in: 0..<5, using: &random) == 0 ? amount + Int64.random(in: 1...5_000, using: &random) : amount
            let day = "2026-05-\(10 + flow)"
            let (issuerLines, receiverLines): ([EntryLine], [EntryLine])
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                issuerLines = [F.line("1150", amount, .usd, functional: try usd(amount, in: ca), partner: b),
                               F.line("4100", -amount, .usd, functional: -(try usd(amount, in: ca)), partner: b)]
                receiverLines = [F.line("6500", other, .usd, functional: try usd(other, in: cb), partner: a),
                                 F.line("2150", -other, .usd, functional: -(try usd(other, in: cb)), partner: a)]
            case 1:
                issuerLines = [F.line("1150", amount, .usd, functional: try usd(amount, in: ca), partner: b),
                               F.line("1010", -amount, .usd, functional: -(try usd(amount, in: ca)))]
                receiverLines = [F.line("1010", other, .usd, functional: try usd(other, in: cb)),
                                 F.line("2500", -other, .usd, functional: -(try usd(other, in: cb)), partner: a)]
            default:
                issuerLines = [F.line("1150", amount, .usd, functional: try usd(amount, in: ca), partner: b),
                               F.line("4200", -amount, .usd, functional: -(try usd(amount, in: ca)))]
                receiverLines = [F.line("7000", other, .usd, functional: try usd(other, in: cb)),
                                 F.line("2150", -other, .usd, functional: -(try usd(other, in: cb)), partner: a)]
            }
            drafts.append(F.entry("f\(flow)-\(a)", a, day, issuerLines))
            drafts.append(F.entry("f\(flow)-\(b)", b, day, receiverLines))
        }
        _ = try store.post(drafts, actor: "alice")

        let proposal = try F.consolidate(store)
        #expect(!proposal.entries.isEmpty, "seed \(seed)")
        try F.post(proposal, into: store)
        let report = try ConsolidatedReport.build(store: store, period: F.may)
        for account in ["1150", "2150", "2500", "4100", "6500", "4200", "7000"] {
            #expect(report.rows.first { $0.account == account }?.total ?? 0 == 0, "seed \(seed): consolidated \(account)")
        }
        let totals = try report.columnTotals()
        #expect(totals.entities.allSatisfy { $0 == 0 }, "seed \(seed): a translated column does not balance")
        #expect(totals.eliminations == 0 && totals.total == 0, "seed \(seed): the consolidated trial balance does not sum to zero")
        #expect(try F.consolidate(store).entries.isEmpty, "seed \(seed): a second consolidation proposes more")
    }
}
