import Foundation
import GRDB
import Testing
import LedgerCore
import LedgerStore

/// Issue 14 (hostile input), the store's part: the largest amounts never leave the books
/// unusable, balances keep their limit, and what the store refuses changes nothing. Each
/// test failed before the fix.
@Suite struct HostileLedgerTests {
    static let max = AmountLimit.maximum

    /// An entry moving the maximum in or out of the bank.
    static func maximal(_ key: String, date: String, into bank: Bool = true) -> JournalEntryDraft {
        entry(key, date: date, [line("1000", bank ? max : -max), line("4000", bank ? -max : max)])
    }

    @Test func postingsStayPossibleAfterTheTurnoverOfAnEntityPasses64Bits() throws {
        // 9,400 entries of the maximum over two months, in and out again: every balance stays
        // small, but the debits of US01 add up to 9.4 * 10^18, past Int64. SQLite's SUM of
        // them failed with "integer overflow", and with it every later posting of US01.
        let ledger = try TempLedger()
        for month in ["2026-04-15", "2026-05-15"] {
            let drafts = (0..<4_700).map { Self.maximal("\(month)-\($0)", date: month, into: $0 % 2 == 0) }
            try ledger.store.post(drafts, actor: "system", batch: "turnover")
        }
        try ledger.store.post([sale("after", amountMinor: 1_250)], actor: "alice")
        #expect(try ledger.store.netByCurrency(entity: "US01") == ["USD": 0, "functional": 0])
        let balances = try ledger.store.currencyBalances(entity: "US01", period: period("2026-05"))
        #expect(balances.first { $0.account == "1000" }?.amountMinor == 1_250)
        let trial = try ledger.store.trialBalance(entity: "US01", period: period("2026-05"))
        #expect(trial.rows.first { $0.account == "1000" }?.debitMinor == 4_700 * Self.max + 1_250)
        try ledger.expectIntact()
    }

    @Test func aBalancePastTheMaximumIsRefusedAndTheBooksStayUsable() throws {
        let ledger = try TempLedger()
        // One hundred maximal entries make the balance of 1000 exactly 10^17: allowed.
        try ledger.store.post((0..<100).map { Self.maximal("in-\($0)", date: "2026-05-04") }, actor: "system")
        let before = try ledger.fingerprint()
        let error = #expect(throws: LedgerError.self) { try ledger.store.post([sale("one-more", amountMinor: 1)], actor: "alice") }
        #expect(error?.code == .invalidAmount)
        #expect(error?.message.contains("the balance of US01/1000 in USD at the end of 2026-05 would be 1000000000000000.01 USD") == true)
        #expect(try ledger.fingerprint() == before)
        // Other accounts, and the way back, still post.
        try ledger.store.post([entry("rent", [line("5000", 90_000), line("2000", -90_000)])], actor: "alice")
        _ = try ledger.store.reverse("in-0", actor: "alice", reason: "too much")
        try ledger.store.post([sale("fits-again", amountMinor: 1)], actor: "alice")
        try ledger.expectIntact()
    }

    @Test func aBalanceAlreadyPastTheMaximumMayOnlyMoveBackTowardsZero() throws {
        // An older ledger, written before the limit: its balance of 1000 is past 10^17.
        let ledger = try TempLedger()
        try ledger.store.post((0..<100).map { Self.maximal("in-\($0)", date: "2026-05-04") }, actor: "system")
        try ledger.tamper("UPDATE balance SET debit = debit + ? WHERE entity = 'US01' AND account = '1000'", arguments: [5 * Self.max])
        try ledger.tamper("UPDATE balance SET credit = credit + ? WHERE entity = 'US01' AND account = '4000'", arguments: [5 * Self.max])
        #expect(throws: LedgerError.self) { try ledger.store.post([sale("further", amountMinor: 1)], actor: "alice") }
        try ledger.store.post([entry("back", [line("1000", -Self.max), line("4000", Self.max)])], actor: "alice")
    }

    @Test func aStatementOrReceiptOverTheLimitsIsRefusedByTheStoreWithNothingWritten() throws {
        let ledger = try TempLedger()
        let before = try ledger.fingerprint()
        let date = day("2026-05-04")
        let line = BankLine(bookingDate: date, valueDate: date, amountMinor: .max, reference: "R", bankReference: "B1",
                            counterparty: "C", description: "D")
        let statement = BankStatement(id: "S1", entity: "US01", account: "1000", iban: "x", currency: .usd, openingDate: date,
                                      openingMinor: 0, closingDate: date, closingMinor: .max, createdAt: "", lines: [line])
        let refused = #expect(throws: LedgerError.self) { try ledger.store.importStatements([statement], source: "s.csv", actor: "alice") }
        #expect(refused?.code == .invalidAmount && refused?.location?.file == "s.csv")
        let receipts = [GoodsReceipt(id: "GR-1", entity: "US01", supplier: "S", date: date, currency: .usd, amountMinor: 147_000,
                                     account: "5000", description: "", invoice: nil),
                        GoodsReceipt(id: "GR-2", entity: "US01", supplier: "S\u{0}", date: date, currency: .usd, amountMinor: 1,
                                     account: "5000", description: "", invoice: nil)]
        let text = #expect(throws: LedgerError.self) { try ledger.store.importGoodsReceipts(receipts, source: "g.csv", actor: "alice") }
        #expect(text?.code == .invalidText && text?.entryIndex == 1)
        #expect(try ledger.fingerprint() == before)
    }

    @Test func aNULInADescriptionIsRefusedNotStoredCutShort() throws {
        let ledger = try TempLedger()
        let before = try ledger.fingerprint()
        let error = #expect(throws: LedgerError.self) {
            try ledger.store.post([entry("nul", description: "visible\u{0}hidden", [line("1000", 100), line("4000", -100)])], actor: "alice")
        }
        #expect(error?.code == .invalidText && error?.location?.field == "description")
        #expect(try ledger.fingerprint() == before)
    }
}
