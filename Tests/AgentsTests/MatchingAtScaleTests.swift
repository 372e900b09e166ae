import Testing
import LedgerCore
@testable import Agents

/// What a hundred rents, receipts and batches a month do to the matching rules: equal
/// amounts meet references a digit apart, and the weaker rules must not pair the wrong lines.
/// Each case is one found in a seed of `close scenario sweep demo --scale 100`.
@Suite struct MatchingAtScaleTests {
    static func date(_ month: Int, _ day: Int) -> CalendarDate { try! CalendarDate(year: 2026, month: month, day: day) }

    static func bank(_ amount: Int64, _ reference: String, _ month: Int, _ day: Int, id: String, description: String = "") -> BankLine {
        BankLine(bookingDate: date(month, day), valueDate: date(month, day), amountMinor: amount, reference: reference,
                 bankReference: id, counterparty: "Northwind", description: description, kind: .transfer)
    }

    static func ledger(_ amount: Int64, _ reference: String, _ month: Int, _ day: Int, key: String) -> LedgerItem {
        LedgerItem(entryKey: key, document: key, date: date(month, day), amountMinor: amount, reference: reference, description: "")
    }

    let engine = MatchingEngine()

    @Test func theBanksDuplicateIsNotAFuzzyMatchForLastMonthsRent() {
        // May's ninth rent, booked twice by the bank, is two edits from April's twenty-ninth.
        let rent: Int64 = -2_049_894
        let result = engine.match(bank: [Self.bank(rent, "RENT-US01-2026-05-9", 5, 11, id: "ORIGINAL"),
                                         Self.bank(rent, "RENT-US01-2026-05-9", 5, 11, id: "COPY")],
                                  ledger: [Self.ledger(rent, "RENT-US01-2026-05-9", 5, 11, key: "MAY-9"),
                                           Self.ledger(rent, "RENT-US01-2026-04-29", 4, 28, key: "APRIL-29")])
        #expect(result.matches.map(\.rule) == ["exact"])
        #expect(result.unmatchedBank == [1], "the copy is the bank's duplicate, not April's rent")
        // A lone line with a typo still finds a line within the date window: the rule itself
        // is unchanged.
        let typo = engine.match(bank: [Self.bank(rent, "RENT-US01-2026-05-9", 5, 11, id: "B1")],
                                ledger: [Self.ledger(rent, "RENT-US01-2026-05-29", 5, 8, key: "MAY-29"),
                                         Self.ledger(rent, "LEASE-DE01-HALL-7", 5, 10, key: "LEASE")])
        #expect(typo.matches.map(\.rule) == ["fuzzy-reference"])
        #expect(typo.matches.first?.ledger == [0])
    }

    @Test func aFuzzyReferenceDoesNotReachBackAMonth() {
        // Seed 32 of `large`: the bank credited INV-DE01-OB-035006 (78.45) on May 29 and the
        // ledger booked it on June 1; April 29's receipt of 78.45, INV-DE01-OB-031606, two
        // digits away and long in the opening balance, must not take it.
        let receipt: Int64 = 7_845
        let result = engine.match(bank: [Self.bank(receipt, "INV-DE01-OB-035006", 5, 29, id: "MAY-29")],
                                  ledger: [Self.ledger(receipt, "INV-DE01-OB-031606", 4, 29, key: "APRIL-29")])
        #expect(result.matches.isEmpty)
        #expect(result.unmatchedBank == [0] && result.unmatchedLedger == [0])
        // Five days apart is still the same movement.
        let near = engine.match(bank: [Self.bank(receipt, "INV-DE01-OB-035006", 5, 29, id: "MAY-29")],
                                ledger: [Self.ledger(receipt, "INV-DE01-OB-035060", 5, 24, key: "MAY-24"),
                                         Self.ledger(receipt, "INV-DE01-OB-047771", 5, 26, key: "MAY-26")])
        #expect(near.matches.map(\.rule) == ["fuzzy-reference"])
        #expect(near.matches.first?.ledger == [0])
    }

    @Test func aBankChargeIsNotTheSupplierPaymentOfTheSameAmount() {
        // Seed 19 of `large`: DE01's statement charges 85.81 on May 27 (unrecorded, to be
        // proposed), and a supplier payment of 85.81 booked on May 28 clears only in June.
        let fee = BankLine(bookingDate: Self.date(5, 27), valueDate: Self.date(5, 27), amountMinor: -8_581, reference: "FEE-DE01-000023",
                           bankReference: "COBA260502019286", counterparty: "Bank", description: "ACCOUNT CHARGES", kind: .fee)
        let payment = LedgerItem(entryKey: "PP-DE01-2605-006354", document: "D1", date: Self.date(5, 28), amountMinor: -8_581,
                                 reference: "1239-2026-00009", description: "Payment 1239-2026-00009 Juniper Technologies 3239 GmbH",
                                 balanceSheetCounterpart: true)
        let result = engine.match(bank: [fee], ledger: [payment])
        #expect(result.matches.isEmpty)
        #expect(result.unmatchedBank == [0] && result.unmatchedLedger == [0])
        // The same charge, booked by hand to the bank-charges account under another text, is
        // still found by amount and date; so is a transfer of that amount paying the supplier.
        var booked = payment
        (booked.reference, booked.balanceSheetCounterpart) = ("May charges", false)
        #expect(engine.match(bank: [fee], ledger: [booked]).matches.map(\.rule) == ["amount-date"])
        var transfer = fee
        (transfer.kind, transfer.reference, transfer.counterparty) = (.transfer, "", "Juniper Technologies 3239 GmbH")
        #expect(engine.match(bank: [transfer], ledger: [payment]).matches.map(\.rule) == ["amount-date"])
        // Nor is interest paired by amount alone with a settlement, or split over several.
        var interest = fee
        (interest.kind, interest.amountMinor) = (.interest, -17_162)
        #expect(engine.match(bank: [interest], ledger: [payment, payment]).matches.isEmpty)
    }

