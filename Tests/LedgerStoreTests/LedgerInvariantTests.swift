import Foundation
import GRDB
import Testing
import LedgerCore
import LedgerStore

/// One test per ledger invariant of DESIGN.md §3 (1 to 12; 13 is in AuditChainTests).
/// Each asserts that the store refuses the violation with the right code and leaves the
/// database exactly as it was, and that the valid counterpart is accepted.
@Suite("Ledger invariants")
struct LedgerInvariantTests {
    @Test("Invariant 1: a posted entry has at least two lines and no zero line")
    func invariant01_atLeastTwoNonZeroLines() throws {
        let ledger = try TempLedger()
        try expectRefusal(.invalidEntry, in: ledger, "one line") {
            try ledger.store.post([entry("one", [line("1000", 100)])], actor: "alice")
        }
        try expectRefusal(.invalidEntry, in: ledger, "no line") {
            try ledger.store.post([entry("none", [])], actor: "alice")
        }
        let zero = try expectRefusal(.invalidAmount, in: ledger, "a zero line among balanced ones") {
            try ledger.store.post([entry("zero", [line("1000", 100), line("4000", 0), line("4000", -100)])], actor: "alice")
        }
        #expect(zero?.entryLineIndex == 1)
        #expect(zero?.entryIndex == 0)

        let summary = try ledger.store.post([entry("two", [line("1000", 100), line("4000", -100)])], actor: "alice")
        #expect(summary.entriesPosted == 1)
        let posted = try ledger.store.entry("two")
        #expect(posted.lines.count == 2)
        #expect(posted.lines.allSatisfy { $0.amountMinor != 0 && $0.functionalMinor != 0 })
        #expect(try ledger.count("journal_line", where: "amount = 0 OR functional_amount = 0") == 0)
        // The schema refuses a zero line on its own, even through raw SQL.
        try expectDatabaseRefuses("""
            INSERT INTO journal_line (entry_id, line_no, account, currency, amount, functional_amount, partner, reference, description)
            VALUES (1, 3, '1000', 'USD', 0, 0, NULL, '', '')
            """, in: ledger)
    }

    @Test("Invariant 2: an entry balances in each transaction currency and in the functional currency")
    func invariant02_balancesPerCurrencyAndFunctional() throws {
        let ledger = try TempLedger()
        try ledger.store.importRates([spot("2026-05-04", .eur, .usd, "1.0845")], actor: "alice")
        try expectRefusal(.unbalanced, in: ledger, "off by one cent") {
            try ledger.store.post([entry("u1", [line("1000", 10_001), line("4000", -10_000)])], actor: "alice")
        }
        try expectRefusal(.unbalanced, in: ledger, "balanced only across currencies: 100.00 EUR = 108.45 USD") {
            try ledger.store.post([entry("u2", [line("5000", 10_000, .eur), line("1000", -10_845, .usd)])], actor: "alice")
        }
        try expectRefusal(.unbalanced, in: ledger, "balanced in EUR, not in USD") {
            try ledger.store.post([entry("u3", [line("5000", 10_000, .eur, functional: 10_845),
                                                line("1000", -10_000, .eur, functional: -10_846)])], actor: "alice")
        }
        // A multi-currency entry where each currency balances on its own is accepted.
        try ledger.store.post([entry("ok", [line("5000", 10_000, .eur), line("1000", -6_000, .eur), line("1000", -4_000, .eur),
                                            line("5000", 2_500), line("2000", -2_500)])], actor: "alice")
        let perCurrency = try ledger.count("(SELECT entry_id, currency FROM journal_line GROUP BY entry_id, currency HAVING SUM(amount) <> 0)")
        let functional = try ledger.count("(SELECT entry_id FROM journal_line GROUP BY entry_id HAVING SUM(functional_amount) <> 0)")
        #expect(perCurrency == 0)
        #expect(functional == 0)
        #expect(try ledger.store.entry("ok").lines.map(\.functionalMinor) == [10_845, -6_507, -4_338, 2_500, -2_500])
    }

