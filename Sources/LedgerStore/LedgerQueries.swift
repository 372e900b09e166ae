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

    /// The columns `PostedLineReader` reads, by position.
    static let lineQuery = """
        SELECT e.id, e.idempotency_key, e.entity, e.fiscal_year, e.document_number, e.date, e.source,
               e.description AS entry_description, e.reverses,
               EXISTS (SELECT 1 FROM journal_entry r WHERE r.reverses = e.id) AS reversed,
               l.account, l.currency, l.amount, l.functional_amount, l.partner, l.reference, l.description
        FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id
        """

    /// Reads the rows straight from the prepared statement (`PostedLineReader`), in the
    /// column order of `lineQuery`.
    private func lines(_ sql: String, _ arguments: StatementArguments) throws -> [LedgerLine] {
        try read { db in
            let statement = try db.cachedStatement(sql: sql)
            try statement.setArguments(arguments)
            return try PostedLineReader.lines(of: statement, db)
        }
    }

    /// The transaction currencies of the lines `entity` posted in `period`, from the balance
    /// rows (one per account and currency a posting of the period touched).
    public func postedCurrencies(entity: String, period: PeriodID) throws -> [Currency] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT currency FROM balance WHERE entity = ? AND period = ? ORDER BY currency",
                                arguments: [entity, period.description])
        }.map { try Currency($0) }
    }

    /// Balances of `entity` at the end of `period` per account and transaction currency:
    /// balance-sheet accounts since inception, revenue and expense for the fiscal year to
    /// date. Zero balances are left out.
    public func currencyBalances(entity: String, period: PeriodID) throws -> [CurrencyBalance] {
        let yearStart = period.fiscalYearStart(startMonth: group.fiscalYearStartMonth).description
        // Summed here in 128 bits, not by SQLite: a SUM of debit turnovers over many months
        // can pass 64 bits (an SQLite error) while every balance stays within its limit.
        let rows = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT b.account, b.currency, b.debit - b.credit, b.functional_debit - b.functional_credit
                FROM balance b JOIN account a ON a.code = b.account
                WHERE b.entity = ? AND b.period <= ?
                  AND (a.type IN ('asset', 'liability', 'equity') OR b.period >= ?)
                ORDER BY b.account, b.currency
                """, arguments: [entity, period.description, yearStart])
        }
        var result: [CurrencyBalance] = []
        var key: (account: String, currency: String)?
        var amount: Int128 = 0, functional: Int128 = 0
        func flush() throws {
            guard let key, amount != 0 || functional != 0 else { return }
            let what = "the balance of \(entity)/\(key.account) in \(key.currency) at the end of \(period)"
            guard let amount64 = Int64(exactly: amount), let functional64 = Int64(exactly: functional) else {
                throw LedgerError(.overflow, "amount overflow: \(what) is \(amount) (functional \(functional)), which does not fit in 64 bits")
            }
            result.append(CurrencyBalance(account: key.account, currency: try Currency(key.currency),
                                          amountMinor: amount64, functionalMinor: functional64))
        }
        for row in rows {
            let account: String = row[0], currency: String = row[1]
            if key?.account != account || key?.currency != currency {
                try flush()
                (key, amount, functional) = ((account, currency), 0, 0)
            }
            amount += Int128(row[2] as Int64)
            functional += Int128(row[3] as Int64)
        }
        try flush()
        return result
    }

    /// The rate of `type` for the pair in force at the end of `period`: the latest quote of
    /// that type dated in the period (a closing or average rate is dated on its last day);
    /// stored, else the inverse of the opposite pair, else a cross rate via the group currency.
    public func rate(from: Currency, to: Currency, type: RateType, period: PeriodID) throws -> ConversionRate? {
        guard from != to else { return ConversionRate(identity: from) }
        return try read { db in try RatesStore.ofPeriod(from: from, to: to, type: type, period: period, group: group.currency, db) }
    }
}
