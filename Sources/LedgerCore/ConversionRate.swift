/// One stored quote as a conversion uses it: in its stored direction, or inverted (the pair
/// was stored the other way round).
public struct RateLeg: Sendable, Hashable {
    /// The direction this leg converts.
    public var from: Currency
    public var to: Currency
    /// The stored quote, as stored: one `to` is worth `stored` of `from` when `inverted`.
    public var stored: ExchangeRate
    public var inverted: Bool

    public init(from: Currency, to: Currency, stored: ExchangeRate, inverted: Bool) {
        self.from = from
        self.to = to
        self.stored = stored
        self.inverted = inverted
    }

    /// "1.1561" or "1/0.865": the exact rate of this leg.
    public var rateText: String { inverted ? "1/\(stored)" : stored.description }

    /// "stored EUR->USD" or "inverse of stored USD->EUR 0.865".
    public var derivation: String {
        inverted ? "inverse of stored \(to)->\(from) \(stored)" : "stored \(from)->\(to)"
    }

    /// The leg as an exact fraction, reduced.
    var fraction: (numerator: UInt128, denominator: UInt128) {
        let mantissa = UInt128(stored.mantissa), power = UInt128(Decimal10.pow10[stored.scale])
        return ConversionRate.reduced(inverted ? power : mantissa, inverted ? mantissa : power)
    }
}

/// The rate a conversion from one currency into another uses, as an exact fraction: a stored
/// rate, the inverse of the rate stored the other way round, or a cross rate through the
/// group currency (two legs, each stored or inverse). It is never rounded itself: a converted
/// amount is rounded once, half to even, to the minor unit of the target currency
/// (docs/file-formats.md, "How a rate is found"). `RateResolver` finds one.
public struct ConversionRate: Sendable, Hashable, CustomStringConvertible {
    public let from: Currency
    public let to: Currency
    /// Empty: the same currency (rate 1); one leg: stored or inverse; two: a cross rate.
    public let legs: [RateLeg]
    /// The rate as numerator / denominator, reduced; both at most 10^36 (two legs of at most
    /// 10^18 each), so they fit 128 bits.
    let numerator: UInt128
    let denominator: UInt128

    public init(identity currency: Currency) {
        from = currency
        to = currency
        legs = []
        (numerator, denominator) = (1, 1)
    }

    /// One stored quote, used in the direction it was stored or inverted.
    public init(_ leg: RateLeg) {
        from = leg.from
        to = leg.to
        legs = [leg]
        (numerator, denominator) = leg.fraction
    }

    /// A cross rate: `first` into the intermediate currency, `second` out of it.
    public init(cross first: RateLeg, _ second: RateLeg) {
        precondition(first.to == second.from, "a cross rate chains two legs through one currency")
        from = first.from
        to = second.to
        legs = [first, second]
        let a = first.fraction, b = second.fraction
        // Cross-reduce before multiplying, so the product stays as small as it can.
        let g1 = Self.gcd(a.numerator, b.denominator), g2 = Self.gcd(b.numerator, a.denominator)
        (numerator, denominator) = Self.reduced((a.numerator / g1) * (b.numerator / g2), (a.denominator / g2) * (b.denominator / g1))
    }

    /// A rate stored in this direction.
    public static func stored(_ rate: ExchangeRate, from: Currency, to: Currency) -> ConversionRate {
        ConversionRate(RateLeg(from: from, to: to, stored: rate, inverted: false))
    }

    /// The stored rate when the conversion uses one as stored; nil for inverse and cross rates.
    public var storedRate: ExchangeRate? { legs.count == 1 && !legs[0].inverted ? legs[0].stored : nil }

    /// The exact rate: "1.1561", "1/0.865", "1.27 × 1/1.1561", "1".
    public var description: String { legs.isEmpty ? "1" : legs.map(\.rateText).joined(separator: " × ") }

    /// How it was found: "stored EUR->USD", "inverse of stored USD->EUR 0.865", "cross via USD:
    /// GBP->USD 1.27 stored, USD->EUR 1/1.1561 inverse of stored EUR->USD 1.1561".
    public var derivation: String {
        switch legs.count {
        case 0: return "same currency"
        case 1: return legs[0].derivation
        default:
            return "cross via \(legs[0].to): " + legs.map { leg in
                "\(leg.from)->\(leg.to) \(leg.rateText) \(leg.inverted ? "inverse of stored \(leg.to)->\(leg.from) \(leg.stored)" : "stored")"
            }.joined(separator: ", ")
        }
    }

    /// The rate and how it was found, for evidence: "1/0.865 (inverse of stored USD->EUR 0.865)".
    public var evidenceText: String { "\(description) (\(derivation))" }

