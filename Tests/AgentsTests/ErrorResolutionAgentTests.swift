import Testing
import Governance
import LedgerCore
@testable import Agents

typealias L = ErrorBooks.L

/// A supplier invoice of 383.03 USD from Northwind, reference 0001-000002.
private func invoice(_ books: inout ErrorBooks, _ key: String, day: Int = 13, reference: String = "0001-000002",
                     account: String = "6200", amount: Int64 = 38_303) {
    books.post("US01", key, day: day, [L(account: "2000", amount: -amount, reference: reference, description: "Invoice \(reference) Northwind Inc."),
                                       L(account: account, amount: amount, reference: reference, description: "Water Works")])
}

private func sortedLines(_ entry: ProposedEntry) -> [String] {
    entry.lines.map { "\($0.account) \($0.currency) \($0.amount)\($0.partner.map { " \($0)" } ?? "")" }.sorted()
}

@Suite struct DuplicateEntryTests {
    @Test func anExactCopyIsReversedAndTheOriginalStands() throws {
        var books = ErrorBooks()
        invoice(&books, "PI-1")
        invoice(&books, "PI-2")
        let proposal = try books.prepare("US01")
        let entry = try #require(proposal.entries.first)
        #expect(proposal.entries.count == 1 && proposal.findings.isEmpty)
        #expect(entry.rule == "duplicate-entry" && entry.confidence == 950 && entry.key == "duplicate-PI-2")
        // The later copy (entry 2) mirrored: 2000 -383.03 becomes +383.03, 6200 +383.03 becomes -383.03.
        #expect(sortedLines(entry) == ["2000 USD 38303", "6200 USD -38303"])
        #expect(entry.entity == "US01" && entry.date == "2026-05-13")
        #expect(entry.description.hasPrefix("Reversal of US01-2026-000002"))
        #expect(entry.explanation.contains("US01-2026-000001") && entry.explanation.contains("PI-1"))
        #expect(try books.prepare("US01") == proposal, "same books, same proposal")
    }

    @Test func nearMissesAreNotDuplicates() throws {
        var books = ErrorBooks()
        invoice(&books, "PI-1", day: 13)
        invoice(&books, "PI-2", day: 14)                             // same amount, another date
        invoice(&books, "PI-3", day: 13, reference: "0001-000003")   // same amount and date, another reference
        invoice(&books, "PI-4", day: 13, amount: 38_304)             // one cent more
        books.post("US01", "MAN-1", day: 13, [L(account: "6100", amount: 500), L(account: "1000", amount: -500)])
        books.post("US01", "MAN-2", day: 13, [L(account: "6100", amount: 500), L(account: "1000", amount: -500)])  // no reference: not compared
        let proposal = try books.prepare("US01")
        #expect(proposal.entries.isEmpty && proposal.findings.isEmpty)
    }

    @Test func aReversedDuplicateIsNotADuplicateAgain() throws {
        var books = ErrorBooks()
        invoice(&books, "PI-1")
        invoice(&books, "PI-2")
        var reversedInTheLedger = books
        reversedInTheLedger.post("US01", "rev", day: 13, source: "reversal", reverses: 2,
                                 [L(account: "2000", amount: 38_303, reference: "0001-000002"), L(account: "6200", amount: -38_303, reference: "0001-000002")])
        #expect(try reversedInTheLedger.prepare("US01").entries.isEmpty)
        // The agent's own reversal, once posted, is recognised by the document it names.
        books.postProposed(try books.prepare("US01").entries)
        let again = try books.prepare("US01")
        #expect(again.entries.isEmpty && again.findings.isEmpty)
    }

    @Test func aCopyOnAnotherAccountIsAFindingNotAnEntry() throws {
        var books = ErrorBooks()
        invoice(&books, "PI-1")
        invoice(&books, "PI-2", account: "6100")
        let proposal = try books.prepare("US01")
        #expect(proposal.entries.isEmpty)
        #expect(proposal.findings.map(\.id) == ["error-resolution/US01/duplicate/PI-2"])
    }
}

