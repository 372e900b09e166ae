import Testing
import LedgerCore
import LedgerStore

/// `post(chunks:)`, the streamed import's path: one transaction over every chunk.
@Suite struct ChunkedPostingTests {
    struct Stop: Error {}

    @Test func chunksPostAsOneBatchSealedByOneEvent() throws {
        let ledger = try TempLedger()
        var chunks = [[sale("a"), sale("b")], [sale("c")]]
        let summary = try ledger.store.post(chunks: { chunks.isEmpty ? nil : chunks.removeFirst() }, actor: "alice", batch: "file.csv")
        #expect(summary.entriesPosted == 3)
        #expect(summary.posted.map(\.document) == ["US01-2026-000001", "US01-2026-000003"], "the first and the last")
        try ledger.expectIntact()
    }

    @Test func anErrorInALaterChunkRollsBackTheEarlierOnes() throws {
        let ledger = try TempLedger()
        let before = try ledger.fingerprint()
        var calls = 0
        #expect(throws: (any Error).self) {
            try ledger.store.post(chunks: {
                calls += 1
                if calls == 2 { throw Stop() }
                return [sale("a"), sale("b")]
            }, actor: "alice", batch: "file.csv")
        }
        #expect(try ledger.fingerprint() == before)
    }

    @Test func anEntryTwiceInOneStreamIsRefusedNotSkippedAsAReplay() throws {
        let ledger = try TempLedger()
        let before = try ledger.fingerprint()
        var chunks = [[sale("a"), sale("b")], [sale("a")]]
        #expect {
            try ledger.store.post(chunks: { chunks.isEmpty ? nil : chunks.removeFirst() }, actor: "alice", batch: "file.csv")
        } throws: { error in
            (error as? LedgerError)?.message.contains("comes twice in this file") == true && (error as? LedgerError)?.entryIndex == 2
        }
        #expect(try ledger.fingerprint() == before)
        // In a later batch, the same entry is a replay, skipped as before.
        try ledger.store.post([sale("a")], actor: "alice")
        #expect(try ledger.store.post([sale("a")], actor: "alice").entriesSkipped == 1)
    }
}
