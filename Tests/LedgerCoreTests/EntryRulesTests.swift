import Testing
import PropertyBased
import LedgerCore

/// The pure checks before posting (DESIGN.md §3 invariants 1, 2, 3, 6) and the settling of
/// functional amounts from rates.
@Suite("EntryRules.resolve")
struct EntryRulesTests {
    static let kwd = try! Currency("KWD")

    static let group = GroupDefinition(
        name: "Rules", currency: .usd,
        entities: [Entity(code: "US01", name: "US", currency: .usd, country: "US"),
                   Entity(code: "DE01", name: "DE", currency: .eur, country: "DE", parent: "US01"),
                   Entity(code: "KW01", name: "KW", currency: kwd, country: "KW", parent: "US01")],
        accounts: [Account(code: "1000", name: "Bank", type: .asset, isBank: true, isMonetary: true),
                   Account(code: "1150", name: "IC receivable", type: .asset, isIntercompany: true),
                   Account(code: "4000", name: "Revenue", type: .revenue),
                   Account(code: "5000", name: "Expense", type: .expense),
                   Account(code: "5999", name: "Old", type: .expense, isClosed: true)],
        users: [User(name: "alice", displayName: "Alice", role: .accountant)])

    static let rules = EntryRules(group: group)
    static let date = try! CalendarDate(parsing: "2026-05-04")

    static func draft(_ lines: [EntryLine], entity: String = "US01", key: String = "e1") -> JournalEntryDraft {
        JournalEntryDraft(entity: entity, date: date, description: "test", source: .manual, idempotencyKey: key, lines: lines)
    }

    static func line(_ account: String, _ amount: Int64, _ currency: Currency = .usd, functional: Int64? = nil,
                     partner: String? = nil) -> EntryLine {
        EntryLine(account: account, currency: currency, amountMinor: amount, functionalMinor: functional, partner: partner)
    }

    /// A rate table: 1 EUR = 1.0845 USD, 1 KWD = 3.2573 USD, 1 USD = 0.3070 KWD, 1 USD = 0.9221 EUR.
    static func rates(_ from: Currency, _ to: Currency, _ date: CalendarDate) throws(LedgerError) -> ConversionRate {
        let text: String
        switch (from.code, to.code) {
        case ("EUR", "USD"): text = "1.0845"
        case ("KWD", "USD"): text = "3.2573"
        case ("USD", "KWD"): text = "0.3070"
        case ("USD", "EUR"): text = "0.9221"
        default: throw LedgerError(.missingRate, "no rate \(from)->\(to)")
        }
        return ConversionRate.stored(try ExchangeRate(parsing: text), from: from, to: to)
    }

    static func noRates(_ from: Currency, _ to: Currency, _ date: CalendarDate) throws(LedgerError) -> ConversionRate {
        Issue.record("no rate should be needed, asked \(from)->\(to)")
        throw LedgerError(.missingRate, "no rates")
    }

    func refusal(_ draft: JournalEntryDraft, rates: RateLookup = EntryRulesTests.rates) -> LedgerError? {
        #expect(throws: LedgerError.self) { try Self.rules.resolve(draft, rates: rates) }
    }

    // MARK: Accepted

    @Test("a balanced entry in the functional currency keeps its amounts")
    func balancedFunctional() throws {
        let resolved = try Self.rules.resolve(Self.draft([Self.line("1000", 1250), Self.line("4000", -1000), Self.line("4000", -250)]), rates: Self.noRates)
        #expect(resolved.lines.map(\.functionalMinor) == [1250, -1000, -250])
        #expect(resolved.entity.code == "US01")
        #expect(resolved.idempotencyKey == "e1")
    }

    @Test("a 3-line EUR entry in a USD entity balances exactly in USD without a rounding line")
    func threeLineForeignEntry() throws {
        // 3.00 EUR at 1.005 is 3.015 -> 3.02 USD; each 1.00 EUR alone would round to 1.00 USD
        // (3.00 in total, off by 2 cents). Allocation spreads 302 cents as 101 + 101 + 100.
        let rate = try ExchangeRate(parsing: "1.005")
        let draft = Self.draft([Self.line("5000", 300, .eur), Self.line("1000", -100, .eur),
                                Self.line("1000", -100, .eur), Self.line("1000", -100, .eur)])
        let resolved = try Self.rules.resolve(draft) { from, to, _ throws(LedgerError) in ConversionRate.stored(rate, from: from, to: to) }
        #expect(resolved.lines.map(\.functionalMinor) == [302, -101, -101, -100])
        #expect(resolved.lines.map(\.amountMinor) == [300, -100, -100, -100])
        #expect(resolved.lines.allSatisfy { $0.currency == .eur })
    }

    @Test("a 3-line EUR entry at 1.0845 settles 100.00 = 33.33 + 66.67 as 108.45 = 36.15 + 72.30")
    func threeLineAllocation() throws {
        let resolved = try Self.rules.resolve(Self.draft([Self.line("5000", 10_000, .eur), Self.line("1000", -3_333, .eur), Self.line("1000", -6_667, .eur)]), rates: Self.rates)
        #expect(resolved.lines.map(\.functionalMinor) == [10_845, -3_615, -7_230])
    }

