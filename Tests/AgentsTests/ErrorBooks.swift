import Governance
import LedgerCore
@testable import Agents

/// Hand-written books for the error rules: a two-entity group (US01 in USD, JP01 in JPY) and
/// a snapshot that answers from a list of lines.
struct ErrorBooks: LedgerSnapshot {
    static let period = try! PeriodID(parsing: "2026-05")
    static func day(_ day: Int, month: Int = 5) -> CalendarDate { try! CalendarDate(year: 2026, month: month, day: day) }

    let group = GroupDefinition(
        name: "Test", currency: .usd,
        entities: [Entity(code: "US01", name: "US", currency: .usd, country: "US"),
                   Entity(code: "JP01", name: "JP", currency: .jpy, country: "JP")],
        accounts: [Account(code: "1000", name: "Bank", type: .asset, isBank: true, isMonetary: true),
                   Account(code: "1100", name: "Receivables", type: .asset, isMonetary: true),
                   Account(code: "1150", name: "IC receivable", type: .asset, isIntercompany: true, isMonetary: true),
                   Account(code: "1600", name: "VAT", type: .asset, isMonetary: true),
                   Account(code: "2000", name: "Payables", type: .liability, isMonetary: true),
                   Account(code: "2150", name: "IC payable", type: .liability, isIntercompany: true, isMonetary: true),
                   Account(code: "4000", name: "Revenue", type: .revenue),
                   Account(code: "6100", name: "Rent", type: .expense),
                   Account(code: "6200", name: "Utilities", type: .expense),
                   Account(code: "9999", name: "Suspense", type: .asset)],
        users: [])
    var lines: [LedgerLine] = []
    private var entity: [Int64: String] = [:]

    /// One line: account, signed amount, reference, description; functional amount when foreign.
    struct L {
        var account: String
        var amount: Int64
        var reference = ""
        var description = ""
        var currency: Currency? = nil
        var functional: Int64? = nil
        var partner: String? = nil
    }

    /// Posts an entry and returns its id (its document is "<entity>-2026-<id>").
    @discardableResult
    mutating func post(_ code: String, _ key: String, day: Int, month: Int = 5, source: String = "import", reverses: Int64? = nil,
                       _ entryLines: [L]) -> Int64 {
        let id = Int64(lines.map(\.entryID).max() ?? 0) + 1
        let functional = group.entity(code)!.currency
        entity[id] = code
        let description = entryLines.first?.description ?? ""
        for line in entryLines {
            lines.append(LedgerLine(entryID: id, entryKey: key, document: Self.document(code, id), date: Self.day(day, month: month),
                                    source: source, entryDescription: description, reverses: reverses, account: line.account,
                                    currency: line.currency ?? functional, amountMinor: line.amount,
                                    functionalMinor: line.functional ?? line.amount, partner: line.partner,
                                    reference: line.reference, description: line.description))
        }
        if let reverses { for index in lines.indices where lines[index].entryID == reverses { lines[index].isReversed = true } }
        return id
    }

    static func document(_ code: String, _ id: Int64) -> String { "\(code)-2026-\(String(repeating: "0", count: 6 - String(id).count))\(id)" }

    /// What the engine would post for an approved proposal (source agent:error-resolution).
    mutating func postProposed(_ entries: [ProposedEntry]) {
        for entry in entries {
            let day = Int(entry.date.suffix(2))!
            post(entry.entity, entry.key, day: day, source: "agent:error-resolution", entry.lines.map {
                L(account: $0.account, amount: $0.amount, reference: $0.reference, description: entry.description,
                  currency: try! Currency($0.currency), functional: $0.functionalAmount, partner: $0.partner)
            })
        }
    }

    func prepare(_ code: String) throws -> Proposal {
        try ErrorResolutionAgent().prepare(AgentTask(id: "error-resolution/\(code)", kind: "error-resolution", entity: code), snapshot: self,
                                           context: AgentContext(period: Self.period, policy: PolicyFile.defaultPolicy(currency: .usd),
                                                                 taskStates: [:], seed: 0, hour: 0))
    }

    // LedgerSnapshot

    func periodState(entity: String, period: PeriodID) throws -> PeriodState { .softClosed }
    func trialBalance(entity: String, period: PeriodID) throws -> TrialBalance { throw LedgerError(.invalidEntry, "not in these books") }
    func bankStatements(entity: String, account: String, period: PeriodID) throws -> [BankStatement] { [] }
    func ledgerItems(entity: String, account: String, currency: Currency, from: CalendarDate, through: CalendarDate) throws -> [LedgerItem] { [] }
    func bankAccountBalance(entity: String, account: String, currency: Currency, through: CalendarDate) throws -> Int64 { 0 }
    func goodsReceipts(entity: String, period: PeriodID) throws -> [GoodsReceipt] { [] }
    func rate(from: Currency, to: Currency, type: RateType, period: PeriodID) throws -> ConversionRate? { nil }

    func postedLines(entity code: String, from: CalendarDate, through: CalendarDate, accounts: [String]?) throws -> [LedgerLine] {
        lines.filter { entity[$0.entryID] == code && $0.date >= from && $0.date <= through && (accounts?.contains($0.account) ?? true) }
            .sorted { ($0.date, $0.entryID) < ($1.date, $1.entryID) }
    }

    func currencyBalances(entity code: String, period: PeriodID) throws -> [CurrencyBalance] {
        var sums: [String: CurrencyBalance] = [:]
        for line in lines where entity[line.entryID] == code && line.date <= period.lastDay {
            let key = "\(line.account) \(line.currency)"
            var balance = sums[key] ?? CurrencyBalance(account: line.account, currency: line.currency, amountMinor: 0, functionalMinor: 0)
            balance.amountMinor += line.amountMinor
            balance.functionalMinor += line.functionalMinor
            sums[key] = balance
        }
        return sums.keys.sorted().map { sums[$0]! }.filter { $0.amountMinor != 0 }
    }
}
