import Foundation
import Interchange
import LedgerCore
import Testing

/// The MT940 files of `../shared/external/mt940` (real files from other projects), found from
/// this source file: Tests/InterchangeTests -> the package -> ../shared/external/mt940.
private enum External {
    static let root: String = ExternalFiles.root + "/mt940"

    static func bytes(_ relative: String) throws -> [UInt8] {
        let path = root + "/" + relative
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        return [UInt8](data)
    }

    static func text(_ relative: String) throws -> String { String(decoding: try bytes(relative), as: UTF8.self) }

    /// Reads a file with a group that lists `banks` (account id, currency).
    static func read(_ relative: String, banks: [(id: String, currency: String)]) throws -> BankFileImport {
        try MT940Reader.read(try bytes(relative), file: URL(fileURLWithPath: relative).lastPathComponent, group: try Books.group(banks))
    }
}

private enum Books {
    /// A valid group with one entity per currency (`EUR01`, `CHF01`...) and one bank account per
    /// id, on chart accounts 1001, 1002... in the order given.
    static func group(_ banks: [(id: String, currency: String)]) throws -> GroupDefinition {
        var currencies: [Currency] = []
        for bank in banks where !currencies.contains(try Currency(bank.currency)) { currencies.append(try Currency(bank.currency)) }
        if currencies.isEmpty { currencies = [.eur] }
        let entities = currencies.map { Entity(code: "\($0.code)01", name: "Entity \($0.code)", currency: $0, country: "NL") }
        var accounts = [Account(code: "4000", name: "Sales", type: .revenue)]
        var bankAccounts: [BankAccount] = []
        for (index, bank) in banks.enumerated() {
            let code = "\(1001 + index)"
            accounts.append(Account(code: code, name: "Bank \(index + 1)", type: .asset, isBank: true))
            bankAccounts.append(BankAccount(entity: "\(bank.currency)01", account: code, iban: bank.id, currency: try Currency(bank.currency)))
        }
        let group = GroupDefinition(name: "MT940 test group", currency: currencies[0], entities: entities, accounts: accounts,
                                    users: [User(name: "ana", displayName: "Ana", role: .accountant)], bankAccounts: bankAccounts)
        try group.validate()
        return group
    }
}

/// "1234.56" in minor units of a two-decimal currency: the expected data of the source project
/// (wolph/mt940, `mt940_tests/*/*.yml`) is written that way.
private func minor(_ text: String, scale: Int = 2) throws -> Int64 { try Decimal10.parse(text, scale: scale) }

private func date(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }

private extension BankFileImport {
    var blocking: [BankFileIssue] { issues.filter(\.blocking) }
    var notes: [BankFileIssue] { issues.filter { !$0.blocking } }
    func blocking(_ statement: String) -> [BankFileIssue] { blocking.filter { $0.statement == statement } }
}

/// A file holding no `:20:` is refused as a whole.
private func expectNoStatement(_ bytes: [UInt8], file: String = "test.sta") {
    #expect {
        _ = try MT940Reader.read(bytes, file: file, group: try Books.group([]))
    } throws: { error in
        guard let error = error as? LedgerError else { return false }
        return error.code == .invalidFile && error.message.hasPrefix("the file holds no MT940 statement")
            && error.location?.file == file
    }
}

/// A minimal statement around some fields, on account NL01TEST0000000001 (EUR).
private func statement(_ body: String, opening: String = ":60F:C260501EUR100,00", closing: String = ":62F:C260531EUR100,00") -> String {
    ":20:TEST\n:25:NL01TEST0000000001\n:28C:1/1\n\(opening)\n\(body)\(body.isEmpty || body.hasSuffix("\n") ? "" : "\n")\(closing)\n-\n"
}

private let testBank = [(id: "NL01TEST0000000001", currency: "EUR")]

private func read(_ text: String, banks: [(id: String, currency: String)] = testBank) throws -> BankFileImport {
    try MT940Reader.read(Array(text.utf8), file: "test.sta", group: try Books.group(banks))
}

/// Groups the suites so that `swift test --filter MT940ReaderTests` runs them all.
enum MT940ReaderTests {}

// MARK: - Every external file

extension MT940ReaderTests {
    @Suite("MT940 external files")
    struct Coverage {
        @Test("every file in ../shared/external/mt940 has a test below")
        func everyFileIsCovered() throws {
            var found: [String] = []
            for folder in ["jejik", "cmxl", "betterplace"] {
                found += try FileManager.default.contentsOfDirectory(atPath: External.root + "/" + folder)
                    .filter { $0.hasSuffix(".sta") }.map { "\(folder)/\($0)" }
            }
            let covered = [
                "jejik/abnamro.sta", "jejik/generic.sta", "jejik/ing.sta", "jejik/knab.sta", "jejik/postfinance.sta",
                "jejik/rabobank-iban.sta", "jejik/rabobank.sta", "jejik/sns.sta", "jejik/triodos.sta",
                "cmxl/account_balance_credit.sta", "cmxl/account_balance_debit.sta", "cmxl/account_identification_iban.sta",
                "cmxl/account_identification_legacy.sta", "cmxl/available_balance.sta", "cmxl/closing_balance.sta",
                "cmxl/mt940.sta", "cmxl/reference.sta", "cmxl/statement_details.sta", "cmxl/statement_line.sta",
                "cmxl/statement_number.sta",
                "betterplace/amount_formats.sta", "betterplace/currency_in_25.sta", "betterplace/empty_86.sta",
                "betterplace/empty_entry_date.sta", "betterplace/empty_line.sta", "betterplace/missing_crlf_at_end.sta",
                "betterplace/sepa_mt9401.sta", "betterplace/sepa_snippet.sta", "betterplace/sepa_snippet_broken.sta",
                "betterplace/with_binary_character.sta",
            ]
            #expect(found.sorted() == covered.sorted())
        }
    }
}

// MARK: jejik (whole statements from Dutch and Swiss banks)