    @Test("Invariant 3: all lines of an entry belong to one entity; intercompany needs a partner")
    func invariant03_oneEntityAndPartners() throws {
        let ledger = try TempLedger()
        try expectRefusal(.missingPartner, in: ledger, "IC line without partner") {
            try ledger.store.post([entry("ic1", [line("1150", 1000), line("4000", -1000)])], actor: "alice")
        }
        try expectRefusal(.invalidEntry, in: ledger, "partner is the entry's own entity") {
            try ledger.store.post([entry("ic2", [line("1150", 1000, partner: "US01"), line("4000", -1000)])], actor: "alice")
        }
        try expectRefusal(.unknownEntity, in: ledger, "unknown partner") {
            try ledger.store.post([entry("ic3", [line("1150", 1000, partner: "XX01"), line("4000", -1000)])], actor: "alice")
        }
        try expectRefusal(.unknownEntity, in: ledger, "unknown entity") {
            try ledger.store.post([sale("ic4", entity: "XX01")], actor: "alice")
        }
        // An intercompany effect is two entries, one per entity, sharing a reference.
        let summary = try ledger.store.post([
            entry("ic-us", entity: "US01", [line("1150", 100_000, partner: "DE01", reference: "IC-7"), line("4000", -100_000, reference: "IC-7")]),
            entry("ic-de", entity: "DE01", [line("5000", 92_000, .eur, reference: "IC-7"), line("2150", -92_000, .eur, partner: "US01", reference: "IC-7")]),
        ], actor: "alice")
        #expect(summary.posted.map(\.entity) == ["US01", "DE01"])
        #expect(try ledger.store.entry("ic-us").lines.compactMap(\.partner) == ["DE01"])
        #expect(try ledger.store.entry("ic-de").lines.compactMap(\.partner) == ["US01"])
        #expect(try ledger.count("journal_line l JOIN journal_entry e ON e.id = l.entry_id", where: "l.partner = e.entity") == 0)
        #expect(try ledger.count("journal_line", where: "reference = 'IC-7'") == 4)
        #expect(try ledger.count("(SELECT entry_id FROM journal_line l JOIN account a ON a.code = l.account WHERE a.is_intercompany = 1 AND l.partner IS NULL)") == 0)
        try ledger.expectBooksBalance()
    }

    @Test("Invariant 4: every entity's trial balance sums to zero per currency at every point")
    func invariant04_trialBalanceSumsToZero() throws {
        let ledger = try TempLedger()
        try ledger.store.importRates([spot("2026-05-01", .eur, .usd, "1.0845"), spot("2026-05-01", .usd, .jpy, "155.25"),
                                      spot("2026-05-01", .eur, .jpy, "168.5"), spot("2026-05-01", .jpy, .eur, "0.0059")], actor: "alice")
        let drafts = [
            sale("s1"), sale("s2", entity: "DE01", amountMinor: 77_777), sale("s3", entity: "JP01", amountMinor: 1_234_567),
            entry("fx1", [line("5000", 33_333, .eur), line("1000", -11_111, .eur), line("1000", -22_222, .eur)]),
            entry("fx2", entity: "JP01", date: "2026-05-02", [line("5000", 9_999, .usd), line("2000", -9_999, .usd),
                                                                line("5000", 5_000, .eur), line("2000", -5_000, .eur)]),
            entry("fx3", entity: "DE01", date: "2026-05-07", [line("1100", 1_000_001, .jpy), line("4000", -1_000_001, .jpy)]),
        ]
        for draft in drafts {
            try ledger.store.post([draft], actor: "alice")
            try ledger.expectBooksBalance()
            for entity in Fixture.entityCodes {
                let tb = try ledger.store.trialBalance(entity: entity, period: period("2026-05"))
                #expect(try tb.totalDebitMinor() == tb.totalCreditMinor(), "\(entity) after \(draft.idempotencyKey)")
                #expect(tb.rows.reduce(0) { $0 + $1.balanceMinor } == 0)
            }
        }
        // A refused unbalanced entry leaves every entity balanced and the file unchanged.
        try expectRefusal(.unbalanced, in: ledger) {
            try ledger.store.post([entry("bad", entity: "JP01", [line("1000", 500, .jpy), line("4000", -499, .jpy)])], actor: "alice")
        }
        try ledger.expectBooksBalance()
        let nets = try ledger.store.netByCurrency(entity: "JP01")
        #expect(Set(nets.keys) == ["JPY", "USD", "EUR", "functional"])
    }

