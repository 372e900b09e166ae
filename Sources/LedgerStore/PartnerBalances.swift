import GRDB
import LedgerCore

/// One entity's functional balance on one account with one partner entity.
public struct PartnerBalance: Sendable, Hashable {
    public var account: String
    public var partner: String
    public var functionalMinor: Int64

    public init(account: String, partner: String, functionalMinor: Int64) {
        self.account = account
        self.partner = partner
        self.functionalMinor = functionalMinor
    }
}

extension LedgerStore {
    /// The functional balances by account and partner of `entity`'s posted lines dated `from`
    /// through `through` that name a partner, summed here in 128 bits (never SQLite's SUM,
    /// which turns an overflow into a float). Zero balances are left out.
    public func partnerBalances(entity: String, from: CalendarDate, through: CalendarDate) throws -> [PartnerBalance] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT l.account, l.partner, l.functional_amount FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id
                WHERE e.state = 'posted' AND e.entity = ? AND e.date >= ? AND e.date <= ? AND l.partner IS NOT NULL
                """, arguments: [entity, from.description, through.description])
        }
        var sums: [PartnerKey: Int128] = [:]
        for row in rows { sums[PartnerKey(account: row[0], partner: row[1]), default: 0] += Int128(row[2] as Int64) }
        return try sums.filter { $0.value != 0 }.sorted { ($0.key.account, $0.key.partner) < ($1.key.account, $1.key.partner) }.map { key, sum in
            guard let value = Int64(exactly: sum) else {
                throw LedgerError(.overflow, "the balance of \(entity)/\(key.account) with \(key.partner) does not fit in 64 bits")
            }
            return PartnerBalance(account: key.account, partner: key.partner, functionalMinor: value)
        }
    }

    private struct PartnerKey: Hashable {
        var account: String
        var partner: String
    }
}