extension MT940ReaderTests {
    @Suite("MT940 jejik files")
    struct Jejik {
        @Test("abnamro.sta: two statements after a non-SWIFT header; neither ties out")
        func abnamro() throws {
            let result = try External.read("jejik/abnamro.sta", banks: [("517852257", "EUR")])
            #expect(result.statements.map(\.id) == ["ABN AMRO BANK NV/19321/1", "ABN AMRO BANK NV/19322/1"])
            #expect(result.statements.map(\.lines.count) == [8, 2])
            let first = result.statements[0]
            #expect(first.entity == "EUR01" && first.account == "1001" && first.iban == "517852257")
            #expect(try first.openingMinor == minor("3236.28") && first.openingDate == date("2011-05-22"))
            #expect(try first.closingMinor == minor("876.84") && first.closingDate == date("2011-05-23"))
            #expect(first.createdAt == "2011-05-23T00:00:00Z")
            // :60M: and :62M: are read like :60F: and :62F: (source: intermediate 2876.84 and 1849.75).
            #expect(try result.statements[1].openingMinor == minor("2876.84"))
            #expect(try result.statements[1].closingMinor == minor("1849.75"))
            let amounts = try ["-9", "-11.59", "-11.63", "-11.8", "-13.45", "-15.49", "-107", "-141.48", "-9.49", "-15"].map { try minor($0) }
            #expect(result.statements.flatMap(\.lines).map(\.amountMinor) == amounts)
            // Entry date 0523 with value date 110521: booked 2011-05-23, value 2011-05-21.
            #expect(try first.lines[1].bookingDate == date("2011-05-23") && first.lines[1].valueDate == date("2011-05-21"))
            #expect(first.lines[0].description == "GIRO 428428 KPN - DIGITENNE BETALINGSKENM. 000000042188659 5314606715 BETREFT FACTUUR D.D. 20-05-2011 INCL. 1,44 BTW")
            #expect(first.lines[0].reference == "")  // NONREF
            #expect(first.lines[0].bankReference == "ABN AMRO BANK NV/19321/1-1")
            #expect(result.blocking.map(\.location.line) == [27, 40])
            #expect(result.blocking.map(\.location.field) == [":62F:", ":62M:"])
            #expect(result.blocking[0].message.contains("opening 3236.28 + 8 lines -321.44 = 2914.84 EUR, but the closing balance is 876.84 (difference 2038.00)"))
            #expect(result.blocking[1].message.contains("(difference 1002.60)"))
            #expect(result.notes.isEmpty)
            #expect(result.importable.isEmpty)
        }

        @Test("generic.sta: two statements that tie out, the last without a final '-'")
        func generic() throws {
            let result = try External.read("jejik/generic.sta", banks: [("11111111", "EUR")])
            #expect(result.issues.isEmpty)
            #expect(result.importable.map(\.id) == ["GENERIC/1", "GENERIC/2"])
            #expect(result.statements.map(\.openingMinor) == [10_000, 9_000])
            #expect(result.statements.map(\.closingMinor) == [9_000, 8_000])
            let line = result.statements[0].lines[0]
            #expect(line.amountMinor == -1_000 && line.description == "" && line.kind == .transfer)
            #expect(try line.bookingDate == date("2011-01-01") && line.valueDate == line.bookingDate)
        }

        @Test("ing.sta: one statement with a header, tabs and an :86: after the closing balance; it does not tie out")
        func ing() throws {
            let result = try External.read("jejik/ing.sta", banks: [("0001234567", "EUR")])
            #expect(result.statements.count == 1)
            let statement = result.statements[0]
            #expect(statement.id == "MPBZ/000")
            #expect(try statement.openingMinor == 0 && statement.closingMinor == minor("3.47"))
            let amounts = try ["-25.03", "-3.03", "-1.11", "-20.00", "-1.10", "3.68", "1.00"].map { try minor($0) }
            #expect(statement.lines.map(\.amountMinor) == amounts)
            #expect(statement.lines[2].reference == "TMG TANGO")
            // The tab of the source is a space here; the :86: after :62F: is about the statement, not the last line.
            #expect(statement.lines[1].description == "0111111111 GPSEOUL SPOEDBETALING MPBZS1016000047 GPSEOUL")
            #expect(statement.lines[6].description == "0111111111 Hr S Marechal ROSMALEN Hr S Marechal ROSMALEN Betaling transactiedatum: 22-07-2010")
            #expect(result.issues.count == 1)
            #expect(result.blocking.first?.location == SourceLocation(file: "ing.sta", line: 26, field: ":62F:"))
            #expect(result.blocking.first?.message.contains("(difference -49.06)") == true)
        }

        @Test("knab.sta: an amount without a decimal comma is read; the second statement does not tie out")
        func knab() throws {
            let result = try External.read("jejik/knab.sta", banks: [("123456789", "EUR")])
            #expect(result.statements.map(\.id) == ["B4E08MS9D00A0009/998/1", "B4G30MS9D00A003D/999/1"])
            let second = result.statements[1]
            #expect(try second.openingMinor == minor("3058.98") && second.closingMinor == minor("798.98"))
            #expect(second.lines.map(\.amountMinor) == [-726_000, 50_000])  // "7260," and "500"
            #expect(second.lines[1].reference == "29-07-2014 10:05")
            #expect(second.lines.map(\.bankReference) == ["B4G29PGCVO7Q06US", "B4G29PGDCK1QFV3E"])
            #expect(second.lines[0].description == "FACTUUR 201403110, 201403113 REK: NL65INGB0123456789/NAAM: PICQER")
            #expect(result.importable.map(\.id) == ["B4E08MS9D00A0009/998/1"])
            #expect(result.blocking.count == 1)
            #expect(result.blocking[0].statement == "B4G30MS9D00A003D/999/1" && result.blocking[0].location.line == 20)
            #expect(result.blocking[0].message.contains("(difference -4500.00)"))
        }

