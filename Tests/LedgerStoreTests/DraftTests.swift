import LedgerCore
import LedgerStore
import Testing

/// Journal entries are drafts before they are posted (DESIGN.md §2): a draft has no number,
/// moves no balance, holds its key, and posts through the same checks as any entry.
@Suite("Draft entries")
struct DraftTests {
    @Test("a draft holds its key, moves nothing, and posts with the next document number")
    func draftLifecycle() throws {
        let ledger = try TempLedger()
        try ledger.store.post([sale("s1")], actor: "alice")
        let id = try ledger.store.saveDraft(sale("d1", amountMinor: 2_500), actor: "alice")
        #expect(try ledger.store.drafts().map(\.draft.idempotencyKey) == ["d1"])
        #expect(try ledger.store.trialBalance(entity: "US01", period: period("2026-05")).rows.map(\.balanceMinor) == [100_000, -100_000])
        try ledger.expectIntact()

        // The key is taken: an import of the same key is refused, not skipped.
        try expectRefusal(.idempotencyConflict, in: ledger, "key held by a draft") {
            try ledger.store.post([sale("d1", amountMinor: 2_500)], actor: "alice")
        }

        let posted = try ledger.store.postDraft(id, actor: "bob")
        #expect(posted.document == "US01-2026-000002")
        #expect(try ledger.store.drafts().isEmpty)
        #expect(try ledger.store.trialBalance(entity: "US01", period: period("2026-05")).rows.map(\.balanceMinor) == [102_500, -102_500])
        #expect(try ledger.store.post([sale("d1", amountMinor: 2_500)], actor: "alice").entriesSkipped == 1)
        try ledger.expectIntact()
    }

    @Test("a draft posts only into a period that accepts it, and a discarded draft frees its key")
    func draftPeriodAndDiscard() throws {
        let ledger = try TempLedger()
        let id = try ledger.store.saveDraft(sale("d2"), actor: "alice")
        try ledger.store.setPeriodState(period("2026-05"), to: .softClosed, entity: "US01", actor: "bob")
        try expectRefusal(.periodClosed, in: ledger, "soft-closed period") {
            _ = try ledger.store.postDraft(id, actor: "bob")
        }
        try ledger.store.discardDraft(id, actor: "alice", reason: "not needed")
        #expect(try ledger.store.drafts().isEmpty)
        try expectRefusal(.unknownEntry, in: ledger, "discarded draft") {
            _ = try ledger.store.postDraft(id, actor: "bob")
        }
        _ = try ledger.store.reopenPeriod(period("2026-05"), entity: "US01", actor: "bob", reason: "late entry")
        _ = try ledger.store.reopenPeriod(period("2026-05"), entity: "US01", actor: "carol", reason: "late entry")
        #expect(try ledger.store.post([sale("d2")], actor: "alice").entriesPosted == 1)
        try ledger.expectIntact()
    }

    @Test("a draft that breaks a rule is refused when saved, and the auditor saves none")
    func draftRules() throws {
        let ledger = try TempLedger()
        try expectRefusal(.unbalanced, in: ledger, "unbalanced draft") {
            _ = try ledger.store.saveDraft(entry("bad", [line("1000", 100), line("4000", -90)]), actor: "alice")
        }
        try expectRefusal(.notPermitted, in: ledger, "auditor") {
            _ = try ledger.store.saveDraft(sale("d3"), actor: "dave")
        }
    }
}
