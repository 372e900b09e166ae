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

/// Overflow-checked Int64 arithmetic that throws instead of trapping or wrapping. Every
/// sum of amounts outside `EntryRules` goes through here; `what` names the sum in the error
/// ("the ledger lines of US01/1000 in 2026-05"), so a refusal says what it was adding.
public enum Checked {
    public static func add(_ a: Int64, _ b: Int64, _ what: @autoclosure () -> String = "") throws(LedgerError) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw failure("\(a) + \(b)", what()) }
        return sum
    }

    public static func subtract(_ a: Int64, _ b: Int64, _ what: @autoclosure () -> String = "") throws(LedgerError) -> Int64 {
        let (difference, overflow) = a.subtractingReportingOverflow(b)
        guard !overflow else { throw failure("\(a) - \(b)", what()) }
        return difference
    }

    public static func multiply(_ a: Int64, _ b: Int64, _ what: @autoclosure () -> String = "") throws(LedgerError) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow else { throw failure("\(a) * \(b)", what()) }
        return product
    }

    public static func negate(_ a: Int64) throws(LedgerError) -> Int64 {
        guard a != .min else { throw LedgerError(.overflow, "amount overflow: cannot negate \(a)") }
        return -a
    }

    public static func sum<S: Sequence>(_ values: S, _ what: @autoclosure () -> String = "") throws(LedgerError) -> Int64
    where S.Element == Int64 {
        var total: Int64 = 0
        for value in values {
            let (next, overflow) = total.addingReportingOverflow(value)
            guard !overflow else { throw failure("\(total) + \(value)", what()) }
            total = next
        }
        return total
    }

    /// A sum of many amounts in 128 bits (it cannot overflow there for fewer than 2^64
    /// terms), brought back to 64 bits only if it fits.
    public static func wideSum<S: Sequence>(_ values: S, _ what: @autoclosure () -> String = "") throws(LedgerError) -> Int64
    where S.Element == Int64 {
        var total: Int128 = 0
        for value in values { total += Int128(value) }
        guard let result = Int64(exactly: total) else {
            let named = what()
            throw LedgerError(.overflow, "amount overflow: \(named.isEmpty ? "a sum" : named) is \(total), which does not fit in 64 bits")
        }
        return result
    }

    private static func failure(_ operation: String, _ what: String) -> LedgerError {
        let context = what.isEmpty ? "" : " in \(what)"
        return LedgerError(.overflow, "amount overflow\(context): \(operation) does not fit in 64 bits")
    }
}
