import Agents
import Foundation
import Governance
import LedgerCore
import LedgerStore

/// Passes an agent's reads through to the books and writes down which scopes it read, so
/// the engine can bind the proposal to what it read (`InputBinding`). An entity's entries
/// are one scope up to the latest date read: coarse, but a count that stays cheap at scale.
final class RecordingSnapshot: LedgerSnapshot, @unchecked Sendable {
    private let base: any LedgerSnapshot
    private let lock = NSLock()
    private var entriesThrough: [String: CalendarDate] = [:]
    private var scopes: Set<InputScope> = []

    init(_ base: any LedgerSnapshot) {
        self.base = base
    }

    var group: GroupDefinition { base.group }

    /// Every scope read so far, in a fixed order.
    var read: [InputScope] {
        lock.withLock {
            (scopes.union(entriesThrough.map { InputScope.entries(entity: $0.key, through: $0.value) })).sorted()
        }
    }

    private func entries(_ entity: String, through: CalendarDate) {
        lock.withLock {
            if let known = entriesThrough[entity], known >= through { return }
            entriesThrough[entity] = through
        }
    }

    private func note(_ scope: InputScope) {
        _ = lock.withLock { scopes.insert(scope) }
    }

    func periodState(entity: String, period: PeriodID) throws -> PeriodState {
        try base.periodState(entity: entity, period: period)
    }

    func trialBalance(entity: String, period: PeriodID) throws -> TrialBalance {
        entries(entity, through: period.lastDay)
        return try base.trialBalance(entity: entity, period: period)
    }

    func bankStatements(entity: String, account: String, period: PeriodID) throws -> [BankStatement] {
        note(.statements(entity: entity, account: account))
        return try base.bankStatements(entity: entity, account: account, period: period)
    }

    func ledgerItems(entity: String, account: String, currency: Currency, from: CalendarDate, through: CalendarDate) throws -> [LedgerItem] {
        entries(entity, through: through)
        return try base.ledgerItems(entity: entity, account: account, currency: currency, from: from, through: through)
    }

    func bankAccountBalance(entity: String, account: String, currency: Currency, through: CalendarDate) throws -> Int64 {
        entries(entity, through: through)
        return try base.bankAccountBalance(entity: entity, account: account, currency: currency, through: through)
    }

    func postedLines(entity: String, from: CalendarDate, through: CalendarDate, accounts: [String]?) throws -> [LedgerLine] {
        entries(entity, through: through)
        return try base.postedLines(entity: entity, from: from, through: through, accounts: accounts)
    }

    func currencyBalances(entity: String, period: PeriodID) throws -> [CurrencyBalance] {
        entries(entity, through: period.lastDay)
        return try base.currencyBalances(entity: entity, period: period)
    }

    func rate(from: Currency, to: Currency, type: RateType, period: PeriodID) throws -> ConversionRate? {
        note(.rates)
        return try base.rate(from: from, to: to, type: type, period: period)
    }

    func goodsReceipts(entity: String, period: PeriodID) throws -> [GoodsReceipt] {
        note(.receipts(entity: entity))
        return try base.goodsReceipts(entity: entity, period: period)
    }
}

/// Binds an approval to the evidence it was given: the states of the scopes a proposal
/// read, taken when it was prepared and compared again before its approval commits (stale)
/// and while the close goes on after it (decertified).
struct InputBinding {
    let store: LedgerStore
    let period: PeriodID

    /// A close's own entries: "close-2026-05/..." (see `ProposalCodec.drafts`).
    var ownPrefix: String { "close-\(period)/" }

    func reads(_ scopes: [InputScope]) throws -> [InputRead] {
        let states = try store.inputStates(scopes, excludingKeyPrefix: ownPrefix)
        return zip(scopes, states).map { InputRead(scope: $0.description, state: $1) }
    }

    /// The scopes of `proposal` whose state is not what it was when the proposal was
    /// prepared, described ("entries US01 to 2026-05-31: 40/312 then, 41/355 now"); empty when
    /// nothing changed or the proposal records no inputs.
    func changes(_ proposal: Proposal) throws -> [String] {
        var memo: [String: String] = [:]
        return try changes(proposal, memo: &memo)
    }

    /// The same, with the states already counted in `memo` (by scope text) reused: a pass
    /// over every task of a run counts each scope once.
    func changes(_ proposal: Proposal, memo: inout [String: String]) throws -> [String] {
        guard let inputs = proposal.inputs, !inputs.isEmpty else { return [] }
        let missing = inputs.map(\.scope).filter { memo[$0] == nil }
        if !missing.isEmpty {
            let states = try store.inputStates(try missing.map(Self.scope(parsing:)), excludingKeyPrefix: ownPrefix)
            for (scope, state) in zip(missing, states) { memo[scope] = state }
        }
        return inputs.compactMap { read in
            let now = memo[read.scope] ?? ""
            return read.state == now ? nil : "\(read.scope): \(read.state) then, \(now) now"
        }
    }

    /// The scope a stored `InputRead` names (the inverse of `InputScope.description`).
    static func scope(parsing text: String) throws -> InputScope {
        let parts = text.split(separator: " ").map(String.init)
        switch (parts.first, parts.count) {
        case ("entries", 4):
            return .entries(entity: parts[1], through: try CalendarDate(parsing: parts[3]))
        case ("statements", 2):
            let pair = parts[1].split(separator: "/", maxSplits: 1).map(String.init)
            if pair.count == 2 { return .statements(entity: pair[0], account: pair[1]) }
        case ("rates", 1):
            return .rates
        case ("goods", 3):
            return .receipts(entity: parts[2])
        default: break
        }
        throw LedgerError(.databaseState, "a stored proposal names an input scope this build does not know: '\(text)'")
    }
}
