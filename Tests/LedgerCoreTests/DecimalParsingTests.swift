import Testing
import PropertyBased
import LedgerCore

/// Decimal text <-> integer minor units (DESIGN.md §3 invariant 6, §9 "never silent rounding").
@Suite("Decimal10 and Money parsing")
struct DecimalParsingTests {
    static let malformed: [String] = [
        "12abc", "1,5", "1e3", "1E3", "+-1", "+1", " 1", "1 ", ".5", "5.", "--1", "-", ".", "1..2", "1.2.3",
        "0x10", "١٢", "１２", "12\n", "-.5", "- 1", "1_000",
    ]

    @Test("refuses malformed decimal text with invalid-amount", arguments: malformed)
    func refusesMalformed(_ text: String) throws {
        let error = #expect(throws: LedgerError.self) { try Money(parsing: text, currency: .usd) }
        #expect(error?.code == .invalidAmount, "\(text): \(String(describing: error))")
    }

    @Test("refuses the empty string")
    func refusesEmpty() {
        let error = #expect(throws: LedgerError.self) { try Decimal10.parse("", scale: 2) }
        #expect(error?.code == .invalidAmount)
    }

    @Test("refuses more decimals than the currency has", arguments: [
        ("1.234", "USD"), ("0.001", "EUR"), ("1.230", "USD"), ("1.0", "JPY"), ("1.5", "JPY"), ("100.00", "JPY"),
        ("1.2345", "KWD"), ("0.0001", "BHD"), ("-1.234", "GBP"),
    ])
    func refusesExcessDecimals(_ text: String, _ code: String) throws {
        let currency = try Currency(code)
        let error = #expect(throws: LedgerError.self) { try Money(parsing: text, currency: currency) }
        #expect(error?.code == .invalidAmount, "\(text) \(code): \(String(describing: error))")
    }

    @Test("accepts the valid forms and scales them to minor units", arguments: [
        ("0", "USD", Int64(0)), ("12", "USD", 1200), ("12.3", "USD", 1230), ("12.34", "USD", 1234),
        ("-12.34", "USD", -1234), ("0.01", "EUR", 1), ("007.50", "EUR", 750), ("1234", "JPY", 1234),
        ("-5", "JPY", -5), ("1.234", "KWD", 1234), ("1.2", "KWD", 1200), ("0.001", "BHD", 1),
        ("1000000.00", "CHF", 100_000_000),
    ])
    func acceptsValid(_ text: String, _ code: String, _ minor: Int64) throws {
        let money = try Money(parsing: text, currency: try Currency(code))
        #expect(money.minorUnits == minor)
        #expect(money.currency.code == code)
    }

    @Test("negative zero parses to zero")
    func negativeZero() throws {
        #expect(try Decimal10.parse("-0", scale: 2) == 0)
        #expect(try Decimal10.parse("-0.00", scale: 2) == 0)
    }

    @Test("allowNegative: false refuses a minus sign")
    func refusesNegativeWhenNotAllowed() {
        let error = #expect(throws: LedgerError.self) { try Decimal10.parse("-1", scale: 2, allowNegative: false) }
        #expect(error?.code == .invalidAmount)
        #expect((try? Decimal10.parse("1", scale: 2, allowNegative: false)) == 100)
    }

    // MARK: Int64 boundaries

    @Test("the largest amounts that fit in Int64 minor units are accepted", arguments: [
        ("9223372036854775807", 0, Int64.max), ("92233720368547758.07", 2, Int64.max),
        ("-9223372036854775807", 0, -Int64.max), ("-92233720368547758.07", 2, -Int64.max),
        ("9223372036854775.807", 3, Int64.max), ("92233720368547758", 2, 9_223_372_036_854_775_800),
    ])
    func acceptsInt64Boundary(_ text: String, _ scale: Int, _ expected: Int64) throws {
        #expect(try Decimal10.parse(text, scale: scale) == expected)
    }