        @Test("postfinance.sta: CHF; bank reference NONREF gives a generated one; the second statement is 0.20 off")
        func postfinance() throws {
            let result = try External.read("jejik/postfinance.sta", banks: [("123456789", "CHF")])
            #expect(result.statements.map(\.currency.code) == ["CHF", "CHF"])
            #expect(result.statements.map(\.entity) == ["CHF01", "CHF01"])
            let amounts = try ["79.7", "149.5", "-79.9", "10.1"].map { try minor($0) }
            #expect(result.statements.flatMap(\.lines).map(\.amountMinor) == amounts)
            let first = result.statements[0]
            #expect(try first.openingMinor == 0 && first.closingMinor == minor("229.2"))
            #expect(first.lines[0].reference == "01916")
            #expect(first.lines[0].bankReference == "2014040708285927/999/1-1")
            #expect(try result.statements[1].closingMinor == minor("159.6"))
            #expect(result.importable.map(\.id) == ["2014040708285927/999/1"])
            #expect(result.blocking.map(\.statement) == ["2014040708285928/999/2"])
            #expect(result.blocking[0].message.contains("opening 229.20 + 2 lines -69.80 = 159.40 CHF, but the closing balance is 159.60 (difference -0.20)"))
        }

        @Test("postfinance.sta on a EUR account: each statement's currency is refused")
        func postfinanceOnEuroAccount() throws {
            let result = try External.read("jejik/postfinance.sta", banks: [("123456789", "EUR")])
            let currency = result.blocking.filter { $0.message.contains("is held in EUR") }
            #expect(currency.map(\.location.line) == [4, 18])
            #expect(currency.map(\.location.field) == [":60F:", ":60M:"])
            #expect(result.importable.isEmpty)
        }

        @Test("rabobank-iban.sta: /TAG/ details; the repeated id of the second statement gets its closing date")
        func rabobankIBAN() throws {
            let result = try External.read("jejik/rabobank-iban.sta", banks: [("NL71RABO0123456789", "EUR")])
            #expect(result.statements.map(\.id) == ["940S130101/0", "940S130101/0/2013-01-15"])
            #expect(result.blocking.isEmpty)
            #expect(result.notes.count == 1)
            #expect(result.notes[0].location == SourceLocation(file: "rabobank-iban.sta", line: 14, field: ":20:"))
            #expect(result.importable.count == 2)
            let first = result.statements[0]
            #expect(first.openingMinor == 100_000 && first.closingMinor == 96_500)
            #expect(first.lines[0].reference == "01-01-2013 12:00 0030000987654321")
            #expect(first.lines[0].counterparty == "CONTRA ACCOUNT HOLDER")
            #expect(first.lines[1].counterparty == "JOHN DOE")
            #expect(first.lines[1].description == "Reference 201301234")
            #expect(result.statements[1].closingMinor == 93_000)
        }

        @Test("rabobank.sta: account ids with dots and a currency; several :86: per line; two statements do not tie out")
        func rabobank() throws {
            let result = try External.read("jejik/rabobank.sta", banks: [("129199348", "EUR"), ("152689184", "EUR")])
            #expect(result.statements.map(\.id) == ["940A110615/00000/00", "940A110616/00000/00", "940A110617/00000/00", "940A120829/00000/00"])
            #expect(result.statements.map(\.account) == ["1001", "1001", "1001", "1002"])
            #expect(result.statements.map(\.lines.count) == [1, 0, 2, 2])
            let line = result.statements[0].lines[0]
            #expect(line.amountMinor == -121_328)
            #expect(line.reference == "0121470966")
            #expect(line.description == "Terugboeking NIET AKKOORD MET AFSCHRIJVING KOSTEN KINDEROPVANG JUNI 20095731")
            #expect(result.importable.map(\.id) == ["940A110616/00000/00", "940A120829/00000/00"])
            #expect(result.blocking.map(\.location.line) == [11, 28])
            #expect(result.blocking[1].message.contains("(difference -236.56)"))
        }

        @Test("sns.sta: blank lines inside :86: are skipped; both statements tie out")
        func sns() throws {
            let result = try External.read("jejik/sns.sta", banks: [("0123456789", "EUR")])
            #expect(result.issues.isEmpty)
            #expect(result.importable.map(\.id) == ["0000000000/160/1", "0000000000/161/1"])
            let lines = result.statements[0].lines
            #expect(lines.map(\.amountMinor) == [-2_000, -500])
            #expect(lines[0].description == "0987654321 marechal s dit is een test")
            #expect(lines[0].reference == "0987654321")
            #expect(try lines[0].valueDate == date("2012-06-07") && lines[0].bookingDate == date("2012-06-08"))
            #expect(result.statements[1].lines.isEmpty)
        }

        @Test("triodos.sta: '>' subfields; 'BANK/number' maps by the number; it does not tie out")
        func triodos() throws {
            let result = try External.read("jejik/triodos.sta", banks: [("0390123456", "EUR")])
            let statement = try #require(result.statements.first)
            #expect(statement.id == "1308728725026/1/1" && statement.iban == "0390123456")
            #expect(statement.lines.map(\.amountMinor) == [-1_570, -70_000])
            #expect(statement.lines[0].description == "ALGEMENE TUSSENREKENING KOSTEN VAN 01-10-2010 TOT EN MET 31-12-2010")
            #expect(statement.lines[1].description == "HUUR KANTOOR - FEB 2010")
            #expect(result.blocking.count == 1 && result.blocking[0].message.contains("(difference -111.40)"))
        }
    }
}

// MARK: cmxl (one field per file, and one file of three statements)

extension MT940ReaderTests {
    @Suite("MT940 cmxl files")
    struct Cmxl {
        @Test("account_balance_credit.sta: no :20:, refused; as an opening balance it is +147.64")
        func accountBalanceCredit() throws {
            expectNoStatement(try External.bytes("cmxl/account_balance_credit.sta"))
            let field = try External.text("cmxl/account_balance_credit.sta")
            let result = try read(statement("", opening: field, closing: ":62F:C140829EUR147,64"))
            #expect(result.issues.isEmpty)
            #expect(result.statements.first?.openingMinor == 14_764)
            #expect(try result.statements.first?.openingDate == date("2014-08-29"))
        }

        @Test("account_balance_debit.sta: no :20:, refused; as an opening balance it is -147.64")
        func accountBalanceDebit() throws {
            expectNoStatement(try External.bytes("cmxl/account_balance_debit.sta"))
            let field = try External.text("cmxl/account_balance_debit.sta")
            let result = try read(statement("", opening: field, closing: ":62F:D140829EUR147,64"))
            #expect(result.issues.isEmpty)
            #expect(result.statements.first?.openingMinor == -14_764)
        }

