import Foundation
import GRDB
import Testing
import LedgerCore
@testable import LedgerStore

/// `verifyAudit` reads entries and lines on the database's thread and checks them on a second
/// thread, chunk by chunk, once the ledger holds more than one chunk: tampering in any chunk
/// is found and named as it would be by one thread, and the first problem in entry order wins.
@Suite("Invariant 13: verification over many chunks")
struct AuditScanTests {
    /// Entries 1...n of 2 lines each (US01, then DE01 and JP01 in turn), in batches of 3,000.
    static func ledger(entries: Int = 3 * EntryScan.chunkEntries + 100) throws -> TempLedger {
        let ledger = try TempLedger()
        let drafts = (1...entries).map { index in
            sale("s\(index)", entity: Fixture.entityCodes[index % 3], date: String(format: "2026-05-%02d", index % 28 + 1),
                 amountMinor: Int64(index) * 100)
        }
        for start in stride(from: 0, to: drafts.count, by: 3_000) {
            try ledger.store.post(Array(drafts[start..<min(drafts.count, start + 3_000)]), actor: "alice")
        }
        return ledger
    }

    @Test("A ledger of several chunks verifies, counting every entry and line once")
    func manyChunksVerify() throws {
        let ledger = try Self.ledger()
        let verification = try ledger.store.verifyAudit()
        #expect(verification.isIntact, "\(verification.firstProblem ?? "")")
        #expect(verification.entriesChecked == 3 * EntryScan.chunkEntries + 100)
        #expect(verification.linesChecked == 2 * verification.entriesChecked)
    }

    @Test("Tampering in a later chunk is found and named", arguments: [
        ("UPDATE journal_line SET amount = amount + 1, functional_amount = functional_amount + 1 WHERE entry_id = 9000 AND line_no = 1", "journal entry 9000 "),
        ("DELETE FROM journal_line WHERE entry_id = 12001 AND line_no = 1", "journal entry 12001 "),
        ("DELETE FROM journal_line WHERE entry_id = 5000; DELETE FROM journal_entry WHERE id = 5000", "journal entry 5000 sealed by audit event"),
        ("UPDATE journal_entry SET created_by = 'bob' WHERE id = 4500", "entries 3001 to 6000 do not match their seal"),
        ("INSERT INTO journal_line VALUES (99999, 1, '1000', 'USD', 5, 5, NULL, '', '')", "journal line 1 of entry 99999 belongs to no journal entry"),
        ("UPDATE balance SET debit = debit + 1 WHERE entity = 'JP01' AND account = '1000'", "cached balance of JP01 2026-05 account 1000 JPY"),
    ])
    func tamperingInALaterChunk(_ sql: String, _ fragment: String) throws {
        let ledger = try Self.ledger()
        try ledger.forge(sql)
        try ledger.expectDetected(fragment)
    }

    @Test("The first problem in entry order is reported, whichever thread finds it")
    func firstProblemWins() throws {
        let ledger = try Self.ledger()
        // A renumbered line (found while reading) after an edited amount (found while checking).
        try ledger.forge("""
            UPDATE journal_line SET line_no = 7 WHERE entry_id = 11000 AND line_no = 2;
            UPDATE journal_line SET amount = amount + 1, functional_amount = functional_amount + 1 WHERE entry_id = 6000 AND line_no = 1
            """)
        try ledger.expectDetected("journal entry 6000 ")
        let other = try Self.ledger()
        try other.forge("""
            UPDATE journal_line SET line_no = 7 WHERE entry_id = 6000 AND line_no = 2;
            UPDATE journal_line SET amount = amount + 1, functional_amount = functional_amount + 1 WHERE entry_id = 11000 AND line_no = 1
            """)
        try other.expectDetected("journal entry 6000 ")
        try other.expectDetected("its lines are not numbered")
    }
}
