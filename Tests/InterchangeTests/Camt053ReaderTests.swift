import Foundation
import Interchange
import LedgerCore
import Testing

/// Groups the camt.053 reader suites so that `swift test --filter Camt053ReaderTests` runs them.
enum Camt053ReaderTests {}

// MARK: - Shared fixtures

private enum Camt {
    static let kwd = try! Currency("KWD")
    static let chf = try! Currency("CHF")

    /// The demo group plus the accounts the external files name (a Dutch EUR account, a Swiss
    /// entity's EUR account) and a Kuwaiti entity with an IBAN and a non-IBAN account.
    static let group: GroupDefinition = {
        var group = DemoGroup.definition()
        group.entities.append(Entity(code: "NL01", name: "Acme BV", currency: .eur, country: "NL", parent: "US01"))
        group.entities.append(Entity(code: "CH01", name: "Acme AG", currency: chf, country: "CH", parent: "US01"))
        group.entities.append(Entity(code: "KW01", name: "Acme Kuwait", currency: kwd, country: "KW", parent: "US01"))
        group.bankAccounts.append(BankAccount(entity: "NL01", account: "1000", iban: "NL26VAYB8060476890", currency: .eur))
        group.bankAccounts.append(BankAccount(entity: "CH01", account: "1000", iban: "CH2801234000123456789", currency: .eur))
        group.bankAccounts.append(BankAccount(entity: "KW01", account: "1000", iban: "KW81CBKU0000000000001234560101",
                                              bic: "CBKUKWKW", currency: kwd))
        group.bankAccounts.append(BankAccount(entity: "KW01", account: "1010", iban: "000123456789", currency: kwd))
        return group
    }()

    /// `shared/external/camt` (see `ExternalFiles`).
    static let externalFolder: String = ExternalFiles.root + "/camt"

    static func externalBytes(_ name: String) throws -> [UInt8] {
        let path = externalFolder + "/" + name
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        return [UInt8](data)
    }

    static func read(external name: String, group: GroupDefinition = group) throws -> BankFileImport {
        try Camt053Reader.read(try externalBytes(name), file: name, group: group)
    }

    static func read(_ xml: String, group: GroupDefinition = group) throws -> BankFileImport {
        try Camt053Reader.read(Array(xml.utf8), file: "bank.xml", group: group)
    }

    // An inline statement of account DE89370400440532013000 (DE01/1000, EUR in the demo
    // group), one element per line so that line numbers can be checked: Ntry starts on line 10.