        @Test("account_identification_iban.sta: no :20:, refused; the IBAN maps to the group's bank account")
        func accountIdentificationIBAN() throws {
            expectNoStatement(try External.bytes("cmxl/account_identification_iban.sta"))
            let field = try External.text("cmxl/account_identification_iban.sta")
            let text = statement("").replacingOccurrences(of: ":25:NL01TEST0000000001\n", with: field)
            let result = try read(text, banks: [("PL25106000760000888888888888", "EUR")])
            #expect(result.issues.isEmpty)
            #expect(result.statements.first?.iban == "PL25106000760000888888888888")
            #expect(result.statements.first?.account == "1001")
        }

        @Test("account_identification_legacy.sta: no :20:, refused; 'BLZ/account' with a currency maps by either form")
        func accountIdentificationLegacy() throws {
            expectNoStatement(try External.bytes("cmxl/account_identification_legacy.sta"))
            let field = try External.text("cmxl/account_identification_legacy.sta")
            let text = statement("").replacingOccurrences(of: ":25:NL01TEST0000000001\n", with: field)
            for id in ["4005287001", "700111104005287001"] {
                let result = try read(text, banks: [(id, "EUR")])
                #expect(result.issues.isEmpty)
                #expect(result.statements.first?.iban == id)
            }
            let unknown = try read(text, banks: [("4005287002", "EUR")])
            #expect(unknown.blocking.count == 1)
            #expect(unknown.blocking[0].location.field == ":25:" && unknown.blocking[0].location.line == 2)
            #expect(unknown.blocking[0].message.hasPrefix("no bank account of the group has account id 70011110/4005287001"))
            #expect(unknown.blocking[0].message.hasSuffix("add it under bank_accounts or use --entity/--account"))
            #expect(unknown.statements.first?.entity == "" && unknown.statements.first?.account == "")
            #expect(unknown.importable.isEmpty)
        }

        @Test("available_balance.sta: no :20:, refused; inside a statement :64: is ignored")
        func availableBalance() throws {
            expectNoStatement(try External.bytes("cmxl/available_balance.sta"))
            let result = try read(statement("", closing: ":62F:C260531EUR100,00\n" + (try External.text("cmxl/available_balance.sta"))))
            #expect(result.issues.isEmpty)
            #expect(result.importable.count == 1)
        }

        @Test("closing_balance.sta: no :20:, refused; as a closing balance it is +137.00 on 2014-09-01")
        func closingBalance() throws {
            expectNoStatement(try External.bytes("cmxl/closing_balance.sta"))
            let field = try External.text("cmxl/closing_balance.sta")
            let result = try read(statement("", opening: ":60F:C140829EUR137,00", closing: field))
            #expect(result.issues.isEmpty)
            #expect(result.statements.first?.closingMinor == 13_700)
            #expect(try result.statements.first?.closingDate == date("2014-09-01"))
            #expect(result.statements.first?.createdAt == "2014-09-01T00:00:00Z")
        }

        @Test("mt940.sta: a DEM statement left out, one that ties out, one whose closing date precedes its opening")
        func mt940() throws {
            let result = try External.read("cmxl/mt940.sta", banks: [("100200301234567", "EUR"),
                                                                      ("320000546101", "PLN"), ("76198810", "EUR")])
            #expect(result.statements.map(\.id) == ["1234567/5/1", "TELEWIZORY S.A./00084/001"])
            let dem = result.blocking("131110/27/01")
            #expect(dem.map(\.location.line) == [4, 27])
            #expect(dem.allSatisfy { $0.message.contains("unknown currency 'DEM'") })

            let euro = result.statements[0]
            #expect(euro.openingMinor == 218_795 && euro.closingMinor == 438_795)
            #expect(euro.lines.map(\.amountMinor) == [-80_000, 300_000])
            #expect(try euro.lines[0].valueDate == date("2002-11-01") && euro.lines[0].bookingDate == date("2002-11-02"))
            #expect(euro.lines[0].counterparty == "MUELLER" && euro.lines[0].description == "Miete November")
            #expect(euro.lines[0].reference == "" && euro.lines[0].bankReference == "55555")

            let polish = result.statements[1]
            #expect(polish.currency.code == "PLN" && polish.lines.map(\.amountMinor) == [2_000_000, -1_000_000, 4_000])
            #expect(polish.lines[1].reference == "REF 25611247")
            #expect(polish.lines[2].description == "Odsetki od lokaty nr 101000022086")
            let dates = result.blocking("TELEWIZORY S.A./00084/001")
            #expect(dates.count == 1 && dates[0].location.line == 73)
            #expect(dates[0].message == "the closing balance date 2002-03-25 is before the opening balance date 2003-10-02")
            #expect(result.importable.map(\.id) == ["1234567/5/1"])
        }

        @Test("reference.sta: a :20: alone is a statement without account or balances: no statement, blocking issues")
        func reference() throws {
            let result = try External.read("cmxl/reference.sta", banks: [])
            #expect(result.statements.isEmpty)
            #expect(result.blocking.count == 3)
            #expect(result.blocking.allSatisfy { $0.statement == "D140902049" && $0.location.line == 1 })
            #expect(result.blocking.contains { $0.message.hasPrefix("no :25: account identification") })
            #expect(result.blocking.contains { $0.message.hasPrefix("no :60F: (or :60M:) opening balance") })
            #expect(result.blocking.contains { $0.message.hasPrefix("no :62F: (or :62M:) closing balance") })
            #expect(result.notes.map(\.message) == ["no :28C: statement number; the statement id is the :20: reference alone"])
        }

