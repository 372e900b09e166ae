/// A positive exchange rate held exactly as `mantissa / 10^scale` (at most 12 decimals):
/// one unit of the `from` currency is worth `rate` units of the `to` currency.
public struct ExchangeRate: Sendable, Hashable, CustomStringConvertible {
    public static let maxScale = 12
    /// The rates the ledger accepts, in units of 10^-12: 0.000001 to 1,000,000. The widest
    /// real quotes (Iranian rial to Kuwaiti dinar, about 0.0000073) fit with room; outside
    /// it a rate is a typo or a unit mistake (minor units for major, a pair the wrong way
    /// round), and a stored rate can never be corrected. The ends are each other's inverse,
    /// so a pair may be quoted either way round. 10^-6 keeps 7 significant digits at 12
    /// decimals; conversions stay overflow-checked (10^15 minor units at 10^6 do not fit).
    public static let range: ClosedRange<Int64> = 1_000_000...1_000_000_000_000_000_000
    public static let rangeText = "0.000001 to 1000000"

    public let mantissa: Int64
    public let scale: Int

    public init(parsing text: String) throws(LedgerError) {
        let scaled: Int64
        do {
            scaled = try Decimal10.parse(text, scale: ExchangeRate.maxScale, allowNegative: false)
        } catch where error.code == .overflow {
            throw ExchangeRate.outOfRange(text)
        } catch {
            throw LedgerError(.invalidRate, "rate \(error.message)")
        }
        guard scaled > 0 else { throw LedgerError(.invalidRate, "rate '\(SafeText.excerpt(text, limit: 40))' must be greater than zero") }
        guard ExchangeRate.range.contains(scaled) else { throw ExchangeRate.outOfRange(text) }
        var mantissa = scaled
        var scale = ExchangeRate.maxScale
        while scale > 0, mantissa % 10 == 0 {
            mantissa /= 10
            scale -= 1
        }
        self.mantissa = mantissa
        self.scale = scale
    }

    private static func outOfRange(_ text: String) -> LedgerError {
        LedgerError(.invalidRate, "rate '\(SafeText.excerpt(text, limit: 40))' is outside the range the ledger accepts, \(rangeText); a stored rate never changes, so a wrong one must not get in")
    }

    /// Canonical text: no trailing zeros ("1.0845", "150").
    public var description: String { Decimal10.format(mantissa, scale: scale) }

    /// Converts minor units of `from` into minor units of `to`, rounding half to even.
    /// Overflow is an error.
    public func convert(_ minorUnits: Int64, from: Currency, to: Currency) throws(LedgerError) -> Int64 {
        // amount * mantissa * 10^to.exponent / 10^(scale + from.exponent)
        let (product, o1) = Int128(minorUnits).multipliedReportingOverflow(by: Int128(mantissa))
        let (numerator, o2) = product.multipliedReportingOverflow(by: Int128(Decimal10.pow10[to.exponent]))
        guard !o1, !o2 else { throw LedgerError(.overflow, "conversion of \(minorUnits) \(from) at \(self) overflows") }
        var denominator = Int128(Decimal10.pow10[from.exponent])
        denominator *= Int128(Decimal10.pow10[scale])
        let result = Rounding.divideHalfEven(numerator, by: denominator)
        guard let converted = Int64(exactly: result) else {
            throw LedgerError(.overflow, "conversion of \(minorUnits) \(from) at \(self) does not fit in 64 bits")
        }
        return converted
    }
}

public enum Rounding {
    /// Integer division rounded half to even (banker's rounding). `divisor` > 0.
    public static func divideHalfEven(_ dividend: Int128, by divisor: Int128) -> Int128 {
        precondition(divisor > 0)
        var quotient = dividend / divisor
        let remainder = dividend % divisor
        let twice = remainder.magnitude * 2
        if twice > divisor.magnitude || (twice == divisor.magnitude && quotient % 2 != 0) {
            quotient += dividend < 0 ? -1 : 1
        }
        return quotient
    }

    /// Splits `total` over `weights` in proportion, so the parts sum exactly to `total`:
    /// each part is the floor of its share, and the leftover units go to the largest
    /// remainders (ties to the earlier index). All weights > 0, total >= 0.
    public static func allocate(_ total: Int64, proportionalTo weights: [Int64]) -> [Int64] {
        precondition(total >= 0 && !weights.isEmpty && weights.allSatisfy { $0 > 0 })
        let weightSum = weights.reduce(Int128(0)) { $0 + Int128($1) }
        var parts: [Int64] = []
        var remainders: [(Int128, Int)] = []
        var allocated: Int128 = 0
        for (index, weight) in weights.enumerated() {
            let share = Int128(total) * Int128(weight)
            let part = share / weightSum
            parts.append(Int64(part))
            allocated += part
            remainders.append((share % weightSum, index))
        }
        var leftover = Int(Int128(total) - allocated)
        remainders.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        for (_, index) in remainders where leftover > 0 {
            parts[index] += 1
            leftover -= 1
        }
        return parts
    }
}

/// The kind of a stored rate: spot (daily, used for postings), average (a period's mean,
/// for translating P&L) and closing (period end, for revaluation and balance sheets).
public enum RateType: String, Sendable, CaseIterable {
    case spot, average, closing
}

/// One stored rate: on `date`, one `from` is worth `rate` of `to`.
public struct RateQuote: Sendable, Hashable {
    public var date: CalendarDate
    public var from: Currency
    public var to: Currency
    public var rate: ExchangeRate
    public var type: RateType

    public init(date: CalendarDate, from: Currency, to: Currency, rate: ExchangeRate, type: RateType = .spot) {
        self.date = date
        self.from = from
        self.to = to
        self.rate = rate
        self.type = type
    }
}
