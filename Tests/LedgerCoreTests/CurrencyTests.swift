import Testing
import LedgerCore

/// ISO 4217 currencies and their minor-unit exponents (DESIGN.md §3 invariant 6).
@Suite("Currency")
struct CurrencyTests {
    @Test("exponents follow ISO 4217", arguments: [
        ("USD", 2), ("EUR", 2), ("GBP", 2), ("JPY", 0), ("CHF", 2), ("SEK", 2), ("NOK", 2), ("DKK", 2),
        ("CAD", 2), ("AUD", 2), ("CNY", 2), ("INR", 2), ("KWD", 3), ("BHD", 3),
    ])
    func exponent(_ code: String, _ exponent: Int) throws {
        let currency = try Currency(code)
        #expect(currency.exponent == exponent)
        #expect(currency.code == code)
        #expect(currency.minorUnitsPerMajor == [1, 10, 100, 1000][exponent])
    }

    @Test("unknown or malformed codes are refused with invalid-currency", arguments: [
        "XXX", "BTC", "usd", "Usd", "US", "USDD", "", " USD", "EUR ", "ZZZ",
    ])
    func refusesUnknown(_ code: String) {
        let error = #expect(throws: LedgerError.self) { try Currency(code) }
        #expect(error?.code == .invalidCurrency)
    }

    @Test("every known code is three upper-case letters with exponent 0 to 3")
    func knownCodesAreWellFormed() throws {
        #expect(Currency.knownCodes.count >= 14)
        #expect(Currency.knownCodes == Currency.knownCodes.sorted())
        for code in Currency.knownCodes {
            let currency = try Currency(code)
            #expect(code.utf8.count == 3 && code.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }, "\(code)")
            #expect((0...3).contains(currency.exponent), "\(code)")
        }
    }

    @Test("the static shortcuts are the parsed currencies")
    func shortcuts() throws {
        #expect(Currency.usd == (try Currency("USD")))
        #expect(Currency.eur == (try Currency("EUR")))
        #expect(Currency.gbp == (try Currency("GBP")))
        #expect(Currency.jpy == (try Currency("JPY")))
        #expect(Currency.eur < Currency.usd)
    }
}
