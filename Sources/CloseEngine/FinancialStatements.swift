import LedgerCore
import LedgerStore

/// `close report statements`: the income statement and balance sheet at the end of a
/// period, for one entity in its functional currency or for the group consolidated in the
/// group currency. Amounts are shown the way they read: revenue, liabilities and equity as
/// positive credits, expenses and assets as positive debits. The year's net income is an
/// equity line, so assets = liabilities + equity whenever the trial balance sums to zero.
public struct FinancialStatements: Sendable {
    public struct Line: Sendable {
        public var account: String
        public var name: String
        public var amountMinor: Int64
    }

    public static let netIncomeAccount = "net-income"

    /// An entity code, or "consolidated".
    public var scope: String
    public var period: PeriodID
    public var currency: Currency
    public var revenue: [Line] = []
    public var expenses: [Line] = []
    public var assets: [Line] = []
    public var liabilities: [Line] = []
    /// Equity accounts, then the year's net income.
    public var equity: [Line] = []

    public var netIncomeMinor: Int64 { get throws { try Checked.add(try total(revenue), try Checked.negate(try total(expenses))) } }
    public var totalAssetsMinor: Int64 { get throws { try total(assets) } }
    public var totalLiabilitiesAndEquityMinor: Int64 { get throws { try Checked.add(try total(liabilities), try total(equity)) } }

    public func total(_ lines: [Line]) throws -> Int64 { try Checked.sum(lines.map(\.amountMinor)) }

    /// From balances per account (debit positive), in the chart's order; the prior-years
    /// row (earlier years' result not yet closed to equity) is an equity line.
    init(scope: String, period: PeriodID, currency: Currency, group: GroupDefinition, balances: [String: Int64]) throws {
        self.scope = scope
        self.period = period
        self.currency = currency
        var accounts = group.accounts.map { ($0.code, $0.name, $0.type) }
        accounts.append((TrialBalance.priorYearsAccount, "Result of prior fiscal years, not yet closed to equity", .equity))
        for (code, name, type) in accounts {
            guard let balance = balances[code], balance != 0 else { continue }
            let credit = try Checked.negate(balance)
            switch type {
            case .revenue: revenue.append(Line(account: code, name: name, amountMinor: credit))
            case .expense: expenses.append(Line(account: code, name: name, amountMinor: balance))
            case .asset: assets.append(Line(account: code, name: name, amountMinor: balance))
            case .liability: liabilities.append(Line(account: code, name: name, amountMinor: credit))
            case .equity: equity.append(Line(account: code, name: name, amountMinor: credit))
            }
        }
        equity.append(Line(account: Self.netIncomeAccount, name: "Net income for the year to date", amountMinor: try netIncomeMinor))
    }

    /// One entity, in its functional currency, from its trial balance.
    public static func entity(_ code: String, store: LedgerStore, period: PeriodID) throws -> FinancialStatements {
        let balance = try store.trialBalance(entity: code, period: period)
        return try FinancialStatements(scope: code, period: period, currency: balance.currency, group: store.group,
                                       balances: Dictionary(balance.rows.map { ($0.account, $0.balanceMinor) }, uniquingKeysWith: +))
    }

    /// The group, in the group currency, from the consolidated trial balance's total column.
    public static func consolidated(store: LedgerStore, period: PeriodID) throws -> FinancialStatements {
        let report = try ConsolidatedReport.build(store: store, period: period)
        return try FinancialStatements(scope: "consolidated", period: period, currency: report.currency, group: store.group,
                                       balances: Dictionary(report.rows.map { ($0.account, $0.total) }, uniquingKeysWith: +))
    }
}