@Suite struct SuspenseTests {
    /// Invoice INV-4 of 551.20 USD in April; its payment arrives on suspense in May.
    static func books(receipt reference: String = "INV-4", amount: Int64 = 55_120) -> ErrorBooks {
        var books = ErrorBooks()
        books.post("US01", "SI-4", day: 28, month: 4, [L(account: "1100", amount: 55_120, reference: "INV-4", description: "Invoice INV-4 Bluewater Inc."),
                                                    L(account: "4000", amount: -55_120, reference: "INV-4", description: "Pumps")])
        books.post("US01", "CR-5", day: 27, [L(account: "1000", amount: amount, reference: reference, description: "Unidentified receipt Bluewater Inc."),
                                          L(account: "9999", amount: -amount, reference: reference, description: "Unidentified receipt Bluewater Inc.")])
        return books
    }

    @Test func aReceiptWithTheReferenceOfAnOpenInvoiceIsRepostedToReceivables() throws {
        var books = Self.books()
        let proposal = try books.prepare("US01")
        let entry = try #require(proposal.entries.first)
        #expect(proposal.entries.count == 1 && entry.rule == "suspense-reference" && entry.confidence == 950)
        #expect(sortedLines(entry) == ["1100 USD -55120", "9999 USD 55120"])
        #expect(entry.date == "2026-05-27" && entry.explanation.contains("CR-5"))
        books.postProposed(proposal.entries)
        let after = try books.prepare("US01")
        #expect(after.entries.isEmpty && after.findings.isEmpty, "suspense is clear once the re-posting is in the books")
    }

    @Test func withoutTheReferenceTheCounterpartyNamedDecides() throws {
        let proposal = try Self.books(receipt: "TRANSFER 0527").prepare("US01")
        #expect(proposal.entries.map(\.rule) == ["suspense-counterparty"])
        #expect(proposal.entries.first?.confidence == 700)
    }

    @Test func whatNoRuleCanTellIsAFindingWithTheCandidates() throws {
        var two = Self.books(receipt: "TRANSFER 0527")
        two.post("US01", "SI-5", day: 29, month: 4, [L(account: "1100", amount: 55_120, reference: "INV-5", description: "Invoice INV-5 Bluewater Inc."),
                                                  L(account: "4000", amount: -55_120, reference: "INV-5", description: "Pumps")])
        let ambiguous = try two.prepare("US01")
        #expect(ambiguous.entries.isEmpty)
        #expect(ambiguous.findings.first?.message.contains("INV-4, INV-5") == true)
        // The reference names the invoice but 500.00 is not its 551.20: a part payment, for a human.
        let part = try Self.books(amount: 50_000).prepare("US01")
        #expect(part.entries.isEmpty && part.findings.count == 1)
    }
}

@Suite struct WrongEntityTests {
    /// Oakfield KK supplies JP01 (an April invoice in JP01's books); its May invoice of
    /// 24,955,853 JPY (22,687,139 net + 2,268,714 tax) is booked in US01 at 167,203.22 USD.
    static func books(paidByUS01: Bool = false) -> ErrorBooks {
        var books = ErrorBooks()
        books.post("JP01", "PI-JP-1", day: 3, month: 4, [L(account: "2000", amount: -81_754, reference: "0003-000002", description: "Invoice 0003-000002 Oakfield KK"),
                                                      L(account: "6200", amount: 81_754, reference: "0003-000002", description: "Telecom")])
        books.post("US01", "PI-US-4", day: 9, [
            L(account: "2000", amount: -24_955_853, reference: "0003-000004", description: "Invoice 0003-000004 Oakfield KK", currency: .jpy, functional: -16_720_322),
            L(account: "6200", amount: 22_687_139, reference: "0003-000004", description: "Telecom", currency: .jpy, functional: 15_200_383),
            L(account: "1600", amount: 2_268_714, reference: "0003-000004", description: "Input tax 10%", currency: .jpy, functional: 1_519_939)])
        if paidByUS01 {
            books.post("US01", "PP-US-9", day: 20, [
                L(account: "2000", amount: 24_955_853, reference: "0003-000004", description: "Payment 0003-000004 Oakfield KK", currency: .jpy, functional: 16_720_322),
                L(account: "1000", amount: -24_955_853, reference: "0003-000004", description: "Payment 0003-000004 Oakfield KK", currency: .jpy, functional: -16_720_322)])
        }
        return books
    }