    /// Converts minor units of `from` into minor units of `to` at the exact rate, rounded
    /// once, half to even. Overflow (a result past 64 bits) is an error.
    public func convert(_ minorUnits: Int64) throws(LedgerError) -> Int64 {
        guard let quotient = divide(minorUnits, extraDigits: 0)?.rounded, let result = Int64(exactly: quotient) else {
            throw LedgerError(.overflow, "conversion of \(minorUnits) \(from) at \(self) does not fit in 64 bits")
        }
        return result
    }

    /// The same, for callers that name the pair (as `ExchangeRate.convert` does); the pair
    /// must be this rate's.
    public func convert(_ minorUnits: Int64, from: Currency, to: Currency) throws(LedgerError) -> Int64 {
        precondition(from == self.from && to == self.to, "a \(self.from)->\(self.to) rate cannot convert \(from)->\(to)")
        return try convert(minorUnits)
    }

    /// The unrounded converted amount as decimal text in `to` ("1100.00", "1100.125"), or
    /// "≈" and six digits past the minor unit when it does not end; nil when it does not fit.
    public func exactText(_ minorUnits: Int64) -> String? {
        for extra in 0...12 {
            guard let division = divide(minorUnits, extraDigits: extra), let value = Int64(exactly: division.rounded) else { break }
            if division.exact { return Decimal10.format(value, scale: to.exponent + extra) }
        }
        guard let division = divide(minorUnits, extraDigits: 6), let value = Int64(exactly: division.rounded) else { return nil }
        return "≈" + Decimal10.format(value, scale: to.exponent + 6)
    }

    /// amount × rate in units of 10^-(to.exponent + extraDigits) of `to`, rounded half to
    /// even, and whether that was exact. The 256-bit product (amount × numerator) is divided
    /// by the denominator, then by 10^from.exponent; the rounding looks at both remainders
    /// together, so it rounds once. Nil when the quotient does not fit 128 bits.
    func divide(_ minorUnits: Int64, extraDigits: Int) -> (rounded: Int128, exact: Bool)? {
        let scaleUp = UInt128(Decimal10.pow10[to.exponent + extraDigits])
        let (scaled, overflow) = UInt128(minorUnits.magnitude).multipliedReportingOverflow(by: scaleUp)
        guard !overflow else { return nil }
        let wide = scaled.multipliedFullWidth(by: numerator)
        guard wide.high < denominator else { return nil }
        let (q, r) = denominator.dividingFullWidth(wide)
        let power = UInt128(Decimal10.pow10[from.exponent])
        var result = q / power
        let r2 = q % power
        // The remainder is R = r2 × d + r against the divisor D = power × d. Compare 2R with D
        // without forming them: 2R = (2·r2 + j) × d + r', with j = 1 when 2r >= d.
        let j: UInt128 = r >= denominator - r ? 1 : 0
        let rest = j == 1 ? r - (denominator - r) : r * 2
        let c = 2 * r2 + j
        if c > power || (c == power && (rest > 0 || result % 2 == 1)) { result += 1 }
        guard let signed = Int128(exactly: result) else { return nil }
        return (minorUnits < 0 ? -signed : signed, r == 0 && r2 == 0)
    }

    static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    static func reduced(_ numerator: UInt128, _ denominator: UInt128) -> (UInt128, UInt128) {
        let g = gcd(numerator, denominator)
        return (numerator / g, denominator / g)
    }
}

/// Finds the rate for a pair the way a treasurer reads a rate sheet: the rate stored in that
/// direction; else the inverse of the rate stored the other way round; else a cross rate
/// through the group currency, each leg itself stored or inverse. `find` returns the stored
/// quote of exactly one direction (the caller decides which date and type count), or nil.
public enum RateResolver {
    public static func resolve<E: Error>(from: Currency, to: Currency, via group: Currency,
                                         find: (Currency, Currency) throws(E) -> ExchangeRate?) throws(E) -> ConversionRate? {
        guard from != to else { return ConversionRate(identity: from) }
        if let leg = try leg(from: from, to: to, find: find) { return ConversionRate(leg) }
        guard from != group, to != group,
              let first = try leg(from: from, to: group, find: find),
              let second = try leg(from: group, to: to, find: find) else { return nil }
        return ConversionRate(cross: first, second)
    }

    /// The stored direction if present, else the inverse of the opposite one.
    private static func leg<E: Error>(from: Currency, to: Currency,
                                      find: (Currency, Currency) throws(E) -> ExchangeRate?) throws(E) -> RateLeg? {
        if let rate = try find(from, to) { return RateLeg(from: from, to: to, stored: rate, inverted: false) }
        if let rate = try find(to, from) { return RateLeg(from: from, to: to, stored: rate, inverted: true) }
        return nil
    }
}
