import Foundation
import GRDB
import Testing
import LedgerCore
@testable import LedgerStore

/// Every row that decides or feeds the books is sealed in the audit chain (issue 13): an edit,
/// deletion, insertion or reordering of such a row outside the ledger fails `verifyAudit`,
/// which names the table, the row and the sealing event. The tamperer drops every trigger of
/// the file and turns foreign keys and CHECKs off first, as anyone with the file can.
@Suite("Row seals: every row that decides or feeds the books")
struct RowSealTests {
    /// One tampering of a sealed table and what the verification must name.
    struct Tampering: CustomTestStringConvertible, Sendable {
        var table: String
        var kind: String
        var sql: String
        var names: String
        var testDescription: String { "\(table): \(kind)" }
    }

    static let tamperings: [Tampering] = [
        Tampering(table: "ledger_group", kind: "edit", sql: "UPDATE ledger_group SET fiscal_year_start_month = 4", names: "ledger_group 1 does not match"),
        Tampering(table: "ledger_group", kind: "delete", sql: "DELETE FROM ledger_group", names: "ledger_group 1 sealed by audit event 2 is missing"),
        Tampering(table: "ledger_group", kind: "insert", sql: "INSERT INTO ledger_group VALUES (2, 'Other', 'EUR', 1)", names: "ledger_group 2 has no seal"),
        Tampering(table: "currency", kind: "edit", sql: "UPDATE currency SET exponent = 3 WHERE code = 'USD'", names: "currency USD does not match"),
        Tampering(table: "currency", kind: "delete", sql: "DELETE FROM currency WHERE code = 'GBP'", names: "currency GBP sealed by"),
        Tampering(table: "currency", kind: "insert", sql: "INSERT INTO currency VALUES ('ZZZ', 2)", names: "currency ZZZ has no seal"),
        Tampering(table: "entity", kind: "edit", sql: "UPDATE entity SET currency = 'EUR' WHERE code = 'US01'", names: "entity US01 does not match"),
        Tampering(table: "entity", kind: "delete", sql: "DELETE FROM entity WHERE code = 'JP01'", names: "entity JP01 sealed by"),
        Tampering(table: "entity", kind: "insert", sql: "INSERT INTO entity (code, name, currency, country) VALUES ('XX01', 'Ghost', 'USD', 'US')", names: "entity XX01 has no seal"),
        Tampering(table: "entity", kind: "reorder", sql: """
            UPDATE entity SET code = 'TMP' WHERE code = 'DE01'; UPDATE entity SET code = 'DE01' WHERE code = 'JP01';
            UPDATE entity SET code = 'JP01' WHERE code = 'TMP'
            """, names: "entity DE01 does not match"),
        Tampering(table: "account", kind: "edit", sql: "UPDATE account SET is_closed = 0 WHERE code = '5999'", names: "account 5999 does not match"),
        Tampering(table: "account", kind: "delete", sql: "DELETE FROM account WHERE code = '5999'", names: "account 5999 sealed by"),
        Tampering(table: "account", kind: "insert", sql: "INSERT INTO account VALUES ('9999', 'Slush', 'expense', 0, 0, 0, 0)", names: "account 9999 has no seal"),
        Tampering(table: "app_user", kind: "edit", sql: "UPDATE app_user SET role = 'cfo' WHERE name = 'alice'", names: "app_user alice does not match"),
        Tampering(table: "app_user", kind: "delete", sql: "DELETE FROM app_user WHERE name = 'dave'", names: "app_user dave sealed by"),
        Tampering(table: "app_user", kind: "insert", sql: "INSERT INTO app_user VALUES ('mallory', 'Mallory', 'cfo')", names: "app_user mallory has no seal"),
        Tampering(table: "app_user", kind: "reorder", sql: """
            UPDATE app_user SET name = 'tmp' WHERE name = 'alice'; UPDATE app_user SET name = 'alice' WHERE name = 'carol';
            UPDATE app_user SET name = 'carol' WHERE name = 'tmp'
            """, names: "app_user alice does not match"),
        Tampering(table: "bank_account", kind: "edit", sql: "UPDATE bank_account SET account = '1100' WHERE entity = 'US01'", names: "bank_account US00BANK0000000001 does not match"),
        Tampering(table: "bank_account", kind: "delete", sql: "DELETE FROM bank_account WHERE entity = 'DE01'", names: "bank_account DE00BANK0000000002 sealed by"),
        Tampering(table: "bank_account", kind: "insert", sql: "INSERT INTO bank_account VALUES ('JP00BANK3', 'JP01', '1000', NULL, 'JPY')", names: "bank_account JP00BANK3 has no seal"),
        Tampering(table: "recurring_accrual", kind: "edit", sql: "UPDATE recurring_accrual SET amount = 5", names: "recurring_accrual 1 does not match"),
        Tampering(table: "recurring_accrual", kind: "delete", sql: "DELETE FROM recurring_accrual", names: "recurring_accrual 1 sealed by"),
        Tampering(table: "recurring_accrual", kind: "insert", sql: "INSERT INTO recurring_accrual VALUES (2, 'DE01', '5000', 'EUR', 900, 'Lease', 'Lease')", names: "recurring_accrual 2 has no seal"),
        Tampering(table: "policy_version", kind: "edit", sql: "UPDATE policy_version SET text = 'approvals: anyone'", names: "policy_version 1 does not match"),
        Tampering(table: "policy_version", kind: "delete", sql: "DELETE FROM policy_version", names: "policy_version 1 sealed by"),
        Tampering(table: "policy_version", kind: "insert", sql: "INSERT INTO policy_version SELECT 3, 'approvals: anyone', hash, 'carol', 'r' FROM policy_version WHERE version = 1", names: "policy_version 3 has no seal"),
        Tampering(table: "close_run", kind: "edit", sql: "UPDATE close_run SET state = 'closed'", names: "close_run 1 does not match"),
        Tampering(table: "close_run", kind: "delete", sql: "DELETE FROM close_run", names: "close_run 1 sealed by"),
        Tampering(table: "close_run", kind: "insert", sql: "INSERT INTO close_run VALUES (2, '2026-06', 't', 1, 'closed', 'bob', NULL)", names: "close_run 2 has no seal"),
        Tampering(table: "close_task", kind: "edit", sql: "UPDATE close_task SET agent = 'agent:forged' WHERE task = 'accruals/US01'", names: "close_task (run 1, task accruals/US01) does not match"),
        Tampering(table: "close_task", kind: "delete", sql: "DELETE FROM close_task WHERE task = 'flux-review/US01'", names: "close_task (run 1, task flux-review/US01) sealed by"),
        Tampering(table: "close_task", kind: "insert", sql: "INSERT INTO close_task VALUES (1, 'lock', 'lock', 'agent:lock', 3, '', 0, 'done', 9)", names: "close_task (run 1, task lock) has no seal"),
        Tampering(table: "close_task", kind: "reorder", sql: """
            UPDATE close_task SET position = 9 WHERE position = 1; UPDATE close_task SET position = 1 WHERE position = 2;
            UPDATE close_task SET position = 2 WHERE position = 9
            """, names: "close_task (run 1, task accruals/US01) does not match"),
        Tampering(table: "proposal", kind: "edit", sql: #"UPDATE proposal SET payload = '{"entries":[1]}' WHERE task = 'accruals/US01'"#, names: "proposal (run 1, task accruals/US01, version 1) does not match"),
        Tampering(table: "proposal", kind: "delete", sql: "DELETE FROM proposal WHERE task = 'flux-review/US01'", names: "proposal (run 1, task flux-review/US01, version 1) sealed by"),
        Tampering(table: "proposal", kind: "insert", sql: "INSERT INTO proposal SELECT run, task, 2, prepared_by, payload, hash, route, ready_at_hour FROM proposal WHERE task = 'accruals/US01'", names: "proposal (run 1, task accruals/US01, version 2) has no seal"),
        Tampering(table: "decision", kind: "edit", sql: "UPDATE decision SET user = 'alice' WHERE id = 2", names: "decision 2 (run 1, task accruals/US01) does not match its seal in audit event"),
        Tampering(table: "decision", kind: "delete", sql: "DELETE FROM decision WHERE id = 1", names: "decision 1 sealed by"),
        Tampering(table: "decision", kind: "insert", sql: "INSERT INTO decision VALUES (4, 1, 'flux-review/US01', 1, 'approve', 'bob', 'ok', 6)", names: "decision 4 (run 1, task flux-review/US01) has no seal"),
        Tampering(table: "decision", kind: "reorder", sql: "UPDATE decision SET id = 9 WHERE id = 1; UPDATE decision SET id = 1 WHERE id = 2; UPDATE decision SET id = 2 WHERE id = 9",
                  names: "decision 1 (run 1, task accruals/US01) does not match"),
        Tampering(table: "period", kind: "edit", sql: "UPDATE period SET state = 'closed' WHERE entity = 'US01'", names: "period US01/2026-04 is closed"),
        Tampering(table: "period", kind: "delete", sql: "DELETE FROM period WHERE entity = 'US01'", names: "period US01/2026-04 is open"),
        Tampering(table: "period", kind: "insert", sql: "INSERT INTO period VALUES ('JP01', '2026-05', 'closed')", names: "period JP01/2026-05 is closed"),
        Tampering(table: "reopen_request", kind: "edit", sql: "UPDATE reopen_request SET requested_by = 'carol'", names: "reopen_request (entity DE01, period 2026-03) does not match"),
        Tampering(table: "reopen_request", kind: "delete", sql: "DELETE FROM reopen_request", names: "reopen_request (entity DE01, period 2026-03) sealed by"),
        Tampering(table: "reopen_request", kind: "insert", sql: "INSERT INTO reopen_request VALUES ('US01', '2026-04', 'carol', 'forged')", names: "reopen_request (entity US01, period 2026-04) has no seal"),
        Tampering(table: "bank_statement", kind: "edit", sql: "UPDATE bank_statement SET closing = closing + 1 WHERE id = 1", names: "bank_statement 1 (iban US00BANK0000000001, statement_id ST-1) does not match"),
        Tampering(table: "bank_statement", kind: "delete", sql: "DELETE FROM bank_line WHERE statement = 2; DELETE FROM bank_statement WHERE id = 2", names: "bank_statement 2 sealed by"),
        Tampering(table: "bank_statement", kind: "delete, lines kept", sql: "DELETE FROM bank_statement WHERE id = 1", names: "bank_statement 1 sealed by"),
        Tampering(table: "bank_statement", kind: "insert", sql: "INSERT INTO bank_statement SELECT 3, iban, 'ST-3', entity, account, currency, opening_date, opening, closing_date, closing, content_hash, source, imported_by FROM bank_statement WHERE id = 1", names: "bank_statement 3 (iban US00BANK0000000001, statement_id ST-3) has no seal"),
        Tampering(table: "bank_line", kind: "edit", sql: "UPDATE bank_line SET counterparty = 'Mallory' WHERE statement = 1 AND line_no = 2", names: "bank_statement 1 (iban US00BANK0000000001, statement_id ST-1) does not match"),
        Tampering(table: "bank_line", kind: "delete", sql: "DELETE FROM bank_line WHERE statement = 2 AND line_no = 2", names: "bank_statement 2 (iban DE00BANK0000000002, statement_id ST-2) does not match"),
        Tampering(table: "bank_line", kind: "insert", sql: "INSERT INTO bank_line VALUES (1, 4, '2026-05-20', '2026-05-20', 1, 'r', 'b', 'c', 'd', 'transfer')", names: "bank_statement 1 (iban US00BANK0000000001, statement_id ST-1) does not match"),
        Tampering(table: "bank_line", kind: "insert without a statement", sql: "INSERT INTO bank_line VALUES (7, 1, '2026-05-20', '2026-05-20', 1, 'r', 'b', 'c', 'd', 'transfer')", names: "bank_line (statement 7, line_no 1) belongs to no bank_statement"),
        Tampering(table: "bank_line", kind: "reorder", sql: """
            UPDATE bank_line SET line_no = 9 WHERE statement = 1 AND line_no = 1; UPDATE bank_line SET line_no = 1 WHERE statement = 1 AND line_no = 2;
            UPDATE bank_line SET line_no = 2 WHERE statement = 1 AND line_no = 9
            """, names: "bank_statement 1 (iban US00BANK0000000001, statement_id ST-1) does not match"),
        Tampering(table: "goods_receipt", kind: "edit", sql: "UPDATE goods_receipt SET invoice = 'INV-1' WHERE receipt_id = 'GR-1'", names: "goods_receipt GR-1 does not match"),
        Tampering(table: "goods_receipt", kind: "delete", sql: "DELETE FROM goods_receipt WHERE receipt_id = 'GR-2'", names: "goods_receipt GR-2 sealed by"),
        Tampering(table: "goods_receipt", kind: "insert", sql: "INSERT INTO goods_receipt SELECT 'GR-3', entity, supplier, date, currency, amount, account, description, NULL, imported_at, source, imported_by FROM goods_receipt WHERE receipt_id = 'GR-1'", names: "goods_receipt GR-3 has no seal"),
        Tampering(table: "fx_rate", kind: "edit", sql: "UPDATE fx_rate SET rate = '1.2' WHERE date = '2026-05-01'", names: "fx_rate (from_currency EUR, to_currency USD, type spot, date 2026-05-01) does not match"),
        Tampering(table: "fx_rate", kind: "delete", sql: "DELETE FROM fx_rate WHERE date = '2026-05-04'", names: "fx_rate (from_currency EUR, to_currency USD, type spot, date 2026-05-04) sealed by"),
        Tampering(table: "fx_rate", kind: "insert", sql: "INSERT INTO fx_rate VALUES ('2026-05-02', 'EUR', 'USD', 'spot', '1.3')", names: "fx_rate (from_currency EUR, to_currency USD, type spot, date 2026-05-02) has no seal"),
        Tampering(table: "fx_rate", kind: "reorder", sql: """
            UPDATE fx_rate SET date = '2026-05-09' WHERE date = '2026-05-01'; UPDATE fx_rate SET date = '2026-05-01' WHERE date = '2026-05-04';
            UPDATE fx_rate SET date = '2026-05-04' WHERE date = '2026-05-09'
            """, names: "fx_rate (from_currency EUR, to_currency USD, type spot, date 2026-05-01) does not match"),
        Tampering(table: "scenario_truth", kind: "edit", sql: #"UPDATE scenario_truth SET faults = '[{"kind":"none"}]'"#, names: "scenario_truth 1 does not match"),
        Tampering(table: "scenario_truth", kind: "delete", sql: "DELETE FROM scenario_truth", names: "scenario_truth 1 sealed by"),
        Tampering(table: "scenario_truth", kind: "insert", sql: "INSERT INTO scenario_truth VALUES (2, 'clean', '1', '2026-05', '[]')", names: "scenario_truth 2 has no seal"),
        Tampering(table: "user_password", kind: "edit", sql: "UPDATE user_password SET hash = '$2b$04$' || substr(hash, 8, 52) || 'b'", names: "user_password (user bob, version 1) does not match"),
        Tampering(table: "user_password", kind: "delete", sql: "DELETE FROM user_password", names: "user_password (user bob, version 1) sealed by"),
        Tampering(table: "user_password", kind: "insert", sql: "INSERT INTO user_password SELECT 'carol', 1, hash FROM user_password", names: "user_password (user carol, version 1) has no seal"),
        Tampering(table: "user_key", kind: "edit", sql: "UPDATE user_key SET public_key = randomblob(32)", names: "user_key 1 does not match"),
        Tampering(table: "user_key", kind: "delete", sql: "DELETE FROM user_key", names: "user_key 1 sealed by"),
        Tampering(table: "user_key", kind: "insert", sql: "INSERT INTO user_key VALUES (2, 'carol', randomblob(32), NULL, NULL, NULL, 1)", names: "user_key 2 has no seal"),
        Tampering(table: "decision_signature", kind: "edit", sql: "UPDATE decision_signature SET signature = randomblob(64)", names: "decision_signature 3 does not match"),
        Tampering(table: "decision_signature", kind: "delete", sql: "DELETE FROM decision_signature", names: "decision_signature 3 sealed by"),
        Tampering(table: "decision_signature", kind: "insert", sql: "INSERT INTO decision_signature SELECT 1, key, signed_at, signature, seq FROM decision_signature", names: "decision_signature 1 has no seal"),
        Tampering(table: "policy_signatures_required", kind: "edit", sql: "UPDATE policy_signatures_required SET version = 1", names: "policy_signatures_required"),
        Tampering(table: "policy_signatures_required", kind: "delete", sql: "DELETE FROM policy_signatures_required", names: "policy_signatures_required 2 sealed by"),
        Tampering(table: "policy_signatures_required", kind: "insert", sql: "INSERT INTO policy_signatures_required VALUES (1)", names: "policy_signatures_required 1 has no seal"),
        Tampering(table: "evidence_opened", kind: "edit", sql: "UPDATE evidence_opened SET user = 'alice'", names: "evidence_opened (run 1, task flux-review/US01, version 1, user"),
        Tampering(table: "evidence_opened", kind: "delete", sql: "DELETE FROM evidence_opened", names: "evidence_opened (run 1, task flux-review/US01, version 1, user bob) sealed by"),
        Tampering(table: "evidence_opened", kind: "insert", sql: "INSERT INTO evidence_opened VALUES (1, 'accruals/US01', 1, 'bob')", names: "evidence_opened (run 1, task accruals/US01, version 1, user bob) has no seal"),
    ]

    @Test("A ledger with rows in every sealed table verifies, and every sealed table holds rows")
    func untouchedVerifies() throws {
        let ledger = try SealedLedger.make()
        let verification = try ledger.store.verifyAudit()
        #expect(verification.isIntact, "\(verification.firstProblem ?? "")")
        for table in RowSeals.tables {
            #expect(try ledger.count(table.name) > 0, "no row in \(table.name)")
        }
        let sealed = try ledger.count("row_seal")
        #expect(verification.rowsChecked > 0 && sealed > 0)
    }

    @Test("Tampering with a sealed table is detected and names the table and row", arguments: tamperings)
    func tamperingIsDetected(_ tampering: Tampering) throws {
        let ledger = try SealedLedger.make()
        try ledger.forge(tampering.sql)
        try ledger.expectDetected(tampering.names, tampering.testDescription)
    }

    @Test("Every table the sealing names is tampered with: edit, delete and insert each")
    func everyTableIsCovered() {
        for table in RowSeals.tables.map(\.name) + ["bank_line"] {
            let kinds = Set(Self.tamperings.filter { $0.table == table }.map { $0.kind.split(separator: ",").first.map(String.init) ?? "" })
            #expect(kinds.isSuperset(of: ["edit", "delete", "insert"]), "\(table): \(kinds.sorted())")
        }
    }

    @Test("Issue 13: a decision's user rewritten with its trigger dropped fails verification, naming the decision and its event")
    func decisionForgery() throws {
        let ledger = try SealedLedger.make()
        let seq = try #require(try ledger.int64("SELECT seq FROM row_seal WHERE tbl = 'decision' AND key = '2'"))
        let connection = try ledger.rawConnection()
        try connection.write { db in
            try db.execute(sql: "DROP TRIGGER decision_no_update; UPDATE decision SET user = 'alice' WHERE id = 2")
        }
        try connection.close()
        #expect(try ledger.strings("SELECT user FROM decision WHERE id = 2") == ["alice"])
        try ledger.expectDetected("decision 2 (run 1, task accruals/US01) does not match its seal in audit event \(seq): it was edited")
        let error = try #require(throws: LedgerError.self) { try ledger.store.requireSealed(.decision(id: 2)) }
        #expect(error.code == .auditBroken)
        #expect(error.message.contains("decision 2 (run 1, task accruals/US01)"))
        #expect(throws: LedgerError.self) { try ledger.store.requireSealed(.decisions(run: 1, task: SealedLedger.task)) }
    }

    @Test("Issue 13: a proposal's payload edited outside the ledger fails verification and requireSealed")
    func proposalPayloadEdit() throws {
        let ledger = try SealedLedger.make()
        try ledger.store.requireSealed(.proposal(run: 1, task: SealedLedger.task, version: 1))
        try ledger.tamper(#"UPDATE proposal SET payload = '{"entries":[{"amount":"1000000.00"}]}' WHERE task = 'accruals/US01'"#)
        try ledger.expectDetected("proposal (run 1, task accruals/US01, version 1) does not match its seal")
        let error = try #require(throws: LedgerError.self) {
            try ledger.store.requireSealed(.proposal(run: 1, task: SealedLedger.task, version: 1))
        }
        #expect(error.message.contains("proposal (run 1, task accruals/US01, version 1) does not match its seal"))
    }

    @Test("requireSealed passes untouched rows and rows never written, and refuses edited, deleted and inserted ones")
    func requireSealedChecksWhenUsed() throws {
        let ledger = try SealedLedger.make()
        let store = ledger.store
        let rows: [SealedRow] = [.user("alice"), .policyVersion(1), .run(1), .task(run: 1, task: SealedLedger.task),
                                 .proposal(run: 1, task: SealedLedger.otherTask, version: 1), .decision(id: 1),
                                 .decisions(run: 1, task: SealedLedger.task), .period(entity: "US01", period: period("2026-04")),
                                 .bankStatement(id: 1), .goodsReceipt(id: "GR-1")]
        try store.requireSealed(rows)
        // Never written: an open period has no row and no seal.
        try store.requireSealed(.period(entity: "JP01", period: period("2026-05")))
        try store.requireSealed(.decision(id: 99))

        try ledger.forge("UPDATE close_task SET hours = 0 WHERE task = 'flux-review/US01'")
        #expect(throws: LedgerError.self) { try store.requireSealed(.task(run: 1, task: SealedLedger.otherTask)) }
        try store.requireSealed(.task(run: 1, task: SealedLedger.task))
        try ledger.forge("DELETE FROM period WHERE entity = 'US01'")
        let deleted = try #require(throws: LedgerError.self) { try store.requireSealed(.period(entity: "US01", period: period("2026-04"))) }
        #expect(deleted.message.contains("period (entity US01, period 2026-04) sealed by audit event"))
        #expect(deleted.message.contains("it was deleted"))
        try ledger.forge("INSERT INTO period VALUES ('JP01', '2026-05', 'closed')")
        let inserted = try #require(throws: LedgerError.self) { try store.requireSealed(.period(entity: "JP01", period: period("2026-05"))) }
        #expect(inserted.message.contains("has no seal"))
        try ledger.forge("UPDATE bank_line SET amount = 1 WHERE statement = 2 AND line_no = 1")
        #expect(throws: LedgerError.self) { try store.requireSealed(.bankStatement(id: 2)) }
    }

    @Test("requireSealed refuses a row whose seal or sealing event was tampered with")
    func requireSealedChecksTheEvent() throws {
        let ledger = try SealedLedger.make()
        let seq = try #require(try ledger.int64("SELECT seq FROM row_seal WHERE tbl = 'goods_receipt' AND key = 'GR-1'"))
        // The row and its seal forged together: the event's digest no longer matches.
        let forgedHash = try ledger.reader.read { db in try Data.fetchOne(db, sql: "SELECT hash FROM row_seal WHERE tbl = 'app_user' AND key = 'bob'") }
        try ledger.forge("UPDATE row_seal SET hash = ? WHERE tbl = 'goods_receipt' AND key = 'GR-1'", arguments: [forgedHash])
        let error = try #require(throws: LedgerError.self) { try ledger.store.requireSealed(.goodsReceipt(id: "GR-2")) }
        #expect(error.message.contains("audit event \(seq)"))
        try ledger.expectDetected("the row seals of audit event \(seq) do not match its digest")
    }

    @Test("row_seal tampering is detected: a seal edited, deleted or added", arguments: [
        ("UPDATE row_seal SET hash = zeroblob(32) WHERE tbl = 'decision' AND key = '2'", "do not match its digest"),
        ("DELETE FROM row_seal WHERE tbl = 'fx_rate'", "do not match its digest"),
        ("INSERT INTO row_seal SELECT tbl, key || 'x', seq, hash FROM row_seal WHERE tbl = 'app_user' AND key = 'bob'", "do not match its digest"),
        ("INSERT INTO row_seal SELECT tbl, key, 1, hash FROM row_seal WHERE tbl = 'app_user' AND key = 'bob'", "names audit event 1, which sealed no rows"),
        ("INSERT INTO row_seal VALUES ('journal_entry', '1', 2, zeroblob(32))", "names the table 'journal_entry'"),
        ("UPDATE row_seal SET seq = (SELECT max(seq) FROM row_seal) WHERE tbl = 'currency' AND key = 'USD'", "do not match its digest"),
    ])
    func rowSealTampering(_ sql: String, _ fragment: String) throws {
        let ledger = try SealedLedger.make()
        try ledger.forge(sql)
        try ledger.expectDetected(fragment)
    }

    @Test("A rows.sealed event edited or its payload forged is detected as a broken chain")
    func sealEventTampering() throws {
        let ledger = try SealedLedger.make()
        let seq = try ledger.auditSeq(kind: "rows.sealed")
        try ledger.forge("UPDATE audit_event SET payload = 'count=1 digest=00' WHERE seq = ?", arguments: [seq])
        try ledger.expectDetected("audit event \(seq) (rows.sealed) does not match its hash")
    }

    @Test("A user whose role was edited outside the ledger cannot write anything; reads and verification still work")
    func editedRoleRefusesWrites() throws {
        let ledger = try SealedLedger.make()
        // alice, an accountant, makes herself CFO to set the policy and reopen periods.
        try ledger.forge("UPDATE app_user SET role = 'cfo' WHERE name = 'alice'")
        try ledger.store.close()
        let store = try LedgerStore.open(at: ledger.path, clock: Fixture.clock)
        defer { try? store.close() }
        let run = try #require(try store.closeRun(period: period("2026-05")))
        #expect(store.tamperedGroupRow?.contains("app_user alice does not match its seal in audit event 2") == true)
        let before = try ledger.fingerprint()
        let attempts: [(String, () throws -> Void)] = [
            ("policy", { try store.setPolicy("approvals: anyone\n", actor: "alice", reason: "mine") }),
            ("post", { try store.post([sale("after")], actor: "alice") }),
            ("post as another user", { try store.post([sale("after")], actor: "bob") }),
            ("post as system", { try store.post([sale("after")], actor: "system") }),
            ("period", { try store.setPeriodState(period("2026-06"), to: .softClosed, entity: nil, actor: "carol") }),
            ("reopen", { _ = try store.reopenPeriod(period("2026-04"), entity: "US01", actor: "alice", reason: "mine") }),
            ("rates", { try store.importRates([spot("2026-05-05", .eur, .usd, "2")], actor: "system") }),
            ("claim run", { try store.claimRun(run, owner: "pid 2", isAlive: { _ in false }) }),
        ]
        for (what, attempt) in attempts {
            do {
                try attempt()
                Issue.record("\(what) was allowed on a ledger whose group was tampered with")
            } catch let error as LedgerError {
                #expect(error.code == .auditBroken, "\(what): \(error)")
                #expect(error.message.contains("app_user alice"), "\(what): \(error)")
            }
        }
        #expect(try ledger.fingerprint() == before)
        // Reads and the audit still work, to report it.
        #expect(try store.trialBalance(entity: "US01", period: period("2026-05")).rows.isEmpty == false)
        let verification = try store.verifyAudit()
        #expect(verification.firstProblem?.contains("app_user alice does not match its seal") == true)
    }

    @Test("A user inserted or an account deleted outside the ledger also stops every write when the ledger opens")
    func groupRowsAreCheckedAtOpen() throws {
        for sql in ["INSERT INTO app_user VALUES ('mallory', 'Mallory', 'cfo')", "DELETE FROM bank_account WHERE entity = 'DE01'",
                    "UPDATE currency SET exponent = 0 WHERE code = 'USD'", "UPDATE row_seal SET hash = NULL WHERE tbl = 'entity' AND key = 'US01'"] {
            let ledger = try SealedLedger.make()
            try ledger.forge(sql)
            try ledger.store.close()
            let store = try LedgerStore.open(at: ledger.path, clock: Fixture.clock)
            #expect(store.tamperedGroupRow != nil, "\(sql)")
            #expect(throws: LedgerError.self, "\(sql)") { try store.post([sale("after")], actor: "alice") }
            try store.close()
        }
        let clean = try SealedLedger.make()
        try clean.store.close()
        let reopened = try LedgerStore.open(at: clean.path, clock: Fixture.clock)
        #expect(reopened.tamperedGroupRow == nil)
        try reopened.close()
    }

    @Test("A row edited outside the ledger is never sealed by a later legitimate write: the write is refused and changes nothing")
    func legitimateWritesDoNotLaunderForgeries() throws {
        let ledger = try SealedLedger.make()
        let store = ledger.store
        let run = try #require(try store.closeRun(period: period("2026-05")))
        // The task the engine updates next was edited: committing on it is refused.
        try ledger.forge("UPDATE close_task SET agent = 'agent:forged' WHERE task = 'flux-review/US01'")
        let edited = try expectRefusal(.auditBroken, in: ledger) {
            try store.commitProposal(DecisionRecord(task: SealedLedger.otherTask, version: 1, kind: "approve", user: "bob",
                                                    reason: "ok", atHour: 6), of: run, entries: [], periodChanges: [])
        }
        #expect(edited?.message.contains("close_task (run 1, task flux-review/US01) does not match its seal") == true)
        // A sealed period deleted outside the ledger: re-inserting it is refused.
        try ledger.forge("DELETE FROM period WHERE entity = 'US01' AND period = '2026-04'")
        let deleted = try expectRefusal(.auditBroken, in: ledger) {
            try store.setPeriodState(period("2026-04"), to: .softClosed, entity: "US01", actor: "bob")
        }
        #expect(deleted?.message.contains("it was deleted outside the ledger") == true)
        // A reopen request inserted outside the ledger cannot be confirmed.
        try ledger.forge("INSERT INTO reopen_request VALUES ('JP01', '2026-04', 'carol', 'forged')")
        try store.setPeriodState(period("2026-04"), to: .softClosed, entity: "JP01", actor: "bob")
        let inserted = try expectRefusal(.auditBroken, in: ledger) {
            _ = try store.reopenPeriod(period("2026-04"), entity: "JP01", actor: "bob", reason: "confirm")
        }
        #expect(inserted?.message.contains("reopen_request (entity JP01, period 2026-04) has no seal") == true)
    }

    @Test("Taking and releasing a run (its owner) writes no seal and no audit event")
    func ownerIsNotSealed() throws {
        let ledger = try SealedLedger.make()
        let run = try #require(try ledger.store.closeRun(period: period("2026-05")))
        let events = try ledger.count("audit_event"), seals = try ledger.count("row_seal")
        try ledger.store.claimRun(run, owner: "pid 2", isAlive: { _ in false })
        try ledger.store.releaseRun(run, owner: "pid 2")
        #expect(try ledger.count("audit_event") == events)
        #expect(try ledger.count("row_seal") == seals)
        try ledger.forge("UPDATE close_run SET owner = 'pid 3'")
        try ledger.expectIntact()
    }

    @Test("One rows.sealed event per write transaction that wrote sealed rows, with the actor of its events; none for postings")
    func oneSealEventPerTransaction() throws {
        let ledger = try TempLedger()
        #expect(try ledger.strings("SELECT kind || ' ' || actor || ' ' || subject FROM audit_event ORDER BY seq") == [
            "ledger.created system Fixture Group", "rows.sealed system account app_user currency entity ledger_group",
        ])
        try ledger.store.post([sale("e1")], actor: "alice")
        try ledger.store.importRates([spot("2026-05-01", .eur, .usd, "1.1"), spot("2026-05-02", .eur, .usd, "1.2")], actor: "alice")
        try ledger.store.importRates([spot("2026-05-01", .eur, .usd, "1.1")], actor: "alice")
        #expect(try ledger.strings("SELECT kind || ' ' || actor || ' ' || subject || ' ' || substr(payload, 1, 7) FROM audit_event WHERE seq > 2 ORDER BY seq") == [
            "entries.posted alice manual first=1", "rates.imported alice rates importe", "rows.sealed alice fx_rate count=2",
        ])
        #expect(try ledger.count("row_seal", where: "tbl = 'fx_rate'") == 2)
        try ledger.expectIntact()
    }

    @Test("The same operations give the same seals and head hash on two ledgers")
    func sealsAreDeterministic() throws {
        let first = try SealedLedger.make(), second = try SealedLedger.make()
        #expect(try first.store.verifyAudit().headHash == (try second.store.verifyAudit().headHash))
        let seals = "SELECT tbl || ' ' || key || ' ' || seq || ' ' || ifnull(hex(hash), '-') FROM row_seal ORDER BY tbl, key, seq"
        #expect(try first.strings(seals) == (try second.strings(seals)))
    }

    @Test("The sealed column lists name every column of their tables but close_run.owner")
    func sealedColumnsAreComplete() throws {
        let ledger = try TempLedger()
        for table in RowSeals.tables {
            let columns = try ledger.strings("SELECT name FROM pragma_table_info(?) ORDER BY cid", [table.name])
            #expect(table.columns == columns.filter { !(table.name == "close_run" && $0 == "owner") }, "\(table.name)")
            if let child = table.child {
                #expect(child.columns == (try ledger.strings("SELECT name FROM pragma_table_info(?) ORDER BY cid", [child.table])))
            }
        }
        // Every table of the schema is sealed, or checked another way.
        let other: Set<String> = ["journal_entry", "journal_line", "balance", "document_sequence", "audit_event", "row_seal", "bank_line"]
        let tables = try ledger.strings("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb_%' AND name NOT LIKE 'sqlite_%'")
        #expect(Set(tables).subtracting(other) == Set(RowSeals.tables.map(\.name)))
    }
}