    @Test("Invariant 5: cached balances equal the balances recomputed from lines")
    func invariant05_cachedBalancesMatchLines() throws {
        let ledger = try TempLedger()
        try ledger.store.importRates([spot("2026-05-01", .eur, .usd, "1.0845")], actor: "alice")
        try ledger.store.post([sale("s1"), sale("s2", date: "2026-06-02", amountMinor: 5_000),
                               entry("fx", [line("5000", 12_345, .eur), line("1000", -12_345, .eur)])], actor: "alice")
        _ = try ledger.store.reverse("s1", actor: "alice", reason: "duplicate")
        let mismatches = try ledger.count("""
            (SELECT e.entity, substr(e.date, 1, 7) AS p, l.account, l.currency,
                    SUM(MAX(l.amount, 0)) AS d, SUM(MAX(-l.amount, 0)) AS c,
                    SUM(MAX(l.functional_amount, 0)) AS fd, SUM(MAX(-l.functional_amount, 0)) AS fc
             FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id GROUP BY 1, 2, 3, 4) r
            LEFT JOIN balance b ON b.entity = r.entity AND b.period = r.p AND b.account = r.account AND b.currency = r.currency
            """, where: "b.debit IS NOT r.d OR b.credit IS NOT r.c OR b.functional_debit IS NOT r.fd OR b.functional_credit IS NOT r.fc")
        #expect(mismatches == 0)
        #expect(try ledger.count("balance") == 6)
        let tb = try ledger.store.trialBalance(entity: "US01", period: period("2026-06"))
        let bank = try #require(tb.rows.first { $0.account == "1000" })
        // Bank: +1000.00 (s1) -1000.00 (reversal) +50.00 (s2) -133.88 (12,345 EUR cents at 1.0845).
        #expect(bank.debitMinor == 100_000 + 5_000)
        #expect(bank.creditMinor == 100_000 + 13_388)
        try ledger.expectIntact()

        // A cache changed behind the store's back is found by verification, and the store
        // refuses to post on top of books that no longer balance (its pair assertion).
        let connection = try ledger.rawConnection()
        try connection.write { db in
            try db.execute(sql: "UPDATE balance SET functional_debit = functional_debit + 1, debit = debit + 1 WHERE entity = 'US01' AND account = '1000' AND currency = 'USD' AND period = '2026-05'")
        }
        try connection.close()
        let verification = try ledger.store.verifyAudit()
        #expect(verification.firstProblem?.contains("cached balance of US01 2026-05 account 1000 USD") == true, "\(verification)")
        try expectRefusal(.databaseState, in: ledger, "posting onto an unbalanced cache") {
            try ledger.store.post([sale("s3", date: "2026-05-20")], actor: "alice")
        }
    }

    @Test("Invariant 6: amounts are Int64 minor units and overflow is an error, never a wrap")
    func invariant06_int64MinorUnitsAndOverflow() throws {
        let ledger = try TempLedger()
        // Past the largest amount (10^15 minor units), refused before any sum could overflow.
        try expectRefusal(.invalidAmount, in: ledger, "a line past the maximum") {
            try ledger.store.post([entry("o1", [line("1000", .max), line("1000", 1), line("4000", -.max), line("4000", -1)])], actor: "alice")
        }
        let max = AmountLimit.maximum
        try ledger.store.importRates([spot("2026-05-01", .eur, .usd, "1000000")], actor: "alice")
        try expectRefusal(.overflow, in: ledger, "conversion overflows") {
            try ledger.store.post([entry("o2", [line("5000", max, .eur), line("1000", -max, .eur)])], actor: "alice")
        }
        // The largest amount posts (the running balance limit is proven in HostileLedgerTests).
        try ledger.store.post([entry("big1", [line("1000", max), line("4000", -max)])], actor: "alice")
        #expect(try ledger.store.entry("big1").lines.map(\.amountMinor) == [max, -max])
        // Money is stored as SQLite integers; the STRICT schema refuses anything else.
        #expect(try ledger.count("journal_line", where: "typeof(amount) <> 'integer' OR typeof(functional_amount) <> 'integer'") == 0)
        #expect(try ledger.count("balance", where: "typeof(debit) <> 'integer' OR typeof(credit) <> 'integer'") == 0)
        try expectDatabaseRefuses("""
            INSERT INTO journal_line (entry_id, line_no, account, currency, amount, functional_amount, partner, reference, description)
            VALUES (1, 3, '1000', 'USD', 1.5, 1.5, NULL, '', '')
            """, in: ledger)
        try ledger.expectIntact()
    }

