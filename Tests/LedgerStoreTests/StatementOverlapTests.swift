import Testing
import LedgerCore
import LedgerStore

/// Issue 15 ("one statement, whatever its format"), the overlapping case: a statement that
/// repeats an imported one's lines over the days both cover is refused, the ledger unchanged.
@Suite struct StatementOverlapTests {
    static let iban = SealedLedger.group.bankAccounts[0].iban

    /// A statement of US01/1000 with one line per (day, amount), opening at `opening`; the
    /// bank's reference names the movement, as a bank's exports of it all do.
    static func statement(_ id: String, opening: Int64 = 0, _ lines: [(String, Int64)]) -> BankStatement {
        let bankLines = lines.enumerated().map { index, line in
            BankLine(bookingDate: day(line.0), valueDate: day(line.0), amountMinor: line.1, reference: "REF-\(id)-\(index)",
                     bankReference: "BR-\(line.0)-\(line.1)", counterparty: "Customer", description: "payment")
        }
        return BankStatement(id: id, entity: "US01", account: "1000", iban: iban, currency: .usd,
                             openingDate: day(lines.first!.0), openingMinor: opening, closingDate: day(lines.last!.0),
                             closingMinor: opening + lines.reduce(0) { $0 + $1.1 }, createdAt: "", lines: bankLines)
    }

    static let firstHalf: [(String, Int64)] = [("2026-05-04", 10_000), ("2026-05-11", -2_500), ("2026-05-15", 700)]

    @Test func aStatementRepeatingTheLinesOfAnImportedOneIsRefused() throws {
        let ledger = try TempLedger(group: SealedLedger.group)
        try ledger.store.importStatements([Self.statement("MAY-A", Self.firstHalf)], source: "first.csv", actor: "alice")
        let before = try ledger.fingerprint()
        // From the 11th to the 20th: the lines of the 11th and 15th again, and one of its own.
        let overlapping = Self.statement("MAY-B", opening: 10_000, [("2026-05-11", -2_500), ("2026-05-15", 700), ("2026-05-20", 4_000)])
        #expect {
            try ledger.store.importStatements([overlapping], source: "second.sta", actor: "alice")
        } throws: { error in
            let message = "\(error)"
            return message.contains("second.sta") && message.contains("repeats 2 lines of statement MAY-A")
                && message.contains("from 2026-05-11 through 2026-05-15") && message.contains("nothing was imported")
        }
        #expect(try ledger.fingerprint() == before)
    }

    @Test func aStatementCoveringAnImportedOneAndMoreIsRefused() throws {
        let ledger = try TempLedger(group: SealedLedger.group)
        try ledger.store.importStatements([Self.statement("DAY-11", [("2026-05-11", -2_500)])], source: "day.xml", actor: "alice")
        let month = Self.statement("MONTH", Self.firstHalf + [("2026-05-29", 300)])
        #expect(throws: LedgerError.self) { try ledger.store.importStatements([month], source: "month.csv", actor: "alice") }
    }

    @Test func aSecondChargeOfTheSameDayAndAmountWithItsOwnBankReferenceIsKept() throws {
        let ledger = try TempLedger(group: SealedLedger.group)
        try ledger.store.importStatements([Self.statement("MAY-A", Self.firstHalf)], source: "first.csv", actor: "alice")
        // The bank's reference says it is another movement than MAY-A's line of the 11th.
        var late = Self.statement("LATE", opening: 8_200, [("2026-05-11", -2_500)])
        late.lines[0].bankReference = "LATE-1"
        #expect(try ledger.store.importStatements([late], source: "late.csv", actor: "alice").imported == 1)
        // Without a bank reference it cannot be told apart: refused as a repeat.
        var bare = Self.statement("BARE", opening: 5_700, [("2026-05-11", -2_500)])
        bare.lines[0].bankReference = ""
        #expect(throws: LedgerError.self) { try ledger.store.importStatements([bare], source: "bare.csv", actor: "alice") }
    }

    @Test func statementsThatFollowOneAnotherOrShareADayWithTheirOwnLinesAreKept() throws {
        let ledger = try TempLedger(group: SealedLedger.group)
        try ledger.store.importStatements([Self.statement("MAY-A", Self.firstHalf)], source: "first.csv", actor: "alice")
        // The next statement starts on the last day of the first, with other movements (intraday).
        let next = Self.statement("MAY-B", opening: 8_200, [("2026-05-15", 900), ("2026-05-22", -400)])
        let summary = try ledger.store.importStatements([next], source: "second.csv", actor: "alice")
        #expect(summary.imported == 1 && summary.lines == 2)
    }
}
