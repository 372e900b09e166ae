import Foundation
import Testing
import Agents
import Governance
import LedgerCore
import LedgerStore
@testable import CloseEngine

/// The revaluation inside a close: approved on the demo month with balanced entries that
/// match an independent recomputation, and reversed once, on the first day of the next
/// period, when that period's close starts.
@Suite struct FXRevaluationCloseTests {
    static let may = CloseRunnerTests.period
    static let june = try! PeriodID(parsing: "2026-06")

    /// The demo month closed by the demo decisions file.
    static func closedMay() throws -> LedgerStore {
        let store = try CloseRunnerTests.demoLedger()
        let runner = CloseRunner(store: store, period: may)
        let run = try runner.prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
        var decider = ScriptedDecisions(try CloseRunnerTests.script())
        #expect(try runner.run(run, decider: &decider) == .closed)
        return store
    }

    /// The idempotency keys of the revaluation entries the May close posted.
    static func revaluationKeys(_ store: LedgerStore) throws -> [String] {
        let run = try #require(try store.closeRun(period: may))
        return try store.proposals(of: run).filter { $0.task.hasPrefix("fx-revaluation/") }.flatMap { record in
            try ProposalCodec.drafts(try ProposalCodec.decode(record.payload), period: may).map(\.idempotencyKey)
        }
    }

    /// The idempotency keys of every entry the May close posted flagged to reverse: the
    /// revaluation's, and the intercompany matching's cut-off accruals.
    static func scheduledKeys(_ store: LedgerStore) throws -> [String] {
        let run = try #require(try store.closeRun(period: may))
        let done = Set(try store.tasks(of: run).filter { $0.state == .done }.map(\.task))
        let latest = Dictionary(try store.proposals(of: run).map { ($0.task, $0) }, uniquingKeysWith: { $0.version > $1.version ? $0 : $1 })
        return try latest.values.filter { done.contains($0.task) }.sorted { $0.task < $1.task }.flatMap { record in
            let proposal = try ProposalCodec.decode(record.payload)
            return zip(proposal.entries, try ProposalCodec.drafts(proposal, period: may)).filter { $0.0.reverseOn != nil }.map(\.1.idempotencyKey)
        }
    }

    @Test func theDemoRevaluationIsApprovedAndItsEntriesBalanceAndAddUp() throws {
        let store = try Self.closedMay()
        let run = try #require(try store.closeRun(period: Self.may))
        #expect(try store.tasks(of: run).filter { $0.kind == "fx-revaluation" }.map { "\($0.task) \($0.state.rawValue)" }
            == ["US01", "DE01", "GB01", "JP01"].map { "fx-revaluation/\($0) done" })
        #expect(try Self.revaluationKeys(store).count > 4)

        for entity in store.group.operatingEntities {
            let posted = try store.postedLines(entity: entity.code, from: Self.may.firstDay, through: Self.may.lastDay)
                .filter { $0.source == "agent:fx-revaluation" }
            for lines in Dictionary(grouping: posted, by: \.entryID).values {
                #expect(lines.reduce(0) { $0 + $1.amountMinor } == 0 && lines.reduce(0) { $0 + $1.functionalMinor } == 0)
                #expect(lines.allSatisfy { $0.currency == entity.currency && $0.amountMinor == $0.functionalMinor && $0.amountMinor != 0 })
            }
            // Recomputed independently: on each non-intercompany monetary account, the revaluation
            // lines add up to closing rate x foreign balance - booked, over its foreign currencies.
            for account in store.group.accounts where account.isMonetary && !account.isIntercompany {
                var expected: Int64 = 0
                for balance in try store.currencyBalances(entity: entity.code, period: Self.may)
                where balance.account == account.code && balance.currency != entity.currency {
                    let rate = try #require(try store.rate(from: balance.currency, to: entity.currency, type: .closing, period: Self.may))
                    expected += try rate.convert(balance.amountMinor, from: balance.currency, to: entity.currency) - balance.functionalMinor
                }
                let booked = posted.filter { $0.account == account.code }.reduce(0) { $0 + $1.amountMinor }
                #expect(booked == expected, "\(entity.code)/\(account.code)")
            }
        }
        #expect(try store.verifyAudit().isIntact)
    }

    @Test func startingTheNextCloseReversesTheRevaluationOnItsFirstDayExactlyOnce() throws {
        let store = try Self.closedMay()
        let keys = try Self.scheduledKeys(store)
        #expect(Set(try Self.revaluationKeys(store)).isSubset(of: keys))
        let firstOfJune = Self.june.firstDay
        // As if a start had crashed after its first reversal: that one exists already.
        let first = try store.entry(keys[0])
        _ = try store.reverse(String(first.ref.id), actor: "bob", reason: "interrupted start", date: firstOfJune)

        var events: [CloseEvent] = []
        let runner = CloseRunner(store: store, period: Self.june, events: { events.append($0) })
        _ = try runner.prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
        #expect(events.map(\.event) == ["entries.reversed", "run.started"])
        #expect(events.first?.message.hasPrefix("\(keys.count - 1) scheduled reversal(s)") == true)

        for key in keys {
            let original = try store.entry(key)
            let reversal = try store.entry(String(try #require(original.reversedBy, "\(key) not reversed")))
            #expect(reversal.date == firstOfJune && reversal.reverses == original.ref.id && reversal.source == "reversal")
            #expect(reversal.lines == original.lines.map { line in
                var mirrored = line
                mirrored.amountMinor = -line.amountMinor
                mirrored.functionalMinor = -line.functionalMinor
                return mirrored
            })
        }
        #expect(try runner.scheduledReversals().count == keys.count)

        // Started again, and the month after: nothing more is reversed.
        let audit = try store.verifyAudit()
        events = []
        _ = try runner.prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
        #expect(try ScheduledReversals(store: store, period: Self.june).post(actor: "system").isEmpty)
        var julyEvents: [CloseEvent] = []
        _ = try CloseRunner(store: store, period: Self.june.next, events: { julyEvents.append($0) })
            .prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
        #expect(events.isEmpty && julyEvents.map(\.event) == ["run.started"])
        let after = try store.verifyAudit()
        #expect(after.isIntact && after.entriesChecked == audit.entriesChecked)
    }

    @Test func aReversalDayInAClosedPeriodMovesToTheFirstDayOfTheClose() throws {
        let store = try Self.closedMay()
        // June was closed without a close run (no revaluation reversal in it): July's start reverses on 1 July.
        try store.setPeriodState(Self.june, to: .softClosed, entity: nil, actor: "bob")
        try store.setPeriodState(Self.june, to: .closed, entity: nil, actor: "bob")
        let july = Self.june.next
        _ = try CloseRunner(store: store, period: july).prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
        for key in try Self.revaluationKeys(store) {
            let original = try store.entry(key)
            #expect(try store.entry(String(try #require(original.reversedBy))).date == july.firstDay)
        }
    }
}
