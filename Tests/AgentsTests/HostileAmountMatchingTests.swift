import Testing
import LedgerCore
@testable import Agents

/// Issue 14: the largest amounts a store of an older ledger may still hold reach the matcher;
/// its comparisons are in 128 bits, so they match or not, and never trap. Each test trapped
/// ("arithmetic overflow", MatchState.swift:254) before the fix.
@Suite struct HostileAmountMatchingTests {
    typealias M = MatchingEngineTests

    @Test func aBankLineOfInt64MaxDoesNotTrapTheToleranceRule() {
        // The same reference, amounts far apart: the tolerance rule multiplied Int64.max by 10.
        let result = MatchingEngine().match(bank: [M.bank(.max, "INV-1001")], ledger: [M.ledger(.max - 1, "INV-1001")])
        #expect(result.matches.map(\.rule) == ["amount-tolerance"])
        let apart = MatchingEngine().match(bank: [M.bank(.max, "INV-1001")], ledger: [M.ledger(1, "INV-1001")])
        #expect(apart.matches.isEmpty)
        let negative = MatchingEngine().match(bank: [M.bank(.min + 1, "INV-1001")], ledger: [M.ledger(-1, "INV-1001")])
        #expect(negative.matches.isEmpty)
    }

    @Test func ledgerLinesWhoseSumPasses64BitsNeverMatchABatch() {
        let result = MatchingEngine().match(bank: [M.bank(5, "PAY INV-000001 INV-000002")],
                                            ledger: [M.ledger(.max, "INV-000001", key: "E1"), M.ledger(.max, "INV-000002", key: "E2")])
        #expect(!result.matches.contains { $0.rule == "batch-references" })
    }
}
