import Testing
import LedgerCore
@testable import Simulation

/// Every fault in a manifest is really in the generated data: each kind is found by looking
/// at the books and statements the way a close agent would, not by trusting the manifest.
@Suite("Injected faults are present")
struct FaultTruthTests {
    static let books: GeneratedBooks = {
        do { return try Generator.generate(try BuiltInScenarios.scenario(named: "demo")) } catch { fatalError("\(error)") }
    }()

    var period: PeriodID { Self.books.scenario.period }

    func entries(_ fault: InjectedFault) -> [JournalEntryDraft] {
        fault.rows.compactMap { row in
            guard case .journalEntry(let id) = row else { return nil }
            return Self.books.journals.flatMap(\.entries).first { $0.idempotencyKey == id }
        }
    }

    func bankLines(_ fault: InjectedFault) -> [BankLine] {
        fault.rows.compactMap { row in
            guard case .bankLine(let statement, let reference) = row else { return nil }
            return Self.books.statements.first { $0.id == statement }?.lines.first { $0.bankReference == reference }
        }
    }

    func faults(_ kind: FaultKind) -> [InjectedFault] { Self.books.faults.filter { $0.kind == kind } }

    var periodEntries: [JournalEntryDraft] { Self.books.journal(period)?.entries ?? [] }

