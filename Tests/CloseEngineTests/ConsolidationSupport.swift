import Agents
import Governance
import LedgerCore
import LedgerStore
@testable import CloseEngine

/// Small groups for the consolidation tests: operating entities in the given currencies,
/// CONS in USD, the demo chart's accounts that consolidation reads.
enum ConsolidationFixture {
    static let may = try! PeriodID(parsing: "2026-05")

    static func group(_ entities: [(String, Currency)]) -> GroupDefinition {
        GroupDefinition(
            name: "Test Group", currency: .usd,
            entities: entities.map { Entity(code: $0.0, name: $0.0, currency: $0.1, country: "US") }
                + [Entity(code: "CONS", name: "Consolidation", currency: .usd, country: "US", isConsolidation: true)],
            accounts: [Account(code: "1000", name: "Bank", type: .asset, isBank: true, isMonetary: true),
                       Account(code: "1010", name: "Bank USD", type: .asset, isBank: true, isMonetary: true),
                       Account(code: "1150", name: "IC receivable", type: .asset, isIntercompany: true, isMonetary: true),
                       Account(code: "2150", name: "IC payable", type: .liability, isIntercompany: true, isMonetary: true),
                       Account(code: "2500", name: "IC loans", type: .liability, isIntercompany: true, isMonetary: true),
                       Account(code: "3000", name: "Share capital", type: .equity),
                       Account(code: "3200", name: "CTA", type: .equity),
                       Account(code: "4000", name: "Revenue", type: .revenue),
                       Account(code: "4100", name: "IC revenue", type: .revenue, isIntercompany: true),
                       Account(code: "4200", name: "Interest income", type: .revenue),
                       Account(code: "6000", name: "Salaries", type: .expense),
                       Account(code: "6500", name: "IC expense", type: .expense, isIntercompany: true),
                       Account(code: "7000", name: "Interest expense", type: .expense),
                       Account(code: "7950", name: "IC variance", type: .expense)],
            users: [User(name: "alice", displayName: "Alice", role: .accountant)])
    }

    static func store(_ entities: [(String, Currency)]) throws -> LedgerStore {
        try LedgerStore.create(at: nil, group: group(entities), clock: .fixed("2026-06-01T09:00:00Z"))
    }

    static func rate(_ period: String, _ from: Currency, _ type: RateType, _ rate: String) -> RateQuote {
        let month = try! PeriodID(parsing: period)
        return RateQuote(date: month.lastDay, from: from, to: .usd, rate: try! ExchangeRate(parsing: rate), type: type)
    }

    /// A line in `currency` with its functional amount (nil: the same, for functional-currency lines).
    static func line(_ account: String, _ amount: Int64, _ currency: Currency, functional: Int64? = nil, partner: String? = nil) -> EntryLine {
        EntryLine(account: account, currency: currency, amountMinor: amount, functionalMinor: functional ?? amount,
                  partner: partner, reference: "", description: "")
    }

    static func entry(_ key: String, _ entity: String, _ date: String, _ lines: [EntryLine]) -> JournalEntryDraft {
        JournalEntryDraft(entity: entity, date: try! CalendarDate(parsing: date), description: key, source: .fileImport,
                          idempotencyKey: key, lines: lines)
    }

    static func consolidate(_ store: LedgerStore, period: PeriodID = may) throws -> Proposal {
        let context = AgentContext(period: period, policy: PolicyFile.defaultPolicy(currency: .usd), taskStates: [:], seed: 0, hour: 0)
        return try ConsolidationAgent().prepare(AgentTask(id: "consolidation", kind: "consolidation"),
                                                snapshot: StoreSnapshot(store: store), context: context)
    }

    /// Posts what the agent proposes, as the engine would after an approval.
    static func post(_ proposal: Proposal, into store: LedgerStore, period: PeriodID = may) throws {
        guard !proposal.entries.isEmpty else { return }
        _ = try store.post(try ProposalCodec.drafts(proposal, period: period), actor: "alice")
    }

    static func translation(_ store: LedgerStore, _ entity: String, period: PeriodID = may) throws -> EntityTranslation? {
        let result = try Consolidation.compute(snapshot: StoreSnapshot(store: store), period: period, accounts: CloseAccounts())
        return result.translations.first { $0.entity == entity }
    }
}
