import GRDB
import LedgerCore

/// A part of the books an agent read, coarse enough to be counted cheaply. Every table
/// behind these scopes is append-only, so a row count and the last row id change exactly
/// when something was added: the state of a scope is "count/last id".
public enum InputScope: Sendable, Hashable, Comparable {
    /// An entity's posted entries dated up to `through`.
    case entries(entity: String, through: CalendarDate)
    /// The imported statements of one bank account.
    case statements(entity: String, account: String)
    /// Every stored exchange rate.
    case rates
    /// An entity's goods receipts.
    case receipts(entity: String)

    /// The scope as text, as it is stored in a proposal ("entries US01 to 2026-05-31").
    public var description: String {
        switch self {
        case let .entries(entity, through): return "entries \(entity) to \(through)"
        case let .statements(entity, account): return "statements \(entity)/\(account)"
        case .rates: return "rates"
        case let .receipts(entity): return "goods receipts \(entity)"
        }
    }
}

extension LedgerStore {
    /// The state of each scope now, in order. Entries whose idempotency key starts with
    /// `excludingKeyPrefix` are left out: a close passes its own prefix, because what its
    /// approved steps posted was decided inside the close and must not decertify the steps
    /// before them; what it guards against is everything else (imports, manual postings).
    public func inputStates(_ scopes: [InputScope], excludingKeyPrefix prefix: String) throws -> [String] {
        try read { db in
            try scopes.map { scope in
                let row: Row?
                switch scope {
                case let .entries(entity, through):
                    return try entryCounts.state(entity: entity, through: through, excludingKeyPrefix: prefix, db)
                case let .statements(entity, account):
                    row = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(max(id), 0) FROM bank_statement WHERE entity = ? AND account = ?",
                                           arguments: [entity, account])
                case .rates:
                    row = try Row.fetchOne(db, sql: "SELECT count(*), 0 FROM fx_rate")
                case let .receipts(entity):
                    row = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(max(rowid), 0) FROM goods_receipt WHERE entity = ?",
                                           arguments: [entity])
                }
                return "\(row?[0] as Int64? ?? 0)/\(row?[1] as Int64? ?? 0)"
            }
        }
    }
}
