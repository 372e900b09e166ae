import LedgerCore

/// A snapshot that reads each distinct range of posted lines once. An agent whose rules ask
/// for the same lines (the control accounts for several checks, a payable per invoice) wraps
/// its snapshot in one for the length of a `prepare`: the answers are the same, read once.
/// The engine also shares one between the tasks it prepares together: preparing writes only
/// proposals, never the books, so every task of the batch reads the books as they are.
public struct MemoizedSnapshot: LedgerSnapshot {
    private final class Lines: @unchecked Sendable {  // used by one prepare, on one thread
        var byQuery: [String: [LedgerLine]] = [:]
    }

    let base: any LedgerSnapshot
    /// Whether reads of every account (`accounts: nil`) are kept too. Those are an entity's
    /// whole month, asked for by the one task of that entity: worth keeping within a task,
    /// not across a batch, where they would only hold memory.
    let keepsWholeBooks: Bool
    private let lines = Lines()

    public init(_ base: any LedgerSnapshot, keepsWholeBooks: Bool = true) {
        self.base = base
        self.keepsWholeBooks = keepsWholeBooks
    }

    public var group: GroupDefinition { base.group }

    public func postedLines(entity: String, from: CalendarDate, through: CalendarDate, accounts: [String]?) throws -> [LedgerLine] {
        let key = "\(entity)|\(from)|\(through)|\(accounts?.joined(separator: ",") ?? "*")"
        if let cached = lines.byQuery[key] { return cached }
        let read = try base.postedLines(entity: entity, from: from, through: through, accounts: accounts)
        if accounts != nil || keepsWholeBooks { lines.byQuery[key] = read }
        return read
    }

    public func periodState(entity: String, period: PeriodID) throws -> PeriodState { try base.periodState(entity: entity, period: period) }
    public func trialBalance(entity: String, period: PeriodID) throws -> TrialBalance { try base.trialBalance(entity: entity, period: period) }
    public func bankStatements(entity: String, account: String, period: PeriodID) throws -> [BankStatement] {
        try base.bankStatements(entity: entity, account: account, period: period)
    }
    public func ledgerItems(entity: String, account: String, currency: Currency, from: CalendarDate, through: CalendarDate) throws -> [LedgerItem] {
        try base.ledgerItems(entity: entity, account: account, currency: currency, from: from, through: through)
    }
    public func bankAccountBalance(entity: String, account: String, currency: Currency, through: CalendarDate) throws -> Int64 {
        try base.bankAccountBalance(entity: entity, account: account, currency: currency, through: through)
    }
    public func currencyBalances(entity: String, period: PeriodID) throws -> [CurrencyBalance] {
        try base.currencyBalances(entity: entity, period: period)
    }
    public func rate(from: Currency, to: Currency, type: RateType, period: PeriodID) throws -> ConversionRate? {
        try base.rate(from: from, to: to, type: type, period: period)
    }
    public func goodsReceipts(entity: String, period: PeriodID) throws -> [GoodsReceipt] { try base.goodsReceipts(entity: entity, period: period) }
}