        @Test("statement_details.sta: no :20:, refused; the SEPA subfields give reference, counterparty and description")
        func statementDetails() throws {
            expectNoStatement(try External.bytes("cmxl/statement_details.sta"))
            let fields = try External.text("cmxl/statement_details.sta")
            let result = try read(statement(fields, opening: ":60F:C140901EUR1,62", closing: ":62F:C140902EUR0,00"))
            #expect(result.issues.isEmpty)
            let line = try #require(result.statements.first?.lines.first)
            // As the source project reads it: end_to_end_reference and purpose.
            #expect(line.reference == "TRX-0A4A47C3-F846-4729-8A1B-5DF620F")
            #expect(line.description == "FOO TRX-0A4A47C3-F846-4729-8A1B-5DF620F")
            #expect(line.counterparty == "Peter Pan")
            #expect(line.bankReference == "025498557/000001")
        }

        @Test("statement_line.sta: no :20:, refused; DR with funds code R, entry date, both references")
        func statementLine() throws {
            expectNoStatement(try External.bytes("cmxl/statement_line.sta"))
            let field = try External.text("cmxl/statement_line.sta")
            let result = try read(statement(field, opening: ":60F:C140901EUR1,62", closing: ":62F:C140902EUR0,00"))
            #expect(result.issues.isEmpty)
            let line = try #require(result.statements.first?.lines.first)
            #expect(line.amountMinor == -162)
            #expect(try line.valueDate == date("2014-09-01") && line.bookingDate == date("2014-09-02"))
            #expect(line.reference == "0000549855700010" && line.bankReference == "025498557/000001")
            #expect(line.kind == .transfer)
        }

        @Test("statement_number.sta: no :20:, refused; inside a statement it completes the id")
        func statementNumber() throws {
            expectNoStatement(try External.bytes("cmxl/statement_number.sta"))
            let field = try External.text("cmxl/statement_number.sta")
            let result = try read(statement("").replacingOccurrences(of: ":28C:1/1\n", with: field))
            #expect(result.statements.map(\.id) == ["TEST/00035/001"])
        }
    }
}

// MARK: betterplace (edge cases)

extension MT940ReaderTests {
    @Suite("MT940 betterplace files")
    struct Betterplace {
        @Test("amount_formats.sta: no :20:, refused; each opening balance form reads exactly")
        func amountFormats() throws {
            expectNoStatement(try External.bytes("betterplace/amount_formats.sta"))
            let fields = try External.text("betterplace/amount_formats.sta").split(separator: "\n").map(String.init)
            var openings: [Int64] = []
            for field in fields {
                let result = try read(statement("", opening: field, closing: ":62F:C100318EUR0,"))
                openings += result.statements.map(\.openingMinor)
            }
            // "380115,12", "380115,1", "380115,", "0,12", "00,12", "001,12" (the source project ends on 1.12).
            #expect(openings == [38_011_512, 38_011_510, 38_011_500, 12, 12, 112])
        }

        @Test("currency_in_25.sta: no :20:, refused; the currency after the account id is dropped for mapping")
        func currencyIn25() throws {
            expectNoStatement(try External.bytes("betterplace/currency_in_25.sta"))
            let field = try External.text("betterplace/currency_in_25.sta")
            let text = statement("").replacingOccurrences(of: ":25:NL01TEST0000000001\n", with: field)
            let result = try read(text, banks: [("9223382012", "EUR")])
            #expect(result.issues.isEmpty)
            #expect(result.statements.first?.iban == "9223382012")
            let unmapped = try read(text, banks: [])
            #expect(unmapped.blocking.first?.message.hasPrefix("no bank account of the group has account id 51210600/9223382012 (nor 512106009223382012, 9223382012)") == true)
        }

        @Test("empty_86.sta: no :20:, refused; an :86: of only a transaction code gives no description")
        func empty86() throws {
            expectNoStatement(try External.bytes("betterplace/empty_86.sta"))
            let field = String(try External.text("betterplace/empty_86.sta").split(separator: "\n")[0])  // without its end '-'
            let result = try read(statement(":61:260510C5,00NTRFNONREF\n" + field, closing: ":62F:C260531EUR105,00"))
            #expect(result.issues.isEmpty)
            #expect(result.statements.first?.lines.first?.description == "")
        }

        @Test("empty_entry_date.sta: no :20:, refused; a line without entry date is booked on its value date")
        func emptyEntryDate() throws {
            expectNoStatement(try External.bytes("betterplace/empty_entry_date.sta"))
            let field = String(try External.text("betterplace/empty_entry_date.sta").split(separator: "\n")[0])
            let result = try read(statement(field, opening: ":60F:C110630EUR0,00", closing: ":62F:C110701EUR50,00"))
            #expect(result.issues.isEmpty)
            let line = try #require(result.statements.first?.lines.first)
            #expect(try line.valueDate == date("2011-07-01") && line.bookingDate == line.valueDate)
            #expect(line.amountMinor == 5_000 && line.reference == "")  // CN: credit, funds code N
        }

        @Test("empty_line.sta: a leading blank line is skipped; :20: alone forms no statement")
        func emptyLine() throws {
            let result = try External.read("betterplace/empty_line.sta", banks: [])
            #expect(result.statements.isEmpty)
            #expect(result.blocking.count == 3)
            #expect(result.issues.allSatisfy { $0.statement == "TELEREPORTING" && $0.location.line == 2 })
        }

        @Test("missing_crlf_at_end.sta: no :20:, refused; a last line without line break is read")
        func missingCRLFAtEnd() throws {
            let bytes = try External.bytes("betterplace/missing_crlf_at_end.sta")
            #expect(bytes.last != UInt8(ascii: "\n"))
            expectNoStatement(bytes)
            let text = ":20:TEST\n:25:NL01TEST0000000001\n:28C:1/1\n:60F:C100322EUR42570,04\n" + (try External.text("betterplace/missing_crlf_at_end.sta"))
            let result = try read(text)
            #expect(result.issues.isEmpty)
            #expect(result.statements.first?.closingMinor == 4_257_004)
        }

