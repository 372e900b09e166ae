import Testing
import LedgerCore
import LedgerStore

/// Batches large enough for the store to prepare entries on several threads, and entries with
/// many lines (one multi-row INSERT each).
@Suite("Large batches and entries")
struct LargeBatchTests {
    @Test("Invariant 12: a large batch posts whole, numbered in batch order")
    func largeBatchPostsInOrder() throws {
        let ledger = try TempLedger()
        try ledger.store.importRates([spot("2026-05-01", .eur, .usd, "1.0845")], actor: "alice")
        var drafts: [JournalEntryDraft] = []
        for index in 0..<600 {
            let amount = Int64(1_000 + index)
            if index % 3 == 0 {
                drafts.append(entry("fx\(index)", date: "2026-05-0\(1 + index % 9)", [line("5000", amount, .eur), line("1000", -amount, .eur)]))
            } else {
                let entity = index % 3 == 1 ? "US01" : "DE01"
                drafts.append(sale("s\(index)", entity: entity, date: "2026-05-\(10 + index % 19)", amountMinor: amount))
            }
        }
        let summary = try ledger.store.post(drafts, actor: "alice")
        #expect(summary.entriesPosted == 600)
        let us = summary.posted.filter { $0.entity == "US01" }.map(\.documentNumber)
        let de = summary.posted.filter { $0.entity == "DE01" }.map(\.documentNumber)
        #expect(us == Array(1...400))
        #expect(de == Array(1...200))
        #expect(try ledger.store.entry("fx3").lines.map(\.functionalMinor) == [1_088, -1_088])   // 10.03 EUR at 1.0845
        try ledger.expectBooksBalance()
        try ledger.expectIntact()
    }

    @Test("Invariant 12: a large batch with bad entries posts nothing and names the first bad entry")
    func largeBatchReportsFirstError() throws {
        let ledger = try TempLedger()
        var drafts = (0..<600).map { sale("s\($0)", date: "2026-05-\(10 + $0 % 19)", amountMinor: Int64(100 + $0)) }
        drafts[590] = entry("bad-late", [line("1000", 1), line("4000", -2)])                 // unbalanced, found by the second worker
        drafts[450] = entry("bad-rate", [line("5000", 1_000, .eur), line("1000", -1_000, .eur)]) // no EUR rate
        drafts[420] = entry("bad-early", [line("1000", 1), line("4999", -1)])                 // unknown account
        let error = try expectRefusal(.unknownAccount, in: ledger) {
            try ledger.store.post(drafts, actor: "alice")
        }
        #expect(error?.entryIndex == 420)
        drafts[420] = sale("fixed")
        let second = try expectRefusal(.missingRate, in: ledger) { try ledger.store.post(drafts, actor: "alice") }
        #expect(second?.entryIndex == 450)
        drafts[10] = sale("s3")   // a key posted twice in the batch with different content: conflict at index 10
        let third = try expectRefusal(.idempotencyConflict, in: ledger) { try ledger.store.post(drafts, actor: "alice") }
        #expect(third?.entryIndex == 10)
        #expect(try ledger.count("journal_entry") == 0)
    }

    @Test("an entry with 4,000 lines posts and verifies")
    func manyLines() throws {
        let ledger = try TempLedger()
        var lines: [EntryLine] = []
        for index in 0..<2_000 {
            lines.append(line("5000", Int64(index + 1), reference: "L\(index)"))
            lines.append(line("1000", -Int64(index + 1)))
        }
        let summary = try ledger.store.post([entry("big", lines)], actor: "alice")
        #expect(summary.linesPosted == 4_000)
        #expect(try ledger.count("journal_line") == 4_000)
        let tb = try ledger.store.trialBalance(entity: "US01", period: period("2026-05"))
        #expect(tb.rows.map(\.balanceMinor) == [-2_001_000, 2_001_000])
        try ledger.expectIntact()
    }

    /// Lines were once inserted with one multi-row INSERT per entry (9 variables per line), which
    /// refused entries beyond SQLITE_MAX_VARIABLE_NUMBER / 9 lines as "too many SQL variables".
    @Test("an entry with 30,000 lines posts")
    func thirtyThousandLines() throws {
        let ledger = try TempLedger()
        var lines: [EntryLine] = []
        for index in 0..<15_000 {
            lines.append(line("5000", Int64(index + 1)))
            lines.append(line("1000", -Int64(index + 1)))
        }
        let summary = try ledger.store.post([entry("huge", lines)], actor: "alice")
        #expect(summary.linesPosted == 30_000)
        #expect(try ledger.count("journal_line") == 30_000)
        try ledger.expectIntact()
    }
}

@Suite("Text fields")
struct TextFieldTests {
    @Test("empty, spaced and non-ASCII texts are stored exactly and verify")
    func textsRoundTrip() throws {
        let ledger = try TempLedger()
        let texts = ["", " ", "Ünïcødé € ¥", "tab\tand  two spaces", "first=1 last=9 digest=x", String(repeating: "long ", count: 400), "日本語"]
        var drafts: [JournalEntryDraft] = []
        for (index, text) in texts.enumerated() {
            drafts.append(JournalEntryDraft(entity: "US01", date: day("2026-05-04"), description: text, source: .manual,
                                            idempotencyKey: "key \(index) \(text)",
                                            lines: [EntryLine(account: "1000", currency: .usd, amountMinor: 100, reference: text, description: text),
                                                    EntryLine(account: "1150", currency: .usd, amountMinor: -100, partner: "DE01", reference: "", description: text)]))
        }
        try ledger.store.post(drafts, actor: "alice", batch: "batch with spaces = and =")
        for (index, text) in texts.enumerated() {
            let posted = try ledger.store.entry("key \(index) \(text)")
            #expect(posted.description == text)
            #expect(posted.lines.map(\.reference) == [text, ""])
            #expect(posted.lines.map(\.description) == [text, text])
            #expect(posted.lines.map(\.partner) == [nil, "DE01"])
        }
        _ = try ledger.store.reverse("key 2 Ünïcødé € ¥", actor: "alice", reason: "reason with first=1 last=2 count=3 digest=ff")
        try ledger.expectIntact()
        // Posting the same texts again is recognised as the same content.
        #expect(try ledger.store.post(drafts, actor: "alice").entriesSkipped == texts.count)
    }
}
