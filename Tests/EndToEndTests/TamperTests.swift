import Foundation
import GRDB
import Testing

/// Raw SQL with the triggers dropped stands for an attacker with the file: `close audit verify`
/// must fail and name the place.
@Suite struct TamperTests {
    func tamperedLedger(_ sql: String) throws -> (Scratch, CloseBinary.Result) {
        let scratch = try Scratch()
        try CloseBinary.run(["init", "--db", "ledger.db"], in: scratch.url)
        let file = try scratch.write("may.csv", LedgerCommandsTests.journal)
        let imported = try CloseBinary.run(["journal", "import", "--as", "alice", file, "--db", "ledger.db"], in: scratch.url)
        #expect(imported.status == 0)
        let closed = try CloseBinary.run(["period", "soft-close", "--period", "2026-06", "--entity", "US01", "--as", "bob", "--db", "ledger.db"], in: scratch.url)
        #expect(closed.status == 0)
        let ok = try CloseBinary.run(["audit", "verify", "--db", "ledger.db"], in: scratch.url)
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("3 events, 3 entries, 6 lines checked"))
        let queue = try DatabaseQueue(path: scratch.path("ledger.db"))
        try queue.writeWithoutTransaction { db in
            for trigger in ["journal_entry_posted_no_update", "journal_entry_posted_no_delete", "journal_line_posted_no_update",
                            "journal_line_posted_no_delete", "audit_event_no_update", "audit_event_no_delete"] {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: sql)
        }
        try queue.close()
        return (scratch, try CloseBinary.run(["audit", "verify", "--db", "ledger.db"], in: scratch.url))
    }

    @Test(arguments: [
        ("UPDATE journal_line SET amount = 130000, functional_amount = 130000 WHERE entry_id = 1 AND line_no = 1", "journal entry 1 (US01-2026-000001)"),
        ("DELETE FROM journal_line WHERE entry_id = 2 AND line_no = 2", "journal entry 2 (US01-2026-000002)"),
        ("UPDATE journal_line SET line_no = 9 WHERE entry_id = 3 AND line_no = 1; UPDATE journal_line SET line_no = 1 WHERE entry_id = 3 AND line_no = 2; UPDATE journal_line SET line_no = 2 WHERE entry_id = 3 AND line_no = 9", "journal entry 3 (JP01-2026-000001)"),
        ("DELETE FROM journal_line WHERE entry_id = 3; DELETE FROM journal_entry WHERE id = 3", "journal entry 3 sealed by audit event 2 is missing"),
        ("UPDATE journal_entry SET document_number = 7 WHERE id = 2", "entries 1 to 3 do not match their seal in audit event 2"),
        ("INSERT INTO journal_entry SELECT 4, entity, date, fiscal_year, 9, state, source, description, 'X-1', content_hash, payload_hash, NULL, created_by FROM journal_entry WHERE id = 1", "journal entry 4 (US01-2026-000009)"),
        ("UPDATE balance SET debit = debit + 1 WHERE account = '1100'", "cached balance of US01 2026-05 account 1100"),
        ("UPDATE audit_event SET payload = payload || ' ' WHERE seq = 2", "audit event 2"),
        ("DELETE FROM audit_event WHERE seq = 2", "audit event 2 is missing"),
        ("UPDATE audit_event SET seq = seq + 100 WHERE seq IN (2, 3); UPDATE audit_event SET seq = 2 WHERE seq = 103; UPDATE audit_event SET seq = 3 WHERE seq = 102", "audit event 2"),
        ("UPDATE journal_entry SET description = 'nothing to see' WHERE id = 1", "journal entry 1 (US01-2026-000001)"),
    ])
    func tamperingIsDetected(sql: String, place: String) throws {
        let (_, result) = try tamperedLedger(sql)
        #expect(result.status == 1)
        #expect(result.stderr.contains("audit chain broken"), "\(result.stderr)")
        #expect(result.stderr.contains(place), "\(result.stderr)")
    }
}