    static func document(_ entries: String, opening: String = "100.00", closing: String = "150.00",
                         version: String = "08", account: String = "<IBAN>DE89370400440532013000</IBAN>",
                         statementID: String = "S1", extraStatement: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.\(version)">
        <BkToCstmrStmt>
        <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-06-01T08:00:00</CreDtTm></GrpHdr>
        <Stmt>
        <Id>\(statementID)</Id>
        <Acct><Id>\(account)</Id><Ccy>EUR</Ccy></Acct>
        <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">\(opening)</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-05-01</Dt></Dt></Bal>
        <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">\(closing)</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-05-31</Dt></Dt></Bal>
        \(entries)
        </Stmt>
        \(extraStatement)
        </BkToCstmrStmt>
        </Document>

        """
    }

    /// One entry on one line; `details` goes inside NtryDtls.
    static func entry(_ amount: String = "50.00", ccy: String = "EUR", indicator: String = "CRDT",
                      status: String = "<Sts><Cd>BOOK</Cd></Sts>", booking: String = "<BookgDt><Dt>2026-05-04</Dt></BookgDt>",
                      extra: String = "<AcctSvcrRef>BANK-1</AcctSvcrRef>", details: String = "") -> String {
        let amountElement = amount.isEmpty ? "" : "<Amt Ccy=\"\(ccy)\">\(amount)</Amt>"
        let dtls = details.isEmpty ? "" : "<NtryDtls>\(details)</NtryDtls>"
        return "<Ntry>\(amountElement)<CdtDbtInd>\(indicator)</CdtDbtInd>\(status)\(booking)\(extra)\(dtls)</Ntry>"
    }

    static func blocking(_ result: BankFileImport) -> [BankFileIssue] { result.issues.filter(\.blocking) }
    static func notes(_ result: BankFileImport) -> [BankFileIssue] { result.issues.filter { !$0.blocking } }
}

/// What the source project's own parser (genkgo/camt) made of a file: the `.json` beside it.
private struct GenkgoParse {
    struct Balance {
        var type: String
        var minor: Int64
        var currency: String
        var date: String
    }

    struct Entry {
        var minor: Int64
        var currency: String
        var bookingDate: String
        var valueDate: String?
        var status: String
        var bankReference: String?
        var endToEndID: String?
    }

    struct Statement {
        var id: String
        var balances: [Balance]
        var entries: [Entry]

        /// The first balance of a type, in file order: OPBD comes before PRCD ("opening" both).
        func balance(_ type: String) -> Balance? { balances.first { $0.type == type } }
    }

    var statements: [Statement]

    init(_ name: String) throws {
        let jsonName = String(name.dropLast(".xml".count)) + ".json"
        let object = try JSONSerialization.jsonObject(with: Data(try Camt.externalBytes(jsonName)))
        let root = try #require(object as? [String: Any])
        let entries = try #require(root["getEntries"] as? [[String: Any]])
        var statements: [Statement] = []
        for entry in entries {
            let record = try #require(entry["getRecord"] as? [String: Any])
            let id = try #require(record["getId"] as? String)
            if statements.last?.id != id {
                let balances = try (record["getBalances"] as? [[String: Any]] ?? []).map { balance in
                    let (minor, currency) = try Self.money(balance["getAmount"])
                    return Balance(type: try #require(balance["getType"] as? String), minor: minor, currency: currency,
                                   date: try Self.date(balance["getDate"]) ?? "")
                }
                statements.append(Statement(id: id, balances: balances, entries: []))
            }
            let (minor, currency) = try Self.money(entry["getAmount"])
            let detail = entry["getTransactionDetail"] as? [String: Any]
            let references = detail?["getReference"] as? [String: Any]
            statements[statements.count - 1].entries.append(Entry(
                minor: minor, currency: currency, bookingDate: try Self.date(entry["getBookingDate"]) ?? "",
                valueDate: try Self.date(entry["getValueDate"]), status: entry["getStatus"] as? String ?? "",
                bankReference: entry["getAccountServicerReference"] as? String,
                endToEndID: references?["getEndToEndId"] as? String))
        }
        self.statements = statements
    }

    private static func money(_ value: Any?) throws -> (Int64, String) {
        let money = try #require(value as? [String: Any])
        let text = try #require(money["getAmount"] as? String)
        let minor = try #require(Int64(text))
        let currency = try #require((money["getCurrency"] as? [String: Any])?["getCode"] as? String)
        return (minor, currency)
    }

    /// `YYYY-MM-DD` of a serialised DateTimeImmutable.
    private static func date(_ value: Any?) throws -> String? {
        guard let object = value as? [String: Any], let text = object["0"] as? String else { return nil }
        return String(text.prefix(10))
    }
}

// MARK: - The external files

extension Camt053ReaderTests {
    /// One test per file of ../shared/external/camt (genkgo/camt's parser conformance cases),
    /// each stating what the file must give, compared with the `.json` parse beside it.
    @Suite("camt.053 reader: external files")
    struct ExternalFiles {
        static let covered = [
            "camt053.v2.all-balance-types.xml", "camt053.v2.five.decimals.xml", "camt053.v2.minimal.ultimate.xml",
            "camt053.v2.minimal.xml", "camt053.v2.multi.statement.xml", "camt053.v2.with-account-name.xml",
            "camt053.v2.with-party-ids.xml", "camt053.v2.wrong.xml", "camt053.v3.xml", "camt053.v4.xml", "camt053.v8.xml",
        ]

        @Test func everyFileOfTheFolderHasItsTest() throws {
            let files = try FileManager.default.contentsOfDirectory(atPath: Camt.externalFolder).filter { $0.hasSuffix(".xml") }
            #expect(files.sorted() == Self.covered)
        }

        @Test func theTestGroupIsAValidGroup() throws {
            try Camt.group.validate()
        }

        /// The .json's opening/closing balance and entries agree with what was read, where read.
        private func expectAgreement(_ statement: BankStatement, _ expected: GenkgoParse.Statement,
                                     opening: Bool, closing: Bool) throws {
            #expect(statement.id == expected.id)
            if opening {
                let balance = try #require(expected.balance("opening"))
                #expect((statement.openingMinor, statement.openingDate.description) == (balance.minor, balance.date))
                #expect(balance.currency == statement.currency.code)
            }
            if closing {
                let balance = try #require(expected.balance("closing"))
                #expect((statement.closingMinor, statement.closingDate.description) == (balance.minor, balance.date))
            }
            #expect(statement.lines.count == expected.entries.count)
            for (line, entry) in zip(statement.lines, expected.entries) {
                #expect(entry.status == "BOOK" && entry.currency == statement.currency.code)
                #expect(line.amountMinor == entry.minor)
                #expect(line.bookingDate.description == entry.bookingDate)
                #expect(line.valueDate.description == (entry.valueDate ?? entry.bookingDate))
                if let bankReference = entry.bankReference { #expect(line.bankReference == bankReference) }
                if let endToEndID = entry.endToEndID { #expect(line.reference == endToEndID) }
            }
        }

        /// The three v2 files built on the same statement: EUR account, opening 18.15 EUR, a
        /// CLBD of 27.00 SEK (debit), an OPAV in CHF and a CLAV in JPY, one booked entry of 8.85.
        private func expectMixedCurrencyStatement(_ name: String, counterparty: String) throws {
            let result = try Camt.read(external: name)
            let statement = try #require(result.statements.first)
            #expect(result.statements.count == 1)
            #expect((statement.entity, statement.account, statement.iban) == ("NL01", "1000", "NL26VAYB8060476890"))
            #expect(statement.currency == .eur && statement.bic == nil)
            #expect(statement.createdAt == "2015-03-10T18:43:50+00:00")
            #expect(statement.closingMinor == 0, "the SEK closing balance is not used")
            let blocking = Camt.blocking(result)
            #expect(blocking.map(\.location.field) == ["Stmt[1]/Bal[2]/Amt", "Stmt[1]/Bal[3]/Amt", "Stmt[1]/Bal[4]/Amt"])
            #expect(blocking.map(\.location.line) == [60, 72, 84])
            #expect(blocking[0].message == "the amount 27.00 SEK is not in the account's currency, EUR")
            #expect(blocking[1].message == "the OPAV balance 35.00 CHF is not in the account's currency, EUR")
            #expect(blocking[2].message == "the CLAV balance 2700 JPY is not in the account's currency, EUR")
            #expect(blocking.allSatisfy { $0.statement == "253EURNL26VAYB8060476890" && $0.location.file == name })
            #expect(Camt.notes(result).isEmpty)
            #expect(result.importable.isEmpty)
            let line = try #require(statement.lines.first)
            #expect(line.reference == "4654654654654654", "the structured creditor reference (RmtInf/Strd/CdtrRefInf/Ref)")
            #expect(line.counterparty == counterparty)
            #expect(line.description == "544", "no remittance text: the proprietary bank transaction code")
            #expect(line.bankReference == "253EURNL26VAYB8060476890-1", "no AcctSvcrRef: statement id and entry number")
            #expect(line.kind == .transfer)
            try expectAgreement(statement, try #require(GenkgoParse(name).statements.first), opening: true, closing: false)
        }

        @Test func allBalanceTypesUsesOPBDNotPRCDAndRefusesAThreeDecimalEntry() throws {
            let name = "camt053.v2.all-balance-types.xml"
            let result = try Camt.read(external: name)
            let statement = try #require(result.statements.first)
            #expect(result.statements.count == 1)
            #expect(statement.id == "CAMT0532015012200001")
            // Acct/Id/Othr/Id maps the Swiss account; no Acct/Ccy, so the mapped account's EUR.
            #expect((statement.entity, statement.account, statement.iban) == ("CH01", "1000", "CH2801234000123456789"))
            #expect(statement.currency == .eur && statement.bic == nil)
            #expect(statement.createdAt == "2015-01-22T00:00:00+01:00")
            // OPBD 1.01 is the opening (PRCD 2.02 only stands in for a missing OPBD), CLBD 4.04 the closing;
            // OPAV, CLAV, FWAV, INFO, ITAV, ITBD and XPCD are not used (all EUR, so no finding).
            #expect((statement.openingMinor, statement.closingMinor) == (101, 404))
            #expect((statement.openingDate.description, statement.closingDate.description) == ("2015-01-21", "2015-01-22"))
            // The only entry is 8.850 EUR: three decimals, so it is refused and no tie-out is attempted.
            #expect(statement.lines.isEmpty)
            #expect(result.issues == [BankFileIssue(
                location: SourceLocation(file: name, line: 153, field: "Stmt[1]/Ntry[1]/Amt"),
                message: "the amount 8.850 EUR has 3 decimals; EUR has 2", statement: "CAMT0532015012200001", blocking: true)])
            #expect(result.importable.isEmpty)
            // genkgo reads the same balances; it takes 8.850 as 885 cents, we refuse it.
            let expected = try #require(GenkgoParse(name).statements.first)
            #expect(expected.balances.filter { $0.type == "opening" }.map(\.minor) == [101, 202])
            #expect(expected.entries.map(\.minor) == [885])
            #expect(expected.balance("opening")?.minor == statement.openingMinor)
            #expect(expected.balance("closing")?.minor == statement.closingMinor)
            #expect(expected.balance("closing")?.date == statement.closingDate.description)
        }

        @Test func fiveDecimalsRefusesEveryAmountWithTooManyDecimals() throws {
            let name = "camt053.v2.five.decimals.xml"
            let result = try Camt.read(external: name)
            let statement = try #require(result.statements.first)
            #expect(result.statements.count == 1 && statement.id == "253EURNL26VAYB8060476890")
            #expect(result.issues.map(\.location.field) == ["Stmt[1]/Bal[1]/Amt", "Stmt[1]/Bal[2]/Amt", "Stmt[1]/Ntry[1]/Amt"])
            #expect(result.issues.map(\.message) == [
                "the amount 18.150 EUR has 3 decimals; EUR has 2",
                "the amount 27.050 EUR has 3 decimals; EUR has 2",
                "the amount 8.850 EUR has 3 decimals; EUR has 2",
            ])
            #expect(result.issues.allSatisfy { $0.blocking })
            #expect(result.importable.isEmpty)
            #expect(statement.lines.isEmpty && statement.openingMinor == 0 && statement.closingMinor == 0)
            // genkgo silently drops the third decimal: 18.150 -> 1815, 27.050 -> 2705, 8.850 -> 885.
            let expected = try #require(GenkgoParse(name).statements.first)
            #expect(expected.balances.map(\.minor) == [1815, 2705] && expected.entries.map(\.minor) == [885])
        }

        @Test func minimalHasBalancesInFourCurrencies() throws {
            try expectMixedCurrencyStatement("camt053.v2.minimal.xml", counterparty: "NAME NAME")
        }

        @Test func minimalUltimateTakesTheUltimateDebtorAsCounterparty() throws {
            try expectMixedCurrencyStatement("camt053.v2.minimal.ultimate.xml", counterparty: "DEBTOR NAME NM")
        }

        @Test func withPartyIDsReadsTheDebtorPastItsIdentification() throws {
            try expectMixedCurrencyStatement("camt053.v2.with-party-ids.xml", counterparty: "NAME NAME")
        }

        @Test func multiStatementGivesTwoStatementsThatTieOut() throws {
            let name = "camt053.v2.multi.statement.xml"
            let result = try Camt.read(external: name)
            #expect(result.issues.isEmpty)
            #expect(result.statements.map(\.id) == ["253EURNL26VAYB8060476890", "254EURNL26VAYB8060476890"])
            #expect(result.importable == result.statements)
            let first = result.statements[0]
            let second = result.statements[1]
            for statement in result.statements {
                #expect(try statement.tieOutDifference() == 0)
                #expect((statement.entity, statement.account, statement.currency) == ("NL01", "1000", .eur))
                #expect(statement.lines.count == 1)
            }
            #expect((first.openingMinor, first.closingMinor, first.lines[0].amountMinor) == (1815, 2700, 885))
            #expect((second.openingMinor, second.closingMinor, second.lines[0].amountMinor) == (2700, 2000, -700))
            #expect(first.lines[0] == BankLine(
                bookingDate: try CalendarDate(parsing: "2014-12-31"), valueDate: try CalendarDate(parsing: "2015-01-02"),
                amountMinor: 885, reference: "000000001", bankReference: "253EURNL26VAYB8060476890-1",
                counterparty: "", description: "Transaction Description 1"))
            // Money in names only a creditor (the account holder's side): no counterparty is guessed.
            #expect(second.lines[0].counterparty == "Company Name 2")
            #expect(second.lines[0].reference == "000000002")
            #expect(second.lines[0].description == "Transaction Description 2")
            // The .json lists the entries of the second statement only.
            let expected = try GenkgoParse(name).statements
            #expect(expected.map(\.id) == ["254EURNL26VAYB8060476890"])
            try expectAgreement(second, expected[0], opening: true, closing: true)
        }

        @Test func withAccountNameHasNoBookedBalances() throws {
            let name = "camt053.v2.with-account-name.xml"
            let result = try Camt.read(external: name)
            let statement = try #require(result.statements.first)
            #expect(result.statements.count == 1 && statement.id == "253EURCH2801234000123456789")
            #expect((statement.entity, statement.account, statement.currency) == ("CH01", "1000", .eur))
            #expect(result.issues.map(\.location.field) == ["Stmt[1]/Bal[1]/Amt", "Stmt[1]/Bal", "Stmt[1]/Bal"])
            #expect(result.issues.map(\.message) == [
                "the CLAV balance 2700 JPY is not in the account's currency, EUR",
                "the statement has no opening booked balance (Bal with Tp/CdOrPrtry/Cd OPBD or PRCD)",
                "the statement has no closing booked balance (Bal with Tp/CdOrPrtry/Cd CLBD)",
            ])
            #expect(result.issues.allSatisfy { $0.blocking } && result.importable.isEmpty)
            // Without balances the statement spans its booking dates; the entry has no value date.
            #expect((statement.openingDate.description, statement.closingDate.description) == ("2014-12-31", "2014-12-31"))
            #expect(statement.lines == [BankLine(
                bookingDate: try CalendarDate(parsing: "2014-12-31"), valueDate: try CalendarDate(parsing: "2014-12-31"),
                amountMinor: 885, reference: "", bankReference: "253EURCH2801234000123456789-1", counterparty: "",
                description: "544")])
            try expectAgreement(statement, try #require(GenkgoParse(name).statements.first), opening: false, closing: false)
        }

        @Test func wrongHoldsNoStatementAndIsRefused() throws {
            let error = #expect(throws: LedgerError.self) { try Camt.read(external: "camt053.v2.wrong.xml") }
            #expect(error?.code == .invalidFile)
            #expect(error?.message == "the file holds no statement (no Stmt under BkToCstmrStmt)")
            #expect(error?.location == SourceLocation(file: "camt053.v2.wrong.xml", line: 3, field: "BkToCstmrStmt"))
        }

        /// v3, v4 and v8 carry the mixed-currency balances of `minimal`, plus a TxDtls amount that
        /// disagrees with its entry (a note: the entry amount is booked).
        private func expectLaterVersion(_ name: String, bic: String?, closingDate: String,
                                        note: (field: String, message: String)) throws -> BankLine {
            let result = try Camt.read(external: name)
            let statement = try #require(result.statements.first)
            #expect(result.statements.count == 1 && statement.id == "253EURNL26VAYB8060476890")
            // Acct/Id/Othr/Id holds the IBAN; it maps all the same.
            #expect((statement.entity, statement.account, statement.iban) == ("NL01", "1000", "NL26VAYB8060476890"))
            #expect(statement.currency == .eur && statement.bic == bic)
            #expect(statement.closingDate.description == closingDate)
            #expect(Camt.blocking(result).map(\.location.field) == ["Stmt[1]/Bal[2]/Amt", "Stmt[1]/Bal[3]/Amt", "Stmt[1]/Bal[4]/Amt"])
            #expect(Camt.notes(result).map(\.location.field) == [note.field])
            #expect(Camt.notes(result).map(\.message) == [note.message])
            #expect(result.importable.isEmpty)
            try expectAgreement(statement, try #require(GenkgoParse(name).statements.first), opening: true, closing: false)
            return try #require(statement.lines.first)
        }

        @Test func v3ReadsBICFIAndTheBankReference() throws {
            let line = try expectLaterVersion(
                "camt053.v3.xml", bic: "KREDBEBB", closingDate: "2014-12-31",
                note: ("Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[1]/Amt",
                       "the transaction amount 105.750 EUR is not the entry amount 8.85 EUR (the amount 105.750 EUR has 3 decimals; EUR has 2); the entry amount is used"))
            #expect(line.bankReference == "XXXXXXXXXXXXXXXXXXXXXXEUR")
            #expect(line.reference == "4654654654654654" && line.counterparty == "NAME NAME")
            #expect(line.description == "PMNT/RCDT/DMCT" && line.kind == .transfer)
        }

        @Test func v4WithoutAccountCurrencyTakesTheMappedAccounts() throws {
            let line = try expectLaterVersion(
                "camt053.v4.xml", bic: nil, closingDate: "2014-12-30",
                note: ("Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[1]/Amt",
                       "the transaction amount 0 SEK is not the entry amount 8.85 EUR (the amount 0 SEK is not in the account's currency, EUR); the entry amount is used"))
            #expect(line.bankReference == "AAAASESS-FP-CN_98765/01")
            #expect(line.description == "PAYM/0001/0005" && line.kind == .transfer)
        }

        @Test func v8ReadsStatusCodeDateTimeAndPartyNames() throws {
            let line = try expectLaterVersion(
                "camt053.v8.xml", bic: nil, closingDate: "2014-12-30",
                note: ("Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[1]/Amt",
                       "the transaction amount 0 SEK is not the entry amount 8.85 EUR (the amount 0 SEK is not in the account's currency, EUR); the entry amount is used"))
            // BookgDt/DtTm 2014-12-31T13:15:00+01:00: the date as the bank wrote it.
            #expect(line.bookingDate.description == "2014-12-31" && line.valueDate.description == "2015-01-02")
            #expect(line.reference == "MUELL/FINP/RA12345", "EndToEndId comes before the creditor reference")
            #expect(line.counterparty == "NAME NAME", "Dbtr/Pty/Nm")
            #expect(line.description == "PMNT/RCDT/BOOK" && line.bankReference == "AAAASESS-FP-CN_98765/01")
        }

        @Test func withoutTheAccountInTheGroupEveryStatementIsBlocked() throws {
            let result = try Camt.read(external: "camt053.v2.multi.statement.xml", group: DemoGroup.definition())
            #expect(result.statements.map { $0.entity + "/" + $0.account } == ["/", "/"])
            #expect(result.issues.map(\.message) == Array(repeating:
                "no bank account of the group has IBAN NL26VAYB8060476890; add it under bank_accounts or use --entity/--account", count: 2))
            #expect(result.issues.map(\.location.field) == ["Stmt[1]/Acct/Id", "Stmt[2]/Acct/Id"])
            #expect(result.issues.allSatisfy { $0.blocking } && result.importable.isEmpty)
            let other = try Camt.read(external: "camt053.v8.xml", group: DemoGroup.definition())
            #expect(other.issues.first?.message.hasPrefix("no bank account of the group has account id NL26VAYB8060476890;") == true)
        }

        @Test func aGivenAccountTakesEveryStatementUnlessTheGroupKnowsTheIBANAsAnother() throws {
            let demo = DemoGroup.definition()
            let germany = try #require(demo.bankAccount(entity: "DE01", account: "1000"))
            let bytes = try Camt.externalBytes("camt053.v2.multi.statement.xml")
            let given = try Camt053Reader.read(bytes, file: "multi.xml", group: demo, account: germany)
            #expect(given.issues.isEmpty)
            #expect(given.importable.map { "\($0.entity)/\($0.account) \($0.iban)" } == Array(repeating: "DE01/1000 NL26VAYB8060476890", count: 2))
            let conflict = try Camt053Reader.read(bytes, file: "multi.xml", group: Camt.group, account: germany)
            #expect(conflict.importable.isEmpty)
            #expect(conflict.issues.first?.message == "the statement's IBAN NL26VAYB8060476890 is bank account NL01/1000 of the group, not the given DE01/1000")
        }

        /// Cut every file short at many points and flip bytes: an error or a result, never a crash.
        @Test func damagedFilesNeverCrashTheReader() throws {
            var random = SeededRandom(seed: 53)
            var outcomes = (refused: 0, read: 0)
            for name in Self.covered {
                let bytes = try Camt.externalBytes(name)
                var variants = stride(from: 0, to: bytes.count, by: 61).map { Array(bytes[..<$0]) }
                // Mostly characters that matter to XML and to the reader, sometimes any byte.
                let alphabet = Array("<>/&;\"'=.-:TZ019 \nABCDRTabcx".utf8) + [0x00, 0x80, 0xC3, 0xFF]
                for _ in 0..<150 {
                    var damaged = bytes
                    for _ in 0..<Int.random(in: 1...4, using: &random) {
                        let index = Int.random(in: 0..<damaged.count, using: &random)
                        let byte = alphabet.randomElement(using: &random)!
                        switch Int.random(in: 0..<3, using: &random) {
                        case 0: damaged[index] = byte
                        case 1: damaged.insert(byte, at: index)
                        default: damaged.remove(at: index)
                        }
                    }
                    variants.append(damaged)
                }
                for variant in variants {
                    do {
                        _ = try Camt053Reader.read(variant, file: name, group: Camt.group)
                        outcomes.read += 1
                    } catch {
                        #expect(!error.message.isEmpty)
                        outcomes.refused += 1
                    }
                }
            }
            #expect(outcomes.refused > 0 && outcomes.read > 0)
        }
    }
}

// MARK: - Round trip with Camt053Writer

extension Camt053ReaderTests {
    @Suite("camt.053 reader: round trip")
    struct RoundTrip {
        private static func line(_ date: String, _ amountMinor: Int64, _ reference: String, _ counterparty: String,
                                 _ description: String, bank: String, kind: BankLineKind = .transfer,
                                 valueDate: String? = nil) throws -> BankLine {
            BankLine(bookingDate: try CalendarDate(parsing: date), valueDate: try CalendarDate(parsing: valueDate ?? date),
                     amountMinor: amountMinor, reference: reference, bankReference: bank, counterparty: counterparty,
                     description: description, kind: kind)
        }

        private static func statement(_ id: String, _ entity: String, _ account: String, openingMinor: Int64,
                                       _ lines: [BankLine]) throws -> BankStatement {
            let bank = try #require(Camt.group.bankAccount(entity: entity, account: account))
            let dates = lines.map(\.bookingDate)
            return BankStatement(id: id, entity: entity, account: account, iban: bank.iban, bic: bank.bic, currency: bank.currency,
                                 openingDate: try #require(dates.min()), openingMinor: openingMinor,
                                 closingDate: try #require(dates.max()),
                                 closingMinor: openingMinor + lines.reduce(0) { $0 + $1.amountMinor },
                                 createdAt: "2026-05-31T23:59:59Z", lines: lines)
        }

        static func statements() throws -> [BankStatement] {
            [
                try statement("US01-1000-2026-05", "US01", "1000", openingMinor: 1_000_000, [
                    try line("2026-05-04", 250_000, "INV-1001", "Smith, \"Bob\" & Co", "Receipt, invoice 1001", bank: "B-0001",
                             valueDate: "2026-05-03"),
                    try line("2026-05-05", -120_000, "RENT-05", "Landlord <LLC>", "Rent May, second line\tend", bank: "B-0002"),
                    try line("2026-05-05", -1_250, "", "", "Account fee", bank: "B-0003", kind: .fee),
                    try line("2026-05-02", 7, "", "", "Interest", bank: "B-0004", kind: .interest),
                    try line("2026-05-20", 0, "ADJ-1", "Bank", "Zero correction", bank: "B-0005"),
                    try line("2026-05-31", -500_000, "SWEEP", "Acme Inc.", "", bank: "B-0006"),
                ]),
                try statement("JP01-1000-2026-05", "JP01", "1000", openingMinor: -50_000, [
                    try line("2026-05-10", 1_500_000, "INV-JP-7", "田中株式会社", "入金 Receipt", bank: "JB-1"),
                    try line("2026-05-20", -3, "", "Bank", "Fee", bank: "JB-2", kind: .fee),
                ]),
                try statement("KW01-1000-2026-05", "KW01", "1000", openingMinor: 0, [
                    try line("2026-05-11", 1_250, "K-1", "Gulf Trading", "Receipt", bank: "KB-1"),
                    try line("2026-05-12", -1, "K-2", "Gulf Trading", "Refund of 0.001", bank: "KB-2"),
                ]),
                // Not IBAN-shaped: written as Acct/Id/Othr/Id, without a BIC.
                try statement("KW01-1010-2026-05", "KW01", "1010", openingMinor: 5, [
                    try line("2026-05-15", -5, "", "", "Closing fee", bank: "KO-1", kind: .fee),
                ]),
            ]
        }

        @Test func theReaderGivesBackWhatTheWriterWrote() throws {
            for statement in try Self.statements() {
                let bytes = Camt053Writer.write(statement, messageID: "MSG-1")
                let result = try Camt053Reader.read(bytes, file: "roundtrip.xml", group: Camt.group)
                #expect(result.issues.isEmpty, "\(result.issues)")
                #expect(result.statements == [statement])
                #expect(result.importable == [statement])
            }
        }

        @Test func writeReadWriteGivesTheSameBytes() throws {
            for statement in try Self.statements() {
                let bytes = Camt053Writer.write(statement, messageID: "MSG-1")
                let read = try Camt053Reader.read(bytes, file: "roundtrip.xml", group: Camt.group)
                #expect(Camt053Writer.write(try #require(read.statements.first), messageID: "MSG-1") == bytes)
            }
        }

        @Test func twentyThousandLinesPastTenMegabytesRoundTrip() throws {
            var lines: [BankLine] = []
            for index in 0..<20_000 {
                let amountMinor = Int64(index % 2 == 0 ? index + 1 : -index)
                lines.append(try Self.line("2026-05-\(index % 19 + 10)", amountMinor, "INV-\(index)", "Customer \(index % 97)",
                                           "Receipt for invoice \(index)", bank: "B\(index)"))
            }
            let statement = try Self.statement("BIG", "US01", "1000", openingMinor: 1_000_000_000, lines)
            let bytes = Camt053Writer.write(statement, messageID: "BIG")
            #expect(bytes.count > 20_000_000, "past libxml2's 10 MB limit for one chunk")
            let result = try Camt053Reader.read(bytes, file: "big.xml", group: Camt.group)
            #expect(result.issues.isEmpty)
            #expect(result.statements == [statement])
        }

        /// What camt.053 as the writer uses it cannot carry, and what the reader makes of it.
        @Test func whatTheWriterCannotCarryReadsBackAsDocumented() throws {
            var statement = try Self.statements()[0]
            statement.lines[0].kind = .ownAccount  // PMNT/ICDT/BOOK is a book transfer: read as transfer
            statement.lines[1].bankReference = ""  // no AcctSvcrRef: "<statement id>-<entry number>"
            statement.lines[2].description = ""    // neither reference nor text: the bank transaction code
            statement.lines[3].description = String(repeating: "x", count: 150)  // Ustrd is cut to 140
            let read = try #require(try Camt053Reader.read(Camt053Writer.write(statement, messageID: "M"), file: "f.xml",
                                                           group: Camt.group).statements.first)
            #expect(read.lines[0].kind == .transfer)
            #expect(read.lines[1].bankReference == "US01-1000-2026-05-2")
            #expect(read.lines[2].description == "ACMT/MDOP/CHRG" && read.lines[2].kind == .fee)
            #expect(read.lines[3].description == String(repeating: "x", count: 140))
            #expect(Array(read.lines[4...]) == Array(statement.lines[4...]))
        }
    }
}

// MARK: - How entries become lines

extension Camt053ReaderTests {
    @Suite("camt.053 reader: entries and lines")
    struct Lines {
        @Test func aStatementThatTiesOutIsImportable() throws {
            let result = try Camt.read(Camt.document(Camt.entry()))
            #expect(result.issues.isEmpty)
            let statement = try #require(result.importable.first)
            #expect((statement.entity, statement.account, statement.iban, statement.currency) == ("DE01", "1000", "DE89370400440532013000", .eur))
            #expect(statement.createdAt == "2026-06-01T08:00:00", "no Stmt/CreDtTm: the group header's")
            #expect((statement.openingMinor, statement.closingMinor) == (10_000, 15_000))
            #expect(statement.lines.map(\.amountMinor) == [5_000])
            #expect(statement.lines[0].bankReference == "BANK-1")
        }

        @Test func everyVersionFrom02To08IsRead() throws {
            for version in ["02", "03", "04", "05", "06", "07", "08"] {
                let status = version < "06" ? "<Sts>BOOK</Sts>" : "<Sts><Cd>BOOK</Cd></Sts>"
                let result = try Camt.read(Camt.document(Camt.entry(status: status), version: version))
                #expect(result.issues.isEmpty && result.importable.count == 1, "version \(version)")
            }
        }

        @Test func aStatementThatDoesNotTieOutGivesTheThreeFiguresAndTheDifference() throws {
            let result = try Camt.read(Camt.document(Camt.entry(), closing: "150.01"))
            #expect(result.issues == [BankFileIssue(
                location: SourceLocation(file: "bank.xml", line: 9, field: "Stmt[1]/Bal[2]"),
                message: "statement S1 does not tie out: opening 100.00 + booked entries 50.00 = 150.00 EUR, but the closing balance is 150.01 (difference -0.01)",
                statement: "S1", blocking: true)])
            #expect(result.importable.isEmpty && result.statements.count == 1)
        }

        @Test func pendingAndInformationEntriesAreNotedAndLeftOut() throws {
            let entries = [Camt.entry(), Camt.entry("7.00", status: "<Sts><Cd>PDNG</Cd></Sts>"), Camt.entry("9.00", status: "<Sts>INFO</Sts>")]
            let result = try Camt.read(Camt.document(entries.joined(separator: "\n")))
            #expect(result.importable.first?.lines.count == 1)
            #expect(result.issues.map(\.blocking) == [false, false])
            #expect(result.issues.map(\.location.field) == ["Stmt[1]/Ntry[2]/Sts", "Stmt[1]/Ntry[3]/Sts"])
            #expect(result.issues[0].message == "the entry's status is PDNG (pending), not BOOK: it is left out of the statement and its tie-out")
        }

        @Test func debitsAreNegativeAndDebitBalancesToo() throws {
            let xml = Camt.document(Camt.entry("120.00", indicator: "DBIT"), closing: "20.00")
                .replacingOccurrences(of: "<Amt Ccy=\"EUR\">20.00</Amt><CdtDbtInd>CRDT", with: "<Amt Ccy=\"EUR\">20.00</Amt><CdtDbtInd>DBIT")
            let statement = try #require(try Camt.read(xml).importable.first)
            #expect((statement.openingMinor, statement.lines[0].amountMinor, statement.closingMinor) == (10_000, -12_000, -2_000))
        }

        @Test func referenceCounterpartyAndDescriptionFollowTheirOrder() throws {
            func line(_ details: String, indicator: String = "CRDT", extra: String = "") throws -> BankLine {
                let xml = Camt.document(Camt.entry(indicator: indicator, extra: extra, details: details),
                                        closing: indicator == "CRDT" ? "150.00" : "50.00")
                return try #require(try Camt.read(xml).importable.first?.lines.first)
            }
            let both = try line("<TxDtls><Refs><EndToEndId>E2E-9</EndToEndId></Refs><RltdPties><Dbtr><Nm>Payer</Nm></Dbtr><Cdtr><Nm>Us</Nm></Cdtr></RltdPties><RmtInf><Ustrd>E2E-9 Invoice 9</Ustrd><Strd><CdtrRefInf><Ref>RF18</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>")
            #expect((both.reference, both.counterparty, both.description) == ("E2E-9", "Payer", "Invoice 9"))
            let paidOut = try line("<TxDtls><RltdPties><Dbtr><Pty><Nm>Us</Nm></Pty></Dbtr><Cdtr><Pty><Nm>Supplier</Nm></Pty></Cdtr></RltdPties></TxDtls>", indicator: "DBIT")
            #expect(paidOut.counterparty == "Supplier")
            let notProvided = try line("<TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><RmtInf><Ustrd>Rent June</Ustrd></RmtInf></TxDtls>")
            #expect((notProvided.reference, notProvided.description) == ("", "Rent June"))
            let structured = try line("<TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><RmtInf><Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>")
            #expect(structured.reference == "RF18539007547034")
            let textOnly = try line("<TxDtls><RmtInf><Ustrd>Invoice 12</Ustrd><Ustrd>and 13</Ustrd></RmtInf></TxDtls>")
            #expect((textOnly.reference, textOnly.description) == ("Invoice 12 and 13", "Invoice 12 and 13"))
            let additional = try line("<TxDtls><RmtInf><Ustrd>Invoice 12</Ustrd></RmtInf></TxDtls>", extra: "<AddtlNtryInf>SEPA credit</AddtlNtryInf>")
            #expect(additional.description == "SEPA credit")
            let codes = try line("", extra: "<BkTxCd><Domn><Cd>ACMT</Cd><Fmly><Cd>MDOP</Cd><SubFmlyCd>INTR</SubFmlyCd></Fmly></Domn></BkTxCd>")
            #expect((codes.description, codes.kind, codes.bankReference) == ("ACMT/MDOP/INTR", .interest, "S1-1"))
        }

        @Test func aBatchWhoseTransactionsAddUpBecomesOneLinePerTransaction() throws {
            let details = """
                <TxDtls><Refs><AcctSvcrRef>T-1</AcctSvcrRef><EndToEndId>INV-1</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">30.00</Amt></TxAmt></AmtDtls><RltdPties><Dbtr><Nm>A</Nm></Dbtr></RltdPties></TxDtls>\
                <TxDtls><Refs><EndToEndId>INV-2</EndToEndId></Refs><Amt Ccy="EUR">25.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><RltdPties><Dbtr><Nm>B</Nm></Dbtr></RltdPties></TxDtls>\
                <TxDtls><Refs><EndToEndId>REFUND-3</EndToEndId></Refs><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><RltdPties><Cdtr><Nm>C</Nm></Cdtr></RltdPties><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>CHRG</SubFmlyCd></Fmly></Domn></BkTxCd></TxDtls>
                """
            let result = try Camt.read(Camt.document(Camt.entry(details: details)))
            #expect(result.issues.isEmpty)
            let lines = try #require(result.importable.first?.lines)
            #expect(lines.map(\.amountMinor) == [3_000, 2_500, -500])
            #expect(lines.map(\.reference) == ["INV-1", "INV-2", "REFUND-3"])
            #expect(lines.map(\.counterparty) == ["A", "B", "C"])
            #expect(lines.map(\.bankReference) == ["T-1", "BANK-1/2", "BANK-1/3"])
            #expect(lines.map(\.kind) == [.transfer, .transfer, .fee])
        }

        @Test func aBatchThatCannotBeSplitIsOneLineWithANote() throws {
            let details = """
                <Btch><PmtInfId>PAYRUN-7</PmtInfId></Btch>\
                <TxDtls><Refs><EndToEndId>INV-1</EndToEndId></Refs><Amt Ccy="EUR">30.00</Amt></TxDtls>\
                <TxDtls><Refs><EndToEndId>INV-2</EndToEndId></Refs><Amt Ccy="EUR">10.00</Amt></TxDtls>
                """
            let result = try Camt.read(Camt.document(Camt.entry(details: details)))
            #expect(result.issues.map(\.blocking) == [false])
            #expect(result.issues.first?.message == "the entry holds 2 transactions (TxDtls) but their amounts add up to 40.00 EUR, not the entry amount 50.00 EUR; it is taken as one line of 50.00 EUR")
            #expect(result.issues.first?.location.field == "Stmt[1]/Ntry[1]")
            let lines = try #require(result.importable.first?.lines)
            #expect(lines.map(\.amountMinor) == [5_000])
            #expect((lines[0].reference, lines[0].counterparty, lines[0].bankReference) == ("PAYRUN-7", "", "BANK-1"))
            let missing = try Camt.read(Camt.document(Camt.entry(details: "<TxDtls><Amt Ccy=\"EUR\">50.00</Amt></TxDtls><TxDtls></TxDtls>")))
            #expect(missing.issues.first?.message.contains("Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[2] has no amount") == true)
            #expect(missing.importable.first?.lines.count == 1)
        }

        @Test func prefixedNamespacesPRCDAndForeignSupplementaryDataAreRead() throws {
            let xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <c:Document xmlns:c="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04" xmlns:x="urn:example:extra">
                <c:BkToCstmrStmt><c:GrpHdr><c:MsgId>M</c:MsgId><c:CreDtTm>2026-06-01T08:00:00Z</c:CreDtTm></c:GrpHdr>
                <c:Stmt><c:Id>P1</c:Id><c:CreDtTm>2026-06-01T09:00:00Z</c:CreDtTm>
                <c:Acct><c:Id><c:Othr><c:Id>000123456789</c:Id></c:Othr></c:Id><c:Ccy>KWD</c:Ccy></c:Acct>
                <c:Bal><c:Tp><c:CdOrPrtry><c:Cd>PRCD</c:Cd></c:CdOrPrtry></c:Tp><c:Amt Ccy="KWD">1.000</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd><c:Dt><c:DtTm>2026-04-30T23:59:59.123+03:00</c:DtTm></c:Dt></c:Bal>
                <c:Bal><c:Tp><c:CdOrPrtry><c:Cd>CLBD</c:Cd></c:CdOrPrtry></c:Tp><c:Amt Ccy="KWD">0.750</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd><c:Dt><c:Dt>2026-05-31</c:Dt></c:Dt></c:Bal>
                <c:Ntry><c:Amt Ccy="KWD"> 0.250 </c:Amt><c:CdtDbtInd>DBIT</c:CdtDbtInd><c:Sts>BOOK</c:Sts><c:BookgDt><c:Dt>2026-05-03</c:Dt></c:BookgDt>
                <c:NtryDtls><c:TxDtls><x:Amt Ccy="USD">999</x:Amt><c:Refs><c:EndToEndId><![CDATA[A&B]]></c:EndToEndId></c:Refs></c:TxDtls></c:NtryDtls></c:Ntry>
                </c:Stmt></c:BkToCstmrStmt></c:Document>
                """
            let result = try Camt.read(xml)
            #expect(result.issues.isEmpty, "\(result.issues)")
            let statement = try #require(result.importable.first)
            #expect((statement.entity, statement.account, statement.currency) == ("KW01", "1010", Camt.kwd))
            #expect(statement.createdAt == "2026-06-01T09:00:00Z")
            #expect((statement.openingMinor, statement.openingDate.description) == (1_000, "2026-04-30"))
            #expect(statement.lines.map(\.amountMinor) == [-250])
            #expect(statement.lines.map(\.reference) == ["A&B"])
        }

