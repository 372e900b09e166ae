import LedgerCore
import LedgerStore

/// The statements with their comparatives, as a controller reviews them: the income statement
/// for the month, the prior month and the year to date; the balance sheet at the end of the
/// month and of the prior month. Built from the year-to-date statements of the period and the
/// two before it: a month's result is its year to date less the prior month's (nothing to
/// subtract in the fiscal year's first month).
public struct ComparativeStatements: Sendable {
    /// One line with its figures: `period`, `prior`, `yearToDate` for the income statement;
    /// `period` (end of period) and `prior` (end of prior period) for the balance sheet, whose
    /// `yearToDate` is nil. A nil figure could not be computed (a prior period without rates).
    public struct Row: Sendable, Equatable {
        public var account: String
        public var name: String
        public var periodMinor: Int64?
        public var priorMinor: Int64?
        public var yearToDateMinor: Int64?
    }

    public var current: FinancialStatements
    /// The year-to-date statements at the end of the prior period and of the one before it.
    public var prior: FinancialStatements?
    public var priorPrior: FinancialStatements?
    public var fiscalYearStartMonth: Int

    public init(current: FinancialStatements, prior: FinancialStatements?, priorPrior: FinancialStatements?, fiscalYearStartMonth: Int) {
        self.current = current
        self.prior = prior
        self.priorPrior = priorPrior
        self.fiscalYearStartMonth = fiscalYearStartMonth
    }

    public var period: PeriodID { current.period }
    public var priorPeriod: PeriodID { current.period.previous }

    public static func entity(_ code: String, store: LedgerStore, period: PeriodID) throws -> ComparativeStatements {
        ComparativeStatements(current: try FinancialStatements.entity(code, store: store, period: period),
                              prior: try FinancialStatements.entity(code, store: store, period: period.previous),
                              priorPrior: try FinancialStatements.entity(code, store: store, period: period.previous.previous),
                              fiscalYearStartMonth: store.group.fiscalYearStartMonth)
    }

    /// The group: the prior periods' columns are left empty when their rates are not stored.
    public static func consolidated(store: LedgerStore, period: PeriodID) throws -> ComparativeStatements {
        ComparativeStatements(current: try FinancialStatements.consolidated(store: store, period: period),
                              prior: try? FinancialStatements.consolidated(store: store, period: period.previous),
                              priorPrior: try? FinancialStatements.consolidated(store: store, period: period.previous.previous),
                              fiscalYearStartMonth: store.group.fiscalYearStartMonth)
    }

    /// A month's own result on one account: its year to date less the prior month's.
    private func month(_ ytd: Int64?, _ before: Int64?, _ period: PeriodID) throws -> Int64? {
        guard let ytd else { return nil }
        if period.month == fiscalYearStartMonth { return ytd }
        guard let before else { return nil }
        return try Checked.subtract(ytd, before)
    }

    /// Income statement rows of a section (`\.revenue` or `\.expenses`).
    public func incomeRows(_ section: KeyPath<FinancialStatements, [FinancialStatements.Line]>) throws -> [Row] {
        try rows(section).map { code, name in
            let ytd = figure(current, section, code) ?? 0
            let priorYTD = prior.map { figure($0, section, code) ?? 0 }
            let priorPriorYTD = priorPrior.map { figure($0, section, code) ?? 0 }
            return Row(account: code, name: name,
                       periodMinor: try month(ytd, priorYTD, period),
                       priorMinor: try month(priorYTD, priorPriorYTD, priorPeriod), yearToDateMinor: ytd)
        }
    }

    /// Balance sheet rows of a section: end of period, end of prior period.
    public func balanceRows(_ section: KeyPath<FinancialStatements, [FinancialStatements.Line]>) -> [Row] {
        rows(section).map { code, name in
            Row(account: code, name: name, periodMinor: figure(current, section, code) ?? 0,
                priorMinor: prior.map { figure($0, section, code) ?? 0 }, yearToDateMinor: nil)
        }
    }

    /// The totals of rows, column by column (nil when any figure of the column is missing).
    public static func total(_ rows: [Row], label: String) throws -> Row {
        func sum(_ values: [Int64?]) throws -> Int64? {
            if values.contains(where: { $0 == nil }) { return nil }
            return try Checked.sum(values.compactMap { $0 })
        }
        return Row(account: "", name: label, periodMinor: try sum(rows.map(\.periodMinor)), priorMinor: try sum(rows.map(\.priorMinor)),
                   yearToDateMinor: try sum(rows.map(\.yearToDateMinor)))
    }

    /// The net income row from the revenue and expense rows.
    public func netIncome() throws -> Row {
        let revenue = try Self.total(try incomeRows(\.revenue), label: "revenue")
        let expenses = try Self.total(try incomeRows(\.expenses), label: "expenses")
        func less(_ a: Int64?, _ b: Int64?) throws -> Int64? {
            guard let a, let b else { return nil }
            return try Checked.subtract(a, b)
        }
        return Row(account: "", name: "net income", periodMinor: try less(revenue.periodMinor, expenses.periodMinor),
                   priorMinor: try less(revenue.priorMinor, expenses.priorMinor),
                   yearToDateMinor: try less(revenue.yearToDateMinor, expenses.yearToDateMinor))
    }

    private func figure(_ statements: FinancialStatements, _ section: KeyPath<FinancialStatements, [FinancialStatements.Line]>, _ code: String) -> Int64? {
        statements[keyPath: section].first { $0.account == code }?.amountMinor
    }

    /// The accounts of a section in any of the statements: the current ones in order, then
    /// those only the prior periods have.
    private func rows(_ section: KeyPath<FinancialStatements, [FinancialStatements.Line]>) -> [(String, String)] {
        var seen = Set<String>(), out: [(String, String)] = []
        for statements in [current, prior, priorPrior].compactMap({ $0 }) {
            for line in statements[keyPath: section] where seen.insert(line.account).inserted { out.append((line.account, line.name)) }
        }
        return out
    }
}