    @Test func anUnpaidInvoiceIsReversedHereAndRepostedWhereItsSupplierBelongs() throws {
        var books = Self.books()
        let proposal = try books.prepare("US01")
        #expect(proposal.entries.count == 2)
        let reversal = try #require(proposal.entries.first), reposting = try #require(proposal.entries.last)
        #expect(reversal.entity == "US01" && reposting.entity == "JP01")
        #expect(reversal.rule == "wrong-entity-counterparty" && reversal.confidence == 900)
        #expect(sortedLines(reversal) == ["1600 JPY -2268714", "2000 JPY 24955853", "6200 JPY -22687139"])
        // At the rate it was booked: -15,200,383 - 1,519,939 + 16,720,322 = 0 USD.
        #expect(reversal.lines.compactMap(\.functionalAmount).sorted() == [-15_200_383, -1_519_939, 16_720_322])
        #expect(sortedLines(reposting) == ["1600 JPY 2268714", "2000 JPY -24955853", "6200 JPY 22687139"])
        #expect(reposting.lines.allSatisfy { $0.functionalAmount == nil }, "JPY is JP01's own currency")
        #expect(try books.prepare("JP01").entries.isEmpty, "JP01's own task proposes nothing twice")
        books.postProposed(proposal.entries)
        #expect(try books.prepare("US01").entries.isEmpty)
    }

    @Test func anInvoiceTheWrongEntityPaidMovesThroughIntercompany() throws {
        let proposal = try Self.books(paidByUS01: true).prepare("US01")
        let reversal = try #require(proposal.entries.first), reposting = try #require(proposal.entries.last)
        #expect(sortedLines(reversal) == ["1150 JPY 24955853 JP01", "1600 JPY -2268714", "6200 JPY -22687139"])
        // 1150 takes the functional amount the cancelled lines leave: 15,200,383 + 1,519,939 = 16,720,322.
        #expect(reversal.lines.first { $0.account == "1150" }?.functionalAmount == 16_720_322)
        #expect(sortedLines(reposting) == ["1600 JPY 2268714", "2150 JPY -24955853 US01", "6200 JPY 22687139"])
        #expect(reversal.explanation.contains("already paid"))
    }

    @Test func aSupplierBothEntitiesKnowOrNobodyKnowsIsLeftAlone() throws {
        var both = Self.books()
        both.post("US01", "PI-US-1", day: 10, month: 4, [L(account: "2000", amount: -100, reference: "0003-000001", description: "Invoice 0003-000001 Oakfield KK"),
                                                      L(account: "6200", amount: 100, reference: "0003-000001", description: "Telecom")])
        #expect(try both.prepare("US01").entries.isEmpty)
        var nobody = ErrorBooks()
        nobody.post("US01", "PI-US-4", day: 9, [L(account: "2000", amount: -100, reference: "0009-000001", description: "Invoice 0009-000001 Unknown KK"),
                                               L(account: "6200", amount: 100, reference: "0009-000001", description: "Telecom")])
        #expect(try nobody.prepare("US01").entries.isEmpty)
    }
}

/// Generalisation (issue 15): the wrong-entity rule reads the supplier's history, and a
/// supplier's first invoices of the month still say where it belongs.
@Suite struct WrongEntityHistoryTests {
    static func invoice(_ books: inout ErrorBooks, _ entity: String, _ key: String, day: Int, month: Int = 5, reference: String,
                        supplier: String, amount: Int64, currency: Currency, functional: Int64) {
        books.post(entity, key, day: day, month: month, [
            L(account: "2000", amount: -amount, reference: reference, description: "Invoice \(reference) \(supplier)", currency: currency, functional: -functional),
            L(account: "6200", amount: amount, reference: reference, description: "Telecom", currency: currency, functional: functional)])
    }

