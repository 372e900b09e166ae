/// An amount of one currency in integer minor units. Arithmetic is checked:
/// overflow is an error, never a wrap, and currencies never mix.
public struct Money: Sendable, Hashable, CustomStringConvertible {
    public let minorUnits: Int64
    public let currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Parses decimal text strictly in the currency's exponent ("12.345" is refused for USD).
    public init(parsing text: String, currency: Currency) throws(LedgerError) {
        self.init(minorUnits: try Decimal10.parse(text, scale: currency.exponent), currency: currency)
    }

    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    public var isZero: Bool { minorUnits == 0 }

    public func adding(_ other: Money) throws(LedgerError) -> Money {
        guard other.currency == currency else {
            throw LedgerError(.invalidCurrency, "cannot add \(other.currency) to \(currency)")
        }
        return Money(minorUnits: try Checked.add(minorUnits, other.minorUnits), currency: currency)
    }

    public func negated() throws(LedgerError) -> Money {
        Money(minorUnits: try Checked.negate(minorUnits), currency: currency)
    }

    /// "1234.50" for USD, "1234" for JPY.
    public var decimalString: String { Decimal10.format(minorUnits, scale: currency.exponent) }

    public var description: String { "\(decimalString) \(currency.code)" }
}

/// Overflow-checked Int64 arithmetic that throws instead of trapping or wrapping.
public enum Checked {
    public static func add(_ a: Int64, _ b: Int64) throws(LedgerError) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw LedgerError(.overflow, "amount overflow: \(a) + \(b) does not fit in 64 bits") }
        return sum
    }

    public static func negate(_ a: Int64) throws(LedgerError) -> Int64 {
        guard a != .min else { throw LedgerError(.overflow, "amount overflow: cannot negate \(a)") }
        return -a
    }

    public static func sum<S: Sequence>(_ values: S) throws(LedgerError) -> Int64 where S.Element == Int64 {
        var total: Int64 = 0
        for value in values { total = try add(total, value) }
        return total
    }
}