    @Test("explicit functional amounts are kept, and a KWD entity converts at 3 decimals")
    func explicitFunctionalAndKWD() throws {
        let explicit = try Self.rules.resolve(Self.draft([Self.line("5000", 10_000, .eur, functional: 11_000), Self.line("1000", -10_000, .eur, functional: -11_000)]), rates: Self.noRates)
        #expect(explicit.lines.map(\.functionalMinor) == [11_000, -11_000])
        // 100.00 USD in a KWD entity at 0.3070 is 30.700 KWD.
        let kw = try Self.rules.resolve(Self.draft([Self.line("5000", 10_000, .usd), Self.line("1000", -10_000, .usd)], entity: "KW01"), rates: Self.rates)
        #expect(kw.lines.map(\.functionalMinor) == [30_700, -30_700])
    }

    @Test("an intercompany line with a partner entity is accepted")
    func intercompanyWithPartner() throws {
        let resolved = try Self.rules.resolve(Self.draft([Self.line("1150", 500, partner: "DE01"), Self.line("4000", -500)]), rates: Self.noRates)
        #expect(resolved.lines[0].partner == "DE01")
    }

    // MARK: Refused

    @Test("an unbalanced entry is refused")
    func unbalanced() {
        let error = refusal(Self.draft([Self.line("1000", 1000), Self.line("4000", -999)]))
        #expect(error?.code == .unbalanced)
        #expect(error?.message.contains("USD") == true)
    }

    @Test("an entry balanced only across currencies is refused: currencies are never netted")
    func balancedOnlyAcrossCurrencies() {
        // 100.00 EUR at 1.0845 is exactly 108.45 USD, yet each currency must balance on its own.
        let error = refusal(Self.draft([Self.line("5000", 10_000, .eur), Self.line("1000", -10_845, .usd)]))
        #expect(error?.code == .unbalanced)
    }

    @Test("an entry balanced per currency but not in the functional currency is refused")
    func unbalancedFunctional() {
        let error = refusal(Self.draft([Self.line("5000", 10_000, .eur, functional: 10_845), Self.line("1000", -10_000, .eur, functional: -10_844)]))
        #expect(error?.code == .unbalanced)
        #expect(error?.message.contains("functional") == true)
    }

    @Test("an entry needs at least two lines", arguments: [0, 1])
    func tooFewLines(_ count: Int) {
        let lines = Array([Self.line("1000", 1000)].prefix(count))
        #expect(refusal(Self.draft(lines))?.code == .invalidEntry)
    }

    @Test("a zero amount is refused and the error names the line")
    func zeroAmount() {
        let error = refusal(Self.draft([Self.line("1000", 1000), Self.line("4000", 0), Self.line("4000", -1000)]))
        #expect(error?.code == .invalidAmount)
        #expect(error?.entryLineIndex == 1)
        #expect(error?.location?.field == "amount")
        #expect(error?.message.contains("line 2") == true)
    }

    @Test("an unknown account is refused and the error names the line and field")
    func unknownAccount() {
        let error = refusal(Self.draft([Self.line("1000", 1000), Self.line("4001", -1000)]))
        #expect(error?.code == .unknownAccount)
        #expect(error?.entryLineIndex == 1)
        #expect(error?.location?.field == "account")
        #expect(error?.message.contains("4001") == true)
    }

    @Test("a closed account is refused")
    func closedAccount() {
        #expect(refusal(Self.draft([Self.line("5999", 1000), Self.line("1000", -1000)]))?.code == .invalidEntry)
    }

    @Test("an intercompany line without a partner is refused")
    func missingPartner() {
        let error = refusal(Self.draft([Self.line("1150", 1000), Self.line("4000", -1000)]))
        #expect(error?.code == .missingPartner)
        #expect(error?.location?.field == "partner")
        #expect(error?.entryLineIndex == 0)
    }

    @Test("a partner equal to the entry's own entity is refused")
    func partnerIsOwnEntity() {
        let error = refusal(Self.draft([Self.line("1150", 1000, partner: "US01"), Self.line("4000", -1000)]))
        #expect(error?.code == .invalidEntry)
        #expect(error?.location?.field == "partner")
    }

    @Test("an unknown partner or entity is refused")
    func unknownPartnerOrEntity() {
        #expect(refusal(Self.draft([Self.line("1150", 1000, partner: "XX01"), Self.line("4000", -1000)]))?.code == .unknownEntity)
        #expect(refusal(Self.draft([Self.line("1000", 1000), Self.line("4000", -1000)], entity: "XX01"))?.code == .unknownEntity)
    }

    @Test("an empty idempotency key is refused")
    func emptyKey() {
        #expect(refusal(Self.draft([Self.line("1000", 1000), Self.line("4000", -1000)], key: ""))?.code == .invalidEntry)
    }

