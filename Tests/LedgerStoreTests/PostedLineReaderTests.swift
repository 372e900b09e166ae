import GRDB
import Testing
import LedgerCore
import LedgerStore

/// `postedLines` reads through the SQLite C API and shares an entry's fields between its
/// lines (`PostedLineReader`); it must give exactly what decoding each row through a GRDB
/// `Row`, column by column, gave before.
@Suite struct PostedLineReaderTests {
    @Test func readsWhatRowDecodingRead() throws {
        // Given entries in three entities and currencies, with partners, references,
        // descriptions, several lines per entry, and an entry reversed by another
        let ledger = try TempLedger()
        let store = ledger.store
        _ = try store.post([
            entry("k/a", description: "sale with an intercompany leg", [
                EntryLine(account: "1000", currency: .usd, amountMinor: 150_000, reference: "INV-1", description: "paid by Globex Ltd"),
                EntryLine(account: "1150", currency: .usd, amountMinor: 50_000, partner: "DE01", reference: "IC-7", description: "charged to DE01"),
                EntryLine(account: "4000", currency: .usd, amountMinor: -200_000, reference: "INV-1", description: "")]),
            sale("k/b", entity: "DE01", date: "2026-05-03"),
            sale("k/c", entity: "JP01", date: "2026-05-02", amountMinor: 7_000),
            sale("k/d", date: "2026-05-01", amountMinor: 42_00),
            sale("k/e", date: "2026-06-01"),
            sale("other/f", date: "2026-05-04"),
        ], actor: "alice")
        _ = try store.reverse("k/d", actor: "alice", reason: "posted twice", date: day("2026-05-05"))

        // When the lines are read through the store, then they equal the rows decoded one by one
        let may = (from: day("2026-05-01"), through: day("2026-05-31"))
        let usMay = try store.postedLines(entity: "US01", from: may.from, through: may.through)
        #expect(usMay == (try rowDecoded(ledger, where: "e.entity = 'US01' AND e.date >= '2026-05-01' AND e.date <= '2026-05-31'",
                                         order: "e.date, e.id, l.line_no")))
        #expect(usMay.contains { $0.isReversed } && usMay.contains { $0.reverses != nil } && usMay.contains { $0.partner == "DE01" })
        #expect(try store.postedLines(entity: "US01", from: may.from, through: may.through, accounts: ["1150", "4000"])
                == (try rowDecoded(ledger, where: "e.entity = 'US01' AND e.date >= '2026-05-01' AND e.date <= '2026-05-31' AND l.account IN ('1150', '4000')",
                                   order: "e.date, e.id, l.line_no")))
        // Lines of every entity and currency, one after another
        let keyed = try store.postedLines(keyPrefix: "k/")
        #expect(Set(keyed.map(\.currency)) == [.usd, .eur, .jpy])
        #expect(keyed == (try rowDecoded(ledger, where: "substr(e.idempotency_key, 1, 2) = 'k/'", order: "e.id, l.line_no")))
    }

    /// The lines as `LedgerStore.lines` decoded them before `PostedLineReader`: a GRDB `Row` each.
    private func rowDecoded(_ ledger: TempLedger, where condition: String, order: String) throws -> [LedgerLine] {
        try ledger.reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.id, e.idempotency_key, e.entity, e.fiscal_year, e.document_number, e.date, e.source,
                       e.description AS entry_description, e.reverses,
                       EXISTS (SELECT 1 FROM journal_entry r WHERE r.reverses = e.id) AS reversed,
                       l.account, l.currency, l.amount, l.functional_amount, l.partner, l.reference, l.description
                FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id
                WHERE e.state = 'posted' AND \(condition) ORDER BY \(order)
                """).map { row in
                let entity: String = row[2]
                return LedgerLine(entryID: row[0], entryKey: row[1],
                                  document: DocumentNumber.format(entity: entity, fiscalYear: row[3], number: row[4]),
                                  date: try CalendarDate(parsing: row[5]), source: row[6], entryDescription: row[7],
                                  reverses: row[8], isReversed: row[9], account: row[10],
                                  currency: try Currency(row[11] as String), amountMinor: row[12],
                                  functionalMinor: row[13], partner: row[14],
                                  reference: row[15], description: row[16], entity: entity)
            }
        }
    }
}
