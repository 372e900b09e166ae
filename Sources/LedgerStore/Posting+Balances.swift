import GRDB
import LedgerCore

/// What `Poster.finish` checks on the balance table after a batch's writes: every touched
/// running balance within its limit, and every touched entity's books in balance. Sums are
/// in 128 bits here: SQLite's SUM of all-time turnovers could pass 64 bits and fail every
/// later posting of the entity.
enum BalanceChecks {
    /// Every month-end balance of a touched account (per entity and currency, in the
    /// transaction and the functional currency) stays within `AmountLimit.balanceMaximum`,
    /// so no sum of a few balances can overflow. A balance already past it (an older ledger)
    /// may still move back towards zero: a reversal of the entry that took it there posts.
    static func runningBalances(_ balanceDeltas: [BalanceKey: BalanceDelta], group: GroupDefinition, _ db: Database) throws {
        let readRows = try db.cachedStatement(sql: """
            SELECT period, debit - credit, functional_debit - functional_credit FROM balance
            WHERE entity = ? AND account = ? AND currency = ? ORDER BY period
            """)
        var touched: [BalanceSeries: [PeriodID: BalanceDelta]] = [:]
        for (key, delta) in balanceDeltas {
            touched[BalanceSeries(entity: key.entity, account: key.account, currency: key.currency), default: [:]][key.period] = delta
        }
        // In the chart's order, so the same batch always names the same balance first.
        for (series, deltas) in touched.sorted(by: { ($0.key.entity, $0.key.account, $0.key.currency) < ($1.key.entity, $1.key.account, $1.key.currency) }) {
            let entity = group.entities[series.entity].code, account = group.accounts[series.account].code
            var after: (Int128, Int128) = (0, 0), before: (Int128, Int128) = (0, 0)
            for row in try Row.fetchAll(readRows, arguments: [entity, account, series.currency.code]) {
                let period: String = row[0]
                let delta = (try? PeriodID(parsing: period)).flatMap { deltas[$0] } ?? BalanceDelta()
                after.0 += Int128(row[1] as Int64)
                after.1 += Int128(row[2] as Int64)
                before.0 += Int128(row[1] as Int64) - Int128(delta.debit) + Int128(delta.credit)
                before.1 += Int128(row[2] as Int64) - Int128(delta.functionalDebit) + Int128(delta.functionalCredit)
                for (now, was, currency, what) in [(after.0, before.0, series.currency, ""),
                                                   (after.1, before.1, group.entities[series.entity].currency, " (functional)")]
                where now.magnitude > UInt128(AmountLimit.balanceMaximum) && now.magnitude > was.magnitude {
                    let shown = Int64(exactly: now).map { Money(minorUnits: $0, currency: currency).description } ?? "\(now) minor units"
                    throw LedgerError(.invalidAmount, "the balance of \(entity)/\(account) in \(series.currency)\(what) at the end of \(period) would be \(shown), over the largest balance the ledger keeps, \(AmountLimit.describe(AmountLimit.balanceMaximum, in: currency)); nothing was posted")
                }
            }
        }
    }

    /// Pair assertion after the writes: every touched entity balances per currency and in
    /// its functional currency. Failing here is a bug; the transaction rolls back.
    static func booksBalance(_ balanceDeltas: [BalanceKey: BalanceDelta], group: GroupDefinition, _ db: Database) throws {
        let entities = Set(balanceDeltas.keys.map { group.entities[$0.entity].code })
        for entity in entities.sorted() {
            // Summed in 128 bits: SQLite's SUM of all-time turnovers could pass 64 bits.
            var nets: [String: Int128] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT currency, debit - credit, functional_debit - functional_credit FROM balance WHERE entity = ?
                """, arguments: [entity]) {
                nets[row[0], default: 0] += Int128(row[1] as Int64)
                nets["functional", default: 0] += Int128(row[2] as Int64)
            }
            for (currency, net) in nets.sorted(by: { $0.key < $1.key }) where net != 0 {
                throw LedgerError(.databaseState, "internal error: the books of \(entity) do not balance in \(currency) after posting; nothing was written")
            }
        }
    }
}

/// One account's balances of one entity and currency, month after month.
struct BalanceSeries: Hashable { var entity: Int; var account: Int; var currency: Currency }