    @Test("keys with the reserved prefix are kept for the ledger's own reversals")
    func reservedKeyPrefix() throws {
        let key = EntryRules.reservedKeyPrefix + "reversal-of-1"
        let lines = [Self.line("1000", 1000), Self.line("4000", -1000)]
        let error = refusal(Self.draft(lines, key: key))
        #expect(error?.code == .invalidEntry)
        #expect(error?.location?.field == "entry_id")
        var reversal = Self.draft(lines, key: key)
        reversal.source = .reversal
        #expect(try Self.rules.resolve(reversal, rates: Self.noRates).idempotencyKey == key)
        #expect(try Self.rules.resolve(Self.draft(lines, key: "reversal-of-1"), rates: Self.noRates).idempotencyKey == "reversal-of-1")
    }

    @Test("a functional amount with the wrong sign, or differing on a functional-currency line, is refused")
    func badFunctionalAmounts() {
        #expect(refusal(Self.draft([Self.line("5000", 100, .eur, functional: -108), Self.line("1000", -100, .eur, functional: 108)]))?.code == .invalidAmount)
        #expect(refusal(Self.draft([Self.line("5000", 100, .eur, functional: 0), Self.line("1000", -100, .eur)]))?.code == .invalidAmount)
        #expect(refusal(Self.draft([Self.line("5000", 100, functional: 101), Self.line("1000", -100)]))?.code == .invalidAmount)
    }

    @Test("a missing rate is the lookup's error")
    func missingRate() {
        #expect(refusal(Self.draft([Self.line("5000", 100, .gbp), Self.line("1000", -100, .gbp)]))?.code == .missingRate)
    }

    @Test("a foreign amount worth less than one functional minor unit is refused, not rounded to zero")
    func tooSmallToConvert() {
        // 0.001 KWD... the other way: 1 JPY at 0.0033 USD is 0.33 cents -> 0.
        let error = refusal(Self.draft([Self.line("5000", 1, .jpy), Self.line("1000", -1, .jpy)])) { from, to, _ throws(LedgerError) in
            ConversionRate.stored(try ExchangeRate(parsing: "0.0033"), from: from, to: to)
        }
        #expect(error?.code == .invalidAmount)
        #expect(error?.entryLineIndex == 0)
    }

    @Test("amounts whose sum would overflow Int64 are refused at the amount limit, before any sum")
    func sumOverflow() {
        let error = refusal(Self.draft([Self.line("1000", .max), Self.line("1000", 1), Self.line("4000", -.max), Self.line("4000", -1)]))
        #expect(error?.code == .invalidAmount && error?.entryLineIndex == 0)
    }

    @Test("a conversion that overflows Int64 is refused with overflow")
    func conversionOverflow() {
        // The largest amount of yen at the largest rate into dinars (3 decimals): 10^24 minor units.
        let draft = Self.draft([Self.line("5000", AmountLimit.maximum, .jpy), Self.line("1000", -AmountLimit.maximum, .jpy)], entity: "KW01")
        let error = refusal(draft) { from, to, _ throws(LedgerError) in ConversionRate.stored(try ExchangeRate(parsing: "1000000"), from: from, to: to) }
        #expect(error?.code == .overflow)
    }

    // MARK: Property

    @Test("foreign lines settle to functional amounts that balance exactly (property)")
    func functionalBalanceProperty() async {
        let input = zip(
            Gen<Int64>.value(in: 100...10_000_000).array(of: 1...4),   // debit magnitudes in EUR cents
            Gen.int(in: 1...4),                                          // number of credit lines
            Gen<Int64>.value(in: 5_000...40_000),                        // rate mantissa: 0.5000 to 4.0000
            Gen.int(in: 0...1)                                           // 0: EUR into US01, 1: USD into KW01
        )
        await propertyCheck(count: 400, input: input) { debits, creditCount, mantissa, setup in
            let (entity, foreign): (String, Currency) = setup == 0 ? ("US01", .eur) : ("KW01", .usd)
            let functional: Currency = setup == 0 ? .usd : Self.kwd
            let total = debits.reduce(0, +)
            var credits = Array(repeating: total / Int64(creditCount), count: creditCount)
            credits[creditCount - 1] += total - credits.reduce(0, +)
            let lines = debits.map { Self.line("5000", $0, foreign) } + credits.map { Self.line("1000", -$0, foreign) }
            let rate = try ExchangeRate(parsing: Decimal10.format(mantissa, scale: 4))
            let resolved = try Self.rules.resolve(Self.draft(lines, entity: entity)) { from, to, _ throws(LedgerError) in
                #expect(from == foreign && to == functional)
                return ConversionRate.stored(rate, from: from, to: to)
            }
            let settled = resolved.lines.map(\.functionalMinor)
            #expect(settled.reduce(0, +) == 0, "functional amounts \(settled) do not balance")
            for (line, amount) in zip(resolved.lines, settled) {
                #expect(amount != 0 && (amount > 0) == (line.amountMinor > 0))
            }
            // Each side as a whole is the half-even conversion of its total.
            let debitTotal = settled.filter { $0 > 0 }.reduce(0, +)
            #expect(debitTotal == (try rate.convert(total, from: foreign, to: functional)))
        }
    }
}
