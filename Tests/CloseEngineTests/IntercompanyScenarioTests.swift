import Foundation
import Testing
import Agents
import Governance
import LedgerCore
import LedgerStore
import Simulation
@testable import CloseEngine

/// The intercompany matching agent on generated books: every injected intercompany fault
/// gets its reason code, nothing else differs in transaction currency, and the entries it
/// proposes are the manifest's expected entries.
@Suite struct IntercompanyScenarioTests {
    static let period = try! PeriodID(parsing: "2026-05")

    static func loaded(_ name: String) throws -> (GeneratedBooks, LedgerStore) {
        let books = try Generator.generate(try BuiltInScenarios.scenario(named: name))
        let store = try LedgerStore.create(at: nil, group: books.scenario.group, clock: .fixed("2026-06-01T09:00:00Z"))
        try ScenarioLoader.load(books, into: store)
        return (books, store)
    }

    static let expectedReason: [FaultKind: IntercompanyReasonCode] = [
        .intercompanyOneSided: .missingCounterpart, .intercompanyAmountMismatch: .amountDispute, .intercompanyCutOff: .timing,
    ]

    /// Every pair's proposal, as the close would prepare it.
    static func proposals(_ store: LedgerStore) throws -> [Proposal] {
        let codes = store.group.operatingEntities.map(\.code)
        var proposals: [Proposal] = []
        for (index, first) in codes.enumerated() {
            for second in codes[(index + 1)...] {
                let task = AgentTask(id: "intercompany-matching/\(first)-\(second)", kind: "intercompany-matching", entity: first, partner: second)
                proposals.append(try IntercompanyMatchingAgent().prepare(task, snapshot: StoreSnapshot(store: store), context: AgentContext(
                    period: period, policy: PolicyFile.defaultPolicy(currency: store.group.currency), taskStates: [:], seed: 0, hour: 0)))
            }
        }
        return proposals
    }

    @Test(arguments: ["intercompany-heavy", "fx-shock"])
    func everyIntercompanyFaultGetsItsReasonCode(name: String) throws {
        let (books, store) = try Self.loaded(name)
        let faults = books.faults.filter { Self.expectedReason[$0.kind] != nil }
        #expect(faults.count == (name == "fx-shock" ? 3 : 15))
        let pairs = try IntercompanyReport.build(store: store, period: Self.period)
        let differences = pairs.flatMap(\.differences).filter { $0.reason != IntercompanyReasonCode.fxDifference.rawValue }
        for fault in faults {
            guard case .journalEntry(let issuerKey) = fault.rows.first else { Issue.record("\(fault.id) names no entry"); continue }
            let document = try #require(try store.postedLines(entity: fault.entity, from: Self.period.firstDay, through: Self.period.lastDay)
                .first { $0.entryKey == issuerKey }?.document)
            let found = differences.filter { $0.items.contains { $0.hasPrefix("\(fault.entity) \(document)/") } }
            // A charge is two items (receivable and revenue), so two differences, both with the fault's reason.
            #expect(found.map(\.reason) == Array(repeating: Self.expectedReason[fault.kind]!.rawValue, count: 2), "\(fault.id) \(fault.kind): \(found)")
        }
        // Nothing else differs: every other difference is an fx difference of a matched pair.
        #expect(differences.count == 2 * faults.count, "\(differences.map(\.explanation))")
    }

    @Test(arguments: ["intercompany-heavy", "fx-shock"])
    func theProposedEntriesAreTheManifestsExpectedEntries(name: String) throws {
        let (books, store) = try Self.loaded(name)
        let entries = try Self.proposals(store).flatMap(\.entries)
        for fault in books.faults where fault.kind == .intercompanyOneSided || fault.kind == .intercompanyCutOff {
            let expected = Set(fault.expectedEntries.map { "\($0.entity) \($0.account) \($0.amountMinor) \($0.partner ?? "")" })
            let matching = entries.filter { entry in
                Set(entry.lines.map { "\(entry.entity) \($0.account) \($0.amount) \($0.partner ?? "")" }) == expected
            }
            #expect(matching.count == 1, "\(fault.id) \(fault.kind): \(fault.expected)")
            if fault.kind == .intercompanyCutOff {
                #expect(matching.first?.reverseOn == "2026-06-01" && matching.first?.date == "2026-05-31")
            }
        }
        // Amount disputes propose nothing: a human decides which side is right.
        let proposed = books.faults.filter { $0.kind == .intercompanyOneSided || $0.kind == .intercompanyCutOff }.count
        #expect(entries.count == proposed)
    }

    @Test func theProposalIsTheSameBytesTwice() throws {
        let (_, store) = try Self.loaded("fx-shock")
        #expect(try Self.proposals(store).map(ProposalCodec.encode) == (try Self.proposals(store).map(ProposalCodec.encode)))
    }

    @Test func afterTheDemoCloseOnlyDisputesAndFxDifferencesRemain() throws {
        let store = try CloseRunnerTests.demoLedger()
        let runner = CloseRunner(store: store, period: Self.period)
        let run = try runner.prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
        var decider = ScriptedDecisions(try CloseRunnerTests.script())
        #expect(try runner.run(run, decider: &decider) == .closed)
        let remaining = Set(try IntercompanyReport.build(store: store, period: Self.period).flatMap(\.differences).map(\.reason))
        #expect(remaining == ["amount-dispute", "fx-difference"])
        // The accruals of cut-off differences were posted by the agent's approved proposals.
        let accruals = try store.group.operatingEntities.flatMap { entity in
            try store.postedLines(entity: entity.code, from: Self.period.firstDay, through: Self.period.lastDay)
                .filter { $0.source == "agent:intercompany-matching" && $0.entryDescription.hasPrefix("Accrual of") }
        }
        #expect(accruals.count == 4)   // the demo's two cut-off faults, two lines each
    }
}
