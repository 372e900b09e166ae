import LedgerCore

/// A snapshot that reads each distinct range of posted lines once. An agent whose rules ask
/// for the same lines (the control accounts for several checks, a payable per invoice) wraps
/// its snapshot in one for the length of a `prepare`: the answers are the same, read once.
/// Not shared between tasks, so an agent stays a function of the books as they are now.
struct MemoizedSnapshot: LedgerSnapshot {
    private final class Lines: @unchecked Sendable {  // used by one prepare, on one thread
        var byQuery: [String: [LedgerLine]] = [:]
    }

    let base: any LedgerSnapshot
    private let lines = Lines()

    init(_ base: any LedgerSnapshot) { self.base = base }

    var group: GroupDefinition { base.group }

    func postedLines(entity: String, from: CalendarDate, through: CalendarDate, accounts: [String]?) throws -> [LedgerLine] {
        let key = "\(entity)|\(from)|\(through)|\(accounts?.joined(separator: ",") ?? "*")"
        if let cached = lines.byQuery[key] { return cached }
        let read = try base.postedLines(entity: entity, from: from, through: through, accounts: accounts)
        lines.byQuery[key] = read
        return read
    }

    func periodState(entity: String, period: PeriodID) throws -> PeriodState { try base.periodState(entity: entity, period: period) }
    func trialBalance(entity: String, period: PeriodID) throws -> TrialBalance { try base.trialBalance(entity: entity, period: period) }
    func bankStatements(entity: String, account: String, period: PeriodID) throws -> [BankStatement] {
        try base.bankStatements(entity: entity, account: account, period: period)
    }
    func ledgerItems(entity: String, account: String, currency: Currency, from: CalendarDate, through: CalendarDate) throws -> [LedgerItem] {
        try base.ledgerItems(entity: entity, account: account, currency: currency, from: from, through: through)
    }
    func bankAccountBalance(entity: String, account: String, currency: Currency, through: CalendarDate) throws -> Int64 {
        try base.bankAccountBalance(entity: entity, account: account, currency: currency, through: through)
    }
    func currencyBalances(entity: String, period: PeriodID) throws -> [CurrencyBalance] {
        try base.currencyBalances(entity: entity, period: period)
    }
    func rate(from: Currency, to: Currency, type: RateType, period: PeriodID) throws -> ExchangeRate? {
        try base.rate(from: from, to: to, type: type, period: period)
    }
    func goodsReceipts(entity: String, period: PeriodID) throws -> [GoodsReceipt] { try base.goodsReceipts(entity: entity, period: period) }
}
