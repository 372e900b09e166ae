import GRDB
import LedgerCore

extension LedgerStore {
    /// The trial balance of `entity` at the end of `period`, from the cached balances
    /// (which `verifyAudit` proves equal to the lines). Accounts without turnover are omitted.
    public func trialBalance(entity: String, period: PeriodID) throws -> TrialBalance {
        guard let owner = group.entity(entity) else {
            throw LedgerError(.unknownEntity, "unknown entity '\(SafeText.excerpt(entity, limit: 40))'\(NearestName.hint(for: entity, in: group.entities.map(\.code))); the group has \(group.entities.map(\.code).joined(separator: ", "))", at: SourceLocation(field: "--entity"))
        }
        let yearStart = period.fiscalYearStart(startMonth: group.fiscalYearStartMonth).description
        let rows = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT b.account, a.type, b.period, b.functional_debit, b.functional_credit
                FROM balance b JOIN account a ON a.code = b.account
                WHERE b.entity = ? AND b.period <= ?
                """, arguments: [entity, period.description])
        }
        var sums: [String: (debit: Int64, credit: Int64)] = [:]
        for row in rows {
            let type = AccountType(rawValue: row["type"]) ?? .asset
            let rowPeriod: String = row["period"]
            // Revenue and expense of earlier fiscal years belong to equity until a year-end
            // entry closes them there; the trial balance shows them on one line meanwhile.
            let account: String = type.isBalanceSheet || rowPeriod >= yearStart ? row["account"] : TrialBalance.priorYearsAccount
            var sum = sums[account] ?? (0, 0)
            sum.debit = try Checked.add(sum.debit, row["functional_debit"])
            sum.credit = try Checked.add(sum.credit, row["functional_credit"])
            sums[account] = sum
        }
        var ordered = try group.accounts.compactMap { account throws(LedgerError) -> TrialBalanceRow? in
            guard let sum = sums[account.code] else { return nil }
            return try TrialBalanceRow(account: account.code, name: account.name, type: account.type,
                                       debitMinor: sum.debit, creditMinor: sum.credit)
        }
        if let prior = sums[TrialBalance.priorYearsAccount] {
            ordered.append(try TrialBalanceRow(account: TrialBalance.priorYearsAccount,
                                               name: "Revenue and expense of prior fiscal years, not yet closed to equity",
                                               type: .equity, debitMinor: prior.debit, creditMinor: prior.credit))
        }
        return TrialBalance(entity: entity, period: period, currency: owner.currency, rows: ordered)
    }

    /// Net balance per transaction currency of one entity over all its lines, recomputed
    /// from the lines themselves: every value is zero when invariant 4 holds.
    public func netByCurrency(entity: String) throws -> [String: Int64] {
        try read { db in
            // Per month (whose turnover fits 64 bits, see `BalanceDelta`), then in 128 bits:
            // a SUM over every line of all time could pass 64 bits inside SQLite.
            var nets: [String: Int128] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT l.currency, SUM(l.amount), SUM(l.functional_amount) FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id
                WHERE e.entity = ? AND e.state = 'posted' GROUP BY l.currency, l.account, substr(e.date, 1, 7)
                """, arguments: [entity]) {
                nets[row[0], default: 0] += Int128(row[1] as Int64)
                nets["functional", default: 0] += Int128(row[2] as Int64)
            }
            if nets["functional"] == nil { nets["functional"] = 0 }
            return try nets.mapValues { net throws(LedgerError) in
                guard let value = Int64(exactly: net) else {
                    throw LedgerError(.overflow, "amount overflow: the net of \(entity)'s lines is \(net), which does not fit in 64 bits")
                }
                return value
            }
        }
    }
}
