import Agents
import Foundation
import Governance
import LedgerCore
import LedgerStore

/// The read-only ledger view agents get: reads only, through the store.
struct StoreSnapshot: LedgerSnapshot {
    let store: LedgerStore

    var group: GroupDefinition { store.group }

    func periodState(entity: String, period: PeriodID) throws -> PeriodState {
        try store.periodStatus(period, entity: entity).first?.state ?? .open
    }

    func trialBalance(entity: String, period: PeriodID) throws -> TrialBalance {
        try store.trialBalance(entity: entity, period: period)
    }

    func bankStatements(entity: String, account: String, period: PeriodID) throws -> [BankStatement] {
        try store.bankStatements(entity: entity, account: account, period: period)
    }

    func ledgerItems(entity: String, account: String, currency: Currency, from: CalendarDate, through: CalendarDate) throws -> [LedgerItem] {
        try store.ledgerBankLines(entity: entity, account: account, from: from, through: through)
            .filter { $0.currency == currency }
            .map { LedgerItem(entryKey: $0.entryKey, document: $0.document, date: $0.date, amountMinor: $0.amountMinor,
                              reference: $0.reference, description: $0.description, balanceSheetCounterpart: $0.balanceSheetCounterpart) }
    }

    func bankAccountBalance(entity: String, account: String, currency: Currency, through: CalendarDate) throws -> Int64 {
        try store.bankAccountBalance(entity: entity, account: account, currency: currency, through: through)
    }

    func postedLines(entity: String, from: CalendarDate, through: CalendarDate, accounts: [String]?) throws -> [LedgerLine] {
        try store.postedLines(entity: entity, from: from, through: through, accounts: accounts)
    }

    func currencyBalances(entity: String, period: PeriodID) throws -> [CurrencyBalance] {
        try store.currencyBalances(entity: entity, period: period)
    }

    func rate(from: Currency, to: Currency, type: RateType, period: PeriodID) throws -> ConversionRate? {
        try store.rate(from: from, to: to, type: type, period: period)
    }

    func goodsReceipts(entity: String, period: PeriodID) throws -> [GoodsReceipt] {
        try store.goodsReceipts(entity: entity, period: period)
    }
}

/// Proposals as stored: JSON with sorted keys, so the same proposal gives the same bytes
/// and hash on every run and machine.
enum ProposalCodec {
    static func encode(_ proposal: Proposal) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(proposal), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> Proposal {
        try JSONDecoder().decode(Proposal.self, from: Data(text.utf8))
    }

    static func encode(_ route: Route) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(route), as: UTF8.self)
    }

    static func decodeRoute(_ text: String) throws -> Route {
        try JSONDecoder().decode(Route.self, from: Data(text.utf8))
    }

    /// The drafts an approved proposal posts: source agent:<name>, keys unique per run,
    /// task and version, so a replayed commit is recognised and never posts twice.
    static func drafts(_ proposal: Proposal, period: PeriodID) throws -> [JournalEntryDraft] {
        let source = try EntrySource(parsing: proposal.preparedBy.hasPrefix("agent:") ? proposal.preparedBy : "agent:\(proposal.taskKind)")
        return try proposal.entries.map { entry in
            JournalEntryDraft(entity: entry.entity, date: try CalendarDate(parsing: entry.date), description: entry.description,
                              source: source, idempotencyKey: "close-\(period)/\(proposal.task)/v\(proposal.version)/\(entry.key)",
                              lines: try entry.lines.map { line in
                                  EntryLine(account: line.account, currency: try Currency(line.currency), amountMinor: line.amount,
                                            functionalMinor: line.functionalAmount, partner: line.partner,
                                            reference: line.reference, description: line.description)
                              })
        }
    }

    static func periodChanges(_ proposal: Proposal) throws -> [PeriodChange] {
        try proposal.periodActions.map { action in
            guard let target = PeriodState(rawValue: action.target) else {
                throw LedgerError(.invalidTransition, "unknown period state '\(action.target)' in proposal \(proposal.task)")
            }
            return PeriodChange(entity: action.entity, period: try PeriodID(parsing: action.period), target: target)
        }
    }
}
