import Testing
import LedgerCore
import LedgerStore

/// Foreign-currency lines take their functional amount from the spot rate of the entry's date,
/// or the latest one up to 7 days before; without one the posting is refused.
@Suite("Multi-currency posting with rates")
struct MultiCurrencyPostingTests {
    static func eurExpense(_ key: String, date: String, amountMinor: Int64 = 10_000) -> JournalEntryDraft {
        entry(key, date: date, [line("5000", amountMinor, .eur), line("1000", -amountMinor, .eur)])
    }

    @Test("an EUR line in a USD entity takes its functional amount from the spot rate of its date")
    func spotRateOfTheDate() throws {
        let ledger = try TempLedger()
        try ledger.store.importRates([spot("2026-05-04", .eur, .usd, "1.0845"), spot("2026-05-05", .eur, .usd, "1.1")], actor: "alice")
        try ledger.store.post([Self.eurExpense("fx", date: "2026-05-04")], actor: "alice")
        let posted = try ledger.store.entry("fx")
        #expect(posted.lines.map(\.functionalMinor) == [10_845, -10_845])
        #expect(posted.lines.map(\.amountMinor) == [10_000, -10_000])
        #expect(try ledger.store.netByCurrency(entity: "US01") == ["EUR": 0, "functional": 0])
    }

    @Test("weekend fallback: the latest spot rate up to 7 days before the date is used")
    func weekendFallback() throws {
        let ledger = try TempLedger()
        // Friday 1 May and an older rate; Sunday 3 May uses Friday's.
        try ledger.store.importRates([spot("2026-04-28", .eur, .usd, "1.07"), spot("2026-05-01", .eur, .usd, "1.0845"),
                                      spot("2026-05-20", .eur, .usd, "1.5")], actor: "alice")
        try ledger.store.post([Self.eurExpense("sun", date: "2026-05-03"), Self.eurExpense("day7", date: "2026-05-08")], actor: "alice")
        #expect(try ledger.store.entry("sun").lines.first?.functionalMinor == 10_845)
        #expect(try ledger.store.entry("day7").lines.first?.functionalMinor == 10_845)
        let error = try expectRefusal(.missingRate, in: ledger, "8 days after the last rate, and the next rate is later") {
            try ledger.store.post([Self.eurExpense("day8", date: "2026-05-09")], actor: "alice")
        }
        #expect(error?.location?.field == "currency")
        #expect(error?.message.contains("EUR->USD") == true)
    }

    @Test("a missing rate refuses the posting; a rate after the date or a non-spot rate does not count")
    func missingRate() throws {
        let ledger = try TempLedger()
        try expectRefusal(.missingRate, in: ledger, "no rate at all") {
            try ledger.store.post([Self.eurExpense("none", date: "2026-05-04")], actor: "alice")
        }
        try ledger.store.importRates([spot("2026-05-05", .eur, .usd, "1.08"),
                                      spot("2026-05-04", .eur, .usd, "1.09", type: .average),
                                      spot("2026-05-04", .eur, .usd, "1.09", type: .closing)], actor: "alice")
        try expectRefusal(.missingRate, in: ledger, "only later or non-spot rates") {
            try ledger.store.post([Self.eurExpense("later", date: "2026-05-04")], actor: "alice")
        }
        // A batch with one entry lacking its rate posts nothing.
        try expectRefusal(.missingRate, in: ledger, "batch") {
            try ledger.store.post([Self.eurExpense("ok", date: "2026-05-05"), Self.eurExpense("bad", date: "2026-05-04")], actor: "alice")
        }
        // An explicit functional amount needs no rate.
        try ledger.store.post([entry("explicit", [line("5000", 10_000, .eur, functional: 10_900), line("1000", -10_000, .eur, functional: -10_900)])], actor: "alice")
        #expect(try ledger.store.entry("explicit").lines.map(\.functionalMinor) == [10_900, -10_900])
    }

    @Test("without EUR->USD, the inverse of a stored USD->EUR spot rate converts: 100.00 EUR at 1/0.8 is 125.00 USD")
    func inverseSpot() throws {
        let ledger = try TempLedger()
        try ledger.store.importRates([spot("2026-05-04", .usd, .eur, "0.8")], actor: "alice")
        try ledger.store.post([Self.eurExpense("inverse", date: "2026-05-04")], actor: "alice")
        #expect(try ledger.store.entry("inverse").lines.map(\.functionalMinor) == [12_500, -12_500])
        let used = try #require(try ledger.store.spotRate(from: .eur, to: .usd, on: try CalendarDate(parsing: "2026-05-04"), withinDays: 7))
        #expect(used.derivation == "inverse of stored USD->EUR 0.8")
        try ledger.expectBooksBalance()
    }

