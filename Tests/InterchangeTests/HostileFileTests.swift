import Foundation
import Interchange
import LedgerCore
import Testing

/// Issue 14 (hostile input), the readers' part: amounts over the limit, control characters,
/// nesting, lengths and byte order marks, each refused with the file, line and field (or
/// read, for the BOM), never a crash. Each test failed before the fix.
@Suite struct HostileFileTests {
    static let group = DemoGroup.definition()
    static let journalHeader = "entry_id,entity,date,account,debit,credit,currency,description,reference,partner\n"

    static func journal(_ body: String) -> LedgerError? {
        #expect(throws: LedgerError.self) { try JournalCSV.parse(Array((journalHeader + body).utf8), file: "j.csv", group: group) }
    }

    // MARK: Amounts

    @Test func aJournalLineOfInt64MaxMinorUnitsIsRefusedWithFileLineAndField() {
        let error = Self.journal("""
            BIG,US01,2026-05-04,1000,92233720368547758.07,,USD,big,,
            BIG,US01,2026-05-04,4000,,92233720368547758.07,USD,big,,

            """)
        #expect(error?.code == .invalidAmount)
        #expect(error?.location == SourceLocation(file: "j.csv", line: 2, field: "debit"))
        #expect(error?.message.contains("over the largest amount the ledger accepts, 10000000000000.00 USD") == true)
        // One minor unit more than Int64 holds reads the same, not as a different "overflow".
        #expect(Self.journal("B,US01,2026-05-04,1000,,92233720368547758.08,USD,big,,\n")?.code == .invalidAmount)
    }

    @Test func aBankLineOfInt64MaxIsRefusedWithFileLineAndField() {
        let text = "statement_id,entity,account,date,amount,currency,reference,counterparty,description\n"
            + "S1,US01,1000,2026-05-04,92233720368547758.07,USD,R,C,D\n"
        let error = #expect(throws: LedgerError.self) { try BankStatementCSV.parse(Array(text.utf8), file: "b.csv", group: Self.group) }
        #expect(error?.code == .invalidAmount && error?.location == SourceLocation(file: "b.csv", line: 2, field: "amount"))
    }

    @Test func twoGoodsReceiptsOfInt64MaxAreRefusedNamingTheReceiptLine() {
        let text = GoodsReceiptsCSVTests.header
            + "GR-1,US01,SUP,2026-05-06,USD,1470.00,1200,Packaging,\n"
            + "GR-2,US01,SUP,2026-05-06,USD,92233720368547758.07,1200,Packaging,\n"
            + "GR-3,US01,SUP,2026-05-06,USD,92233720368547758.07,1200,Packaging,\n"
        let error = #expect(throws: LedgerError.self) { try GoodsReceiptsCSV.parse(Array(text.utf8), file: "gr.csv", group: Self.group) }
        #expect(error?.code == .invalidAmount && error?.location == SourceLocation(file: "gr.csv", line: 3, field: "amount"))
    }

    @Test(arguments: ["0.000000000001", "9223372.036854775807"])
    func aRateOutsideTheRangeIsRefusedWithFileLineAndField(_ rate: String) {
        let text = "date,from,to,rate\n2026-05-01,EUR,USD,\(rate)\n"
        let error = #expect(throws: LedgerError.self) { try RatesCSV.parse(Array(text.utf8), file: "r.csv") }
        #expect(error?.code == .invalidRate && error?.location == SourceLocation(file: "r.csv", line: 2, field: "rate"))
    }

    @Test func aCamtEntryOverTheMaximumIsBlockingAndItsBalanceMayBeLarger() throws {
        let big = try statement(lineMinor: AmountLimit.maximum + 1)
        let result = try Camt053Reader.read(Camt053Writer.write(big, messageID: "M"), file: "c.xml", group: Self.group)
        #expect(result.importable.isEmpty)
        #expect(result.issues.contains { $0.blocking && $0.message.contains("largest amount") && $0.location.field?.hasSuffix("Ntry[1]/Amt") == true })
        // A balance over the line maximum but within the balance maximum reads.
        let rich = try statement(lineMinor: 5, openingMinor: AmountLimit.maximum * 10)
        #expect(try Camt053Reader.read(Camt053Writer.write(rich, messageID: "M"), file: "c.xml", group: Self.group).importable.count == 1)
    }

    @Test func anMT940LineOverTheMaximumIsBlocking() throws {
        let text = """
            :20:REF1
            :25:US021000021000123456
            :28C:1/1
            :60F:C260501USD0,00
            :61:2605040504C92233720368547758,07NTRFINV1//B1
            :86:big
            :62F:C260531USD92233720368547758,07
            -
            """
        let result = try MT940Reader.read(Array(text.utf8), file: "m.sta", group: Self.group)
        #expect(result.importable.isEmpty)
        #expect(result.issues.contains { $0.blocking && $0.message.contains("largest") })
    }