        @Test("sepa_mt9401.sta: 26 statements, 97 lines, every one ties out; RC is a reversed credit")
        func sepaMT9401() throws {
            let ids = ["0194774600888", "0194777100888", "0194778300888", "0194779500888", "0194780100888", "0194780101888",
                       "0194781300888", "0194782500888", "0194783700888", "0194784900888", "0194784901888", "0194785000888",
                       "0194785001888", "0194786200888", "0194787400888", "0194791600888", "0194791601888", "0194798900888",
                       "0194799000888", "0194804000888"]
            let result = try External.read("betterplace/sepa_mt9401.sta", banks: ids.map { ($0, "EUR") })
            #expect(result.issues.isEmpty)
            #expect(result.statements.count == 26)
            #expect(result.statements.reduce(0) { $0 + $1.lines.count } == 97)
            #expect(result.importable.count == 26)
            for statement in result.statements { #expect(try statement.tieOutDifference() == 0) }
            let first = result.statements[0]
            #expect(try first.openingMinor == minor("-1234718.36") && first.closingMinor == minor("-1237628.23"))
            #expect(try first.lines.map(\.amountMinor) == ["300", "335.33", "15000", "66295.08", "915311.55", "-204.88", "-999946.95"].map { try minor($0) })
            #expect(first.lines[0].reference == "TFNR 40005 00005MTLG:Grund nicht spezifiziert Reject aus SEPA-Ueberweisungsauftrag")
            #expect(first.lines[0].description == "RETOURE")
            let last = try #require(result.statements.last)  // the source project's final balances
            #expect(try last.openingMinor == 0 && last.closingMinor == 5_005 && last.openingDate == date("2007-08-22"))
        }

        @Test("sepa_snippet.sta: SEPA details read as the source project does; the second statement is 300.08 off")
        func sepaSnippet() throws {
            let result = try External.read("betterplace/sepa_snippet.sta", banks: [("0194787400888", "EUR"), ("0194791600888", "EUR")])
            #expect(result.statements.map(\.id) == ["T089414086000001/00004/00001", "T089414096000001/00004/00001"])
            #expect(result.statements.map(\.lines.count) == [4, 7])
            let first = result.statements[0]
            #expect(try first.openingMinor == minor("766656.49") && first.closingMinor == minor("1125250.40"))
            #expect(first.lines[0].reference == "EndToEndId TFNR 22 004 00001")
            #expect(first.lines[0].counterparty == "KARL KAUFMANN")
            #expect(first.lines[0].description == "Verw CTSc-01 BC-PPP TFNr 22 004")
            #expect(try first.lines[0].valueDate == date("2007-09-07") && first.lines[0].bookingDate == date("2007-09-04"))
            #expect(first.lines[1].reference == "TFNR 0300300004" && first.lines[1].counterparty == "Quentin Quast")
            #expect(first.lines[1].description == "Strukturierter Verwendungszweck 30030004 DE")
            #expect(first.lines[3].reference.hasPrefix("TFNr 01022 MSGID CTSc-01 EBB"))  // KREF+
            #expect(first.lines[3].amountMinor == -150_000)
            #expect(result.importable.map(\.id) == ["T089414086000001/00004/00001"])
            #expect(result.blocking.count == 1 && result.blocking[0].location.line == 55)
            #expect(result.blocking[0].message.contains("(difference -300.08)"))
        }

        @Test("sepa_snippet_broken.sta: an :86: turned into a second :25: and a missing line; both blocking")
        func sepaSnippetBroken() throws {
            let result = try External.read("betterplace/sepa_snippet_broken.sta", banks: [("0194787400888", "EUR")])
            #expect(result.statements.count == 1)
            let statement = result.statements[0]
            #expect(statement.account == "1001" && statement.lines.map(\.amountMinor) == [5_099_005])
            #expect(try statement.openingMinor == minor("766656.49") && statement.closingMinor == minor("1125250.4"))
            #expect(result.blocking.map(\.location.line) == [6, 10])
            #expect(result.blocking.map(\.location.field) == [":25:", ":62F:"])
            #expect(result.blocking[0].message.hasPrefix("a second account identification :25:"))
            #expect(result.blocking[1].message.contains("(difference -307603.86)"))
            #expect(result.importable.isEmpty)
        }

        @Test("with_binary_character.sta: the characters are valid UTF-8 (Ü, ß) here; both statements tie out")
        func withBinaryCharacter() throws {
            let result = try External.read("betterplace/with_binary_character.sta", banks: [("0000007055", "EUR"), ("0000007304", "EUR")])
            #expect(result.issues.isEmpty)
            #expect(result.statements.map(\.id) == ["STAR1ÜTßUMS/00027/00001", "STAR1ÜTUMS/00053/00001"])
            #expect(result.importable.count == 2)
            let first = result.statements[0]
            #expect(try first.openingMinor == minor("380115.77") && first.closingMinor == minor("199929.02"))
            #expect(first.lines.map(\.amountMinor) == [2_700, 1_306_830, -19_328_205])
            #expect(first.lines[0].counterparty == "PAYPAL" && first.lines[0].bankReference == "32-P1-TCS49518")
            #expect(result.statements[1].lines[0].description.contains("Überweisung"))
        }

        @Test("with_binary_character.sta with a real binary byte: that statement is held back, the other imports")
        func withRealBinaryByte() throws {
            var bytes = try External.bytes("betterplace/with_binary_character.sta")
            let eszett = try #require((0..<bytes.count - 1).first { bytes[$0] == 0xC3 && bytes[$0 + 1] == 0x9F })  // "ß" on line 1
            bytes[eszett + 1] = 0x1C  // C3 1C: invalid UTF-8 and a control character
            let result = try MT940Reader.read(bytes, file: "binary.sta", group: try Books.group([("0000007055", "EUR"), ("0000007304", "EUR")]))
            let held = try #require(result.statements.first)
            #expect(result.blocking.count == 1)
            #expect(result.blocking[0].location == SourceLocation(file: "binary.sta", line: 1))
            #expect(result.blocking[0].statement == held.id && held.id.contains("\u{FFFD}"))
            #expect(result.blocking[0].message.contains("binary character"))
            #expect(result.importable.map(\.id) == ["STAR1ÜTUMS/00053/00001"])
        }
    }
}

// MARK: - Malformed input, inline

extension MT940ReaderTests {
    @Suite("MT940 malformed input")
    struct Malformed {
        @Test("no :20: at all, an empty file and a binary file are refused")
        func noStatement() {
            expectNoStatement(Array(":25:NL01TEST0000000001\n:60F:C260501EUR1,00\n:62F:C260531EUR1,00\n-\n".utf8))
            expectNoStatement([])
            expectNoStatement([0x00, 0xFF, 0xFE, 0x0A, 0x89, 0x50, 0x4E, 0x47])
        }