    @Test("the stored direction wins over the inverse of the opposite pair, on the same day")
    func storedDirectionPreferred() throws {
        let ledger = try TempLedger()
        try ledger.store.importRates([spot("2026-05-04", .usd, .eur, "0.8"), spot("2026-05-04", .eur, .usd, "1.1")], actor: "alice")
        try ledger.store.post([Self.eurExpense("direct", date: "2026-05-04")], actor: "alice")
        #expect(try ledger.store.entry("direct").lines.map(\.functionalMinor) == [11_000, -11_000])
    }

    @Test("between two foreign currencies without a rate of their own, a cross rate via the group currency: 10.00 EUR in JP01 at 1/0.8 × 150 is 1875 JPY")
    func crossSpot() throws {
        let ledger = try TempLedger()
        // JP01 (JPY) books EUR: no EUR<->JPY rate; EUR->USD is the inverse of USD->EUR 0.8,
        // USD->JPY is stored: 10.00 EUR = 12.50 USD = 1875 JPY.
        try ledger.store.importRates([spot("2026-05-01", .usd, .eur, "0.8"), spot("2026-05-04", .usd, .jpy, "150")], actor: "alice")
        try ledger.store.post([entry("cross", entity: "JP01", [line("5000", 1_000, .eur), line("1000", -1_000, .eur)])], actor: "alice")
        #expect(try ledger.store.entry("cross").lines.map(\.functionalMinor) == [1_875, -1_875])
        let used = try #require(try ledger.store.spotRate(from: .eur, to: .jpy, on: try CalendarDate(parsing: "2026-05-04"), withinDays: 7))
        #expect(used.derivation == "cross via USD: EUR->USD 1/0.8 inverse of stored USD->EUR 0.8, USD->JPY 150 stored")
        #expect(try ledger.store.rate(from: .eur, to: .jpy, type: .spot, period: period("2026-05"))?.description == "1/0.8 × 150")
    }

    @Test("JPY, EUR and USD convert between exponents 0 and 2, half to even")
    func exponents() throws {
        let ledger = try TempLedger()
        try ledger.store.importRates([spot("2026-05-01", .jpy, .usd, "0.0067"), spot("2026-05-01", .usd, .jpy, "150.5"),
                                      spot("2026-05-01", .usd, .eur, "0.9221")], actor: "alice")
        try ledger.store.post([
            entry("jpy-in-us", [line("5000", 150_000, .jpy), line("1000", -150_000, .jpy)]),      // 150,000 JPY = 1005.00 USD
            entry("usd-in-jp", entity: "JP01", [line("5000", 100, .usd), line("1000", -100, .usd)]),  // 1.00 USD = 150.5 -> 150 JPY
            entry("usd-in-jp2", entity: "JP01", [line("5000", 300, .usd), line("1000", -300, .usd)]), // 3.00 USD = 451.5 -> 452 JPY
            entry("usd-in-de", entity: "DE01", [line("5000", 12_345, .usd), line("1000", -12_345, .usd)]), // 123.45 USD = 113.83 EUR
        ], actor: "alice")
        #expect(try ledger.store.entry("jpy-in-us").lines.map(\.functionalMinor) == [100_500, -100_500])
        #expect(try ledger.store.entry("usd-in-jp").lines.map(\.functionalMinor) == [150, -150])
        #expect(try ledger.store.entry("usd-in-jp2").lines.map(\.functionalMinor) == [452, -452])
        #expect(try ledger.store.entry("usd-in-de").lines.map(\.functionalMinor) == [11_383, -11_383])
        let tb = try ledger.store.trialBalance(entity: "JP01", period: period("2026-05"))
        #expect(tb.currency == .jpy)
        #expect(tb.rows.map(\.balanceMinor) == [-602, 602])
        try ledger.expectBooksBalance()
        try ledger.expectIntact()
    }

    @Test("importing rates: the same value again is unchanged, another value for a stored rate is refused")
    func rateImport() throws {
        let ledger = try TempLedger()
        let first = try ledger.store.importRates([spot("2026-05-01", .eur, .usd, "1.10"), spot("2026-05-01", .eur, .usd, "1.10", type: .closing)], actor: "alice")
        #expect(first.imported == 2 && first.unchanged == 0)
        let events = try ledger.count("audit_event")
        let again = try ledger.store.importRates([spot("2026-05-01", .eur, .usd, "1.1")], actor: "alice")
        #expect(again.imported == 0 && again.unchanged == 1)
        #expect(try ledger.count("audit_event") == events, "a no-op import writes no audit event")
        try expectRefusal(.invalidRate, in: ledger, "a stored rate is never changed") {
            try ledger.store.importRates([spot("2026-05-01", .eur, .usd, "1.11")], actor: "alice")
        }
        let stored = try ledger.store.rates()
        #expect(stored.map(\.rate.description) == ["1.1", "1.1"])
        #expect(stored.map(\.type) == [.closing, .spot])
    }
}