        @Test func aStatementIDUsedTwiceBlocksBoth() throws {
            let second = """
                <Stmt><Id>S1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
                <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-06-01</Dt></Dt></Bal>
                <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-06-30</Dt></Dt></Bal>
                </Stmt>
                """
            let result = try Camt.read(Camt.document(Camt.entry(), extraStatement: second))
            #expect(result.statements.count == 2 && result.importable.isEmpty)
            #expect(result.issues.map(\.message) == ["statement id 'S1' is used by Stmt[1] and Stmt[2]; an id must name one statement"])
            #expect(result.issues.map(\.location.field) == ["Stmt[2]/Id"])
        }
    }
}

// MARK: - Malformed documents

extension Camt053ReaderTests {
    @Suite("camt.053 reader: malformed documents")
    struct Malformed {
        struct Refused: Sendable, CustomTestStringConvertible {
            var name: String
            var bytes: [UInt8]
            var message: String
            var line: Int?
            var testDescription: String { name }
        }

        static let good = Camt.document(Camt.entry())

        static let refused: [Refused] = [
            Refused(name: "truncated XML", bytes: Array(good.utf8.prefix(good.utf8.count / 2)),
                    message: "not well-formed XML at column", line: nil),
            Refused(name: "unknown namespace",
                    bytes: Array(good.replacingOccurrences(of: "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08", with: "urn:example:statement").utf8),
                    message: "the Document has namespace 'urn:example:statement', so it is not a camt.053 statement", line: 2),
            Refused(name: "no namespace",
                    bytes: Array(good.replacingOccurrences(of: " xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"", with: "").utf8),
                    message: "the Document has no namespace", line: 2),
            Refused(name: "version 09", bytes: Array(Camt.document(Camt.entry(), version: "09").utf8),
                    message: "camt.053 version 001.09 is not supported; this reader reads versions 001.02 to 001.08", line: 2),
            Refused(name: "version 01", bytes: Array(Camt.document(Camt.entry(), version: "01").utf8),
                    message: "camt.053 version 001.01 is not supported", line: 2),
            Refused(name: "a camt.054 notification",
                    bytes: Array(good.replacingOccurrences(of: "camt.053.001.08", with: "camt.054.001.08").utf8),
                    message: "so it is not a camt.053 statement", line: 2),
            Refused(name: "another root element", bytes: Array("<?xml version=\"1.0\"?>\n<Invoice xmlns=\"urn:x\"/>".utf8),
                    message: "the root element is <Invoice>, not a camt.053 Document", line: 2),
            Refused(name: "no BkToCstmrStmt",
                    bytes: Array("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><Other/></Document>".utf8),
                    message: "the Document holds no BkToCstmrStmt", line: 1),
            Refused(name: "not XML", bytes: Array("statement_id,amount\nS1,1.00\n".utf8), message: "the file holds no XML", line: nil),
            Refused(name: "text before the root", bytes: Array("garbage <Document/>".utf8), message: "not well-formed XML", line: 1),
            Refused(name: "empty file", bytes: [], message: "the file is empty", line: nil),
            Refused(name: "white space only", bytes: Array("   \n\n".utf8), message: "the file holds no XML", line: nil),
            Refused(name: "mismatched tags", bytes: Array(good.replacingOccurrences(of: "</GrpHdr>", with: "</GrpHeader>").utf8),
                    message: "not well-formed XML at column", line: 4),
            Refused(name: "an undeclared entity", bytes: Array(good.replacingOccurrences(of: "<MsgId>M1", with: "<MsgId>&nbsp;M1").utf8),
                    message: "an undeclared entity", line: 4),
            Refused(name: "a DOCTYPE", bytes: Array(("<?xml version=\"1.0\"?>\n<!DOCTYPE Document [<!ENTITY a \"aaaa\">]>\n" + good.split(separator: "\n", maxSplits: 1)[1]).utf8),
                    message: "the file declares a DOCTYPE", line: nil),
            Refused(name: "UTF-16", bytes: [0xFF, 0xFE] + Array(good.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] },
                    message: "camt.053 files are UTF-8", line: nil),
            Refused(name: "nested 100,000 deep",
                    bytes: Array(("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">" + String(repeating: "<a>", count: 100_000)).utf8),
                    message: "elements nest more than 64 deep", line: 1),
            Refused(name: "another encoding declared",
                    bytes: Array(good.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding='ISO-8859-1'").utf8),
                    message: "the file declares encoding 'ISO-8859-1'; camt.053 files are UTF-8", line: 1),
            Refused(name: "invalid UTF-8 in an element name", bytes: Array(good.utf8).map { $0 == UInt8(ascii: "M") ? 0xFF : $0 },
                    message: "bytes that are not valid UTF-8; camt.053 files are UTF-8", line: 4),
        ]

        @Test(arguments: refused)
        func refusedDocumentsThrowNamingTheFile(_ bad: Refused) {
            let error = #expect(throws: LedgerError.self) { try Camt053Reader.read(bad.bytes, file: "bank.xml", group: Camt.group) }
            #expect(error?.code == .invalidFile)
            #expect(error?.location?.file == "bank.xml")
            #expect(error?.message.contains(bad.message) == true, "\(String(describing: error))")
            if let line = bad.line { #expect(error?.location?.line == line, "\(String(describing: error))") }
        }

        struct Blocked: Sendable, CustomTestStringConvertible {
            var name: String
            var xml: String
            var field: String
            var message: String
            var testDescription: String { name }
        }

        static let blocked: [Blocked] = [
            Blocked(name: "entry without amount", xml: Camt.document(Camt.entry("")),
                    field: "Stmt[1]/Ntry[1]/Amt", message: "the amount is missing; expected an Amt element"),
            Blocked(name: "bad CdtDbtInd", xml: Camt.document(Camt.entry(indicator: "CREDIT")),
                    field: "Stmt[1]/Ntry[1]/CdtDbtInd", message: "CdtDbtInd is 'CREDIT'; expected CRDT (money in) or DBIT (money out)"),
            Blocked(name: "bad date", xml: Camt.document(Camt.entry(booking: "<BookgDt><Dt>2026-02-30</Dt></BookgDt>")),
                    field: "Stmt[1]/Ntry[1]/BookgDt/Dt", message: "'2026-02-30' is not a calendar date"),
            Blocked(name: "bad date and time", xml: Camt.document(Camt.entry(booking: "<BookgDt><DtTm>2026-05-04 10:00</DtTm></BookgDt>")),
                    field: "Stmt[1]/Ntry[1]/BookgDt/DtTm", message: "'2026-05-04 10:00' is not a date and time in the form YYYY-MM-DDThh:mm:ss"),
            Blocked(name: "no booking date", xml: Camt.document(Camt.entry(booking: "")),
                    field: "Stmt[1]/Ntry[1]/BookgDt", message: "a booked entry needs a booking date; expected BookgDt/Dt or BookgDt/DtTm"),
            Blocked(name: "amount 12abc", xml: Camt.document(Camt.entry("12abc")),
                    field: "Stmt[1]/Ntry[1]/Amt", message: "'12abc' is not a decimal number (expected digits with an optional '.' and decimals, e.g. 1234.50)"),
            Blocked(name: "amount with a comma", xml: Camt.document(Camt.entry("50,00")),
                    field: "Stmt[1]/Ntry[1]/Amt", message: "'50,00' is not a decimal number (expected digits with an optional '.' and decimals, e.g. 1234.50)"),
            Blocked(name: "three decimals in EUR", xml: Camt.document(Camt.entry("50.001")),
                    field: "Stmt[1]/Ntry[1]/Amt", message: "the amount 50.001 EUR has 3 decimals; EUR has 2"),
            Blocked(name: "negative amount", xml: Camt.document(Camt.entry("-50.00")),
                    field: "Stmt[1]/Ntry[1]/Amt", message: "the amount '-50.00' is negative; camt.053 amounts are unsigned and CdtDbtInd gives the direction"),
            Blocked(name: "amount too large", xml: Camt.document(Camt.entry("99999999999999999999")),
                    field: "Stmt[1]/Ntry[1]/Amt", message: "the amount '99999999999999999999' is over the largest amount the ledger accepts, 10000000000000.00 EUR"),
            Blocked(name: "unknown currency", xml: Camt.document(Camt.entry(ccy: "XYZ")),
                    field: "Stmt[1]/Ntry[1]/Amt", message: "unknown currency 'XYZ' (expected an ISO 4217 code such as USD, EUR, JPY)"),
            Blocked(name: "entry in another currency", xml: Camt.document(Camt.entry(ccy: "USD")),
                    field: "Stmt[1]/Ntry[1]/Amt", message: "the amount 50.00 USD is not in the account's currency, EUR"),
            Blocked(name: "amount without Ccy", xml: Camt.document(Camt.entry().replacingOccurrences(of: " Ccy=\"EUR\"", with: "")),
                    field: "Stmt[1]/Ntry[1]/Amt", message: "Amt has no Ccy attribute; every amount must name its currency"),
            Blocked(name: "entry without status", xml: Camt.document(Camt.entry(status: "")),
                    field: "Stmt[1]/Ntry[1]/Sts", message: "the entry has no status; expected Sts (v2 to v5) or Sts/Cd (v6 and later) with BOOK, PDNG or INFO"),
            Blocked(name: "unknown IBAN", xml: Camt.document(Camt.entry(), account: "<IBAN>DE02120300000000202051</IBAN>"),
                    field: "Stmt[1]/Acct/Id", message: "no bank account of the group has IBAN DE02120300000000202051; add it under bank_accounts or use --entity/--account"),
            Blocked(name: "no account", xml: Camt.document(Camt.entry(), account: ""),
                    field: "Stmt[1]/Acct/Id", message: "the statement names no account; expected Acct/Id/IBAN or Acct/Id/Othr/Id"),
            Blocked(name: "account currency not the mapped account's",
                    xml: Camt.document(Camt.entry(), account: "<IBAN>DE62370400440532013001</IBAN>"),
                    field: "Stmt[1]/Acct/Ccy", message: "the statement's account is in EUR but bank account DE01/1010 (DE62370400440532013001) is in USD"),
            Blocked(name: "no closing balance", xml: Camt.document(Camt.entry()).replacingOccurrences(of: "<Cd>CLBD</Cd>", with: "<Cd>CLAV</Cd>"),
                    field: "Stmt[1]/Bal", message: "the statement has no closing booked balance (Bal with Tp/CdOrPrtry/Cd CLBD)"),
            Blocked(name: "two opening balances", xml: Camt.document(Camt.entry()).replacingOccurrences(of: "<Cd>CLBD</Cd>", with: "<Cd>OPBD</Cd>"),
                    field: "Stmt[1]/Bal[2]", message: "the statement has 2 OPBD balances (Stmt[1]/Bal[1], Stmt[1]/Bal[2]); expected one"),
            Blocked(name: "balance without date", xml: Camt.document(Camt.entry()).replacingOccurrences(of: "<Dt><Dt>2026-05-01</Dt></Dt>", with: ""),
                    field: "Stmt[1]/Bal[1]/Dt", message: "the OPBD balance has no date; expected Dt/Dt or Dt/DtTm"),
            Blocked(name: "balance in another currency",
                    xml: Camt.document(Camt.entry()).replacingOccurrences(of: "<Amt Ccy=\"EUR\">100.00", with: "<Amt Ccy=\"CHF\">100.00"),
                    field: "Stmt[1]/Bal[1]/Amt", message: "the amount 100.00 CHF is not in the account's currency, EUR"),
            Blocked(name: "statement without Id", xml: Camt.document(Camt.entry(), statementID: ""),
                    field: "Stmt[1]/Id", message: "the statement has no Id; it is called Stmt[1] here"),
        ]

        @Test(arguments: blocked)
        func aFlawBlocksItsStatementAndSaysWhere(_ bad: Blocked) throws {
            let result = try Camt053Reader.read(Array(bad.xml.utf8), file: "bank.xml", group: Camt.group)
            #expect(result.importable.isEmpty)
            let issue = try #require(result.issues.first { $0.location.field == bad.field }, "\(result.issues)")
            #expect(issue.blocking)
            #expect(issue.message == bad.message)
            #expect(issue.location.file == "bank.xml")
            #expect(issue.statement == (bad.name == "statement without Id" ? "Stmt[1]" : "S1"))
            #expect(issue.location.line != nil)
            // A flaw in an amount or a balance leaves the tie-out unchecked rather than wrong.
            #expect(!result.issues.contains { $0.message.contains("does not tie out") })
        }

        @Test func theIssueNamesTheLineOfTheElement() throws {
            let entries = Camt.entry() + "\n" + Camt.entry("12abc")
            let result = try Camt.read(Camt.document(entries, closing: "200.00"))
            #expect(result.issues.map(\.location) == [SourceLocation(file: "bank.xml", line: 11, field: "Stmt[1]/Ntry[2]/Amt")])
            #expect(result.issues.first?.description == "bank.xml, line 11, field 'Stmt[1]/Ntry[2]/Amt': '12abc' is not a decimal number (expected digits with an optional '.' and decimals, e.g. 1234.50)")
        }
    }
}
