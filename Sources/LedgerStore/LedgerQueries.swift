import GRDB
import LedgerCore

extension LedgerStore {
    /// Posted lines of `entity` dated `from` through `through`, on `accounts` when given,
    /// in date, entry and line order.
    public func postedLines(entity: String, from: CalendarDate, through: CalendarDate, accounts: [String]? = nil) throws -> [LedgerLine] {
        var sql = Self.lineQuery + " WHERE e.state = 'posted' AND e.entity = ? AND e.date >= ? AND e.date <= ?"
        var arguments: StatementArguments = [entity, from.description, through.description]
        if let accounts {
            sql += " AND l.account IN (\(databaseQuestionMarks(count: accounts.count)))"
            arguments += StatementArguments(accounts)
        }
        return try lines(sql + " ORDER BY e.date, e.id, l.line_no", arguments)
    }

    /// Posted lines of the entries whose idempotency key starts with `prefix` (a close run's
    /// entries all start with `close-<period>/`), in entry and line order.
    public func postedLines(keyPrefix prefix: String) throws -> [LedgerLine] {
        try lines(Self.lineQuery + " WHERE e.state = 'posted' AND substr(e.idempotency_key, 1, ?) = ? ORDER BY e.id, l.line_no",
                  [prefix.utf8.count, prefix])
    }

    /// The document numbers of posted entries, by idempotency key; keys not posted are absent.
    public func documents(keys: [String]) throws -> [String: String] {
        guard !keys.isEmpty else { return [:] }
        return try read { db in
            var documents: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT idempotency_key, entity, fiscal_year, document_number FROM journal_entry
                WHERE state = 'posted' AND idempotency_key IN (\(databaseQuestionMarks(count: keys.count)))
                """, arguments: StatementArguments(keys)) {
                documents[row["idempotency_key"]] = DocumentNumber.format(entity: row["entity"], fiscalYear: row["fiscal_year"], number: row["document_number"])
            }
            return documents
        }
    }

    private static let lineQuery = """
        SELECT e.id, e.idempotency_key, e.entity, e.fiscal_year, e.document_number, e.date, e.source,
               e.description AS entry_description, e.reverses,
               EXISTS (SELECT 1 FROM journal_entry r WHERE r.reverses = e.id) AS reversed,
               l.account, l.currency, l.amount, l.functional_amount, l.partner, l.reference, l.description
        FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id
        """

    /// Reads columns by position (the order of `lineQuery`): a million lines decode without
    /// a name lookup per column.
    private func lines(_ sql: String, _ arguments: StatementArguments) throws -> [LedgerLine] {
        try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let entity: String = row[2]
                return LedgerLine(entryID: row[0], entryKey: row[1],
                                  document: DocumentNumber.format(entity: entity, fiscalYear: row[3], number: row[4]),
                                  date: try CalendarDate(parsing: row[5]), source: row[6], entryDescription: row[7],
                                  reverses: row[8], isReversed: row[9], account: row[10],
                                  currency: try Currency(row[11] as String), amountMinor: row[12],
                                  functionalMinor: row[13], partner: row[14],
                                  reference: row[15], description: row[16], entity: entity)
            }
        }
    }

    /// Balances of `entity` at the end of `period` per account and transaction currency:
    /// balance-sheet accounts since inception, revenue and expense for the fiscal year to
    /// date. Zero balances are left out.
    public func currencyBalances(entity: String, period: PeriodID) throws -> [CurrencyBalance] {
        let yearStart = period.fiscalYearStart(startMonth: group.fiscalYearStartMonth).description
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT b.account, b.currency, SUM(b.debit) - SUM(b.credit) AS amount,
                       SUM(b.functional_debit) - SUM(b.functional_credit) AS functional
                FROM balance b JOIN account a ON a.code = b.account
                WHERE b.entity = ? AND b.period <= ?
                  AND (a.type IN ('asset', 'liability', 'equity') OR b.period >= ?)
                GROUP BY b.account, b.currency
                ORDER BY b.account, b.currency
                """, arguments: [entity, period.description, yearStart]).compactMap { row in
                let amount: Int64 = row["amount"], functional: Int64 = row["functional"]
                guard amount != 0 || functional != 0 else { return nil }
                return CurrencyBalance(account: row["account"], currency: try Currency(row["currency"] as String),
                                       amountMinor: amount, functionalMinor: functional)
            }
        }
    }

    /// The rate of `type` for the pair in force at the end of `period`: the latest quote of
    /// that type dated in the period (a closing or average rate is dated on its last day).
    public func rate(from: Currency, to: Currency, type: RateType, period: PeriodID) throws -> ExchangeRate? {
        guard from != to else { return try ExchangeRate(parsing: "1") }
        return try read { db in
            try String.fetchOne(db, sql: """
                SELECT rate FROM fx_rate
                WHERE from_currency = ? AND to_currency = ? AND type = ? AND date >= ? AND date <= ?
                ORDER BY date DESC LIMIT 1
                """, arguments: [from.code, to.code, type.rawValue, period.firstDay.description, period.lastDay.description])
        }.map { try ExchangeRate(parsing: $0) }
    }
}
