import Testing
import Governance
import LedgerCore
@testable import Agents

/// A ledger snapshot made of hand-written lines and rates: the balances are computed from the
/// lines, so the per-partner split and the balances always agree, as in a real ledger.
struct FakeLedger: LedgerSnapshot {
    var group: GroupDefinition = FakeLedger.acme
    /// Lines by entity.
    var lines: [String: [LedgerLine]] = [:]
    /// Closing rates of 2026-05 by "FROM/TO".
    var closing: [String: ExchangeRate] = [:]

    static let period = try! PeriodID(parsing: "2026-05")

    /// The chart of the demo group, reduced to the accounts the tests touch.
    static let acme = GroupDefinition(
        name: "Test Group", currency: try! Currency("USD"),
        entities: [Entity(code: "US01", name: "US", currency: try! Currency("USD"), country: "US"),
                   Entity(code: "DE01", name: "DE", currency: try! Currency("EUR"), country: "DE", parent: "US01"),
                   Entity(code: "GB01", name: "GB", currency: try! Currency("GBP"), country: "GB", parent: "US01"),
                   Entity(code: "JP01", name: "JP", currency: try! Currency("JPY"), country: "JP", parent: "US01")],
        accounts: [Account(code: "1010", name: "Bank savings", type: .asset, isBank: true, isMonetary: true),
                   Account(code: "1100", name: "Trade receivables", type: .asset, isMonetary: true),
                   Account(code: "1150", name: "Intercompany receivable", type: .asset, isIntercompany: true, isMonetary: true),
                   Account(code: "1200", name: "Inventory", type: .asset),
                   Account(code: "2000", name: "Trade payables", type: .liability, isMonetary: true),
                   Account(code: "3000", name: "Share capital", type: .equity),
                   Account(code: "7200", name: "Unrealised FX gain/loss", type: .expense),
                   Account(code: "7900", name: "Rounding differences", type: .expense)],
        users: [User(name: "bob", displayName: "Bob", role: .controller)])

    /// One booked line: `minor` of `currency` on `account`, at `functional` (signed, debit
    /// positive), dated in May. The counter-lines are left out: the revaluation reads only
    /// the monetary accounts.
    mutating func book(_ entity: String, _ account: String, _ currency: String, _ minor: Int64, functional: Int64, partner: String? = nil) {
        let date = try! CalendarDate(parsing: "2026-05-10")
        let id = Int64(lines[entity, default: []].count + 1)
        lines[entity, default: []].append(LedgerLine(entryID: id, entryKey: "e\(id)", document: "\(entity)-\(id)", date: date, source: "import",
                                                     entryDescription: "", account: account, currency: try! Currency(currency),
                                                     amountMinor: minor, functionalMinor: functional, partner: partner))
    }

    mutating func rate(_ pair: String, _ text: String) { closing[pair] = try! ExchangeRate(parsing: text) }

    func periodState(entity: String, period: PeriodID) throws -> PeriodState { .softClosed }
    func trialBalance(entity: String, period: PeriodID) throws -> TrialBalance { throw Self.unused }
    func bankStatements(entity: String, account: String, period: PeriodID) throws -> [BankStatement] { [] }
    func ledgerItems(entity: String, account: String, currency: Currency, from: CalendarDate, through: CalendarDate) throws -> [LedgerItem] { [] }
    func bankAccountBalance(entity: String, account: String, currency: Currency, through: CalendarDate) throws -> Int64 { 0 }

    func postedLines(entity: String, from: CalendarDate, through: CalendarDate, accounts: [String]?) throws -> [LedgerLine] {
        (lines[entity] ?? []).filter { $0.date >= from && $0.date <= through && (accounts?.contains($0.account) ?? true) }
    }

    func currencyBalances(entity: String, period: PeriodID) throws -> [CurrencyBalance] {
        var sums: [String: CurrencyBalance] = [:]
        for line in lines[entity] ?? [] where line.date <= period.lastDay {
            let key = "\(line.account)/\(line.currency)"
            var balance = sums[key] ?? CurrencyBalance(account: line.account, currency: line.currency, amountMinor: 0, functionalMinor: 0)
            balance.amountMinor += line.amountMinor
            balance.functionalMinor += line.functionalMinor
            sums[key] = balance
        }
        return sums.keys.sorted().compactMap { sums[$0] }.filter { $0.amountMinor != 0 || $0.functionalMinor != 0 }
    }

    func goodsReceipts(entity: String, period: PeriodID) throws -> [GoodsReceipt] { [] }
    func rate(from: Currency, to: Currency, type: RateType, period: PeriodID) throws -> ConversionRate? {
        guard type == .closing, period == Self.period else { return nil }
        return closing["\(from)/\(to)"].map { ConversionRate.stored($0, from: from, to: to) }
    }

    static let unused = LedgerError(.databaseState, "not used by the revaluation")

    /// The agent's proposal for one entity, with the checks every proposal must pass: each
    /// entry balances per currency and in functional currency, no line is zero, lines on
    /// intercompany accounts name a partner, and the same inputs give the same proposal.
    func revalue(_ entity: String) throws -> Proposal {
        let task = AgentTask(id: "fx-revaluation/\(entity)", kind: "fx-revaluation", entity: entity)
        let context = AgentContext(period: Self.period, policy: PolicyFile.defaultPolicy(currency: group.currency), taskStates: [:], seed: 1, hour: 0)
        let proposal = try FXRevaluationAgent().prepare(task, snapshot: self, context: context)
        #expect(try FXRevaluationAgent().prepare(task, snapshot: self, context: context) == proposal)
        for entry in proposal.entries {
            #expect(entry.entity == entity && entry.date == "2026-05-31" && entry.reverseOn == "2026-06-01")
            for currency in Set(entry.lines.map(\.currency)) {
                #expect(entry.lines.filter { $0.currency == currency }.reduce(0) { $0 + $1.amount } == 0, "\(entry.key) \(currency)")
            }
            #expect(entry.lines.reduce(0) { $0 + ($1.functionalAmount ?? 0) } == 0, "\(entry.key)")
            #expect(entry.lines.allSatisfy { $0.amount != 0 && $0.functionalAmount == $0.amount }, "\(entry.key)")
            #expect(entry.lines.allSatisfy { group.account($0.account)?.isIntercompany != true || $0.partner != nil }, "\(entry.key)")
        }
        return proposal
    }
}

/// An entry's lines as (account, currency, amount, partner), for compact expectations.
func lines(_ entry: ProposedEntry) -> [String] {
    entry.lines.map { "\($0.account) \($0.currency) \($0.amount)" + ($0.partner.map { " \($0)" } ?? "") }
}