    @Test("one minor unit beyond Int64 is refused with overflow", arguments: [
        ("9223372036854775808", 0), ("92233720368547758.08", 2), ("92233720368547759", 2),
        ("9223372036854775.808", 3), ("9223372036854776", 3), ("-9223372036854775809", 0),
        ("99999999999999999999999", 0), ("-92233720368547758.09", 2),
    ])
    func refusesBeyondInt64(_ text: String, _ scale: Int) {
        let error = #expect(throws: LedgerError.self) { try Decimal10.parse(text, scale: scale) }
        #expect(error?.code == .overflow, "\(text): \(String(describing: error))")
    }

    /// Int64.min is a valid amount (it formats as "-9223372036854775808") but parsing
    /// accumulates the magnitude as a positive Int64 first, so it is refused. Harmless
    /// (no currency can negate it either) but the format/parse round trip excludes it.
    @Test("Int64.min is refused by parse although format can produce it")
    func int64MinIsRefused() {
        #expect(Decimal10.format(.min, scale: 0) == "-9223372036854775808")
        let error = #expect(throws: LedgerError.self) { try Decimal10.parse("-9223372036854775808", scale: 0) }
        #expect(error?.code == .overflow)
    }

    // MARK: Formatting

    @Test("format writes exactly `scale` decimals", arguments: [
        (Int64(12345), 2, "123.45"), (5, 2, "0.05"), (-5, 2, "-0.05"), (0, 2, "0.00"), (7, 0, "7"),
        (-1234, 3, "-1.234"), (100, 2, "1.00"), (Int64.max, 2, "92233720368547758.07"),
        (Int64.min, 2, "-92233720368547758.08"), (1, 12, "0.000000000001"),
    ])
    func formats(_ value: Int64, _ scale: Int, _ text: String) {
        #expect(Decimal10.format(value, scale: scale) == text)
    }

    @Test("Money formats in its currency's exponent")
    func moneyDescription() throws {
        #expect(Money(minorUnits: 123450, currency: .usd).description == "1234.50 USD")
        #expect(Money(minorUnits: 1234, currency: .jpy).description == "1234 JPY")
        #expect(Money(minorUnits: -1, currency: try Currency("KWD")).decimalString == "-0.001")
    }

    @Test("format then parse returns the same minor units (property)")
    func roundTripProperty() async {
        await propertyCheck(count: 400, input: Gen<Int64>.value(in: (Int64.min + 1)...Int64.max), Gen.int(in: 0...12)) { value, scale in
            let text = Decimal10.format(value, scale: scale)
            let parsed = try Decimal10.parse(text, scale: scale)
            #expect(parsed == value, "\(text)")
        }
        await propertyCheck(count: 400, input: Gen<Int64>.value(in: -1_000_000...1_000_000), Gen.element(of: Currency.knownCodes)) { value, code in
            let currency = try Currency(code!)
            let money = Money(minorUnits: value, currency: currency)
            let parsed = try Money(parsing: money.decimalString, currency: currency)
            #expect(parsed == money)
        }
    }

    @Test("parse then format is canonical: trailing-zero padding only (property)")
    func parseThenFormatProperty() async {
        await propertyCheck(count: 300, input: Gen<Int64>.value(in: 0...999_999_999), Gen.int(in: 0...3), Gen.int(in: 0...3)) { integer, given, extra in
            // `given` decimals are written; the currency allows given + extra.
            let scale = given + extra
            let fraction = given == 0 ? "" : "." + String(repeating: "7", count: given)
            let text = String(integer) + fraction
            let parsed = try Decimal10.parse(text, scale: scale)
            let formatted = Decimal10.format(parsed, scale: scale)
            let expected = scale == 0 ? text : String(integer) + "." + String(repeating: "7", count: given) + String(repeating: "0", count: extra)
            #expect(formatted == expected)
        }
    }
}
