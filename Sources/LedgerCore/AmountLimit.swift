/// The largest amounts the ledger accepts (docs/file-formats.md, "Limits"). Chosen so that
/// no sum the ledger, an agent or a report computes can overflow 64 bits in practice, and
/// every sum that could in theory is checked (`Checked`) and refused with its inputs named.
///
/// - `maximum`, 10^15 minor units (10,000,000,000,000.00 USD; 1,000,000,000,000,000 JPY):
///   any one amount read from a file or submitted (a journal line and its functional amount,
///   the debits of one entry per currency, a bank line, a goods receipt, a recurring
///   accrual, a policy limit). Int64 holds 9,223 of them, so the sum of an entry's debits,
///   a statement's lines or a match group never comes near the edge.
/// - `balanceMaximum`, 10^17 minor units (100 x `maximum`): a running balance, that is an
///   account's balance per entity and currency at any month end (in the transaction and
///   the functional currency), and a bank statement's opening and closing balance. A
///   posting that would take a balance past it is refused. Int64 holds 92 such balances at
///   their limit, more than any report adds up of the same sign in one place.
public enum AmountLimit {
    public static let maximum: Int64 = 1_000_000_000_000_000
    public static let balanceMaximum: Int64 = 100_000_000_000_000_000

    /// `maximum` written in `currency`, e.g. "10000000000000.00 USD".
    public static func describe(_ limit: Int64 = maximum, in currency: Currency) -> String {
        "\(Decimal10.format(limit, scale: currency.exponent)) \(currency.code)"
    }

    /// Refuses an amount whose magnitude is over `maximum`; `what` says which amount.
    public static func check(_ minorUnits: Int64, _ currency: Currency, what: String = "amount") throws(LedgerError) {
        guard minorUnits.magnitude <= UInt64(maximum) else {
            throw LedgerError(.invalidAmount, "\(what) \(Money(minorUnits: minorUnits, currency: currency)) is over the largest amount the ledger accepts, \(describe(in: currency)) (10^15 minor units)")
        }
    }

    /// Refuses a balance whose magnitude is over `balanceMaximum`.
    public static func checkBalance(_ minorUnits: Int64, _ currency: Currency, what: String) throws(LedgerError) {
        guard minorUnits.magnitude <= UInt64(balanceMaximum) else {
            throw LedgerError(.invalidAmount, "\(what) \(Money(minorUnits: minorUnits, currency: currency)) is over the largest balance the ledger keeps, \(describe(balanceMaximum, in: currency)) (10^17 minor units)")
        }
    }

    /// Decimal text to minor units within `maximum` (or `limit`): the strict `Decimal10`
    /// form, and a number over the limit is refused rather than stored.
    public static func parse(_ text: String, _ currency: Currency, allowNegative: Bool = true,
                             limit: Int64 = maximum) throws(LedgerError) -> Int64 {
        let value: Int64
        do {
            value = try Decimal10.parse(text, scale: currency.exponent, allowNegative: allowNegative)
        } catch where error.code == .overflow {
            throw over(text, currency, limit: limit)
        }
        guard value.magnitude <= UInt64(limit) else { throw over(text, currency, limit: limit) }
        return value
    }

    /// True for the refusal `parse` gives over the limit, which needs no hint about decimals.
    public static func isOverLimit(_ error: LedgerError) -> Bool {
        error.code == .invalidAmount && error.message.contains(" is over the largest ")
    }

    private static func over(_ text: String, _ currency: Currency, limit: Int64) -> LedgerError {
        let shown = SafeText.excerpt(text, limit: 40)
        let what = limit == balanceMaximum ? "balance" : "amount"
        return LedgerError(.invalidAmount, "'\(shown)' is over the largest \(what) the ledger accepts, \(describe(limit, in: currency))")
    }
}
