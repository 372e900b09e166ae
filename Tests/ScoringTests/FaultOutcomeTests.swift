import Foundation
import Testing
import CloseEngine
import Governance
import LedgerCore
import LedgerStore
import Simulation
@testable import Scoring

/// What a close committed about injected faults, on runs built by hand with the store's
/// API: each proposal says exactly what the test needs, and each is approved, rejected or
/// left waiting as the test says.
@Suite struct FaultOutcomeTests {
    @Test func anUnrelatedAgentsEvidenceDoesNotMakeAFaultAccepted() throws {
        let hand = try HandRun()
        let transit = try #require(hand.truth.first { $0.kind == "payment-in-transit" })
        let payment = try #require(transit.rows.compactMap(\.journal_entry).first)
        // The agent that should see it says nothing; the flux review's evidence, its finding's
        // evidence and its message all name the payment.
        let bank = Proposal(task: "bank-reconciliation/\(transit.entity)/1000", taskKind: "bank-reconciliation",
                            preparedBy: "agent:bank-reconciliation", summary: "nothing found")
        let flux = Proposal(task: "flux-review/\(transit.entity)", taskKind: "flux-review", preparedBy: "agent:flux-review",
                            summary: "one change", findings: [Finding(id: "flux-review/\(transit.entity)/1000", severity: .warning,
                                                                       message: "1000 fell; largest posting \(payment)",
                                                                       evidence: [Evidence(kind: "entry", id: payment)])],
                            evidence: [Evidence(kind: "entry", id: payment)])
        let outcomes = try hand.close([(bank, .approve), (flux, .approve)])
        let fault = try #require(outcomes.first { $0.id == transit.id })
        #expect(fault.outcome == .missed && fault.tasks.isEmpty && fault.handledBy.isEmpty)
        #expect(outcomes.allSatisfy { $0.outcome == .missed }, "nothing else names a fault either")
    }

    @Test func aFindingOfAnotherAgentIsAcceptedButSaysSo() throws {
        let hand = try HandRun()
        let transit = try #require(hand.truth.first { $0.kind == "payment-in-transit" })
        let payment = try #require(transit.rows.compactMap(\.journal_entry).first)
        let flux = Proposal(task: "flux-review/\(transit.entity)", taskKind: "flux-review", preparedBy: "agent:flux-review", summary: "",
                            findings: [Finding(id: "flux-review/\(transit.entity)/outstanding/\(payment)", severity: .warning, message: "in transit")])
        let fault = try #require(try hand.close([(flux, .approve)]).first { $0.id == transit.id })
        #expect(fault.outcome == .accepted && fault.byHuman == true)
        #expect(fault.expectedAgent == "bank-reconciliation" && fault.handledBy == ["flux-review"] && !fault.byExpectedAgent)
        let text = ScoredCloseSummary.text([fault])
        #expect(text.contains("accepted: \(transit.id) (payment-in-transit, \(transit.entity)); expected agent bank-reconciliation, handled by flux-review instead"), "\(text)")
    }