    @Test("Invariant 7: posted entries, their lines and audit events cannot be updated or deleted, even by raw SQL")
    func invariant07_triggersForbidUpdateAndDelete() throws {
        let ledger = try TempLedger()
        try ledger.store.post([sale("s1"), sale("s2", amountMinor: 42)], actor: "alice")
        try expectDatabaseRefuses("UPDATE journal_entry SET description = 'edited' WHERE id = 1", in: ledger, messageContains: "cannot be changed")
        try expectDatabaseRefuses("UPDATE journal_entry SET document_number = 99 WHERE id = 2", in: ledger, messageContains: "cannot be changed")
        try expectDatabaseRefuses("DELETE FROM journal_entry WHERE id = 1", in: ledger, messageContains: "cannot be deleted")
        try expectDatabaseRefuses("UPDATE journal_line SET amount = amount * 10, functional_amount = functional_amount * 10 WHERE entry_id = 1", in: ledger, messageContains: "cannot be changed")
        try expectDatabaseRefuses("UPDATE journal_line SET line_no = 9 WHERE entry_id = 2 AND line_no = 2", in: ledger, messageContains: "cannot be changed")
        try expectDatabaseRefuses("DELETE FROM journal_line WHERE entry_id = 2", in: ledger, messageContains: "cannot be deleted")
        try expectDatabaseRefuses("UPDATE audit_event SET payload = 'forged' WHERE seq = (SELECT MAX(seq) FROM audit_event)", in: ledger, messageContains: "append-only")
        try expectDatabaseRefuses("UPDATE audit_event SET seq = 100 WHERE seq = (SELECT MAX(seq) FROM audit_event)", in: ledger, messageContains: "append-only")
        try expectDatabaseRefuses("UPDATE audit_event SET at = '2000-01-01T00:00:00Z' WHERE seq = 1", in: ledger, messageContains: "append-only")
        try expectDatabaseRefuses("DELETE FROM audit_event WHERE seq = (SELECT MAX(seq) FROM audit_event)", in: ledger, messageContains: "append-only")
        try expectDatabaseRefuses("DELETE FROM audit_event", in: ledger, messageContains: "append-only")
        #expect(try ledger.count("sqlite_master", where: "type = 'trigger'") >= 6)
        try ledger.expectIntact()
    }

