#if canImport(FoundationXML)
import FoundationXML
#endif
import Foundation
import Interchange
import LedgerCore
import Testing

/// Sample statements, built the way `BankStatementCSV.parse` rebuilds what a CSV does not
/// carry: IBAN and BIC from the group, dates from the earliest and latest booking date,
/// created at the end of the closing date.
private enum Samples {
    static let kwd = try! Currency("KWD")

    /// The demo group plus a Kuwaiti entity, for a currency with three decimals.
    static let group: GroupDefinition = {
        var group = DemoGroup.definition()
        group.entities.append(Entity(code: "KW01", name: "Acme Kuwait", currency: kwd, country: "KW", parent: "US01"))
        group.bankAccounts.append(BankAccount(entity: "KW01", account: "1000", iban: "KW81CBKU0000000000001234560101",
                                              bic: "CBKUKWKW", currency: kwd))
        return group
    }()

    static func line(_ date: String, _ amountMinor: Int64, _ reference: String, _ counterparty: String, _ description: String,
                     bank: String, kind: BankLineKind = .transfer, valueDate: String? = nil) throws -> BankLine {
        BankLine(bookingDate: try CalendarDate(parsing: date), valueDate: try CalendarDate(parsing: valueDate ?? date),
                 amountMinor: amountMinor, reference: reference, bankReference: bank, counterparty: counterparty,
                 description: description, kind: kind)
    }

    static func statement(_ id: String, _ entity: String, _ account: String, openingMinor: Int64,
                          _ lines: [BankLine]) throws -> BankStatement {
        let bank = try #require(group.bankAccount(entity: entity, account: account))
        let dates = lines.map(\.bookingDate)
        let closingDate = try #require(dates.max())
        return BankStatement(id: id, entity: entity, account: account, iban: bank.iban, bic: bank.bic, currency: bank.currency,
                             openingDate: try #require(dates.min()), openingMinor: openingMinor,
                             closingDate: closingDate, closingMinor: openingMinor + lines.reduce(0) { $0 + $1.amountMinor },
                             createdAt: "\(closingDate)T23:59:59Z", lines: lines)
    }

    static func usd() throws -> BankStatement {
        try statement("US01-1000-2026-05", "US01", "1000", openingMinor: 1_000_000, [
            try line("2026-05-04", 250_000, "INV-1001", "Smith, \"Bob\" & Co", "Receipt, invoice 1001", bank: "B-0001",
                     valueDate: "2026-05-03"),
            try line("2026-05-05", -120_000, "RENT-05", "Landlord <LLC>", "Rent May\tsecond line", bank: "B-0002"),
            try line("2026-05-05", -1_250, "", "", "Account fee", bank: "B-0003", kind: .fee),
            try line("2026-05-02", 7, "", "", "Interest", bank: "B-0004", kind: .interest),
            try line("2026-05-31", -500_000, "SWEEP", "Acme Inc.", "To savings", bank: "B-0005", kind: .ownAccount),
        ])
    }

    static func jpy() throws -> BankStatement {
        try statement("JP01-1000-2026-05", "JP01", "1000", openingMinor: -50_000, [
            try line("2026-05-10", 1_500_000, "INV-JP-7", "Tanaka KK", "Receipt", bank: "JB-1"),
            try line("2026-05-20", -3, "", "Bank", "Fee", bank: "JB-2", kind: .fee),
        ])
    }

    static func kuwaiti() throws -> BankStatement {
        try statement("KW01-1000-2026-05", "KW01", "1000", openingMinor: 0, [
            try line("2026-05-11", 1_250, "K-1", "Gulf Trading", "Receipt", bank: "KB-1"),
            try line("2026-05-12", -1, "K-2", "Gulf Trading", "Refund of 0.001", bank: "KB-2"),
        ])
    }

    static func all() throws -> [BankStatement] { [try usd(), try jpy(), try kuwaiti()] }
}

/// Groups both suites so that `swift test --filter BankStatementWriterTests` runs them.
enum BankStatementWriterTests {}

