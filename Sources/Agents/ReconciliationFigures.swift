import LedgerCore

/// A bank reconciliation in the standard form an auditor reads: the balance per bank plus
/// deposits in transit minus outstanding payments is the adjusted bank balance; the balance per
/// books plus interest, minus fees, plus or minus errors (bank items nobody explained, tolerance
/// differences) is the adjusted book balance; the two agree when the account is certified.
public struct ReconciliationFigures: Sendable, Equatable {
    /// One match, the bank's lines beside the ledger's, with the rule that matched and how sure it is.
    public struct Pair: Sendable, Equatable {
        public var bank: [BankLine]
        public var ledger: [LedgerItem]
        public var rule: String
        public var confidence: Int
    }

    public var currency: Currency
    public var balancePerBankMinor: Int64
    /// Receipts in the books the bank has not credited yet.
    public var depositsInTransitMinor: Int64
    /// Payments in the books the bank has not debited yet (a positive figure, subtracted).
    public var outstandingPaymentsMinor: Int64
    public var balancePerBooksMinor: Int64
    /// Interest the bank credited, proposed for booking.
    public var interestMinor: Int64
    /// Fees the bank charged, proposed for booking (a positive figure, subtracted).
    public var feesMinor: Int64
    /// Bank items the books do not explain, and tolerance differences (signed).
    public var errorsMinor: Int64
    /// Adjusted bank minus adjusted books: zero when certified.
    public var differenceMinor: Int64
    public var matches: [Pair]
    /// The open items: ledger lines the bank has not cleared, and bank lines the books lack.
    public var outstandingItems: [LedgerItem] = []
    public var bankOnlyLines: [BankLine] = []

    public func adjustedBankMinor() throws(LedgerError) -> Int64 {
        try Checked.subtract(try Checked.add(balancePerBankMinor, depositsInTransitMinor, "the adjusted bank balance"),
                             outstandingPaymentsMinor, "the adjusted bank balance")
    }

    public func adjustedBooksMinor() throws(LedgerError) -> Int64 {
        try Checked.sum([balancePerBooksMinor, interestMinor, try Checked.negate(feesMinor), errorsMinor], "the adjusted book balance")
    }
}
