import LedgerCore
import LedgerStore

/// The register of an entity's accounts over a range of periods (`close journal list`):
/// per account an opening balance, every posted line in date and entry order with its
/// running balance, and the closing balance, in the entity's functional currency, debit
/// positive. Balances follow the trial balance's rules, so the closing balance of every
/// account is the trial balance's at the end of the range: balance-sheet accounts since
/// inception, revenue and expense accounts for the fiscal year to date (their running
/// balance starts again from zero at a fiscal year's first line). The opening balance comes
/// from the cached balances and the lines from the journal, two independent reads.
public struct AccountRegister: Sendable {
    public struct Line: Sendable, Equatable {
        public var date: CalendarDate
        public var document: String
        /// The entry's idempotency key: the `entry_id` of an imported journal.
        public var entryKey: String
        public var reference: String
        /// The line's description, else its entry's.
        public var description: String
        public var debitMinor: Int64
        public var creditMinor: Int64
        public var balanceMinor: Int64
        /// The transaction currency and amount when it is not the functional one.
        public var foreign: Money?
    }

    public struct Account: Sendable, Equatable {
        public var code: String
        public var name: String
        public var type: AccountType
        public var openingMinor: Int64
        public var lines: [Line]
        public var debitMinor: Int64
        public var creditMinor: Int64
        public var closingMinor: Int64
    }

    public var entity: String
    public var currency: Currency
    public var from: PeriodID
    public var to: PeriodID
    public var accounts: [Account]

    /// Every account of `entity` with an opening balance or a line in the range, or only
    /// `account`; in chart order.
    public static func build(store: LedgerStore, entity: String, account: String? = nil, from: PeriodID, to: PeriodID) throws -> AccountRegister {
        guard from <= to else {
            throw LedgerError(.invalidPeriod, "--from \(from) is after --to \(to)", at: SourceLocation(field: "--from"))
        }
        // Validates the entity (naming the nearest) and gives the balances before the range.
        let before = try store.trialBalance(entity: entity, period: from.previous)
        let group = store.group
        if let account, group.account(account) == nil {
            throw LedgerError(.unknownAccount, "unknown account '\(SafeText.excerpt(account, limit: 40))'\(NearestName.hint(for: account, in: group.accounts.map(\.code))); `close accounts list` lists the chart",
                              at: SourceLocation(field: "--account"))
        }
        let startMonth = group.fiscalYearStartMonth
        let lines = try store.postedLines(entity: entity, from: from.firstDay, through: to.lastDay, accounts: account.map { [$0] })
        let byAccount = Dictionary(grouping: lines, by: \.account)
        let chart = account.flatMap { group.account($0) }.map { [$0] } ?? group.accounts
        let functional = before.currency
        var accounts: [Account] = []
        for item in chart {
            let opening = !item.type.isBalanceSheet && from == from.fiscalYearStart(startMonth: startMonth)
                ? 0 : before.rows.first { $0.account == item.code }?.balanceMinor ?? 0
            let posted = byAccount[item.code] ?? []
            guard account != nil || opening != 0 || !posted.isEmpty else { continue }
            var running = opening, debit: Int64 = 0, credit: Int64 = 0
            var year = from.fiscalYearStart(startMonth: startMonth)
            var rows: [Line] = []
            for line in posted {
                let lineYear = line.date.period.fiscalYearStart(startMonth: startMonth)
                if !item.type.isBalanceSheet, lineYear != year { running = 0 }
                year = lineYear
                let what = "the register of \(entity)/\(item.code)"
                running = try Checked.add(running, line.functionalMinor, what)
                if line.functionalMinor > 0 { debit = try Checked.add(debit, line.functionalMinor, what) }
                if line.functionalMinor < 0 { credit = try Checked.subtract(credit, line.functionalMinor, what) }
                rows.append(Line(date: line.date, document: line.document, entryKey: line.entryKey, reference: line.reference,
                                 description: line.description.isEmpty ? line.entryDescription : line.description,
                                 debitMinor: max(0, line.functionalMinor), creditMinor: line.functionalMinor < 0 ? -line.functionalMinor : 0,
                                 balanceMinor: running,
                                 foreign: line.currency == functional ? nil : Money(minorUnits: line.amountMinor, currency: line.currency)))
            }
            if !item.type.isBalanceSheet, to.fiscalYearStart(startMonth: startMonth) != year { running = 0 }
            accounts.append(Account(code: item.code, name: item.name, type: item.type, openingMinor: opening, lines: rows,
                                    debitMinor: debit, creditMinor: credit, closingMinor: running))
        }
        return AccountRegister(entity: entity, currency: functional, from: from, to: to, accounts: accounts)
    }
}