        @Test(":61: with a bad value date names the line; the statement is held back and not tied out")
        func badDate() throws {
            let result = try read(statement(":61:260230C5,00NTRFNONREF\n:61:260510C5,00NTRFNONREF", closing: ":62F:C260531EUR110,00"))
            #expect(result.blocking.count == 1)
            #expect(result.blocking[0].location == SourceLocation(file: "test.sta", line: 5, field: ":61:"))
            #expect(result.blocking[0].message.contains("the value date '260230' is not a date YYMMDD"))
            #expect(result.statements.first?.lines.count == 1)
            #expect(result.importable.isEmpty)
        }

        @Test(":61: with a bad entry date names the line")
        func badEntryDate() throws {
            let result = try read(statement(":61:2605101345C5,00NTRFNONREF", closing: ":62F:C260531EUR105,00"))
            #expect(result.blocking.map(\.location.line) == [5])
            #expect(result.blocking[0].message.contains("the entry date '1345' is not a date MMDD"))
        }

        @Test(":61: with amount '12abc' names the line and shows what it found")
        func badAmount() throws {
            let result = try read(statement(":61:260510C12abcNTRFNONREF", closing: ":62F:C260531EUR112,00"))
            #expect(result.blocking.count == 1)
            #expect(result.blocking[0].location == SourceLocation(file: "test.sta", line: 5, field: ":61:"))
            #expect(result.blocking[0].message.contains("'12abcNTRFNONREF', not an amount"))
        }

        @Test(":61: with a decimal point or no debit/credit mark names the line")
        func otherBadLines() throws {
            let point = try read(statement(":61:260510C12.50NTRFNONREF", closing: ":62F:C260531EUR112,50"))
            #expect(point.blocking.map(\.location.line) == [5] && point.blocking[0].message.contains("'12.50NTRFNONREF'"))
            let mark = try read(statement(":61:260510X12,50NTRFNONREF", closing: ":62F:C260531EUR112,50"))
            #expect(mark.blocking.map(\.location.line) == [5] && mark.blocking[0].message.contains("debit/credit mark"))
            let cut = try read(statement(":61:2605", closing: ":62F:C260531EUR100,00"))
            #expect(cut.blocking.map(\.location.line) == [5])
        }

        @Test("a closing balance in another currency than the opening is blocking, named by its line")
        func closingInAnotherCurrency() throws {
            let result = try read(statement("", closing: ":62F:C260531USD100,00"))
            #expect(result.blocking.count == 1)
            #expect(result.blocking[0].location == SourceLocation(file: "test.sta", line: 5, field: ":62F:"))
            #expect(result.blocking[0].message == "the closing balance is in USD but the opening balance in EUR; a statement has one currency")
        }

        @Test("a statement in another currency than its bank account is blocking")
        func currencyNotTheAccounts() throws {
            let text = statement("", opening: ":60F:C260501USD100,00", closing: ":62F:C260531USD100,00")
            let result = try read(text)
            #expect(result.blocking.count == 1 && result.blocking[0].location.line == 4)
            #expect(result.blocking[0].message == "the statement is in USD but bank account NL01TEST0000000001 (EUR01/1001) is held in EUR")
        }

        @Test("three decimals in EUR are blocking, in a line or in a balance; JPY takes none")
        func tooManyDecimals() throws {
            let line = try read(statement(":61:260510C1,005NTRFNONREF", closing: ":62F:C260531EUR101,01"))
            #expect(line.blocking.count == 1 && line.blocking[0].location == SourceLocation(file: "test.sta", line: 5, field: ":61:"))
            #expect(line.blocking[0].message.contains("amount '1,005' has 3 decimals; EUR has 2"))
            #expect(line.importable.isEmpty)

            let balance = try read(statement("", opening: ":60F:C260501EUR100,001"))
            #expect(balance.statements.isEmpty)
            #expect(balance.blocking.count == 1 && balance.blocking[0].location == SourceLocation(file: "test.sta", line: 4, field: ":60F:"))
            #expect(balance.blocking[0].message.contains("amount '100,001' has 3 decimals; EUR has 2"))

            let yen = try read(":20:JP\n:25:JP01TEST\n:28C:1\n:60F:C260501JPY100,5\n:62F:C260531JPY100,\n", banks: [("JP01TEST", "JPY")])
            #expect(yen.blocking.first?.message.contains("amount '100,5' has 1 decimal; JPY has none") == true)
            let yenOK = try read(":20:JP\n:25:JP01TEST\n:28C:1\n:60F:C260501JPY100,\n:61:260510D100,NCHGNONREF\n:62F:C260531JPY0,\n", banks: [("JP01TEST", "JPY")])
            #expect(yenOK.issues.isEmpty && yenOK.statements.first?.lines.first?.amountMinor == -100)
            #expect(yenOK.statements.first?.lines.first?.kind == .fee)
        }

        @Test("a statement that does not tie out gives the figures and the difference at the closing balance")
        func doesNotTieOut() throws {
            let result = try read(statement(":61:260510C5,00NTRFNONREF\n:61:260511D1,50NTRFNONREF", closing: ":62F:C260531EUR104,00"))
            #expect(result.blocking.count == 1)
            #expect(result.blocking[0].location == SourceLocation(file: "test.sta", line: 7, field: ":62F:"))
            #expect(result.blocking[0].message == "the statement does not tie out: opening 100.00 + 2 lines 3.50 = 103.50 EUR, but the closing balance is 104.00 (difference -0.50)")
            #expect(result.blocking[0].statement == "TEST/1/1")
            #expect(result.statements.count == 1 && result.importable.isEmpty)
        }

