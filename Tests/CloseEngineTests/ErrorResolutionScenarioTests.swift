import Testing
import Agents
import Governance
import LedgerCore
import LedgerStore
import Simulation
@testable import CloseEngine

/// The error resolution agent against the generator's ground truth: every injected duplicate
/// entry, suspense posting and wrong-entity expense is found, and the entries it proposes are
/// the manifest's expected entries, no more.
@Suite struct ErrorResolutionScenarioTests {
    static func proposals(_ store: LedgerStore) throws -> [Proposal] {
        let policy = PolicyFile.defaultPolicy(currency: store.group.currency)
        return try store.group.operatingEntities.map { entity in
            try ErrorResolutionAgent().prepare(AgentTask(id: "error-resolution/\(entity.code)", kind: "error-resolution", entity: entity.code),
                                               snapshot: StoreSnapshot(store: store),
                                               context: AgentContext(period: CloseRunnerTests.period, policy: policy, taskStates: [:], seed: 0, hour: 0))
        }
    }

    /// "US01 2000 USD 383.03": a line as the manifest writes it.
    static func text(_ entity: String, _ account: String, _ currency: Currency, _ amount: Int64, _ partner: String?) -> String {
        "\(entity) \(account) \(currency) \(Decimal10.format(amount, scale: currency.exponent))\(partner.map { " \($0)" } ?? "")"
    }

    static func lines(_ entries: [ProposedEntry]) throws -> [String] {
        try entries.flatMap { entry in try entry.lines.map { text(entry.entity, $0.account, try Currency($0.currency), $0.amount, $0.partner) } }.sorted()
    }

    @Test(arguments: ["demo", "intercompany-heavy", "fx-shock", "bank-chaos"])
    func everyInjectedErrorIsFoundAndCorrectedAsTheManifestExpects(scenario: String) throws {
        let books = try Generator.generate(try BuiltInScenarios.scenario(named: scenario))
        let store = try LedgerStore.create(at: nil, group: books.scenario.group, clock: .fixed("2026-06-01T09:00:00Z"))
        try ScenarioLoader.load(books, into: store)
        let proposals = try Self.proposals(store)
        let entries = proposals.flatMap(\.entries)
        var explained = 0
        for fault in books.faults {
            let ids = fault.rows.compactMap { if case .journalEntry(let id) = $0 { id } else { nil } }
            let corrections: [ProposedEntry]
            switch fault.kind {
            case .duplicateLedgerEntry:
                // The later of the two rows is the copy.
                corrections = entries.filter { $0.key == "duplicate-\(ids[1])" }
            case .suspensePosting:
                corrections = entries.filter { $0.rule.hasPrefix("suspense-") && $0.explanation.contains(ids[0]) }
            case .wrongEntityExpense:
                corrections = entries.filter { $0.key.hasPrefix("wrong-entity-\(ids[0])-") }
                #expect(corrections.map(\.entity) == [fault.entity, try #require(fault.partner)], "\(fault.id): reversed in the wrong entity, re-posted in the right one")
            default: continue
            }
            let expected = fault.expectedEntries.map { Self.text($0.entity, $0.account, $0.currency, $0.amountMinor, $0.partner) }.sorted()
            #expect(try Self.lines(corrections) == expected, "\(fault.id) \(fault.kind): \(fault.expected)")
            #expect(corrections.allSatisfy { $0.confidence >= 900 && !$0.explanation.isEmpty })
            explained += corrections.count
        }
        // One entry per duplicate and per suspense posting, two per wrong-entity expense (the demo: 2 + 2 + 2 * 2 = 8).
        let counts = [FaultKind.duplicateLedgerEntry: 1, .suspensePosting: 1, .wrongEntityExpense: 2]
        #expect(explained == books.faults.reduce(0) { $0 + (counts[$1.kind] ?? 0) })
        if scenario == "demo" { #expect(explained == 8) }
        #expect(entries.count == explained, "nothing proposed that no fault explains: \(entries.map(\.key))")
        #expect(proposals.flatMap(\.findings).isEmpty, "the demo's subledgers tie out: \(proposals.flatMap(\.findings).map(\.message))")

        // Posted as the engine posts an approval, the corrections leave nothing to correct.
        for proposal in proposals {
            _ = try store.post(try ProposalCodec.drafts(proposal, period: CloseRunnerTests.period), actor: "bob")
        }
        let again = try Self.proposals(store)
        #expect(again.flatMap(\.entries).isEmpty && again.flatMap(\.findings).isEmpty)
        for entity in store.group.operatingEntities {
            #expect(try store.currencyBalances(entity: entity.code, period: CloseRunnerTests.period).allSatisfy { $0.account != "9999" },
                    "\(entity.code) has nothing left on suspense")
        }
    }

    @Test func aCleanMonthHasNothingToCorrect() throws {
        let books = try Generator.generate(try BuiltInScenarios.scenario(named: "clean"))
        let store = try LedgerStore.create(at: nil, group: books.scenario.group, clock: .fixed("2026-06-01T09:00:00Z"))
        try ScenarioLoader.load(books, into: store)
        let proposals = try Self.proposals(store)
        #expect(proposals.flatMap(\.entries).isEmpty, "\(proposals.flatMap(\.entries).map(\.key))")
        #expect(proposals.flatMap(\.findings).isEmpty, "\(proposals.flatMap(\.findings).map(\.message))")
    }
}