    /// The manifest's fee entry is posted only when the entity, day, accounts and amounts
    /// agree; the key the agent gives it proves nothing.
    @Test(arguments: [("as expected", FaultOutcome.Outcome.resolved), ("one minor unit more", .missed), ("a day later", .missed)])
    func anExpectedEntryIsResolvedByWhatItPostsNotByItsKey(change: String, outcome: FaultOutcome.Outcome) throws {
        let hand = try HandRun()
        let fee = try #require(hand.truth.first { $0.kind == "unrecorded-bank-fee" })
        let reference = try #require(fee.rows.compactMap(\.bank_reference).first)
        var lines = try fee.expected_entries.map { line in
            let currency = try Currency(line.currency)
            return ProposedLine(account: line.account, currency: line.currency,
                                amount: try Decimal10.parse(line.amount, scale: currency.exponent), reference: reference)
        }
        var date = try CalendarDate(parsing: try #require(fee.expected_entries.first?.date))
        if change == "one minor unit more" { lines[0].amount += 1; lines[1].amount -= 1 }
        if change == "a day later" { date = date.adding(days: 1) }
        let entry = ProposedEntry(entity: fee.entity, date: date.description, description: "Bank charges", key: "unrecorded-fee-\(reference)",
                                  lines: lines, rule: "unrecorded-fee", confidence: 950, explanation: "")
        let bank = Proposal(task: "bank-reconciliation/\(fee.entity)/1000", taskKind: "bank-reconciliation",
                            preparedBy: "agent:bank-reconciliation", summary: "one fee", entries: [entry])
        let result = try #require(try hand.close([(bank, .approve)]).first { $0.id == fee.id })
        #expect(result.outcome == outcome, "\(change)")
        #expect(result.byHuman == (outcome == .resolved ? true : nil))
    }

    @Test func aWaitingProposalRaisesAndARejectedOneMissesNamingItsTask() throws {
        let hand = try HandRun()
        let copies = hand.truth.filter { $0.kind == "duplicate-bank-line" }
        try #require(copies.count == 2)
        func proposal(_ fault: TruthFault) throws -> Proposal {
            let copy = try #require(fault.rows.compactMap(\.bank_reference).first)
            let task = "bank-reconciliation/\(fault.entity)/1000"
            return Proposal(task: task, taskKind: "bank-reconciliation", preparedBy: "agent:bank-reconciliation", summary: "",
                            findings: [Finding(id: "\(task)/bank-only/\(copy)", severity: .warning, message: "on the statement only")])
        }
        let outcomes = try hand.close([(try proposal(copies[0]), .wait), (try proposal(copies[1]), .reject)])
        let waiting = try #require(outcomes.first { $0.id == copies[0].id })
        let rejected = try #require(outcomes.first { $0.id == copies[1].id })
        #expect(waiting.outcome == .raised && waiting.tasks == ["bank-reconciliation/\(copies[0].entity)/1000"] && waiting.byExpectedAgent)
        #expect(rejected.outcome == .missed && rejected.tasks == ["bank-reconciliation/\(copies[1].entity)/1000"])
        #expect(ScoredCloseSummary.text(outcomes).contains("missed: \(copies[1].id) (duplicate-bank-line, \(copies[1].entity)); expected agent bank-reconciliation; rejected in bank-reconciliation/"))
    }

    /// Bank reconciliation under `post-within-limits`: what it fixed is resolved without a
    /// human; what it only raised is posted-without-human, not accepted.
    @Test func aPostWithinLimitsCloseCountsPostedWithoutHuman() throws {
        let policy = PolicyFile.defaultText.replacingOccurrences(
            of: "  cut-off: {approvers", with: "  bank-reconciliation: {autonomy: post-within-limits, post_within: \"1000\"}\n  cut-off: {approvers")
        let close = try ScoredScenario.run(try Generator.generate(try BuiltInScenarios.scenario(named: "demo")), policy: policy)
        #expect(close.outcome == .closed)
        let scored = try ScoredCloseSummary.of(close.run, store: close.store)
        let faults = try #require(scored.faults)
        let bank = faults.filter { $0.expectedAgent == "bank-reconciliation" }
        #expect(bank.count == 10)
        for fault in bank {
            let settled = ["unrecorded-bank-fee", "reference-typo", "multi-invoice-receipt"].contains(fault.kind)
            #expect(fault.outcome == (settled ? .resolved : .postedWithoutHuman) && fault.byHuman == false, "\(fault.id) \(fault.kind)")
        }
        #expect(scored.summary.postedWithoutHuman.count == 8)
        #expect(scored.text().contains("injected faults: 24; resolved 18 (6 posted without a human), accepted 2, posted-without-human 4, raised 0, missed 0"),
                "\(scored.text())")
    }
}

/// A ledger with the demo's books and truth, and a close run whose tasks and proposals a
/// test writes itself.
struct HandRun {
    enum Verdict { case approve, reject, wait }

    let store: LedgerStore
    let truth: [TruthFault]
    static let period = try! PeriodID(parsing: "2026-05")

    init() throws {
        let books = try Generator.generate(try BuiltInScenarios.scenario(named: "demo"))
        store = try LedgerStore.create(at: nil, group: books.scenario.group, clock: .fixed("2026-06-01T09:00:00Z"))
        try ScenarioLoader.load(books, into: store)
        truth = try store.scenarioTruth()?.decodedFaults() ?? []
    }

    /// Stores one task per proposal, decides each as told (bob approves or rejects), posts
    /// what an approval commits under the engine's keys, and judges the faults.
    func close(_ proposals: [(Proposal, Verdict)]) throws -> [FaultOutcome] {
        let policy = try store.storeDefaultPolicy(PolicyFile.defaultText)
        let tasks = proposals.enumerated().map { index, item in
            CloseTaskRecord(task: item.0.task, kind: item.0.taskKind, agent: item.0.taskKind, position: index, dependsOn: [], hours: 1)
        }
        let run = try store.startRun(period: Self.period, template: "built by hand", tasks: tasks, policyVersion: policy,
                                     actor: "system", owner: "test")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for (proposal, verdict) in proposals {
            try store.saveProposal(ProposalRecord(task: proposal.task, version: 1, preparedBy: proposal.preparedBy,
                                                  payload: String(decoding: try encoder.encode(proposal), as: UTF8.self), route: "{}", readyAtHour: 1),
                                   of: run)
            switch verdict {
            case .wait: continue
            case .reject:
                try store.recordDecision(DecisionRecord(task: proposal.task, version: 1, kind: "reject", user: "bob", reason: "no", atHour: 2), of: run)
            case .approve:
                let drafts = try proposal.entries.map { entry in
                    JournalEntryDraft(entity: entry.entity, date: try CalendarDate(parsing: entry.date), description: entry.description,
                                      source: .agent(proposal.taskKind), idempotencyKey: "close-\(Self.period)/\(proposal.task)/v1/\(entry.key)",
                                      lines: try entry.lines.map { EntryLine(account: $0.account, currency: try Currency($0.currency), amountMinor: $0.amount) })
                }
                try store.commitProposal(DecisionRecord(task: proposal.task, version: 1, kind: "approve", user: "bob", reason: "ok", atHour: 2),
                                         of: run, entries: drafts, periodChanges: [])
            }
        }
        return try FaultOutcome.evaluate(truth, run: run, store: store)
    }
}