    @Test("Invariant 8: a reversal mirrors every line, links the original, and an entry is reversed at most once")
    func invariant08_reversalMirrorsAndOnlyOnce() throws {
        let ledger = try TempLedger()
        try ledger.store.importRates([spot("2026-05-01", .eur, .usd, "1.0845")], actor: "alice")
        try ledger.store.post([entry("orig", [line("5000", 10_000, .eur, reference: "INV-1"), line("1150", 5_000, partner: "DE01"),
                                              line("1000", -10_000, .eur), line("4000", -5_000)])], actor: "alice")
        let original = try ledger.store.entry("orig")
        // A nearer rate arriving later does not change what the reversal mirrors.
        try ledger.store.importRates([spot("2026-05-04", .eur, .usd, "1.2")], actor: "alice")
        let ref = try ledger.store.reverse(original.ref.document, actor: "bob", reason: "wrong customer")
        let reversal = try ledger.store.entry(ref.document)
        #expect(reversal.reverses == original.ref.id)
        #expect(try ledger.store.entry("orig").reversedBy == reversal.ref.id)
        #expect(reversal.source == "reversal")
        #expect(reversal.description.contains("wrong customer"))
        #expect(reversal.date == original.date)
        #expect(reversal.lines.count == original.lines.count)
        for (mirror, line) in zip(reversal.lines, original.lines) {
            #expect(mirror.account == line.account && mirror.currency == line.currency && mirror.partner == line.partner && mirror.reference == line.reference)
            #expect(mirror.amountMinor == -line.amountMinor)
            #expect(mirror.functionalMinor == -line.functionalMinor)
        }
        let tb = try ledger.store.trialBalance(entity: "US01", period: period("2026-05"))
        #expect(tb.rows.allSatisfy { $0.balanceMinor == 0 })

        try expectRefusal(.alreadyReversed, in: ledger, "second reversal by key") {
            _ = try ledger.store.reverse("orig", actor: "alice", reason: "again")
        }
        try expectRefusal(.alreadyReversed, in: ledger, "second reversal by row id") {
            _ = try ledger.store.reverse(String(original.ref.id), actor: "alice", reason: "again")
        }
        try expectRefusal(.alreadyReversed, in: ledger, "reversal of the reversal") {
            _ = try ledger.store.reverse(ref.document, actor: "alice", reason: "undo")
        }
        try expectRefusal(.unknownEntry, in: ledger, "no such entry") {
            _ = try ledger.store.reverse("US01-2026-000099", actor: "alice", reason: "x")
        }
        // The schema itself refuses a second reversal of the same entry.
        try expectDatabaseRefuses("""
            INSERT INTO journal_entry (entity, date, fiscal_year, document_number, state, source, description,
                                       idempotency_key, content_hash, reverses, created_by)
            VALUES ('US01', '2026-05-04', 2026, 99, 'posted', 'reversal', 'again', 'second-reversal', zeroblob(32), \(original.ref.id), 'alice')
            """, in: ledger)
        try ledger.store.post([sale("other")], actor: "alice")
        try expectRefusal(.invalidEntry, in: ledger, "a reversal needs a reason") {
            _ = try ledger.store.reverse("other", actor: "alice", reason: "  \t")
        }
        try ledger.expectBooksBalance()
        try ledger.expectIntact()
    }