    // MARK: Control characters

    @Test(arguments: [("description", "Rent\u{1B}]0;owned\u{7}"), ("description", "cut\u{0}here"), ("reference", "INV\u{9B}2J"),
                      ("entry_id", "E\u{1B}[31m")])
    func aControlCharacterInAJournalFieldIsRefusedNamingTheField(_ field: String, _ text: String) {
        var fields = ["E1", "US01", "2026-05-04", "1000", "10.00", "", "USD", "d", "r", ""]
        fields[JournalCSV.header.firstIndex(of: field)!] = text
        let quoted = fields.map { "\"\($0)\"" }.joined(separator: ",")
        let error = Self.journal(quoted + "\nE1,US01,2026-05-04,4000,,10.00,USD,d,r,\n")
        #expect(error?.code == .invalidText)
        #expect(error?.location == SourceLocation(file: "j.csv", line: 2, field: field))
        #expect(error.map { SafeText.firstRefused(in: $0.description) == nil } == true)
    }

    @Test func aLineBreakInsideAQuotedFieldIsRefused() {
        let error = Self.journal("E1,US01,2026-05-04,1000,10.00,,USD,\"two\nlines\",r,\nE1,US01,2026-05-04,4000,,10.00,USD,d,r,\n")
        #expect(error?.code == .invalidText && error?.location?.field == "description")
    }

