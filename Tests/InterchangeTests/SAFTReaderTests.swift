import Foundation
import Interchange
import LedgerCore
import Testing

/// The SAF-T reader on small hand-made files: what it takes from a good one, and every kind of
/// malformed file refused with the line and element path of the problem.
@Suite struct SAFTReaderTests {
    /// A small SAF-T 1.30 file: two accounts, one transaction, balances that agree. `lines`
    /// replaces the transaction's lines; `header` the header.
    static func document(version: String = "1.30", header: String? = nil, accounts: String? = nil, lines: String? = nil,
                         closingBank: String = "<ClosingDebitBalance>1100.00</ClosingDebitBalance>") -> String {
        let head = header ?? """
          <Header>
            <AuditFileVersion>\(version)</AuditFileVersion>
            <AuditFileCountry>NO</AuditFileCountry>
            <Company><RegistrationNumber>123456789</RegistrationNumber><Name>Test AS</Name></Company>
            <DefaultCurrencyCode>NOK</DefaultCurrencyCode>
            <SelectionCriteria><PeriodStart>1</PeriodStart><PeriodStartYear>2026</PeriodStartYear><PeriodEnd>1</PeriodEnd><PeriodEndYear>2026</PeriodEndYear></SelectionCriteria>
          </Header>
        """
        let chart = accounts ?? """
            <Account><AccountID>1920</AccountID><AccountDescription>Bank</AccountDescription><GroupingCategory>RF-1167</GroupingCategory><GroupingCode>1920</GroupingCode><AccountType>GL</AccountType>
              <OpeningDebitBalance>1000.00</OpeningDebitBalance>\(closingBank)</Account>
            <Account><AccountID>3000</AccountID><AccountDescription>Sales</AccountDescription><GroupingCategory>RF-1167</GroupingCategory><GroupingCode>3000</GroupingCode><AccountType>GL</AccountType>
              <OpeningCreditBalance>1000.00</OpeningCreditBalance><ClosingCreditBalance>1100.00</ClosingCreditBalance></Account>
        """
        let body = lines ?? """
                <Line><RecordID>1</RecordID><AccountID>1920</AccountID><SourceDocumentID>INV-1</SourceDocumentID><Description>Cash sale</Description><DebitAmount><Amount>100.00</Amount></DebitAmount></Line>
                <Line><RecordID>2</RecordID><AccountID>3000</AccountID><Description>Cash sale</Description><CreditAmount><Amount>100.00</Amount></CreditAmount>
                  <TaxInformation><TaxType>MVA</TaxType><TaxCode>3</TaxCode><TaxPercentage>25</TaxPercentage><TaxBase>80.00</TaxBase><CreditTaxAmount><Amount>20.00</Amount></CreditTaxAmount></TaxInformation></Line>
        """
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <AuditFile xmlns="urn:StandardAuditFile-Taxation-Financial:NO">
        \(head)
          <MasterFiles><GeneralLedgerAccounts>
        \(chart)
          </GeneralLedgerAccounts></MasterFiles>
          <GeneralLedgerEntries><NumberOfEntries>1</NumberOfEntries><TotalDebit>100.00</TotalDebit><TotalCredit>100.00</TotalCredit>
            <Journal><JournalID>GL</JournalID><Description>General</Description><Type>GL</Type>
              <Transaction><TransactionID>T1</TransactionID><Period>1</Period><PeriodYear>2026</PeriodYear><TransactionDate>2026-01-15</TransactionDate>
                <Description>Sale</Description><SystemEntryDate>2026-01-15</SystemEntryDate><GLPostingDate>2026-01-15</GLPostingDate>
        \(body)
              </Transaction>
            </Journal>
          </GeneralLedgerEntries>
        </AuditFile>
        """
    }

    static func read(_ text: String, accept: Bool = false) throws(LedgerError) -> SAFTBooks {
        try SAFTReader.read(Array(text.utf8), file: "test.xml", options: SAFTOptions(differenceAccount: accept ? "9999" : nil))
    }

    /// The refusal of `text`: its line and element path must name the problem.
    static func refusal(_ text: String) -> LedgerError? {
        do { _ = try read(text); return nil } catch { return error }
    }

    static func line(of needle: String, in text: String) -> Int {
        (text.components(separatedBy: "\n").firstIndex { $0.contains(needle) } ?? -1) + 1
    }

    @Test func aGoodFileGivesTheEntityAccountsOpeningAndEntries() throws {
        let books = try Self.read(Self.document())
        #expect(books.version == .v130 && books.entity.code == "NO123456789" && books.entity.currency.code == "NOK")
        #expect(books.accounts.map(\.account.code) == ["1920", "3000"])
        #expect(books.accounts.map(\.account.type) == [.asset, .revenue])
        #expect(books.differences.isEmpty)
        #expect(books.drafts.count == 2)
        let opening = books.drafts[0]
        #expect(opening.date.description == "2026-01-01" && opening.lines.map(\.amountMinor) == [100_000, -100_000])
        let sale = books.drafts[1]
        #expect(sale.idempotencyKey == "saft/NO123456789/GL/T1")
        #expect(sale.lines.map(\.amountMinor) == [10_000, -10_000])
        #expect(sale.lines[0].reference == "INV-1")
        #expect(sale.lines[1].description == "Cash sale | tax MVA 3 25%: 20.00 on 80.00")
    }

    @Test func aFileWithoutHeaderIsRefusedWhereTheBooksBegin() {
        let text = Self.document(header: "")
        let error = Self.refusal(text)
        #expect(error?.message.contains("comes before any Header") == true, "\(String(describing: error))")
        #expect(error?.location?.line == Self.line(of: "<MasterFiles>", in: text))
        #expect(error?.location?.field == "AuditFile/MasterFiles")
    }

    @Test func anUnbalancedTransactionIsRefusedNamingItAndTheAmount() {
        let text = Self.document(lines: """
                <Line><RecordID>1</RecordID><AccountID>1920</AccountID><Description>x</Description><DebitAmount><Amount>100.00</Amount></DebitAmount></Line>
                <Line><RecordID>2</RecordID><AccountID>3000</AccountID><Description>x</Description><CreditAmount><Amount>90.00</Amount></CreditAmount></Line>
        """, closingBank: "<ClosingDebitBalance>1100.00</ClosingDebitBalance>")
        let error = Self.refusal(text)
        #expect(error?.code == .unbalanced)
        #expect(error?.message.contains("transaction T1 does not balance: its debits exceed credits by 10.00 NOK") == true, "\(String(describing: error))")
    }

    @Test func anUnknownAccountInALineIsRefusedAtItsAccountID() {
        let text = Self.document(lines: """
                <Line><RecordID>1</RecordID><AccountID>1920</AccountID><Description>x</Description><DebitAmount><Amount>100.00</Amount></DebitAmount></Line>
                <Line><RecordID>2</RecordID><AccountID>3999</AccountID><Description>x</Description><CreditAmount><Amount>100.00</Amount></CreditAmount></Line>
        """)
        let error = Self.refusal(text)
        #expect(error?.code == .unknownAccount)
        #expect(error?.message.contains("'3999' is not among the file's GeneralLedgerAccounts") == true)
        #expect(error?.location?.line == Self.line(of: "<AccountID>3999", in: text))
        #expect(error?.location?.field == "AuditFile/GeneralLedgerEntries/Journal[1]/Transaction[1]/Line[2]/AccountID")
    }

    @Test func openingAndClosingThatDisagreeAreRefusedNamingTheAccountAndTheDifference() {
        let text = Self.document(closingBank: "<ClosingDebitBalance>1150.00</ClosingDebitBalance>")
        let error = Self.refusal(text)
        #expect(error?.code == .unbalanced)
        #expect(error?.message.contains("account 1920 opens at 1000.00 NOK and moves 100.00 NOK, so it should close at 1100.00 NOK, but the file closes it at 1150.00 NOK (a difference of 50.00 NOK)") == true,
                "\(String(describing: error))")
        #expect(error?.location?.line == Self.line(of: "<AccountID>1920", in: text))
        #expect(error?.location?.field == "AuditFile/MasterFiles/GeneralLedgerAccounts/Account[1]")
    }

    @Test func acceptedDifferencesSetTheClosingBalancesAndGoToTheDifferenceAccount() throws {
        let books = try Self.read(Self.document(closingBank: "<ClosingDebitBalance>1150.00</ClosingDebitBalance>"), accept: true)
        #expect(books.differences.map(\.kind) == [.accountBalance])
        // The opening as the file gives it, then one entry to the closing balances: 1920 takes
        // the 50.00 it lacks, the difference account the other side.
        #expect(books.drafts.map(\.idempotencyKey) == ["saft/NO123456789/opening/2026-01-01", "saft/NO123456789/GL/T1",
                                                       "saft/NO123456789/differences/2026-01-01"])
        #expect(books.drafts[0].lines.map(\.amountMinor) == [100_000, -100_000])
        #expect(books.drafts[2].lines.map(\.account) == ["1920", "9999"])
        #expect(books.drafts[2].lines.map(\.amountMinor) == [5_000, -5_000])
    }

    @Test func anAmountWithTooManyDecimalsIsRefusedAtIt() {
        let text = Self.document(lines: """
                <Line><RecordID>1</RecordID><AccountID>1920</AccountID><Description>x</Description><DebitAmount><Amount>100.001</Amount></DebitAmount></Line>
                <Line><RecordID>2</RecordID><AccountID>3000</AccountID><Description>x</Description><CreditAmount><Amount>100.00</Amount></CreditAmount></Line>
        """)
        let error = Self.refusal(text)
        #expect(error?.code == .invalidAmount)
        #expect(error?.message.contains("decimals") == true && error?.message.contains("NOK has 2 decimals") == true, "\(String(describing: error))")
        #expect(error?.location?.line == Self.line(of: "100.001", in: text))
        #expect(error?.location?.field == "AuditFile/GeneralLedgerEntries/Journal[1]/Transaction[1]/Line[1]/DebitAmount/Amount")
    }

    @Test func aVersion130FileInThe110LayoutIsRefusedAtTheFirst110Element() {
        let text = Self.document(accounts: """
            <Account><AccountID>1920</AccountID><AccountDescription>Bank</AccountDescription><StandardAccountID>19</StandardAccountID><AccountType>GL</AccountType>
              <OpeningDebitBalance>1000.00</OpeningDebitBalance><ClosingDebitBalance>1100.00</ClosingDebitBalance></Account>
        """)
        let error = Self.refusal(text)
        #expect(error?.message.contains("1.10 layout (StandardAccountID)") == true, "\(String(describing: error))")
        #expect(error?.location?.line == Self.line(of: "<StandardAccountID>", in: text))
        #expect(error?.location?.field == "AuditFile/MasterFiles/GeneralLedgerAccounts/Account[1]/StandardAccountID")
        // The same account is fine in a file that says 1.10.
        #expect(Self.refusal(Self.document(version: "1.10", accounts: """
            <Account><AccountID>1920</AccountID><AccountDescription>Bank</AccountDescription><StandardAccountID>19</StandardAccountID><AccountType>GL</AccountType>
              <OpeningDebitBalance>1000.00</OpeningDebitBalance><ClosingDebitBalance>1100.00</ClosingDebitBalance></Account>
            <Account><AccountID>3000</AccountID><AccountDescription>Sales</AccountDescription><StandardAccountID>30</StandardAccountID><AccountType>GL</AccountType>
              <OpeningCreditBalance>1000.00</OpeningCreditBalance><ClosingCreditBalance>1100.00</ClosingCreditBalance></Account>
        """)) == nil)
    }

    @Test func controlCharactersAndOtherRootsAreRefused() {
        // XML forbids ESC itself (not well-formed); CSI, its one-character form, is XML but refused.
        let csi = Self.document().replacingOccurrences(of: "<Description>Sale</Description>", with: "<Description>Sale\u{9B}31m</Description>")
        let error = Self.refusal(csi)
        #expect(error?.message.contains("U+009B (CSI)") == true, "\(String(describing: error))")
        let escape = Self.document().replacingOccurrences(of: "<Description>Sale</Description>", with: "<Description>Sale\u{1B}[31m</Description>")
        #expect(Self.refusal(escape)?.location?.line == Self.line(of: "Sale\u{1B}", in: escape))
        #expect(error?.location?.field == "AuditFile/GeneralLedgerEntries/Journal[1]/Transaction[1]/Description")
        let other = Self.refusal("<?xml version=\"1.0\"?><Document xmlns=\"urn:x\"></Document>")
        #expect(other?.message.contains("expected <AuditFile") == true)
        #expect(Self.refusal("<AuditFile xmlns=\"urn:StandardAuditFile-Taxation-Financial:NO\"><Header>")?.message.contains("not well-formed") == true)
        let entities = "<?xml version=\"1.0\"?><!DOCTYPE AuditFile [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>" + Self.document().split(separator: "\n", maxSplits: 1)[1]
        #expect(Self.refusal(entities)?.message.contains("DTDs are refused") == true, "\(String(describing: Self.refusal(entities)))")
    }

    /// The typed records: leaves no record keeps make no String, but their text is still
    /// checked; the kept ones are trimmed of spaces and tabs (a line end in a leaf is a
    /// control character, refused); a missing one is named by its path.
    @Test func aLeafNoRecordKeepsIsStillCheckedForControlCharacters() {
        let text = Self.document().replacingOccurrences(of: "<RecordID>2</RecordID>", with: "<RecordID>2\u{9B}</RecordID>")
        let error = Self.refusal(text)
        #expect(error?.code == .invalidText)
        #expect(error?.message.contains("U+009B (CSI)") == true, "\(String(describing: error))")
        #expect(error?.location?.line == Self.line(of: "2\u{9B}", in: text))
        #expect(error?.location?.field == "AuditFile/GeneralLedgerEntries/Journal[1]/Transaction[1]/Line[2]/RecordID")
    }

    @Test func keptLeavesAreTrimmedAndTheTransactionKeepsItsPath() throws {
        let text = Self.document().replacingOccurrences(of: "<AccountID>1920</AccountID><SourceDocumentID>INV-1</SourceDocumentID>",
                                                        with: "<AccountID>   1920 </AccountID><SourceDocumentID> INV-1\t</SourceDocumentID>")
            .replacingOccurrences(of: "<Amount>100.00</Amount></DebitAmount>", with: "<Amount> 100.00\t</Amount></DebitAmount>")
        let books = try Self.read(text)
        let entry = try #require(books.drafts.last)
        #expect(entry.idempotencyKey.hasSuffix("/GL/T1"))
        #expect(entry.lines[0].account == "1920")
        #expect(entry.lines[0].reference == "INV-1")
        #expect(entry.lines[0].amountMinor == 10_000)
        #expect(entry.lines[1].amountMinor == -10_000)
        #expect(books.origins.last?.path == "AuditFile/GeneralLedgerEntries/Journal[1]/Transaction[1]")
        #expect(books.origins.last?.lineLines.count == 2)
    }

    @Test func aLineWithoutAccountIDIsRefusedNamingWhereItShouldBe() {
        let text = Self.document().replacingOccurrences(of: "<AccountID>3000</AccountID><Description>Cash sale</Description>", with: "<Description>Cash sale</Description>")
        let error = Self.refusal(text)
        #expect(error?.message.contains("this line has no AccountID") == true, "\(String(describing: error))")
        #expect(error?.location?.field == "AuditFile/GeneralLedgerEntries/Journal[1]/Transaction[1]/Line[2]/AccountID")
    }

    @Test func anAmountOnBothSidesOfALineIsRefused() {
        let text = Self.document().replacingOccurrences(of: "<DebitAmount><Amount>100.00</Amount></DebitAmount>",
                                                        with: "<DebitAmount><Amount>100.00</Amount></DebitAmount><CreditAmount><Amount>1.00</Amount></CreditAmount>")
        let error = Self.refusal(text)
        #expect(error?.message.contains("exactly one of DebitAmount/Amount and CreditAmount/Amount") == true, "\(String(describing: error))")
        #expect(error?.location?.field == "AuditFile/GeneralLedgerEntries/Journal[1]/Transaction[1]/Line[1]")
    }

    @Test func theExampleCompanyReadsAndDisagreesWithItself() throws {
        let path = FixtureFiles.path("saft/example-1.10.xml")
        let books = try SAFTReader.read(path: path, options: SAFTOptions(differenceAccount: "9999"))
        #expect(books.version == .v110 && books.entity.name == "Selskapet AS")
        #expect(books.accounts.map(\.account.type) == [.asset, .liability, .liability, .expense])
        #expect(books.drafts.count == 4 && books.lineCount == 5)
        #expect(books.differences.count == 5)
        #expect(books.drafts[1].lines[2].description == "Faktura 123456 | supplier 20000 Leverandøren AS")
        #expect(books.drafts[1].lines[0].description == "Faktura 123456 | tax MVA 14 25%: 2500 on 10000")
    }
}