    @Test("Invariant 9: closed periods refuse every posting; soft-closed accept close-process postings only")
    func invariant09_periodStates() throws {
        let ledger = try TempLedger()
        let may = period("2026-05")
        try ledger.store.post([sale("before")], actor: "alice")

        try ledger.store.setPeriodState(may, to: .softClosed, entity: "US01", actor: "bob")
        try expectRefusal(.periodClosed, in: ledger, "import into soft-closed") {
            try ledger.store.post([sale("imp", date: "2026-05-20", source: .fileImport)], actor: "alice")
        }
        try expectRefusal(.periodClosed, in: ledger, "manual into soft-closed") {
            try ledger.store.post([sale("man", date: "2026-05-20", source: .manual)], actor: "alice")
        }
        try expectRefusal(.periodClosed, in: ledger, "reversal into soft-closed") {
            _ = try ledger.store.reverse("before", actor: "alice", reason: "r")
        }
        let agent = try ledger.store.post([sale("agent", date: "2026-05-31", source: .agent("fx-reval"))], actor: "alice")
        #expect(agent.entriesPosted == 1)
        // Other entities and other periods are not affected.
        #expect(try ledger.store.post([sale("de", entity: "DE01", date: "2026-05-20", source: .manual)], actor: "alice").entriesPosted == 1)
        #expect(try ledger.store.post([sale("june", date: "2026-06-01", source: .manual)], actor: "alice").entriesPosted == 1)

        try ledger.store.setPeriodState(may, to: .closed, entity: "US01", actor: "carol")
        for source in [EntrySource.fileImport, .manual, .agent("fx-reval"), .reversal] {
            try expectRefusal(.periodClosed, in: ledger, "\(source) into closed") {
                try ledger.store.post([sale("closed-\(source)", date: "2026-05-15", source: source)], actor: "alice")
            }
        }
        try expectRefusal(.periodClosed, in: ledger, "reversal into closed") {
            _ = try ledger.store.reverse("agent", actor: "alice", reason: "r")
        }
        // Transitions: reopening needs a reason and the governed path; closing skips no step;
        // closed does not go back to soft-closed.
        for reason in ["", "   "] {
            try expectRefusal(.invalidTransition, in: ledger, "reopen with reason '\(reason)'") {
                _ = try ledger.store.reopenPeriod(may, entity: "US01", actor: "carol", reason: reason)
            }
        }
        try expectRefusal(.notPermitted, in: ledger, "reopen by one person through setPeriodState") {
            try ledger.store.setPeriodState(may, to: .open, entity: "US01", actor: "carol", reason: "late invoice")
        }
        try expectRefusal(.invalidTransition, in: ledger, "closed -> soft-closed") {
            try ledger.store.setPeriodState(may, to: .softClosed, entity: "US01", actor: "carol")
        }
        try expectRefusal(.invalidTransition, in: ledger, "open -> closed") {
            try ledger.store.setPeriodState(period("2026-06"), to: .closed, entity: "US01", actor: "carol")
        }
        #expect(try ledger.store.periodStatus(may, entity: "US01").map(\.state) == [.closed])

        _ = try ledger.store.reopenPeriod(may, entity: "US01", actor: "bob", reason: "late invoice")
        guard case .reopened(let reopened) = try ledger.store.reopenPeriod(may, entity: "US01", actor: "carol", reason: "late invoice") else {
            Issue.record("the CFO's confirmation did not reopen")
            return
        }
        #expect(reopened.map { "\($0.entity) \($0.from.rawValue)->\($0.to.rawValue) \($0.changed)" } == ["US01 closed->open true"])
        #expect(try ledger.strings("SELECT payload FROM audit_event WHERE kind = 'period.reopened'")
                == ["from=closed to=open reason=late invoice (requested by bob: late invoice)"])
        #expect(try ledger.store.post([sale("after", date: "2026-05-20", source: .manual)], actor: "alice").entriesPosted == 1)
        let status = try ledger.store.periodStatus(may)
        #expect(status.map(\.state) == [.open, .open, .open])
        #expect(status.map(\.entryCount) == [3, 1, 0])
        try ledger.expectIntact()
    }

    @Test("Invariant 10: document numbers are unique and gap-free per entity and fiscal year")
    func invariant10_gapFreeNumbering() throws {
        let ledger = try TempLedger(group: Fixture.group(fiscalYearStartMonth: 7))
        func post(_ draft: JournalEntryDraft) throws -> String {
            try #require(try ledger.store.post([draft], actor: "alice").posted.first).document
        }
        #expect(try post(sale("a", date: "2026-06-10")) == "US01-2026-000001")
        #expect(try post(sale("b", date: "2026-07-01")) == "US01-2027-000001")   // July starts fiscal 2027
        #expect(try post(sale("c", date: "2026-06-30")) == "US01-2026-000002")
        #expect(try post(sale("d", entity: "DE01", date: "2026-06-15")) == "DE01-2026-000001")
        #expect(try post(sale("e", entity: "JP01", date: "2027-06-30")) == "JP01-2027-000001")

        // A refused batch consumes no number.
        try expectRefusal(.unbalanced, in: ledger) {
            try ledger.store.post([sale("f", date: "2026-06-11"), sale("g", date: "2026-08-01"),
                                   entry("bad", [line("1000", 1), line("4000", -2)])], actor: "alice")
        }
        try expectRefusal(.idempotencyConflict, in: ledger) {
            try ledger.store.post([sale("h", date: "2026-06-12"), sale("a", date: "2026-06-10", amountMinor: 1)], actor: "alice")
        }
        #expect(try post(sale("f", date: "2026-06-11")) == "US01-2026-000003")
        #expect(try post(sale("g", date: "2026-08-01")) == "US01-2027-000002")
        // A reversal takes the next number of its own date's fiscal year, and is never dated
        // before the entry it reverses.
        try expectRefusal(.invalidEntry, in: ledger, "before the entry it reverses") {
            _ = try ledger.store.reverse("b", actor: "alice", reason: "r", date: day("2026-06-30"))
        }
        #expect(try ledger.store.reverse("c", actor: "alice", reason: "r", date: day("2026-06-30")).document == "US01-2026-000004")
        #expect(try ledger.store.reverse("a", actor: "alice", reason: "r", date: day("2026-07-02")).document == "US01-2027-000003")

        let groups = try ledger.reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.entity, e.fiscal_year, COUNT(*) AS n, COUNT(DISTINCT e.document_number) AS distinct_numbers,
                       MIN(e.document_number) AS first, MAX(e.document_number) AS last, s.last_number
                FROM journal_entry e JOIN document_sequence s ON s.entity = e.entity AND s.fiscal_year = e.fiscal_year
                GROUP BY e.entity, e.fiscal_year ORDER BY e.entity, e.fiscal_year
                """)
        }
        #expect(groups.map { "\($0["entity"] as String)-\($0["fiscal_year"] as Int)" } == ["DE01-2026", "JP01-2027", "US01-2026", "US01-2027"])
        for row in groups {
            let n: Int64 = row["n"]
            #expect(row["distinct_numbers"] as Int64 == n)
            #expect(row["first"] as Int64 == 1)
            #expect(row["last"] as Int64 == n)
            #expect(row["last_number"] as Int64 == n)
        }
    }

    @Test("Invariant 10: with a calendar fiscal year, numbering restarts on 1 January")
    func invariant10_calendarYearRestart() throws {
        let ledger = try TempLedger()
        let summary = try ledger.store.post([sale("a", date: "2026-12-31"), sale("b", date: "2027-01-01"),
                                             sale("c", date: "2026-12-01"), sale("d", entity: "DE01", date: "2027-01-02")], actor: "alice")
        #expect(summary.posted.map(\.document) == ["US01-2026-000001", "US01-2027-000001", "US01-2026-000002", "DE01-2027-000001"])
    }

    @Test("Invariant 11: an idempotency key posts at most once; the same key with another payload is refused")
    func invariant11_idempotency() throws {
        let ledger = try TempLedger()
        try ledger.store.post([sale("k1")], actor: "alice")
        let again = try ledger.store.post([sale("k1")], actor: "bob")
        #expect(again.entriesPosted == 0)
        #expect(again.entriesSkipped == 1)
        #expect(again.linesSkipped == 2)
        #expect(try ledger.count("journal_entry") == 1)

        let variants: [(String, JournalEntryDraft)] = [
            ("amount", sale("k1", amountMinor: 100_001)),
            ("date", sale("k1", date: "2026-05-05")),
            ("entity", sale("k1", entity: "DE01")),
            ("source", sale("k1", source: .manual)),
            ("description", entry("k1", description: "other", [line("1000", 100_000), line("4000", -100_000)])),
            ("line order", entry("k1", [line("4000", -100_000), line("1000", 100_000)])),
            ("reference", entry("k1", [line("1000", 100_000, reference: "R"), line("4000", -100_000)])),
        ]
        for (what, variant) in variants {
            let error = try expectRefusal(.idempotencyConflict, in: ledger, "different \(what)") {
                try ledger.store.post([variant], actor: "alice")
            }
            #expect(error?.location?.field == "entry_id")
        }
        // Within one batch: the same payload twice posts once; a different payload refuses the batch.
        let twice = try ledger.store.post([sale("k2"), sale("k2")], actor: "alice")
        #expect(twice.entriesPosted == 1 && twice.entriesSkipped == 1)
        try expectRefusal(.idempotencyConflict, in: ledger, "conflict inside one batch") {
            try ledger.store.post([sale("k3"), sale("k3", amountMinor: 5)], actor: "alice")
        }
        #expect(throws: LedgerError.self) { try ledger.store.entry("k3") }
        try ledger.expectIntact()
    }

    @Test("Invariant 12: a batch commits whole or not at all; a refused operation leaves the database unchanged")
    func invariant12_allOrNothing() throws {
        let ledger = try TempLedger()
        try ledger.store.post([sale("seed")], actor: "alice")
        let error = try expectRefusal(.unknownAccount, in: ledger, "bad entry at the end of a batch") {
            try ledger.store.post([sale("b1"), sale("b2", entity: "DE01"), sale("b3", entity: "JP01"),
                                   entry("b4", [line("1000", 100), line("4999", -100)])], actor: "alice")
        }
        #expect(error?.entryIndex == 3)
        #expect(error?.entryLineIndex == 1)
        #expect(try ledger.count("journal_entry") == 1)
        // The good entries were good: alone they post.
        #expect(try ledger.store.post([sale("b1"), sale("b2", entity: "DE01"), sale("b3", entity: "JP01")], actor: "alice").entriesPosted == 3)

        try ledger.store.importRates([spot("2026-05-01", .eur, .usd, "1.08")], actor: "alice")
        let rateError = try expectRefusal(.invalidRate, in: ledger, "conflicting rate at the end of an import") {
            try ledger.store.importRates([spot("2026-05-02", .eur, .usd, "1.09"), spot("2026-05-01", .eur, .usd, "1.08"),
                                          spot("2026-05-01", .eur, .usd, "1.0801")], actor: "alice")
        }
        #expect(rateError?.entryIndex == 2)
        try expectRefusal(.invalidRate, in: ledger, "a rate from a currency to itself") {
            try ledger.store.importRates([spot("2026-05-03", .eur, .usd, "1.09"), spot("2026-05-03", .usd, .usd, "1")], actor: "alice")
        }
        #expect(try ledger.store.rates().count == 1)

        try ledger.store.setPeriodState(period("2026-05"), to: .softClosed, entity: "US01", actor: "bob")
        try expectRefusal(.invalidTransition, in: ledger, "closing every entity when one is still open") {
            try ledger.store.setPeriodState(period("2026-05"), to: .closed, entity: nil, actor: "bob")
        }
        #expect(try ledger.store.periodStatus(period("2026-05")).map(\.state) == [.softClosed, .open, .open])
        try ledger.expectIntact()
    }

    @Test("Invariant 12: a refused operation leaves the database file and its WAL byte-for-byte unchanged")
    func invariant12_byteForByte() throws {
        let ledger = try TempLedger()
        try ledger.store.importRates([spot("2026-05-01", .eur, .usd, "1.08")], actor: "alice")
        try ledger.store.post([sale("s1"), sale("s2", entity: "DE01")], actor: "alice")
        try ledger.store.setPeriodState(period("2026-05"), to: .softClosed, entity: "US01", actor: "bob")
        func bytes() throws -> [Data] {
            try ["", "-wal"].map { suffix in
                FileManager.default.fileExists(atPath: ledger.path + suffix) ? try Data(contentsOf: URL(fileURLWithPath: ledger.path + suffix)) : Data()
            }
        }
        let before = try bytes()
        let refusals: [(String, () throws -> Void)] = [
            ("unbalanced post", { try ledger.store.post([sale("ok", entity: "DE01"), entry("bad", entity: "DE01", [line("1000", 1, .eur), line("4000", -2, .eur)])], actor: "alice") }),
            ("post into soft-closed", { try ledger.store.post([sale("late", date: "2026-05-30", source: .manual)], actor: "alice") }),
            ("idempotency conflict", { try ledger.store.post([sale("s1", amountMinor: 1)], actor: "alice") }),
            ("unknown reversal", { _ = try ledger.store.reverse("nope", actor: "alice", reason: "r") }),
            ("reversal into soft-closed", { _ = try ledger.store.reverse("s1", actor: "alice", reason: "r") }),
            ("conflicting rate", { try ledger.store.importRates([spot("2026-05-02", .eur, .usd, "1.1"), spot("2026-05-01", .eur, .usd, "1.09")], actor: "alice") }),
            ("close all with one open", { try ledger.store.setPeriodState(period("2026-05"), to: .closed, entity: nil, actor: "bob") }),
            ("auditor", { try ledger.store.post([sale("x")], actor: "dave") }),
        ]
        for (what, operation) in refusals {
            #expect(throws: LedgerError.self, "\(what)") { try operation() }
            #expect(try bytes() == before, "\(what) changed the file")
        }
        // Reads leave the file alone too.
        _ = try ledger.store.trialBalance(entity: "US01", period: period("2026-05"))
        _ = try ledger.store.verifyAudit()
        _ = try ledger.store.periodStatus(period("2026-05"))
        _ = try ledger.store.rates()
        #expect(try bytes() == before, "a read changed the file")
    }
}
