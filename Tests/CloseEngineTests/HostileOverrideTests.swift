import Foundation
import Testing
import Agents
import Governance
import LedgerCore
import LedgerStore
import Simulation
@testable import CloseEngine

/// Issue 14 (hostile input), the engine's part: an override that cannot be stored writes
/// nothing, and agents' sums over the largest amounts refuse with a message instead of
/// trapping. Each test failed before the fix.
@Suite struct HostileOverrideTests {
    typealias Findings = GovernanceFindingsTests

    /// A waiting accruals proposal with entries, and what the books hold around it.
    static func accruals(_ store: LedgerStore, _ session: CloseSession, _ open: OpenClose) throws -> Proposal {
        try Findings.approve("cut-off", as: "bob", session)
        var nobody = NoDecisions()
        _ = try open.run(decider: &nobody)
        return try #require(try ["DE01", "US01", "GB01", "JP01"].map { try session.show(task: "accruals/\($0)", period: Findings.period).proposal }
            .first { !$0.entries.isEmpty })
    }

    static func state(_ store: LedgerStore, _ run: CloseRunRecord) throws -> [String] {
        [try store.decisions(of: run).map { "\($0.task) v\($0.version) \($0.kind) \($0.user)" },
         try store.proposals(of: run).map { "\($0.task) v\($0.version) \($0.preparedBy)" },
         try store.tasks(of: run).map { "\($0.task) \($0.state.rawValue)" },
         ["audit events \(try store.auditEventCount())"]].flatMap { $0 }
    }

    @Test func anOverrideWhoseAmountsOverflowWritesNoDecisionAndNoAuditEvent() throws {
        let store = try Findings.ledger(try Findings.books())
        let session = CloseSession(store: store)
        let open = try Findings.waitingRun(store)
        defer { open.release() }
        let proposal = try Self.accruals(store, session, open)
        let before = try Self.state(store, open.run)
        var edited = proposal
        // Two debits of Int64.max: their sum in the group currency overflowed only after the
        // decision had been written, leaving a decision.override without its version.
        edited.entries[0].lines = [ProposedLine(account: "6100", currency: proposal.entries[0].lines[0].currency, amount: .max),
                                   ProposedLine(account: "6100", currency: proposal.entries[0].lines[0].currency, amount: .max),
                                   ProposedLine(account: "2100", currency: proposal.entries[0].lines[0].currency, amount: -.max)]
        let error = #expect(throws: LedgerError.self) {
            try session.decide(period: Findings.period, task: proposal.task,
                               choice: .override(user: "bob", reason: "bigger", edited: edited, afterHours: 1))
        }
        #expect(error?.code == .invalidAmount && error?.location?.field == "entries[0].lines[0].amount")
        #expect(try Self.state(store, open.run) == before)
    }

    @Test func anOverrideWithAnEscapeInItsSummaryWritesNothing() throws {
        let store = try Findings.ledger(try Findings.books())
        let session = CloseSession(store: store)
        let open = try Findings.waitingRun(store)
        defer { open.release() }
        let proposal = try Self.accruals(store, session, open)
        let before = try Self.state(store, open.run)
        var edited = proposal
        edited.summary = "all fine\u{1B}[8m"  // "conceal": the entries below it would not show
        let error = #expect(throws: LedgerError.self) {
            try session.decide(period: Findings.period, task: proposal.task,
                               choice: .override(user: "bob", reason: "wording", edited: edited, afterHours: 1))
        }
        #expect(error?.code == .invalidText && error?.location?.field == "summary")
        #expect(try Self.state(store, open.run) == before)
    }
}
