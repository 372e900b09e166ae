import Testing
import LedgerCore

/// Issue 14 (hostile input), the domain's part: the amount and rate limits, control
/// characters in entry text, the one function that shows text safely, and sums that name
/// their inputs. Each test failed before the fix.
@Suite struct HostileInputCoreTests {
    typealias Rules = EntryRulesTests

    @Test func anEntryOfInt64MaxMinorUnitsIsRefusedByEntryRules() {
        // 92233720368547758.07 USD: accepted before, and then every later posting overflowed.
        let error = #expect(throws: LedgerError.self) {
            try Rules.rules.resolve(Rules.draft([Rules.line("1000", .max), Rules.line("4000", -.max)]), rates: Rules.noRates)
        }
        #expect(error?.code == .invalidAmount)
        #expect(error?.message.contains("largest amount the ledger accepts, 10000000000000.00 USD") == true)
        #expect(error?.location?.field == "amount" && error?.entryLineIndex == 0)
    }

    @Test func anAmountAtTheMaximumPostsAndOneMinorUnitMoreDoesNot() throws {
        let max = AmountLimit.maximum
        _ = try Rules.rules.resolve(Rules.draft([Rules.line("1000", max), Rules.line("4000", -max)]), rates: Rules.noRates)
        #expect(throws: LedgerError.self) {
            try Rules.rules.resolve(Rules.draft([Rules.line("1000", max + 1), Rules.line("4000", -max - 1)]), rates: Rules.noRates)
        }
    }

    @Test func anEntryWhoseDebitsAddUpPastTheMaximumIsRefused() {
        let half = AmountLimit.maximum / 2 + 1
        let error = #expect(throws: LedgerError.self) {
            try Rules.rules.resolve(Rules.draft([Rules.line("1000", half), Rules.line("5000", half), Rules.line("4000", -half),
                                                 Rules.line("4000", -half)]), rates: Rules.noRates)
        }
        #expect(error?.message.contains("debits in USD add up to more than the largest amount") == true)
    }

    @Test func aConvertedFunctionalAmountPastTheMaximumIsRefused() {
        // 9.5 * 10^14 EUR cents, within the maximum, are 1.03 * 10^15 USD cents at 1.0845.
        let amount: Int64 = 950_000_000_000_000
        let error = #expect(throws: LedgerError.self) {
            try Rules.rules.resolve(Rules.draft([Rules.line("1000", amount, .eur), Rules.line("4000", -amount, .eur)]), rates: Rules.rates)
        }
        #expect(error?.message.contains("functional amount") == true)
    }

    @Test(arguments: ["a\u{0}b", "\u{1B}[8mhidden", "bell\u{7}", "csi\u{9B}31m", "two\nlines", "del\u{7F}"])
    func controlCharactersInAnEntryAreRefused(_ text: String) {
        var draft = Rules.draft([Rules.line("1000", 100), Rules.line("4000", -100)])
        draft.description = text
        let error = #expect(throws: LedgerError.self) { try Rules.rules.resolve(draft, rates: Rules.noRates) }
        #expect(error?.code == .invalidText && error?.location?.field == "description")
        #expect(error.map { SafeText.firstRefused(in: $0.message) == nil } == true, "the message must not carry the character")
        var line = Rules.draft([Rules.line("1000", 100), Rules.line("4000", -100)])
        line.lines[1].reference = text
        #expect((#expect(throws: LedgerError.self) { try Rules.rules.resolve(line, rates: Rules.noRates) })?.location?.field == "reference")
    }

    @Test func aTabInTextIsAllowed() throws {
        var draft = Rules.draft([Rules.line("1000", 100), Rules.line("4000", -100)])
        draft.description = "rent\tMay"
        _ = try Rules.rules.resolve(draft, rates: Rules.noRates)
    }

    @Test(arguments: ["0.000000000001", "9223372.036854775807", "1000000.000000000001", "10000000", "0.000000999999"])
    func ratesOutsideTheRangeAreRefused(_ text: String) {
        let error = #expect(throws: LedgerError.self) { try ExchangeRate(parsing: text) }
        #expect(error?.code == .invalidRate && error?.message.contains("0.000001 to 1000000") == true)
    }

    @Test func ratesAtTheEndsOfTheRangeAreAccepted() throws {
        #expect(try ExchangeRate(parsing: "0.000001").description == "0.000001")
        #expect(try ExchangeRate(parsing: "1000000").description == "1000000")
        #expect(try ExchangeRate(parsing: "0.000007300000").description == "0.0000073")
    }

    @Test func visibleShowsEveryControlCharacterAndKeepsTheRest() {
        #expect(SafeText.visible("\u{1B}]0;pwned\u{7}\u{1B}[8m") == "\\u{1B}]0;pwned\\u{7}\\u{1B}[8m")
        #expect(SafeText.visible("nul\u{0}cut") == "nul\\u{0}cut")
        #expect(SafeText.visible("c1 \u{9B}2J") == "c1 \\u{9B}2J")
        #expect(SafeText.visible("a\nb") == "a\\u{A}b")
        #expect(SafeText.visible("a\nb", keepingLineBreaks: true) == "a\nb")
        #expect(SafeText.visible("tab\tkept, é, 田中, €") == "tab\tkept, é, 田中, €")
        #expect(SafeText.visible("a\r\nb", keepingLineBreaks: true) == "a\\u{D}\nb")
    }

    @Test func excerptKeepsTheFirstLineCutShort() {
        #expect(SafeText.excerpt("short") == "short")
        #expect(SafeText.excerpt(String(repeating: "x", count: 100), limit: 10) == "xxxxxxxxxx...")
        #expect(SafeText.excerpt("root:x:0:0\ndaemon:x:1:1") == "root:x:0:0...")
        #expect(SafeText.excerpt("esc\u{1B}") == "esc\\u{1B}")
    }

    @Test func anOverflowingSumNamesWhatItAdds() throws {
        let error = #expect(throws: LedgerError.self) { try Checked.sum([147_000, .max], "the accruals of US01 in USD") }
        #expect(error?.code == .overflow)
        #expect(error?.message == "amount overflow in the accruals of US01 in USD: 147000 + 9223372036854775807 does not fit in 64 bits")
        #expect(try Checked.wideSum([.max, .max, .min, .min + 2], "x") == 0)
        #expect((#expect(throws: LedgerError.self) { try Checked.wideSum([.max, 1], "the net of US01") })?.message.contains("the net of US01") == true)
    }

    @Test func aStatementOrAReceiptOverTheLimitsIsRefusedWhateverReadIt() throws {
        let date = try CalendarDate(parsing: "2026-05-04")
        let line = BankLine(bookingDate: date, valueDate: date, amountMinor: .max, reference: "", bankReference: "B1",
                            counterparty: "", description: "")
        var statement = BankStatement(id: "S1", entity: "US01", account: "1000", iban: "US01", currency: .usd, openingDate: date,
                                      openingMinor: 0, closingDate: date, closingMinor: .max, createdAt: "", lines: [line])
        #expect((#expect(throws: LedgerError.self) { try statement.checkLimits() })?.code == .invalidAmount)
        statement.lines[0].amountMinor = 5
        statement.closingMinor = 5
        statement.lines[0].counterparty = "Evil\u{1B}[2J"
        #expect((#expect(throws: LedgerError.self) { try statement.checkLimits() })?.code == .invalidText)
        statement.lines[0].counterparty = "Fine"
        try statement.checkLimits()
        var receipt = GoodsReceipt(id: "GR1", entity: "US01", supplier: "S", date: date, currency: .usd, amountMinor: .max,
                                   account: "1200", description: "", invoice: nil)
        #expect((#expect(throws: LedgerError.self) { try receipt.checkLimits() })?.code == .invalidAmount)
        receipt.amountMinor = 147_000
        try receipt.checkLimits()
    }
}
