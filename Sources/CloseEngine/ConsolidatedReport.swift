import Agents
import Governance
import LedgerCore
import LedgerStore

/// `close report consolidated`: the consolidated trial balance of a period in the group
/// currency. One column per operating entity translated (its CTA on the translation
/// account), the eliminations column (what the consolidation entity holds, plus the
/// consolidation agent's entries while they are not posted), and the group total, which
/// sums to zero. Read-only: nothing is posted.
public struct ConsolidatedReport: Sendable {
    public struct Row: Sendable {
        public var account: String
        public var name: String
        public var type: AccountType
        /// Per entity, in `entities` order.
        public var entities: [Int64]
        public var eliminations: Int64
        public var total: Int64
    }

    public var period: PeriodID
    public var currency: Currency
    public var entities: [String]
    public var consolidationEntity: String
    /// Per entity, the CTA (included in the translation account's row).
    public var ctas: [Int64]
    public var translationAccount: String
    /// Elimination entries computed but not yet posted (counted in the eliminations column).
    public var pendingEntries: Int
    public var rows: [Row]
    /// Every rate the translation used (each currency once, whichever entities share it), in
    /// currency, period and type order: the closing and average rates of the period, and the
    /// earlier months' rates equity and the year's revenue and expense were translated at.
    public var rates: [RateUse] = []

    /// The rate of `type` for `currency` in the report's period, as used; nil when none was needed.
    public func rate(_ currency: Currency, _ type: RateType) -> ConversionRate? {
        rates.first { $0.from == currency && $0.type == type && $0.period == period }?.rate
    }

    /// Which eliminations the column shows, in words.
    public var eliminationsBasis: String {
        pendingEntries == 0
            ? "eliminations as posted in \(consolidationEntity)"
            : "eliminations posted in \(consolidationEntity) plus \(pendingEntries) proposed entr\(pendingEntries == 1 ? "y" : "ies") not yet posted"
    }

    public func columnTotals() throws -> (entities: [Int64], eliminations: Int64, total: Int64) {
        (try entities.indices.map { index throws(LedgerError) in try Checked.sum(rows.map { $0.entities[index] }) },
         try Checked.sum(rows.map(\.eliminations)), try Checked.sum(rows.map(\.total)))
    }

    public static func build(store: LedgerStore, period: PeriodID) throws -> ConsolidatedReport {
        let snapshot = StoreSnapshot(store: store)
        let accounts = try StoredPolicy.current(store).accounts
        let result = try Consolidation.compute(snapshot: snapshot, period: period, accounts: accounts)
        if !result.missingRates.isEmpty {
            let missing = result.missingRates.sorted { $0.key < $1.key }.flatMap { entity, rates in
                rates.map { "\($0.type.rawValue) \($0.from)->\(result.currency) for \($0.period) (\(entity))" }
            }
            throw LedgerError(.missingRate, "cannot translate into \(result.currency): no \(missing.joined(separator: ", ")); import them with `close rates import`")
        }
        let eliminations = try result.eliminationsColumn()
        var codes = store.group.accounts.map { ($0.code, $0.name, $0.type) }
        codes.append((TrialBalance.priorYearsAccount, "Revenue and expense of prior fiscal years", .equity))
        var rows: [Row] = []
        for (code, name, type) in codes {
            let values = result.translations.map { $0.balances[code] ?? 0 }
            let eliminated = eliminations[code] ?? 0
            guard values.contains(where: { $0 != 0 }) || eliminated != 0 else { continue }
            rows.append(Row(account: code, name: name, type: type, entities: values, eliminations: eliminated,
                            total: try Checked.add(try Checked.sum(values), eliminated)))
        }
        return ConsolidatedReport(period: period, currency: result.currency, entities: result.translations.map(\.entity),
                                  consolidationEntity: result.consolidationEntity, ctas: result.translations.map(\.ctaMinor), translationAccount: accounts.translation,
                                  pendingEntries: result.entries.count, rows: rows,
                                  rates: Array(Set(result.translations.flatMap(\.rates))).sorted())
    }
}

/// The policy in force: the stored version, else the built-in default.
enum StoredPolicy {
    static func current(_ store: LedgerStore) throws -> Policy {
        try store.currentPolicy().map { try PolicyFile.parse($0.text, file: "policy v\($0.version)", currency: store.group.currency) }
            ?? PolicyFile.defaultPolicy(currency: store.group.currency)
    }
}
