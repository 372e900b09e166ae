/// One account's line in a trial balance, in the entity's functional currency:
/// debit and credit turnover, and the balance (debit minus credit).
public struct TrialBalanceRow: Sendable, Equatable {
    public var account: String
    public var name: String
    public var type: AccountType
    public var debitMinor: Int64
    public var creditMinor: Int64
    public var balanceMinor: Int64

    public init(account: String, name: String, type: AccountType, debitMinor: Int64, creditMinor: Int64) throws(LedgerError) {
        self.account = account
        self.name = name
        self.type = type
        self.debitMinor = debitMinor
        self.creditMinor = creditMinor
        self.balanceMinor = try Checked.add(debitMinor, try Checked.negate(creditMinor))
    }
}

/// An entity's trial balance at the end of a period: balance-sheet accounts since
/// inception, P&L accounts for the fiscal year to date.
public struct TrialBalance: Sendable, Equatable {
    /// The row that carries earlier fiscal years' revenue and expense, so that the trial
    /// balance still sums to zero after a year end that no closing entry has booked yet.
    public static let priorYearsAccount = "prior-years"

    public var entity: String
    public var period: PeriodID
    public var currency: Currency
    public var rows: [TrialBalanceRow]

    public init(entity: String, period: PeriodID, currency: Currency, rows: [TrialBalanceRow]) {
        self.entity = entity
        self.period = period
        self.currency = currency
        self.rows = rows
    }

    public func totalDebitMinor() throws(LedgerError) -> Int64 { try Checked.sum(rows.map(\.debitMinor)) }
    public func totalCreditMinor() throws(LedgerError) -> Int64 { try Checked.sum(rows.map(\.creditMinor)) }
}
