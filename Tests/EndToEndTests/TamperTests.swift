import Foundation
import GRDB
import Testing

/// Raw SQL with the triggers dropped stands for an attacker with the file: `close audit verify`
/// must fail and name the place.
@Suite struct TamperTests {
    /// Events: 1 ledger.created, 2 rows.sealed (the group), 3 entries.posted (the journal),
    /// 4 period.soft-closed, 5 rows.sealed (the period).
    func sealedLedger() throws -> Scratch {
        let scratch = try Scratch()
        try CloseBinary.run(["init", "--db", "ledger.db"], in: scratch.url)
        let file = try scratch.write("may.csv", LedgerCommandsTests.journal)
        let imported = try CloseBinary.run(["journal", "import", "--as", "alice", file, "--db", "ledger.db"], in: scratch.url)
        #expect(imported.status == 0)
        let closed = try CloseBinary.run(["period", "soft-close", "--period", "2026-06", "--entity", "US01", "--as", "bob", "--db", "ledger.db"], in: scratch.url)
        #expect(closed.status == 0)
        let ok = try CloseBinary.run(["audit", "verify", "--db", "ledger.db"], in: scratch.url)
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("audit chain verified: 5 events, 3 entries, 6 lines, "), "\(ok.stdout)")
        return scratch
    }

    /// Runs `sql` on the file with every trigger dropped and foreign keys off.
    func forge(_ sql: String, in scratch: Scratch, file: String = "ledger.db") throws {
        let queue = try DatabaseQueue(path: scratch.path(file))
        try queue.writeWithoutTransaction { db in
            for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'") {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: sql)
        }
        try queue.close()
    }

    @Test(arguments: [
        ("UPDATE journal_line SET amount = 130000, functional_amount = 130000 WHERE entry_id = 1 AND line_no = 1", "journal entry 1 (US01-2026-000001)"),
        ("DELETE FROM journal_line WHERE entry_id = 2 AND line_no = 2", "journal entry 2 (US01-2026-000002)"),
        ("UPDATE journal_line SET line_no = 9 WHERE entry_id = 3 AND line_no = 1; UPDATE journal_line SET line_no = 1 WHERE entry_id = 3 AND line_no = 2; UPDATE journal_line SET line_no = 2 WHERE entry_id = 3 AND line_no = 9", "journal entry 3 (JP01-2026-000001)"),
        ("DELETE FROM journal_line WHERE entry_id = 3; DELETE FROM journal_entry WHERE id = 3", "journal entry 3 sealed by audit event 3 is missing"),
        ("UPDATE journal_entry SET document_number = 7 WHERE id = 2", "entries 1 to 3 do not match their seal in audit event 3"),
        ("INSERT INTO journal_entry SELECT 4, entity, date, fiscal_year, 9, state, source, description, 'X-1', content_hash, payload_hash, NULL, created_by FROM journal_entry WHERE id = 1", "journal entry 4 (US01-2026-000009)"),
        ("UPDATE balance SET debit = debit + 1 WHERE account = '1100'", "cached balance of US01 2026-05 account 1100"),
        ("UPDATE audit_event SET payload = payload || ' ' WHERE seq = 2", "audit event 2"),
        ("DELETE FROM audit_event WHERE seq = 2", "audit event 2 is missing"),
        ("UPDATE audit_event SET seq = seq + 100 WHERE seq IN (2, 3); UPDATE audit_event SET seq = 2 WHERE seq = 103; UPDATE audit_event SET seq = 3 WHERE seq = 102", "audit event 2"),
        ("UPDATE journal_entry SET description = 'nothing to see' WHERE id = 1", "journal entry 1 (US01-2026-000001)"),
        // Rows sealed by `rows.sealed` events (issue 13).
        ("UPDATE app_user SET role = 'cfo' WHERE name = 'alice'", "app_user alice does not match its seal in audit event 2: it was edited"),
        ("INSERT INTO app_user VALUES ('mallory', 'Mallory', 'cfo')", "app_user mallory has no seal: it was inserted outside the ledger"),
        ("DELETE FROM bank_account WHERE entity = 'DE01'", "bank_account DE"),
        ("UPDATE account SET is_closed = 1 WHERE code = '4000'", "account 4000 does not match its seal in audit event 2"),
        ("UPDATE period SET state = 'open'", "period US01/2026-06 is open"),
        ("INSERT INTO fx_rate VALUES ('2026-05-01', 'EUR', 'USD', 'spot', '9.99')", "fx_rate (from_currency EUR, to_currency USD, type spot, date 2026-05-01) has no seal"),
        ("DELETE FROM row_seal WHERE tbl = 'account'", "the row seals of audit event 2 do not match its digest"),
        ("UPDATE row_seal SET hash = NULL WHERE tbl = 'period'", "the row seals of audit event 5 do not match its digest"),
    ])
    func tamperingIsDetected(sql: String, place: String) throws {
        let scratch = try sealedLedger()
        try forge(sql, in: scratch)
        let result = try CloseBinary.run(["audit", "verify", "--db", "ledger.db"], in: scratch.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("audit chain broken"), "\(result.stderr)")
        #expect(result.stderr.contains(place), "\(result.stderr)")
    }

    @Test func aDecisionRewrittenAfterTheCloseFailsVerification() throws {
        let scratch = try Scratch()
        #expect(try CloseBinary.run(["demo"], in: scratch.url).status == 0)
        let queue = try DatabaseQueue(path: scratch.path("close-demo.db"))
        let approver = try queue.read { db in try String.fetchOne(db, sql: "SELECT user FROM decision WHERE id = 1") }
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER decision_no_update")
            try db.execute(sql: "UPDATE decision SET user = ? WHERE id = 1", arguments: [approver == "alice" ? "carol" : "alice"])
        }
        try queue.close()
        let result = try CloseBinary.run(["audit", "verify", "--db", "close-demo.db"], in: scratch.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("decision 1 (run 1, task "), "\(result.stderr)")
        #expect(result.stderr.contains("does not match its seal in audit event"), "\(result.stderr)")
        // Finding 1: the close summary, the close's proof, refuses to show the forged approver.
        let summary = try CloseBinary.run(["report", "close-summary", "--period", "2026-05", "--db", "close-demo.db"], in: scratch.url)
        #expect(summary.status == 1, "\(summary.stdout)")
        #expect(summary.stderr.contains("does not match its seal"), "\(summary.stderr)")
    }

    /// Finding 1 before anyone runs `audit verify`: an approval is refused when the proposal it
    /// would commit was edited outside the ledger.
    @Test func anApprovalOfAnEditedProposalIsRefusedWhenItIsUsed() throws {
        let scratch = try Scratch()
        #expect(try CloseBinary.run(["scenario", "load", "demo", "--db", "run.db"], in: scratch.url).status == 0)
        #expect(try CloseBinary.run(["run", "--as", "bob", "--period", "2026-05", "--db", "run.db"], in: scratch.url).status == 3)
        let queue = try DatabaseQueue(path: scratch.path("run.db"))
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER proposal_no_update")
            try db.execute(sql: "UPDATE proposal SET payload = replace(payload, 'Soft-close', 'Close') WHERE task = 'cut-off'")
        }
        try queue.close()
        let before = try scratch.fingerprint("run.db")
        let approve = try CloseBinary.run(["approve", "cut-off", "--period", "2026-05", "--as", "bob", "--db", "run.db"], in: scratch.url)
        #expect(approve.status == 1)
        #expect(approve.stderr.contains("proposal") && approve.stderr.contains("does not match its seal"), "\(approve.stderr)")
        #expect(try scratch.fingerprint("run.db") == before)
    }

    @Test func aRoleEditedOutsideTheLedgerRefusesEveryWriteButNotReads() throws {
        let scratch = try sealedLedger()
        try forge("UPDATE app_user SET role = 'cfo' WHERE name = 'alice'", in: scratch)
        let before = try scratch.fingerprint("ledger.db")
        let write = try CloseBinary.run(["period", "soft-close", "--period", "2026-05", "--as", "alice", "--db", "ledger.db"], in: scratch.url)
        #expect(write.status == 1)
        #expect(write.stderr.contains("app_user alice does not match its seal"), "\(write.stderr)")
        let other = try CloseBinary.run(["period", "soft-close", "--period", "2026-05", "--as", "bob", "--db", "ledger.db"], in: scratch.url)
        #expect(other.status == 1)
        #expect(try scratch.fingerprint("ledger.db") == before)
        let read = try CloseBinary.run(["report", "trial-balance", "--period", "2026-05", "--entity", "US01", "--db", "ledger.db"], in: scratch.url)
        #expect(read.status == 0, "\(read.stderr)")
    }

    @Test func aRecordedHeadRevealsEventsCutFromTheEnd() throws {
        let scratch = try sealedLedger()
        let head = try CloseBinary.run(["audit", "head", "--db", "ledger.db"], in: scratch.url)
        #expect(head.status == 0)
        let words = head.stdout.split(whereSeparator: \.isWhitespace)
        #expect(words.count == 4 && words[0] == "head" && words[2] == "seq" && words[3] == "5", "\(head.stdout)")
        let hash = String(words[1])
        let same = try CloseBinary.run(["audit", "verify", "--head", hash, "--db", "ledger.db"], in: scratch.url)
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.stdout.contains("the given head is event 5; 0 events follow it"), "\(same.stdout)")

        // The soft-close cut away whole: its two events, its seal and its period row.
        try forge("DELETE FROM row_seal WHERE seq = 5; DELETE FROM audit_event WHERE seq >= 4; DELETE FROM period", in: scratch)
        #expect(try CloseBinary.run(["audit", "verify", "--db", "ledger.db"], in: scratch.url).status == 0,
                "a chain cut at its end still links: only the recorded head shows it")
        let cut = try CloseBinary.run(["audit", "verify", "--head", hash, "--db", "ledger.db"], in: scratch.url)
        #expect(cut.status == 1)
        #expect(cut.stderr.contains("events were cut from the end of the chain"), "\(cut.stderr)")
        let malformed = try CloseBinary.run(["audit", "verify", "--head", "abc", "--db", "ledger.db"], in: scratch.url)
        #expect(malformed.status == 64)
    }
}
