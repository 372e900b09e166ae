import Foundation
import GRDB
import Testing

/// One statement, whatever its format (issue 15): Tern Studio's May statement of UK01/1000
/// as the bank's CSV, as MT940 and as camt.053, each with its own id and its own statement
/// dates. Imported in any two formats, in either order, the second is recognised as the
/// first: its lines are stored once and the output names the earlier import.
@Suite struct BankStatementFormatsTests {
    struct Format {
        var file: String
        var id: String
        var text: String
    }

    static let csv = Format(file: "uk-bank-2026-05.csv", id: "BUKB-2026-05",
                            text: try! String(contentsOfFile: Fixtures.path("own-books/uk-bank-2026-05.csv"), encoding: .utf8))

    static let mt940 = Format(file: "uk-bank-2026-05.sta", id: "BUKB0526/5/1", text: """
        :20:BUKB0526
        :25:GB33BUKB20201555555555
        :28C:5/1
        :60F:C260430GBP48000,00
        :61:2605010501D2500,00NTRFRENT-05//BUKB0526-001
        :86:/NAME/Clerkenwell Estates/REMI/Rent May Clerkenwell
        :61:2605120512D3150,00NTRFFL-118//BUKB0526-002
        :61:2605200520C21000,00NTRFINV-2026-031//BUKB0526-003
        :61:2605250525D9500,00NTRFPAY-05//BUKB0526-004
        :61:2605290529D12,50NCHGNONREF//BUKB0526-005
        :62F:C260529GBP53837,50
        -

        """)

    /// The same five lines, newest first: the order of a file is not part of a statement's identity.
    static let camt = Format(file: "uk-bank-2026-05.xml", id: "UK-STMT-2026-05", text: camtDocument(id: "UK-STMT-2026-05", lines: [
        ("2026-05-29", "12.50", "DBIT", "BUKB0526-005", "NOTPROVIDED"),
        ("2026-05-25", "9500.00", "DBIT", "BUKB0526-004", "PAY-05"),
        ("2026-05-20", "21000.00", "CRDT", "BUKB0526-003", "INV-2026-031"),
        ("2026-05-12", "3150.00", "DBIT", "BUKB0526-002", "FL-118"),
        ("2026-05-01", "2500.00", "DBIT", "BUKB0526-001", "RENT-05"),
    ]))