    @Test func aBatchIsNotAnotherReceiptOfItsTotal() {
        // Seed 19 of `large`: a batch of four receipts the ledger books in June adds up to
        // 4,690.93, as does a lone receipt of May 29 that belongs to another batch.
        let batch = Self.bank(469_093, "BATCH 2026-05-29 4 ITEMS", 5, 29, id: "CHAS260500020867",
                              description: "BATCHED CREDIT TRANSFERS INV-US01-2605-021881 INV-US01-2605-021941 INV-US01-2605-022122 INV-US01-2605-022132")
        let lone = Self.ledger(469_093, "INV-US01-2604-004952", 5, 29, key: "CR-US01-2605-010514")
        let result = engine.match(bank: [batch], ledger: [lone])
        #expect(result.matches.isEmpty)
        #expect(result.unmatchedBank == [0] && result.unmatchedLedger == [0])
        // Nor by a sum of ledger lines it does not list.
        let parts = [Self.ledger(400_000, "INV-US01-2604-000001", 5, 29, key: "A"), Self.ledger(69_093, "INV-US01-2604-000002", 5, 29, key: "B")]
        #expect(engine.match(bank: [batch], ledger: parts).matches.isEmpty)
        // A receipt the batch lists, with a typing error elsewhere, is still paired by amount.
        let listed = Self.ledger(469_093, "INV-US01-2605-021941", 5, 28, key: "LISTED")
        #expect(engine.match(bank: [batch], ledger: [listed]).matches.map(\.rule) == ["amount-date"])
        // A line naming one document and words is not a batch: amount and date still pair it.
        let single = Self.bank(469_093, "REMITTANCE C001-F005", 5, 29, id: "R", description: "CREDIT TRANSFER")
        #expect(engine.match(bank: [single], ledger: [lone]).matches.map(\.rule) == ["amount-date"])
    }

    @Test func aBatchNamingItsInvoicesTakesThemBeforeALoneLineOfTheSameAmount() {
        let bank = [Self.bank(22_279_574, "BATCH 2026-05-25 4 ITEMS", 5, 25, id: "BATCH",
                              description: "BATCHED CREDIT TRANSFERS INV-204 INV-216 INV-223 INV-262"),
                    // Another customer's receipt of the same 162.55 the ledger books in June.
                    Self.bank(16_255, "INV-274", 5, 29, id: "LONE")]
        let ledger = [Self.ledger(721_296, "INV-216", 5, 25, key: "R216"), Self.ledger(10_578_852, "INV-223", 5, 25, key: "R223"),
                      Self.ledger(16_255, "INV-262", 5, 25, key: "R262"), Self.ledger(10_963_171, "INV-204", 5, 26, key: "R204")]
        let result = engine.match(bank: bank, ledger: ledger)
        #expect(result.matches.map(\.rule) == ["batch-references"])
        #expect(result.matches.first?.ledger.sorted() == [0, 1, 2, 3])
        #expect(result.unmatchedBank == [1], "the lone 162.55 has no ledger line of its own in the period")
    }

    @Test func theBanksDuplicateIsNotPairedWithLastMonthsRent() {
        let rent: Int64 = -3_624_503
        let bank = [Self.bank(rent, "RENT-JP01-2026-05-4", 5, 4, id: "ORIGINAL"),
                    Self.bank(rent, "RENT-JP01-2026-05-4", 5, 4, id: "COPY")]
        // April's last rent, cleared by April's statement, which this reconciliation does not see.
        let ledger = [Self.ledger(rent, "RENT-JP01-2026-05-4", 5, 4, key: "MAY-4"),
                      Self.ledger(rent, "RENT-JP01-2026-04-30", 4, 30, key: "APRIL-30")]
        let result = engine.match(bank: bank, ledger: ledger)
        #expect(result.matches.count == 1 && result.matches.first?.rule == "exact")
        #expect(result.unmatchedBank == [1], "the copy stays on the bank's side, to be raised as its duplicate")
        #expect(result.unmatchedLedger == [1])
        #expect(result.ambiguous.isEmpty)
        // A second payment with the same reference but its own amount is not set aside.
        let partial = engine.match(bank: [Self.bank(-1_000, "INV-77", 5, 4, id: "P1"), Self.bank(-2_000, "INV-77", 5, 5, id: "P2")],
                                   ledger: [Self.ledger(-1_000, "INV-77", 5, 4, key: "E1"), Self.ledger(-2_000, "PAY-9", 5, 5, key: "E2")])
        #expect(partial.matches.map(\.rule).sorted() == ["amount-date", "exact"])
    }
}