        @Test("missing :60F: or :62F: is blocking and leaves the statement out")
        func missingBalances() throws {
            let noOpening = try read(":20:A\n:25:NL01TEST0000000001\n:28C:1\n:62F:C260531EUR1,00\n-\n")
            #expect(noOpening.statements.isEmpty)
            #expect(noOpening.blocking.map(\.message) == ["no :60F: (or :60M:) opening balance; a statement needs an opening and a closing balance to be tied out"])
            let noClosing = try read(":20:A\n:25:NL01TEST0000000001\n:28C:1\n:60F:C260531EUR1,00\n-\n")
            #expect(noClosing.statements.isEmpty && noClosing.blocking.count == 1)
            #expect(noClosing.blocking[0].location == SourceLocation(file: "test.sta", line: 1, field: ":20:"))
        }

        @Test("a zero line, a line after the closing balance and unknown fields")
        func oddFields() throws {
            let zero = try read(statement(":61:260510C0,00NTRFNONREF"))
            #expect(zero.blocking.map(\.location.line) == [5] && zero.blocking[0].message.contains("moves 0 EUR"))
            let after = try read(":20:A\n:25:NL01TEST0000000001\n:28C:1\n:60F:C260501EUR1,00\n:62F:C260531EUR1,00\n:61:260510C5,00NTRFNONREF\n:99X:what\n")
            #expect(after.blocking.map(\.location.line) == [6])
            #expect(after.notes.map(\.location.field) == [":99X:"])
        }
    }

    @Suite("MT940 layout and mapping")
    struct Layout {
        @Test("CRLF, SWIFT block wrappers, blank lines, trailing '-}' and several statements")
        func wrappers() throws {
            let body = [
                "", "{1:F01ABNANL2AXXX0000000000}{2:O9401200260531ABNANL2AXXX00000000002605311200N}{4:",
                ":20:ONE", ":25:NL01 TEST 0000 0000 01", ":28C:7/1", ":60F:C260501EUR100,00", ":61:2605310601C5,NTRFINV-1//B1",
                ":86:/EREF/E2E-1/NAME/ACME BV/REMI/USTD//invoice 1", ":62F:C260531EUR105,00", "-}",
                "{1:F01ABNANL2AXXX0000000000}{2:O9401200260531ABNANL2AXXX00000000002605311200N}{4:", ":20:TWO", ":25:NL01TEST0000000001EUR",
                ":28C:8/1", ":60F:C260531EUR105,00", ":61:261231RD1,NINTNONREF", ":62F:C261231EUR106,00", "-}{5:{CHK:123456789ABC}}", "", "",
            ].joined(separator: "\r\n")
            let result = try read(body)
            #expect(result.issues.isEmpty)
            #expect(result.importable.map(\.id) == ["ONE/7/1", "TWO/8/1"])
            let line = try #require(result.statements.first?.lines.first)
            // Entry date 0601 after value date 31 May; references and details from the /TAG/ form.
            #expect(try line.bookingDate == date("2026-06-01") && line.valueDate == date("2026-05-31"))
            #expect(line.reference == "E2E-1" && line.bankReference == "B1" && line.counterparty == "ACME BV")
            #expect(line.description == "invoice 1")
            let reversal = try #require(result.statements.last?.lines.first)
            #expect(reversal.amountMinor == 100 && reversal.kind == .interest)  // RD: a reversed debit is money in
            #expect(reversal.bankReference == "TWO/8/1-1")
        }

        @Test("an entry date in January for a December value date is in the next year, and back")
        func entryDateAcrossYearEnd() throws {
            let result = try read(statement(":61:2612310102C5,00NTRFNONREF\n:61:2701011231C5,00NTRFNONREF", closing: ":62F:C270102EUR110,00"))
            let lines = try #require(result.statements.first?.lines)
            #expect(lines.map(\.bookingDate) == [try date("2027-01-02"), try date("2026-12-31")])
        }

        @Test("with an account given, :25: is not needed, and one naming another bank account is blocking")
        func accountOverride() throws {
            let group = try Books.group([("NL01TEST0000000001", "EUR"), ("NL02TEST0000000002", "EUR")])
            let given = try #require(group.bankAccount(entity: "EUR01", account: "1002"))
            let unknown = try MT940Reader.read(Array(statement("").replacingOccurrences(of: "NL01TEST0000000001", with: "DE99").utf8),
                                               file: "t.sta", group: group, account: given)
            #expect(unknown.issues.isEmpty && unknown.statements.first?.account == "1002")
            let other = try MT940Reader.read(Array(statement("").utf8), file: "t.sta", group: group, account: given)
            #expect(other.blocking.count == 1 && other.blocking[0].message.contains("is bank account EUR01/1001 of the group, not EUR01/1002"))
        }

        @Test("fields before the first :20: are noted and ignored; a repeated :28C: is blocking")
        func strayAndRepeated() throws {
            let result = try read(":60F:C260501EUR1,00\n" + statement("").replacingOccurrences(of: ":28C:1/1\n", with: ":28C:1/1\n:28C:2/1\n"))
            #expect(result.notes.map(\.location.line) == [1])
            #expect(result.notes[0].statement == nil)
            #expect(result.blocking.map(\.location.line) == [5])
            #expect(result.blocking[0].message.contains("a second statement number :28C: ('2/1')"))
        }

        @Test("no input crashes the reader")
        func arbitraryBytes() throws {
            let group = try Books.group(testBank)
            var generator = SeededRandom(seed: 940)
            let pieces = [":20:", ":25:", ":28C:", ":60F:", ":61:", ":86:", ":62F:", "C", "D", "RC", "EUR", "260531", "0601", ",", "1", "00",
                          "NTRF", "//", "?20", "?32", "EREF+", "/NAME/", "\n", "\r\n", "-", "{4:", "}", " ", "\u{FF}", "99999999999999999999"]
            for _ in 0..<2_000 {
                var text = ""
                for _ in 0..<Int.random(in: 1...40, using: &generator) { text += pieces.randomElement(using: &generator)! }
                _ = try? MT940Reader.read(Array(text.utf8), file: "fuzz.sta", group: group)
            }
            let huge = try read(statement(":61:260510C99999999999999999,99NTRFNONREF", closing: ":62F:C260531EUR100,00"))
            #expect(huge.blocking.count == 1 && huge.blocking[0].location.line == 5)
        }
    }
}