    @Test func aControlCharacterInGoodsReceiptsAndBankCSVIsRefused() {
        let goods = GoodsReceiptsCSVTests.header + "GR-1,US01,\"SUP\u{1B}[8m\",2026-05-06,USD,1.00,1200,x,\n"
        #expect((#expect(throws: LedgerError.self) { try GoodsReceiptsCSV.parse(Array(goods.utf8), file: "g.csv", group: Self.group) })?
            .location == SourceLocation(file: "g.csv", line: 2, field: "supplier"))
        let bank = "statement_id,entity,account,date,amount,currency,reference,counterparty,description\n"
            + "S1,US01,1000,2026-05-04,1.00,USD,R,\"Evil\u{85}Corp\",D\n"
        #expect((#expect(throws: LedgerError.self) { try BankStatementCSV.parse(Array(bank.utf8), file: "b.csv", group: Self.group) })?
            .location == SourceLocation(file: "b.csv", line: 2, field: "counterparty"))
    }

    @Test func aC1ControlCharacterInCamtTextIsRefusedWithLineAndElement() throws {
        var hostile = try statement(lineMinor: 5)
        hostile.lines[0].description = "Rent\u{9B}8m"
        let error = #expect(throws: LedgerError.self) {
            try Camt053Reader.read(Camt053Writer.write(hostile, messageID: "M"), file: "c.xml", group: Self.group)
        }
        #expect(error?.code == .invalidFile && error?.location?.line != nil)
        #expect(error?.location?.field?.hasSuffix("Ustrd") == true || error?.location?.field?.hasSuffix("AddtlNtryInf") == true)
        #expect(error?.message.contains("U+009B") == true)
    }

    @Test func aC1ControlCharacterMakesAnMT940StatementBlocking() throws {
        let text = ":20:REF1\n:25:US021000021000123456\n:28C:1/1\n:60F:C260501USD0,00\n:61:2605040504C1,00NTRFINV1//B1\n"
            + ":86:evil\u{9B}2J\n:62F:C260531USD1,00\n-\n"
        let result = try MT940Reader.read(Array(text.utf8), file: "m.sta", group: Self.group)
        #expect(result.importable.isEmpty)
    }

    @Test func aYAMLEscapeThatWritesAControlCharacterIsRefused() {
        let text = try! String(contentsOfFile: FixtureFiles.path("groups/acme.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "\nname: Acme Group\n", with: "\nname: \"Acme\\e[8m Group\"\n")
        let error = #expect(throws: LedgerError.self) { try GroupFile.parse(text, file: "g.yaml") }
        #expect(error?.code == .invalidGroup && error?.location?.field == "name" && error?.location?.line == 3)
        #expect(error?.message.contains("U+001B") == true)
    }

    // MARK: Bounded parsers

    @Test func aCamtFileWith60000NestedElementsIsRefusedNotACrash() {
        let depth = 60_000
        let text = "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">"
            + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth) + "</Document>"
        let error = #expect(throws: LedgerError.self) { try Camt053Reader.read(Array(text.utf8), file: "deep.xml", group: Self.group) }
        #expect(error?.message.contains("nest more than 64 deep") == true)
        #expect(error?.location?.file == "deep.xml" && error?.location?.line == 1)
    }

    @Test func aCamtFileWithAByteOrderMarkIsRead() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Camt053Writer.write(try statement(lineMinor: 5), messageID: "M")
        #expect(try Camt053Reader.read(bytes, file: "bom.xml", group: Self.group).importable.count == 1)
    }

    @Test func aCamtTextLongerThanTheLimitIsRefused() throws {
        // The writer cuts text at 140 characters, so the long text is put in by hand.
        let xml = String(decoding: Camt053Writer.write(try statement(lineMinor: 5), messageID: "M"), as: UTF8.self)
            .replacingOccurrences(of: "<Ustrd>", with: "<Ustrd>" + String(repeating: "y", count: InputLimits.fieldBytes))
        let error = #expect(throws: LedgerError.self) { try Camt053Reader.read(Array(xml.utf8), file: "c.xml", group: Self.group) }
        #expect(error?.message.contains("longer than \(InputLimits.fieldBytes) bytes") == true)
    }

    @Test func aYAMLFileNested100000DeepIsRefusedNotACrash() {
        for text in [String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
                     "name: " + String(repeating: "{a: ", count: 70) + "x" + String(repeating: "}", count: 70),
                     (0..<100).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x\n",
                     String(repeating: "- ", count: 100) + "x\n"] {
            let error = #expect(throws: LedgerError.self) { try GroupFile.parse(text, file: "deep.yaml") }
            #expect(error?.message.contains("levels deep") == true, "\(error?.message ?? "")")
        }
    }

    @Test func ordinaryYAMLIsNotMistakenForDeepNesting() throws {
        _ = try GroupFile.parse(String(contentsOfFile: FixtureFiles.path("groups/acme.yaml"), encoding: .utf8), file: "acme.yaml")
        let blockScalar = "a: |\n" + (0..<100).map { String(repeating: " ", count: $0 + 2) + "[{line \($0)" }.joined(separator: "\n") + "\n"
        #expect(throws: Never.self) { _ = try YAMLDocument.compose(blockScalar, file: "b.yaml", code: .invalidGroup) }
    }

    @Test func aFileThatIsNotYAMLIsQuotedOnlyByItsFirstLineCutShort() {
        let passwd = (0..<40).map { "user\($0):x:\($0):\($0):User \($0):/home/user\($0):/bin/bash" }.joined(separator: "\n") + "\n"
        let error = #expect(throws: LedgerError.self) { try GroupFile.parse(passwd, file: "/etc/passwd") }
        #expect(error?.message.contains("user0:x:0:0") == true)
        #expect(error?.message.contains("user1:") == false)
        #expect((error?.message.count ?? 1000) < 300)
    }

    @Test func aCSVFieldOrLineLongerThanTheLimitIsRefused() {
        let field = String(repeating: "x", count: InputLimits.fieldBytes + 1)
        let error = Self.journal("E1,US01,2026-05-04,1000,10.00,,USD,\"\(field)\",r,\n")
        #expect(error?.code == .invalidFile && error?.message.contains("longer than \(InputLimits.fieldBytes) bytes") == true)
        #expect(error?.location?.line == 2)
        let line = String(repeating: "x,", count: InputLimits.lineBytes / 2 + 1)
        #expect(Self.journal(line + "\n")?.message.contains("longer than \(InputLimits.lineBytes) bytes") == true)
    }

    @Test func anMT940LineLongerThanTheLimitIsRefused() {
        let text = ":20:REF1\n:86:" + String(repeating: "x", count: InputLimits.lineBytes) + "\n"
        let error = #expect(throws: LedgerError.self) { try MT940Reader.read(Array(text.utf8), file: "m.sta", group: Self.group) }
        #expect(error?.location == SourceLocation(file: "m.sta", line: 2))
    }

    @Test func jsonNestedTooDeepIsRefusedAndABOMIsDropped() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = #expect(throws: LedgerError.self) { try JSONInput.body(Array(deep.utf8), file: "o.json") }
        #expect(error?.message.contains("nests more than 64") == true)
        #expect(try JSONInput.body([0xEF, 0xBB, 0xBF] + Array("{\"a\": \"[[[\"}".utf8), file: "o.json") == Array("{\"a\": \"[[[\"}".utf8))
    }

    // MARK: Helpers

    /// A one-line statement of US01/1000 that ties out.
    private func statement(lineMinor: Int64, openingMinor: Int64 = 0) throws -> BankStatement {
        let date = try CalendarDate(parsing: "2026-05-04")
        let line = BankLine(bookingDate: date, valueDate: date, amountMinor: lineMinor, reference: "INV-1", bankReference: "B-1",
                            counterparty: "Smith", description: "Receipt")
        return BankStatement(id: "S1", entity: "US01", account: "1000", iban: "US021000021000123456", currency: .usd,
                             openingDate: date, openingMinor: openingMinor, closingDate: date, closingMinor: openingMinor + lineMinor,
                             createdAt: "2026-05-04T00:00:00Z", lines: [line])
    }
}