    @Test func theDemoHasTwoOfEveryKind() {
        for kind in FaultKind.allCases { #expect(faults(kind).count == 2, "\(kind)") }
        #expect(Set(Self.books.faults.map(\.id)).count == Self.books.faults.count)
    }

    @Test func anUnrecordedBankFeeIsOnTheStatementAndNowhereInTheLedger() throws {
        for fault in faults(.unrecordedBankFee) {
            let line = try #require(bankLines(fault).first)
            #expect(line.kind == .fee && line.amountMinor < 0)
            #expect(!periodEntries.contains { $0.lines.contains { $0.reference == line.reference } })
        }
    }

    @Test func aReferenceTypoDiffersFromTheLedgerByOneEdit() throws {
        for fault in faults(.referenceTypo) {
            let line = try #require(bankLines(fault).first)
            let receipt = try #require(entries(fault).first)
            let ledgerReference = receipt.lines[0].reference
            #expect(line.reference != ledgerReference)
            #expect(Self.editDistance(line.reference, ledgerReference) <= 2)
            #expect(line.amountMinor == receipt.lines[0].amountMinor)
        }
    }

    @Test func aMultiInvoiceReceiptIsOneBankLineForSeveralReceipts() throws {
        for fault in faults(.multiInvoiceReceipt) {
            let line = try #require(bankLines(fault).first)
            let receipts = entries(fault)
            #expect(receipts.count >= 2)
            #expect(Set(receipts.map { $0.lines[0].reference }).count == receipts.count, "each receipt clears another invoice")
            #expect(line.amountMinor == receipts.reduce(0) { $0 + $1.lines[0].amountMinor })
        }
    }

    @Test func aDuplicateBankLineAppearsTwiceOnTheStatement() throws {
        for fault in faults(.duplicateBankLine) {
            let copy = try #require(bankLines(fault).first)
            let statement = try #require(Self.books.statements.first { $0.lines.contains(copy) })
            let twins = statement.lines.filter {
                $0.amountMinor == copy.amountMinor && $0.reference == copy.reference && $0.bookingDate == copy.bookingDate
            }
            #expect(twins.count >= 2)
            #expect(Self.books.bankTruth.contains { $0.bankReference == copy.bankReference && $0.status == .bankDuplicate })
        }
    }

    @Test func aDuplicateLedgerEntryRepeatsAnotherEntryUnderANewKey() throws {
        for fault in faults(.duplicateLedgerEntry) {
            let pair = entries(fault)
            try #require(pair.count == 2)
            #expect(pair[0].idempotencyKey != pair[1].idempotencyKey)
            #expect(pair[0].lines == pair[1].lines && pair[0].date == pair[1].date && pair[0].entity == pair[1].entity)
        }
    }

    @Test func aPaymentInTransitIsInThePeriodsLedgerButNotOnItsStatement() throws {
        for fault in faults(.paymentInTransit) {
            let payment = try #require(entries(fault).first)
            #expect(payment.date.period == period)
            let reference = payment.lines[0].reference
            let onStatement = Self.books.statements.contains { $0.entity == payment.entity && $0.lines.contains { $0.reference.contains(reference) } }
            #expect(!onStatement)
            #expect(Self.books.bankTruth.contains { $0.status == .ledgerOnly && $0.entryIDs == [payment.idempotencyKey] })
        }
    }

    @Test func intercompanyFaultsShowInTheTwoEntitiesBooks() throws {
        for fault in faults(.intercompanyOneSided) {
            let charge = try #require(entries(fault).first)
            let reference = charge.lines[0].reference
            let partner = try #require(fault.partner)
            #expect(!Self.books.journals.flatMap(\.entries).contains { $0.entity == partner && $0.lines.contains { $0.reference == reference } })
        }
        for fault in faults(.intercompanyAmountMismatch) {
            let pair = entries(fault)
            try #require(pair.count == 2)
            #expect(pair[0].entity != pair[1].entity && pair[0].lines[0].reference == pair[1].lines[0].reference)
            #expect(pair[0].lines[0].amountMinor != pair[1].lines[0].amountMinor)
        }
        for fault in faults(.intercompanyCutOff) {
            let pair = entries(fault)
            try #require(pair.count == 2)
            #expect(pair[0].date.period == period && pair[1].date.period == period.next)
            #expect(pair[0].lines[0].amountMinor == pair[1].lines[0].amountMinor)
        }
    }

    @Test func aSuspensePostingCreditsSuspenseInsteadOfReceivables() throws {
        for fault in faults(.suspensePosting) {
            let receipt = try #require(entries(fault).first)
            #expect(receipt.lines.contains { $0.account == "9999" && $0.amountMinor < 0 })
            #expect(!receipt.lines.contains { $0.account == "1100" })
        }
    }

    @Test func aMissingAccrualIsAReceiptWithoutInvoiceOrLedgerEntry() throws {
        for fault in faults(.missingAccrual) {
            guard case .goodsReceipt(let id) = try #require(fault.rows.first) else { Issue.record("no goods receipt row"); continue }
            let receipt = try #require(Self.books.goodsReceipts.first { $0.id == id })
            #expect(receipt.invoice == nil && receipt.date.period == period)
            let invoiced = periodEntries.contains { entry in
                entry.entity == receipt.entity && entry.lines.contains { $0.account == receipt.account && $0.amountMinor == receipt.amountMinor }
            }
            #expect(!invoiced, "no ledger entry books the received goods")
        }
        #expect(Self.books.goodsReceipts.filter { $0.invoice == nil }.count == faults(.missingAccrual).count,
                "only the injected receipts lack an invoice")
    }

    @Test func aWrongEntityExpenseNamesASupplierOfAnotherEntity() throws {
        for fault in faults(.wrongEntityExpense) {
            let entry = try #require(entries(fault).first)
            let supplier = try #require(Self.books.counterparties.first { party in
                party.kind == .supplier && entry.lines[0].description.hasSuffix(party.name)
            })
            #expect(supplier.entity != entry.entity)
            #expect(fault.entity == entry.entity && fault.partner == supplier.entity)
        }
    }

    @Test func theCleanScenarioHasNoFaultsAndEveryBankLineMatches() throws {
        let books = try Generator.generate(try BuiltInScenarios.scenario(named: "clean"))
        #expect(books.faults.isEmpty)
        #expect(!books.bankTruth.contains { $0.status == .bankDuplicate || ($0.status == .bankOnly && $0.entryIDs.isEmpty) })
        #expect(books.goodsReceipts.allSatisfy { $0.invoice != nil })
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