    /// Before the fix, the period's invoices vouched for nobody, in any entity: a supplier whose
    /// only invoices in JP01 were this month's was unknown, and its invoice in US01 was missed.
    @Test func aSupplierWhoseOnlyInvoicesAreThisMonthsIsKnownWhereItBelongs() throws {
        var books = ErrorBooks()
        Self.invoice(&books, "JP01", "PI-JP-1", day: 4, reference: "0003-2026-00001", supplier: "Oakfield KK", amount: 81_754, currency: .jpy, functional: 81_754)
        Self.invoice(&books, "US01", "PI-US-4", day: 9, reference: "0003-2026-00002", supplier: "Oakfield KK", amount: 120_000, currency: .jpy, functional: 80_000)
        let proposal = try books.prepare("US01")
        #expect(proposal.entries.map(\.entity) == ["US01", "JP01"] && proposal.entries.allSatisfy { $0.rule == "wrong-entity-counterparty" })
        #expect(try books.prepare("JP01").entries.isEmpty, "JP01's own invoice stays")
    }

    /// Two entities that each have only this month's invoices of a supplier: the one whose
    /// invoice is in its own currency keeps it; the other's, in a foreign currency, moves.
    @Test func thisMonthsInvoicesInTwoEntitiesDoNotVouchForEachOther() throws {
        var books = ErrorBooks()
        Self.invoice(&books, "US01", "PI-US-1", day: 29, reference: "0003-2026-00001", supplier: "Keystone Inc.", amount: 105_022, currency: .usd, functional: 105_022)
        Self.invoice(&books, "JP01", "PI-JP-4", day: 25, reference: "0003-2026-00002", supplier: "Keystone Inc.", amount: 187_419, currency: .usd, functional: 28_000_000)
        #expect(try books.prepare("US01").entries.isEmpty && books.prepare("US01").findings.isEmpty, "US01's invoice in USD is its own")
        let proposal = try books.prepare("JP01")
        #expect(proposal.entries.map(\.entity) == ["JP01", "US01"])
    }

    /// A supplier nobody has dealt with: in the entity's own currency nothing is said; in a
    /// currency that is exactly one other entity's, a human is asked, and nothing is moved.
    @Test func aNewSupplierInvoicingInAnotherEntitysCurrencyIsRaisedNotMoved() throws {
        var own = ErrorBooks()
        Self.invoice(&own, "US01", "PI-US-4", day: 9, reference: "0009-2026-00001", supplier: "Unknown Inc.", amount: 100, currency: .usd, functional: 100)
        let quiet = try own.prepare("US01")
        #expect(quiet.entries.isEmpty && quiet.findings.isEmpty)
        var foreign = ErrorBooks()
        Self.invoice(&foreign, "US01", "PI-US-4", day: 9, reference: "0009-2026-00001", supplier: "Unknown KK", amount: 150_000, currency: .jpy, functional: 1_000)
        let raised = try foreign.prepare("US01")
        #expect(raised.entries.isEmpty)
        let finding = try #require(raised.findings.first { $0.id.contains("/wrong-entity/") })
        #expect(finding.severity == .warning && finding.message.contains("JPY is the currency of JP01"), "\(finding.message)")
    }
}

@Suite struct SubledgerTieOutTests {
    @Test func aControlAccountLineWithoutAReferenceIsTheDifference() throws {
        var books = SuspenseTests.books()
        #expect(try books.prepare("US01").findings.isEmpty)
        books.post("US01", "MAN-1", day: 30, source: "manual", [L(account: "1100", amount: 12_345), L(account: "4000", amount: -12_345)])
        let proposal = try books.prepare("US01")
        let finding = try #require(proposal.findings.first { $0.id == "error-resolution/US01/subledger/1100/USD" })
        // Open items: INV-4 551.20, less the suspense receipt not yet applied: 551.20; control 551.20 + 123.45 = 674.65.
        #expect(finding.message.contains("open items 551.20 USD, control account 674.65 USD, difference 123.45 USD"))
        #expect(finding.message.contains("US01-2026-000003"))
        #expect(proposal.entries.count == 1, "the suspense re-posting still stands; the tie-out posts nothing")
    }
}