    static func camtDocument(id: String, lines: [(date: String, amount: String, mark: String, bankReference: String, reference: String)]) -> String {
        func balance(_ code: String, _ amount: String, _ date: String) -> String {
            "<Bal><Tp><CdOrPrtry><Cd>\(code)</Cd></CdOrPrtry></Tp><Amt Ccy=\"GBP\">\(amount)</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>\(date)</Dt></Dt></Bal>"
        }
        let entries = lines.map { line in
            """
            <Ntry><Amt Ccy="GBP">\(line.amount)</Amt><CdtDbtInd>\(line.mark)</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>\
            <BookgDt><Dt>\(line.date)</Dt></BookgDt><ValDt><Dt>\(line.date)</Dt></ValDt><AcctSvcrRef>\(line.bankReference)</AcctSvcrRef>\
            <NtryDtls><TxDtls><Refs><EndToEndId>\(line.reference)</EndToEndId></Refs></TxDtls></NtryDtls></Ntry>
            """
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
            <GrpHdr><MsgId>MSG-\(id)</MsgId><CreDtTm>2026-06-01T06:00:00Z</CreDtTm></GrpHdr>
            <Stmt><Id>\(id)</Id><CreDtTm>2026-06-01T06:00:00Z</CreDtTm>
            <Acct><Id><IBAN>GB33BUKB20201555555555</IBAN></Id><Ccy>GBP</Ccy></Acct>
            \(balance("OPBD", "48000.00", "2026-04-30"))\(balance("CLBD", "53837.50", "2026-05-31"))
            \(entries.joined(separator: "\n"))
            </Stmt></BkToCstmrStmt></Document>

            """
    }

    /// A fresh ledger of Tern Studio Group in the scratch folder, with the files of every format.
    static func ledger() throws -> Scratch {
        let scratch = try Scratch()
        let created = try CloseBinary.run(["init", "--group", Fixtures.path("own-books/group.yaml"), "--db", "b.db"], in: scratch.url)
        try #require(created.status == 0, "\(created.stderr)")
        for format in [csv, mt940, camt] { _ = try scratch.write(format.file, format.text) }
        return scratch
    }

    static func importing(_ format: Format, _ scratch: Scratch) throws -> CloseBinary.Result {
        try CloseBinary.run(["bank", "import", format.file, "--as", "maya", "--db", "b.db"], in: scratch.url)
    }

    /// Statements and lines stored.
    static func counts(_ scratch: Scratch) throws -> [Int] {
        let queue = try DatabaseQueue(path: scratch.path("b.db"))
        defer { try? queue.close() }
        return try queue.read { db in
            [try Int.fetchOne(db, sql: "SELECT count(*) FROM bank_statement") ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM bank_line") ?? -1]
        }
    }

    @Test(arguments: [(csv, mt940), (mt940, csv), (csv, camt), (camt, csv), (mt940, camt), (camt, mt940)])
    func theSameStatementInAnotherFormatIsRecognisedAsAlreadyImported(first: Format, second: Format) throws {
        let scratch = try Self.ledger()
        let imported = try Self.importing(first, scratch)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("imported 1 statement(s) with 5 lines from \(first.file)"), "\(imported.stdout)")
        #expect(imported.stderr.isEmpty, "\(imported.stderr)")

        let again = try Self.importing(second, scratch)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.hasPrefix("imported 0 statement(s) with 0 lines from \(second.file); 1 already imported"), "\(again.stdout)")
        #expect(again.stdout.contains("already imported as statement \(first.id) from \(first.file) by maya (same account, balances and lines): not imported again"),
                "\(again.stdout)")
        #expect(try Self.counts(scratch) == [1, 5], "the lines are stored once")
        let verified = try CloseBinary.run(["audit", "verify", "--db", "b.db"], in: scratch.url)
        #expect(verified.status == 0, "\(verified.stderr)")
    }

    @Test func theSameFileAgainIsAlreadyImportedByItsIdAsBefore() throws {
        let scratch = try Self.ledger()
        for format in [Self.csv, Self.mt940, Self.camt] {
            #expect(try Self.importing(format, scratch).status == 0)
        }
        for format in [Self.csv, Self.mt940, Self.camt] {
            let again = try Self.importing(format, scratch)
            #expect(again.status == 0 && again.stdout.contains("; 1 already imported"), "\(again.stdout)")
        }
        #expect(try Self.counts(scratch) == [1, 5])
    }

    /// The same lines with other balances: one of the files is wrong, here a CSV without its
    /// balance column, which starts from 0. Refused, naming the earlier import; nothing stored.
    @Test func theSameLinesWithOtherBalancesAreRefusedNamingTheEarlierImport() throws {
        let scratch = try Self.ledger()
        #expect(try Self.importing(Self.mt940, scratch).status == 0)
        let rows = Self.csv.text.split(separator: "\n").map { line in line.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") }
        let noBalances = Format(file: "movements.csv", id: "BUKB-2026-05", text: rows.joined(separator: "\n") + "\n")
        _ = try scratch.write(noBalances.file, noBalances.text)
        let before = try scratch.fingerprint("b.db")
        let refused = try Self.importing(noBalances, scratch)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("movements.csv: statement BUKB-2026-05 of GB33BUKB20201555555555 has the same 5 lines as statement BUKB0526/5/1, imported from uk-bank-2026-05.sta by maya, but other balances (opening 0.00, closing 5837.50 GBP here; 48000.00 and 53837.50 there)"),
                "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing was imported"))
        #expect(try scratch.fingerprint("b.db") == before)
    }
}