extension BankStatementWriterTests {
    @Suite("Bank statement CSV")
    struct CSV {
        private let columns = "statement_id,entity,account,date,amount,currency,reference,counterparty,description,value_date,bank_reference,kind,balance\n"

        private func parse(_ text: String, group: GroupDefinition = Samples.group) throws -> [BankStatement] {
            try BankStatementCSV.parse(Array(text.utf8), file: "bank.csv", group: group)
        }

        @Test func writeThenParseGivesBackTheStatements() throws {
            let statements = try Samples.all()
            let bytes = try BankStatementCSV.write(statements)
            #expect(try BankStatementCSV.parse(bytes, file: "bank.csv", group: Samples.group) == statements)
            #expect((try BankStatementCSV.write(statements)) == bytes)
        }

        @Test func rowsCarrySignedAmountsInTheCurrencysDecimalsAndTheRunningBalance() throws {
            let text = String(decoding: try BankStatementCSV.write([try Samples.jpy(), try Samples.kuwaiti()]), as: UTF8.self)
            #expect(text == columns + """
                JP01-1000-2026-05,JP01,1000,2026-05-10,1500000,JPY,INV-JP-7,Tanaka KK,Receipt,2026-05-10,JB-1,transfer,1450000
                JP01-1000-2026-05,JP01,1000,2026-05-20,-3,JPY,,Bank,Fee,2026-05-20,JB-2,fee,1449997
                KW01-1000-2026-05,KW01,1000,2026-05-11,1.250,KWD,K-1,Gulf Trading,Receipt,2026-05-11,KB-1,transfer,1.250
                KW01-1000-2026-05,KW01,1000,2026-05-12,-0.001,KWD,K-2,Gulf Trading,Refund of 0.001,2026-05-12,KB-2,transfer,1.249

                """)
        }

        @Test func onlyFieldsWithCommasQuotesOrLineBreaksAreQuoted() throws {
            let rows = String(decoding: try BankStatementCSV.write([try Samples.usd()]), as: UTF8.self)
            #expect(rows.contains(#",INV-1001,"Smith, ""Bob"" & Co","Receipt, invoice 1001",2026-05-03,B-0001,transfer,12500.00"#))
            #expect(rows.contains("RENT-05,Landlord <LLC>,Rent May\tsecond line,2026-05-05,B-0002,transfer,11300.00\n"))
            #expect(rows.contains(",2026-05-05,-12.50,USD,,,Account fee,2026-05-05,B-0003,fee,11287.50\n"))
            #expect(!rows.contains("\r"))
            // A line break is quoted when written; reading it back refuses it (a control character).
            var broken = try Samples.usd()
            broken.lines[1].description = "Rent May\nsecond line"
            let written = try BankStatementCSV.write([broken])
            #expect(String(decoding: written, as: UTF8.self).contains("\"Rent May\nsecond line\""))
            #expect((#expect(throws: LedgerError.self) { try BankStatementCSV.parse(written, file: "b.csv", group: Samples.group) })?
                .code == .invalidText)
        }

        @Test func aStatementWithoutLinesHasNoRows() throws {
            var empty = try Samples.jpy()
            empty.lines = []
            empty.closingMinor = empty.openingMinor
            let withEmpty = try BankStatementCSV.write([empty, try Samples.kuwaiti()])
            #expect(withEmpty == (try BankStatementCSV.write([try Samples.kuwaiti()])))
            #expect(String(decoding: try BankStatementCSV.write([empty]), as: UTF8.self) == columns)
        }

        @Test func aStatementThatDoesNotTieOutOrHasAZeroLineIsRefused() throws {
            var broken = try Samples.usd()
            broken.closingMinor += 1
            #expect(throws: LedgerError.self) { try BankStatementCSV.write([broken]) }
            var zero = try Samples.usd()
            zero.lines[0].amountMinor = 0
            zero.closingMinor = zero.openingMinor + zero.lines.reduce(0) { $0 + $1.amountMinor }
            #expect(throws: LedgerError.self) { try BankStatementCSV.write([zero]) }
        }

        @Test func amountsMatchDecimal10Format() throws {
            let amounts: [Int64] = [1, -1, 9, 10, -99, 100, 101, 12_345, -1_000_000, Int64.max / 4]
            for currency in [Currency.jpy, .usd, Samples.kwd] {
                let lines = try amounts.map { try Samples.line("2026-05-01", $0, "r", "c", "d", bank: "b") }
                var statement = try Samples.statement("S", "US01", "1000", openingMinor: 0, lines)
                statement.currency = currency
                let rows = String(decoding: try BankStatementCSV.write([statement]), as: UTF8.self).split(separator: "\n").dropFirst()
                let written = rows.map { String($0.split(separator: ",", omittingEmptySubsequences: false)[4]) }
                #expect(written == amounts.map { Decimal10.format($0, scale: currency.exponent) })
            }
        }

        @Test func withoutBalancesOpeningIsZeroAndClosingIsTheSum() throws {
            let statements = try parse("""
                statement_id,entity,account,date,amount,currency,reference,counterparty,description
                A,US01,1000,2026-05-04,100.00,USD,R1,C,D
                B,DE01,1000,2026-05-06,-7.5,EUR,R2,C,D
                A,US01,1000,2026-05-02,-30.25,USD,R3,C,D

                """)
            #expect(statements.map(\.id) == ["A", "B"])
            let a = statements[0]
            #expect((a.openingMinor, a.closingMinor) == (0, 6_975))
            #expect(a.lines.map(\.amountMinor) == [10_000, -3_025])
            #expect((a.openingDate.description, a.closingDate.description) == ("2026-05-02", "2026-05-04"))
            #expect(a.iban == "US021000021000123456" && a.bic == "CHASUS33")
            #expect(a.createdAt == "2026-05-04T23:59:59Z")
            // Optional columns left out take their defaults.
            #expect(a.lines[0].valueDate == a.lines[0].bookingDate)
            #expect(a.lines.allSatisfy { $0.kind == .transfer && $0.bankReference.isEmpty })
            #expect(statements[1].closingMinor == -750)
        }

        @Test func balancesGiveOpeningAndClosing() throws {
            let statements = try parse("""
                balance,amount,statement_id,entity,account,date,currency,reference,counterparty,description
                -20.00,-120.00,S,US01,1000,2026-05-04,USD,R1,C,D
                30.00,50,S,US01,1000,2026-05-05,USD,R2,C,D

                """)
            #expect((statements[0].openingMinor, statements[0].closingMinor) == (10_000, 3_000))
            #expect(try statements[0].tieOutDifference() == 0)
        }

        @Test func withoutABankAccountTheIBANIsEmpty() throws {
            var group = Samples.group
            group.bankAccounts.removeAll()
            let statements = try parse(columns + "S,US01,1010,2026-05-04,1.00,EUR,,,,,,,1.00\n", group: group)
            #expect(statements[0].iban == "" && statements[0].bic == nil && statements[0].currency == .eur)
            // The currency is still one per statement.
            let error = #expect(throws: LedgerError.self) {
                try parse(columns + "S,US01,1010,2026-05-04,1.00,EUR,,,,,,,1.00\nS,US01,1010,2026-05-05,1.00,USD,,,,,,,2.00\n",
                          group: group)
            }
            #expect(error?.location == SourceLocation(file: "bank.csv", line: 3, field: "currency"))
        }

        struct Malformed: Sendable, CustomTestStringConvertible {
            var name: String
            /// Data rows after the full header; a good first row is `good`.
            var rows: String
            var line: Int
            var field: String?
            var code: LedgerError.Code
            var testDescription: String { name }
        }

        static let good = "S,US01,1000,2026-05-04,100.00,USD,INV-1,Client,Receipt,2026-05-04,B1,transfer,1100.00\n"

        static let malformed: [Malformed] = [
            Malformed(name: "unknown entity", rows: "S,XX01,1000,2026-05-04,1.00,USD,,,,,,,1.00\n", line: 2, field: "entity", code: .unknownEntity),
            Malformed(name: "unknown account", rows: "S,US01,1001,2026-05-04,1.00,USD,,,,,,,1.00\n", line: 2, field: "account", code: .unknownAccount),
            Malformed(name: "account without the bank flag", rows: "S,US01,4000,2026-05-04,1.00,USD,,,,,,,1.00\n", line: 2, field: "account", code: .unknownAccount),
            Malformed(name: "unknown currency", rows: good + "S,US01,1000,2026-05-05,1.00,XYZ,,,,,,,1101.00\n", line: 3, field: "currency", code: .invalidCurrency),
            Malformed(name: "currency of another bank account", rows: "S,US01,1000,2026-05-04,1.00,EUR,,,,,,,1.00\n", line: 2, field: "currency", code: .invalidCurrency),
            Malformed(name: "three decimals in USD", rows: "S,US01,1000,2026-05-04,1.001,USD,,,,,,,1.00\n", line: 2, field: "amount", code: .invalidAmount),
            Malformed(name: "decimals in JPY", rows: "S,JP01,1000,2026-05-04,100.5,JPY,,,,,,,100\n", line: 2, field: "amount", code: .invalidAmount),
            Malformed(name: "zero amount", rows: good + "S,US01,1000,2026-05-05,-0.00,USD,,,,,,,1100.00\n", line: 3, field: "amount", code: .invalidAmount),
            Malformed(name: "thousands separator", rows: "S,US01,1000,2026-05-04,\"1,000.00\",USD,,,,,,,1.00\n", line: 2, field: "amount", code: .invalidAmount),
            Malformed(name: "not a calendar date", rows: "S,US01,1000,2026-02-30,1.00,USD,,,,,,,1.00\n", line: 2, field: "date", code: .invalidDate),
            Malformed(name: "value date not ISO", rows: "S,US01,1000,2026-05-04,1.00,USD,,,,04/05/2026,,,1.00\n", line: 2, field: "value_date", code: .invalidDate),
            Malformed(name: "unknown kind", rows: "S,US01,1000,2026-05-04,1.00,USD,,,,,,cheque,1.00\n", line: 2, field: "kind", code: .invalidFile),
            Malformed(name: "empty statement id", rows: good + ",US01,1000,2026-05-04,1.00,USD,,,,,,,1.00\n", line: 3, field: "statement_id", code: .invalidFile),
            Malformed(name: "another entity in one statement", rows: good + "S,DE01,1000,2026-05-05,1.00,EUR,,,,,,,1101.00\n", line: 3, field: "entity", code: .invalidFile),
            Malformed(name: "another account in one statement", rows: good + "S,US01,1010,2026-05-05,1.00,USD,,,,,,,1101.00\n", line: 3, field: "account", code: .invalidFile),
            Malformed(name: "balance does not run on", rows: good + "B,US01,1010,2026-05-04,5.00,USD,,,,,,,5.00\nS,US01,1000,2026-05-05,-50.00,USD,,,,,,,1049.99\n", line: 4, field: "balance", code: .invalidAmount),
            Malformed(name: "empty balance", rows: "S,US01,1000,2026-05-04,1.00,USD,,,,,,,\n", line: 2, field: "balance", code: .invalidAmount),
            Malformed(name: "a field too many", rows: good + "S,US01,1000,2026-05-05,1.00,USD,a,b,c,,,,1101.00,extra\n", line: 3, field: nil, code: .invalidFile),
        ]

        @Test(arguments: malformed)
        func malformedLinesAreRefusedNamingLineAndField(_ bad: Malformed) {
            let error = #expect(throws: LedgerError.self) { try parse(columns + bad.rows) }
            #expect(error?.location == SourceLocation(file: "bank.csv", line: bad.line, field: bad.field))
            #expect(error?.code == bad.code)
        }

        @Test func emptyOrHeaderlessFilesAreRefused() {
            let empty = #expect(throws: LedgerError.self) { try parse("") }
            #expect(empty?.location == SourceLocation(file: "bank.csv"))
            #expect(empty?.message.contains("empty") == true)
            let headerOnly = #expect(throws: LedgerError.self) { try parse(columns) }
            #expect(headerOnly?.message.contains("no statement lines") == true)
            let headerless = #expect(throws: LedgerError.self) { try parse(Self.good) }
            #expect(headerless?.location == SourceLocation(file: "bank.csv", line: 1))
            #expect(headerless?.message.contains("missing header") == true)
            let missingColumn = #expect(throws: LedgerError.self) {
                try parse("statement_id,entity,account,date,amount,currency,reference,description\nS,US01,1000,2026-05-04,1.00,USD,r,d\n")
            }
            #expect(missingColumn?.location == SourceLocation(file: "bank.csv", line: 1, field: "counterparty"))
        }

        @Test func aBalanceMismatchNamesThePreviousLineAndTheExpectedBalance() {
            let error = #expect(throws: LedgerError.self) {
                try parse(columns + Self.good + "S,US01,1000,2026-05-05,-50.00,USD,,,,,,,1049.99\n")
            }
            #expect(error?.message == "balance 1049.99 is not the previous balance 1100.00 (line 2) plus the amount -50.00 = 1050.00")
        }

        @Test func oneHundredThousandLinesRoundTrip() throws {
            var lines: [BankLine] = []
            for index in 0..<100_000 {
                let day = String(index % 19 + 10)
                let amountMinor = Int64(index % 2 == 0 ? index + 1 : -index)
                lines.append(try Samples.line("2026-05-" + day, amountMinor, "INV-\(index)", "Customer \(index % 97)",
                                              "Receipt for invoice \(index)", bank: "B\(index)"))
            }
            let statement = try Samples.statement("BIG", "US01", "1000", openingMinor: 1_000_000_000, lines)
            let bytes = try BankStatementCSV.write([statement])
            #expect(try BankStatementCSV.parse(bytes, file: "big.csv", group: Samples.group) == [statement])
        }
    }
}

extension BankStatementWriterTests {
    @Suite("camt.053 writer", .serialized)
    struct Camt053 {
        private func document(_ statement: BankStatement) throws -> ParsedElement {
            try ElementTree.parse(Camt053Writer.write(statement, messageID: "MSG-1"))
        }

        private func statementElement(_ statement: BankStatement) throws -> ParsedElement {
            try #require(try document(statement).first("BkToCstmrStmt", "Stmt"))
        }

        /// A signed amount in minor units from an element holding Amt (or Amt/@Ccy) and CdtDbtInd.
        private func signedMinor(_ element: ParsedElement, currency: Currency) throws -> Int64 {
            let amount = try #require(element.first("Amt"))
            #expect(amount.attributes["Ccy"] == currency.code)
            let minor = try Decimal10.parse(amount.text, scale: currency.exponent, allowNegative: false)
            switch try #require(element.first("CdtDbtInd")).text {
            case "CRDT": return minor
            case "DBIT": return -minor
            case let other: Issue.record("CdtDbtInd '\(other)'"); return 0
            }
        }

        @Test func oneEntryPerLineAndOpeningPlusEntriesIsClosing() throws {
            for statement in try Samples.all() {
                let stmt = try statementElement(statement)
                let entries = stmt.all("Ntry")
                #expect(entries.count == statement.lines.count)
                let balances = stmt.all("Bal")
                #expect(balances.map { $0.first("Tp", "CdOrPrtry", "Cd")?.text } == ["OPBD", "CLBD"])
                let opening = try signedMinor(balances[0], currency: statement.currency)
                let closing = try signedMinor(balances[1], currency: statement.currency)
                let moved = try entries.reduce(Int64(0)) { $0 + (try signedMinor($1, currency: statement.currency)) }
                #expect(opening == statement.openingMinor && closing == statement.closingMinor)
                #expect(opening + moved == closing)
                #expect(stmt.first("TxsSummry", "TtlNtries", "NbOfNtries")?.text == String(statement.lines.count))
                let net = try #require(stmt.first("TxsSummry", "TtlNtries", "TtlNetNtry"))
                let netMinor = try Decimal10.parse(try #require(net.first("Amt")).text, scale: statement.currency.exponent)
                #expect((net.first("CdtDbtInd")?.text == "DBIT" ? -netMinor : netMinor) == moved)
            }
        }

        @Test func amountsAreUnsignedWithTheCurrencysDecimalsAndTheSignInCdtDbtInd() throws {
            let usd = try statementElement(try Samples.usd())
            let rent = usd.all("Ntry")[1]
            #expect(rent.first("Amt")?.text == "1200.00")
            #expect(rent.first("CdtDbtInd")?.text == "DBIT")
            #expect(rent.first("NtryDtls", "TxDtls", "CdtDbtInd")?.text == "DBIT")
            #expect(usd.all("Ntry")[0].first("CdtDbtInd")?.text == "CRDT")
            let jpy = try statementElement(try Samples.jpy())
            #expect(jpy.all("Ntry").map { $0.first("Amt")?.text } == ["1500000", "3"])
            #expect(jpy.all("Bal")[0].first("Amt")?.text == "50000" && jpy.all("Bal")[0].first("CdtDbtInd")?.text == "DBIT")
            let kwd = try statementElement(try Samples.kuwaiti())
            #expect(kwd.all("Ntry").map { $0.first("Amt")?.text } == ["1.250", "0.001"])
            #expect(kwd.first("TxsSummry", "TtlNtries", "Sum")?.text == "1.251")
        }

        @Test func theCounterpartyIsTheDebtorForMoneyInAndTheCreditorForMoneyOut() throws {
            let entries = try statementElement(try Samples.usd()).all("Ntry")
            let receipt = try #require(entries[0].first("NtryDtls", "TxDtls"))
            #expect(receipt.first("RltdPties", "Dbtr", "Pty", "Nm")?.text == "Smith, \"Bob\" & Co")
            #expect(receipt.first("RltdPties", "Cdtr") == nil)
            #expect(receipt.first("Refs", "EndToEndId")?.text == "INV-1001")
            #expect(receipt.first("Refs", "AcctSvcrRef")?.text == "B-0001")
            #expect(entries[0].first("ValDt", "Dt")?.text == "2026-05-03")
            #expect(entries[0].first("BookgDt", "Dt")?.text == "2026-05-04")
            let payment = try #require(entries[1].first("NtryDtls", "TxDtls"))
            #expect(payment.first("RltdPties", "Cdtr", "Pty", "Nm")?.text == "Landlord <LLC>")
            let fee = try #require(entries[2].first("NtryDtls", "TxDtls"))
            #expect(fee.first("Refs", "EndToEndId")?.text == "NOTPROVIDED")
            #expect(fee.first("RltdPties") == nil)
            #expect(entries[2].first("BkTxCd", "Domn", "Cd")?.text == "ACMT")
            #expect(entries[2].first("BkTxCd", "Domn", "Fmly", "SubFmlyCd")?.text == "CHRG")
        }

        @Test func theAccountIsAnIBANOnlyWhenItLooksLikeOne() throws {
            let iban = try statementElement(try Samples.usd())
            #expect(iban.first("Acct", "Id", "IBAN")?.text == "US021000021000123456")
            #expect(iban.first("Acct", "Id", "Othr") == nil)
            #expect(iban.first("Acct", "Ccy")?.text == "USD")
            #expect(iban.first("Acct", "Svcr", "FinInstnId", "BICFI")?.text == "CHASUS33")
            var other = try Samples.usd()
            other.iban = "000123456789"
            other.bic = nil
            let othr = try statementElement(other)
            #expect(othr.first("Acct", "Id", "Othr", "Id")?.text == "000123456789")
            #expect(othr.first("Acct", "Id", "IBAN") == nil)
            #expect(othr.first("Acct", "Svcr") == nil)
        }

        @Test func textIsEscapedAndRemittanceIsTrimmedTo140Characters() throws {
            var statement = try Samples.usd()
            statement.lines[1].description = "Fees & <charges> 'quoted' \"too\""
            statement.lines[2].description = String(repeating: "é", count: 200)
            let bytes = Camt053Writer.write(statement, messageID: "MSG-1")
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.contains("<Ustrd>RENT-05 Fees &amp; &lt;charges&gt; &apos;quoted&apos; &quot;too&quot;</Ustrd>"))
            #expect(text.contains("<Nm>Landlord &lt;LLC&gt;</Nm>"))
            let entries = try #require(try ElementTree.parse(bytes).first("BkToCstmrStmt", "Stmt")).all("Ntry")
            #expect(entries[1].first("NtryDtls", "TxDtls", "RmtInf", "Ustrd")?.text == "RENT-05 Fees & <charges> 'quoted' \"too\"")
            #expect(entries[2].first("NtryDtls", "TxDtls", "RmtInf", "Ustrd")?.text == String(repeating: "é", count: 140))
        }

        @Test func theHeaderNamesVersion08AndTheStatement() throws {
            let statement = try Samples.usd()
            let bytes = Camt053Writer.write(statement, messageID: "MSG-1")
            #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
                  <BkToCstmrStmt>
                    <GrpHdr>
                      <MsgId>MSG-1</MsgId>

                """))
            let root = try ElementTree.parse(bytes)
            #expect(root.name == "Document" && root.attributes["xmlns"] == Camt053Writer.namespace)
            #expect(root.first("BkToCstmrStmt", "GrpHdr", "CreDtTm")?.text == statement.createdAt)
            let stmt = try #require(root.first("BkToCstmrStmt", "Stmt"))
            #expect(stmt.first("Id")?.text == statement.id)
            #expect(stmt.first("FrToDt", "FrDtTm")?.text == "2026-05-02T00:00:00")
            #expect(stmt.first("FrToDt", "ToDtTm")?.text == "2026-05-31T23:59:59")
            #expect(stmt.all("Bal").map { $0.first("Dt", "Dt")?.text } == ["2026-05-02", "2026-05-31"])
            #expect(stmt.first("TxsSummry", "TtlNtries", "TtlNetNtry", "Amt")?.text == "3712.43")
            #expect(stmt.first("TxsSummry", "TtlNtries", "TtlNetNtry", "CdtDbtInd")?.text == "DBIT")
        }

        @Test func aStatementWithoutLinesKeepsItsBalances() throws {
            var empty = try Samples.jpy()
            empty.lines = []
            empty.closingMinor = empty.openingMinor
            let stmt = try statementElement(empty)
            #expect(stmt.all("Ntry").isEmpty)
            #expect(stmt.first("TxsSummry", "TtlNtries", "NbOfNtries")?.text == "0")
            #expect(try stmt.all("Bal").map { try signedMinor($0, currency: .jpy) } == [-50_000, -50_000])
        }

        @Test func twoWritesGiveTheSameBytes() throws {
            for statement in try Samples.all() {
                #expect(Camt053Writer.write(statement, messageID: "M") == Camt053Writer.write(statement, messageID: "M"))
            }
        }
    }
}

// MARK: - A small DOM over XMLParser, enough to walk the written documents

private final class ParsedElement {
    let name: String
    let attributes: [String: String]
    var text = ""
    var children: [ParsedElement] = []

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    func all(_ name: String) -> [ParsedElement] { children.filter { $0.name == name } }

    /// The first element down a path of child names.
    func first(_ path: String...) -> ParsedElement? {
        path.reduce(self as ParsedElement?) { element, name in element?.children.first { $0.name == name } }
    }
}

private final class ElementTree: NSObject, XMLParserDelegate {
    private var stack: [ParsedElement] = []
    private var root: ParsedElement?

    static func parse(_ bytes: [UInt8]) throws -> ParsedElement {
        let parser = XMLParser(data: Data(bytes))
        let tree = ElementTree()
        parser.delegate = tree
        let parsed = parser.parse()
        #expect(parsed, "XML parse error: \(String(describing: parser.parserError))")
        return try #require(tree.root)
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        stack.append(ParsedElement(name: elementName, attributes: attributeDict))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        let element = stack.removeLast()
        if let parent = stack.last {
            parent.children.append(element)
        } else {
            root = element
        }
    }
}
