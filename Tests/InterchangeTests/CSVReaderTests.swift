import Foundation
@testable import Interchange
import LedgerCore
import Testing

@Suite("CSV reader")
struct CSVReaderTests {
    private func read(_ text: String) throws -> [CSVRecord] {
        try CSVReader.records(Array(text.utf8), file: "test.csv")
    }

    private func refusal(_ bytes: [UInt8]) -> LedgerError? {
        do {
            _ = try CSVReader.records(bytes, file: "test.csv")
            return nil
        } catch {
            return error
        }
    }

    @Test func plainFieldsAndLineNumbers() throws {
        let records = try read("a,b,c\n1,2,3\n")
        #expect(records == [CSVRecord(line: 1, fields: ["a", "b", "c"]), CSVRecord(line: 2, fields: ["1", "2", "3"])])
    }

    @Test func emptyFieldsAreKept() throws {
        #expect(try read(",a,,\n") == [CSVRecord(line: 1, fields: ["", "a", "", ""])])
    }

    @Test func lastLineNeedsNoLineEnd() throws {
        #expect(try read("a,b\n1,2") == [CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["1", "2"])])
        #expect(try read("a,\"b\"") == [CSVRecord(line: 1, fields: ["a", "b"])])
        #expect(try read("a,") == [CSVRecord(line: 1, fields: ["a", ""])])
    }

    @Test func quotedFieldsHoldCommasAndDoubledQuotes() throws {
        let records = try read("\"x, y\",\"say \"\"hi\"\"\",\"\"\n")
        #expect(records == [CSVRecord(line: 1, fields: ["x, y", "say \"hi\"", ""])])
    }

    @Test func embeddedLineBreaksKeepPhysicalLineNumbers() throws {
        let records = try read("h1,h2\n\"two\nlines\",x\n\"three\n\nlines\",y\nlast,z\n")
        #expect(records.map(\.line) == [1, 2, 4, 7])
        #expect(records[1].fields == ["two\nlines", "x"])
        #expect(records[2].fields == ["three\n\nlines", "y"])
    }

    @Test func crlfLineEndsAreAccepted() throws {
        let records = try read("a,b\r\n1,\"2\"\r\n\"x\r\ny\",3\r\n")
        #expect(records == [CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["1", "2"]),
                            CSVRecord(line: 3, fields: ["x\ny", "3"])])
    }

    @Test func crlfAndLfFilesReadTheSame() throws {
        let lf = "id,text\n1,\"multi\nline\"\n"
        #expect(try read(lf) == read(lf.replacingOccurrences(of: "\n", with: "\r\n")))
    }

    @Test func byteOrderMarkIsDropped() throws {
        let records = try CSVReader.records([0xEF, 0xBB, 0xBF] + Array("a,b\n".utf8), file: "bom.csv")
        #expect(records == [CSVRecord(line: 1, fields: ["a", "b"])])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let records = try read("a\n\n\r\nb\n\n")
        #expect(records == [CSVRecord(line: 1, fields: ["a"]), CSVRecord(line: 4, fields: ["b"])])
    }

    @Test func emptyInputHasNoRecords() throws {
        #expect(try read("").isEmpty)
        #expect(try CSVReader.records([0xEF, 0xBB, 0xBF], file: "bom-only.csv").isEmpty)
    }

    @Test func unicodeTextSurvives() throws {
        #expect(try read("Müller,東京,\"Zürich, CH\"\n")[0].fields == ["Müller", "東京", "Zürich, CH"])
    }

    @Test func unterminatedQuoteNamesTheLineWhereItOpened() {
        let error = refusal(Array("a,b\n1,\"open\nstill open\n".utf8))
        #expect(error?.code == .invalidFile)
        #expect(error?.location == SourceLocation(file: "test.csv", line: 2))
        #expect(error?.message.contains("never closed") == true)
    }

    @Test func quoteInsideUnquotedFieldIsRefused() {
        let error = refusal(Array("a,b\n1,x\"y\n".utf8))
        #expect(error?.location?.line == 2)
        #expect(error?.message.contains("field 2") == true)
    }

    @Test func textAfterClosingQuoteIsRefused() {
        let error = refusal(Array("a,b\n\n\"x\"y,1\n".utf8))
        #expect(error?.location?.line == 3)
        #expect(error?.message.contains("after its closing quote") == true)
    }

    @Test func bareCarriageReturnIsRefused() {
        #expect(refusal(Array("a,b\r1,2\r".utf8))?.location?.line == 1)
        #expect(refusal(Array("a,b\n1,2\r".utf8))?.location?.line == 2)
    }

    @Test func invalidUTF8NamesItsLine() {
        let error = refusal(Array("a,b\n1,2\nx,".utf8) + [0xC3, 0x28] + Array("\n".utf8))
        #expect(error?.code == .invalidFile)
        #expect(error?.location == SourceLocation(file: "test.csv", line: 3))
    }

    @Test func invalidUTF8InsideAMultiLineFieldNamesThePhysicalLine() {
        let error = refusal(Array("a\n\"one\ntwo".utf8) + [0xFF] + Array("\"\n".utf8))
        #expect(error?.location?.line == 3)
    }
}
