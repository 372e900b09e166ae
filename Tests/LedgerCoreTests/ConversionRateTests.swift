import Testing
import PropertyBased
import LedgerCore

/// Rates as a treasurer reads them: the stored direction, else the inverse of the opposite
/// pair, else a cross rate through the group currency; the exact fraction is kept and the
/// converted amount rounded once, half to even (docs/file-formats.md, "How a rate is found").
@Suite("Conversion rates: stored, inverse, cross")
struct ConversionRateTests {
    static let kwd = try! Currency("KWD")  // a known code: cannot throw

    static func rate(_ text: String) -> ExchangeRate { try! ExchangeRate(parsing: text) }  // literals below parse

    /// A rate sheet of exact-direction quotes, for `RateResolver`.
    static func sheet(_ quotes: [(Currency, Currency, String)]) -> (Currency, Currency) -> ExchangeRate? {
        { from, to in quotes.first { $0.0 == from && $0.1 == to }.map { rate($0.2) } }
    }

    @Test("the stored direction is used when present, even with the opposite pair stored too")
    func storedPreferred() throws {
        let found = try #require(RateResolver.resolve(from: .eur, to: .usd, via: .usd,
                                                      find: Self.sheet([(.usd, .eur, "0.9"), (.eur, .usd, "1.1561")])))
        #expect(found.storedRate == Self.rate("1.1561"))
        #expect(found.derivation == "stored EUR->USD")
        #expect(try found.convert(10_000) == 11_561)
    }

    @Test("without the stored direction, the inverse of the opposite pair: 100.00 EUR at 1/0.8 is 125.00 USD")
    func inverseUsed() throws {
        let found = try #require(RateResolver.resolve(from: .eur, to: .usd, via: .usd, find: Self.sheet([(.usd, .eur, "0.8")])))
        #expect(found.storedRate == nil)
        #expect(found.legs == [RateLeg(from: .eur, to: .usd, stored: Self.rate("0.8"), inverted: true)])
        #expect(found.description == "1/0.8")
        #expect(found.derivation == "inverse of stored USD->EUR 0.8")
        #expect(try found.convert(10_000) == 12_500)
    }

    @Test("without either direction, a cross rate via the group currency, each leg stored or inverse")
    func crossUsed() throws {
        // GBP->USD and EUR->USD stored: GBP->EUR is 1.25 × 1/1.1, through USD.
        let quotes = Self.sheet([(.gbp, .usd, "1.25"), (.eur, .usd, "1.1")])
        let found = try #require(RateResolver.resolve(from: .gbp, to: .eur, via: .usd, find: quotes))
        #expect(found.legs.map(\.inverted) == [false, true])
        #expect(found.description == "1.25 × 1/1.1")
        #expect(found.derivation.hasPrefix("cross via USD: GBP->USD 1.25 stored, USD->EUR 1/1.1 inverse of stored EUR->USD 1.1"))
        // 110.00 GBP × 1.25 / 1.1 = 125.00 EUR exactly.
        #expect(try found.convert(11_000) == 12_500)
        #expect(RateResolver.resolve(from: .gbp, to: .eur, via: .usd, find: Self.sheet([(.gbp, .usd, "1.25")])) == nil,
                "one leg missing: no rate")
        #expect(RateResolver.resolve(from: .gbp, to: .usd, via: .usd, find: Self.sheet([(.eur, .usd, "1.1")])) == nil,
                "a pair with the group currency has no cross")
    }

    @Test("an exact tie rounds to even: 0.02 EUR at 1/0.8 is 2.5 cents, so 0.02 USD; 0.06 EUR is 7.5 cents, so 0.08 USD")
    func tieToEven() throws {
        let inverse = ConversionRate(RateLeg(from: .eur, to: .usd, stored: Self.rate("0.8"), inverted: true))
        #expect(try inverse.convert(2) == 2)    // half-up would give 3
        #expect(try inverse.convert(6) == 8)
        #expect(try inverse.convert(-2) == -2)
        #expect(try inverse.convert(-6) == -8)
    }

    @Test("the amount is rounded once: rounding the inverse rate to 12 decimals first would lose a cent")
    func roundedOnce() throws {
        // 10,000,020.56 EUR / 1.1561 = 8,649,788.565003... USD: the exact quotient rounds up.
        // The inverse rounded to 12 decimals, 0.864977078107, gives 8,649,788.564999... and rounds down.
        let inverse = ConversionRate(RateLeg(from: .eur, to: .usd, stored: Self.rate("1.1561"), inverted: true))
        #expect(try inverse.convert(1_000_002_056) == 864_978_857)
        let naive = try Self.rate("0.864977078107").convert(1_000_002_056, from: .eur, to: .usd)
        #expect(naive == 864_978_856, "the case must tell the two roundings apart")
        #expect(inverse.exactText(1_000_002_056)?.hasPrefix("≈8649788.565") == true)
    }

    @Test("JPY without decimals: 1,000,000 JPY at the inverse of USD->JPY 150 is 6666.67 USD")
    func exponents() throws {
        let inverse = ConversionRate(RateLeg(from: .jpy, to: .usd, stored: Self.rate("150"), inverted: true))
        #expect(try inverse.convert(1_000_000) == 666_667)
        let back = ConversionRate(RateLeg(from: .usd, to: .jpy, stored: Self.rate("0.0067"), inverted: true))
        #expect(try back.convert(100) == 149)   // 1.00 USD / 0.0067 = 149.25 JPY
    }

    @Test("a conversion past 64 bits is an overflow error, not a wrap")
    func overflow() {
        let inverse = ConversionRate(RateLeg(from: .usd, to: .eur, stored: Self.rate("0.000001"), inverted: true))
        let error = #expect(throws: LedgerError.self) { try inverse.convert(Int64.max) }
        #expect(error?.code == .overflow)
    }

    @Test("a stored rate converts exactly as ExchangeRate.convert (property)")
    func storedMatchesExchangeRate() async {
        await propertyCheck(count: 300, input: Gen<Int64>.value(in: 1_000_000...1_000_000_000_000_000_000),
                            Gen<Int64>.value(in: -1_000_000_000_000_000...1_000_000_000_000_000)) { scaled, amount in
            let rate = Self.rate(Decimal10.format(scaled, scale: 12))
            for (from, to) in [(Currency.eur, Currency.usd), (.jpy, .usd), (.usd, .jpy), (Self.kwd, .eur)] {
                let old = try? rate.convert(amount, from: from, to: to)
                let new = try? ConversionRate.stored(rate, from: from, to: to).convert(amount)
                #expect(old == new, "\(amount) \(from)->\(to) at \(rate)")
            }
        }
    }

    @Test("A->B by inverse equals the amount divided by the stored B->A rate, rounded once half-even (property)")
    func inverseIsDivision() async {
        await propertyCheck(count: 300, input: Gen<Int64>.value(in: 1_000_000...1_000_000_000_000_000_000),
                            Gen<Int64>.value(in: -1_000_000_000_000_000...1_000_000_000_000_000)) { scaled, amount in
            let stored = Self.rate(Decimal10.format(scaled, scale: 12))
            for (from, to) in [(Currency.eur, Currency.usd), (.jpy, .usd), (.usd, .jpy), (Self.kwd, .eur)] {
                // amount / (mantissa / 10^scale), from minor units of `from` to minor units of `to`.
                let numerator = Int128(amount) * Int128(Decimal10.pow10[stored.scale]) * Int128(Decimal10.pow10[to.exponent])
                let denominator = Int128(stored.mantissa) * Int128(Decimal10.pow10[from.exponent])
                let expected = Int64(exactly: Rounding.divideHalfEven(numerator, by: denominator))
                let inverse = ConversionRate(RateLeg(from: from, to: to, stored: stored, inverted: true))
                #expect((try? inverse.convert(amount)) == expected, "\(amount) \(from)->\(to) at 1/\(stored)")
            }
        }
    }

    @Test("a cross rate equals the product of its legs applied exactly, rounded once (property)")
    func crossIsProduct() async {
        await propertyCheck(count: 300, input: Gen<Int64>.value(in: 1...99_999_999), Gen<Int64>.value(in: 1...99_999_999),
                            Gen<Int64>.value(in: -1_000_000_000_000...1_000_000_000_000)) { first, second, amount in
            // GBP->USD first/10^4 stored; EUR->USD second/10^4 stored, used inverted.
            let a = Self.rate(Decimal10.format(first, scale: 4)), b = Self.rate(Decimal10.format(second, scale: 4))
            let cross = ConversionRate(cross: RateLeg(from: .gbp, to: .usd, stored: a, inverted: false),
                                       RateLeg(from: .usd, to: .eur, stored: b, inverted: true))
            let expected = Rounding.divideHalfEven(Int128(amount) * Int128(a.mantissa) * Int128(Decimal10.pow10[b.scale]),
                                                   by: Int128(Decimal10.pow10[a.scale]) * Int128(b.mantissa))
            let converted: Int64? = try? cross.convert(amount)
            #expect(converted.map { Int128($0) } == expected)
        }
    }
}
