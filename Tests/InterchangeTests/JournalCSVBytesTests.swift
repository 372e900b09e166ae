import Foundation
@testable import Interchange
import LedgerCore
import Testing

/// The streamed journal reader reads plain lines from their bytes (`JournalLineReader`) and
/// hands every other line to the String reader: whatever the block size, a bad line is
/// refused with the message, line and field the whole-file parser gives, and the fields the
/// scanner cuts into byte ranges are the fields it used to make Strings of.
@Suite struct JournalCSVBytesTests {
    let group = DemoGroup.definition()
    static let header = JournalCSVStreamTests.header
    static let good = "E1,US01,2026-05-04,1000,12.50,,USD,Rent,R1,\nE1,US01,2026-05-04,4000,,12.50,USD,Rent,R1,\n"

    /// Lines the byte reader must not take: each is refused, or read the long way.
    static let badLines: [String] = [
        "E2,US01,2026-05-04,1000,1.00,,USD,Esc \u{1B}[31m,R2,",
        "E2,US01,2026-05-04,1000,1.00,,USD,Desc,R\u{0}2,",
        "E2,US01,2026-05-04,1000,1.00,,USD,C1 \u{9B}here,R2,",
        "E2,US01,2026-05-04,1000,1.00,,USD,Del \u{7F},R2,",
        "E2,US01,2026-05-04,1000,1.00,,USD,\"two\nlines\",R2,",
        "E2,US01,2026-05-04,1000,1.00,,USD,\"cr\r here\",R2,",
        " E2,US01,2026-05-04,1000,1.00,,USD,Desc,R2,",
        "E2\t,US01,2026-05-04,1000,1.00,,USD,Desc,R2,",
        ",US01,2026-05-04,1000,1.00,,USD,Desc,R2,",
        "E2,XX99,2026-05-04,1000,1.00,,USD,Desc,R2,",
        "E2,US01,2026-02-30,1000,1.00,,USD,Desc,R2,",
        "E2,US01,2026-5-04,1000,1.00,,USD,Desc,R2,",
        "E2,US01,2026-05-04,9999,1.00,,USD,Desc,R2,",
        "E2,US01,2026-05-04,1000,1.00,,USDX,Desc,R2,",
        "E2,US01,2026-05-04,1000,1.00,,usd,Desc,R2,",
        "E2,US01,2026-05-04,1000,1.00,1.00,USD,Desc,R2,",
        "E2,US01,2026-05-04,1000,,,USD,Desc,R2,",
        "E2,US01,2026-05-04,1000,0.00,,USD,Desc,R2,",
        "E2,US01,2026-05-04,1000,-1.00,,USD,Desc,R2,",
        "E2,US01,2026-05-04,1000,1.001,,USD,Desc,R2,",
        "E2,US01,2026-05-04,1000,1,000.00,,USD,Desc,R2,",
        "E2,US01,2026-05-04,1000,99999999999999999999,,USD,Desc,R2,",
        "E2,US01,2026-05-04,1000,10000000000000.01,,USD,Desc,R2,",
        "E2,US01,2026-05-04,1000,1.00,,USD,Desc,R2,NOPE",
        "E2,US01,2026-05-04,1000,1.00,,USD,Desc,R2,,extra",
        "E2,US01,2026-05-04,1000,1.00,,USD,Desc,R2",
        "E2,US01,2026-05-04,1000,1.00,,USD,Des\"c,R2,",
        "E2,US01,2026-05-04,1000,1.00,,USD,\"Desc\"x,R2,",
        "E2,US01,2026-05-04,1000,1.00,,USD,Desc,R2,US01",
        "E2,US01,2026-05-04,1150,1.00,,USD,Desc,R2,",
        "E2,US01,2026-05-04,1150,1.00,,USD,Desc,R2,DE01",
        "E2,DE01,2026-05-04,1000,1.00,,USD,Desc,R2,",
        "E1,US01,2026-05-05,1000,1.00,,USD,Desc,R2,",
    ]

    static func refusal(_ body: () throws -> Void) -> LedgerError? {
        do {
            try body()
            return nil
        } catch {
            return error as? LedgerError
        }
    }

    @Test func aBadLineIsRefusedStreamedAsWholeAtEveryBlockSize() throws {
        for bad in Self.badLines {
            let bytes = Array("\(Self.header)\n\(Self.good)\(bad)\nE2,US01,2026-05-04,4000,,1.00,USD,Desc,R2,\n".utf8)
            let path = try JournalCSVStreamTests.write(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let whole = Self.refusal { _ = try JournalCSV.parse(bytes, file: path, group: group) }
            for blockBytes in [1, 2, 7, 31, 64, 1 << 20] {
                let stream = try JournalCSVStream(path: path, group: group, blockBytes: blockBytes)
                let streamed = Self.refusal { _ = try JournalCSVStreamTests.drain(stream) }
                #expect(streamed?.message == whole?.message, "\(bad.debugDescription) at \(blockBytes)")
                #expect(streamed?.location == whole?.location, "\(bad.debugDescription) at \(blockBytes)")
                #expect(streamed?.code == whole?.code, "\(bad.debugDescription) at \(blockBytes)")
            }
        }
    }

    /// Lines the byte reader leaves to the String reader, which takes them: the same entries.
    @Test func linesLeftToTheStringReaderReadAlike() throws {
        let lines = [
            "É1,US01,2026-05-04,1000,1.00,,USD,Desc,R2,",  // a non-ASCII id
            "É1,US01,2026-05-04,4000,,1.00,USD,\"quoted, \"\"text\"\"\",R2,",
            "LONG-ENTRY-ID-0000000000000000000000001,US01,2026-05-04,1000,3,,USD,Tab\there,R3,",
            "LONG-ENTRY-ID-0000000000000000000000001,US01,2026-05-04,4000,,3.00,USD,日本の売上,R3,",
        ]
        let bytes = Array("\u{FEFF}\(Self.header)\r\n\(Self.good)\(lines.joined(separator: "\r\n"))\r\n".utf8)
        let path = try JournalCSVStreamTests.write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let whole = try JournalCSV.parse(bytes, file: path, group: group)
        for blockBytes in [1, 3, 5, 17, 1 << 20] {
            let streamed = try JournalCSVStreamTests.drain(try JournalCSVStream(path: path, group: group, chunkLines: 3, blockBytes: blockBytes))
            #expect(streamed.drafts == whole.drafts)
            #expect(streamed.lines == whole.fileLines)
        }
    }

    /// Quoted fields with doubled quotes, commas and line breaks, CRLF, a byte order mark and
    /// multi-byte characters, cut by blocks of every size: the records of the whole-file reader.
    @Test func fieldsCutByBlocksReadAsWhole() throws {
        let text = "\u{FEFF}a,b,c\r\n\"x,\"\"y\"\"\r\nz\",Ölrechnung,\r\n\"\",\"日本\",\"q\"\"\"\n\n1,2,3"
        let bytes = Array(text.utf8)
        let whole = try CSVReader.records(bytes, file: "t.csv")
        #expect(whole.count == 4)
        #expect(whole[1].fields == ["x,\"y\"\nz", "Ölrechnung", ""])
        let path = try JournalCSVStreamTests.write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for blockBytes in 1...40 {
            let blocks = try CSVBlocks(path: path, blockBytes: blockBytes)
            var records: [CSVRecord] = []
            while !blocks.atEnd { records += try blocks.nextRecords() }
            #expect(records == whole, "block \(blockBytes)")
        }
    }

    /// A field longer than the limit is refused at its line whether it comes in one block or
    /// many, and whether the fast copy or the byte-by-byte path meets the limit.
    @Test func theFieldLimitHoldsAcrossBlocks() throws {
        let long = String(repeating: "x", count: InputLimits.fieldBytes + 1)
        for field in [long, "\"\(long)\""] {
            let bytes = Array("a,b\n1,\(field)\n".utf8)
            let path = try JournalCSVStreamTests.write(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let whole = Self.refusal { _ = try CSVReader.records(bytes, file: path) }
            #expect(whole?.message.contains("field 2 is longer than") == true)
            for blockBytes in [1, 100, 4097, 1 << 20] {
                let blocks = try CSVBlocks(path: path, blockBytes: blockBytes)
                let streamed = Self.refusal { while !blocks.atEnd { _ = try blocks.nextRecords() } }
                #expect(streamed?.message == whole?.message)
                #expect(streamed?.location == whole?.location)
            }
        }
    }

    /// Invalid UTF-8 after a block of plain ASCII (the fast check) is still found at its line.
    @Test func invalidUTF8AfterAnASCIIBlockIsRefusedAtItsLine() throws {
        let bytes = Array("\(Self.header)\n\(Self.good)".utf8) + [0xE6, 0x97] + Array("\n".utf8)
        let path = try JournalCSVStreamTests.write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for blockBytes in [1, 2, 50, 160, 1 << 20] {
            let stream = try JournalCSVStream(path: path, group: group, blockBytes: blockBytes)
            let error = Self.refusal { _ = try JournalCSVStreamTests.drain(stream) }
            #expect(error?.location?.line == 4, "block \(blockBytes)")
            #expect(error?.message.contains("UTF-8") == true)
        }
    }
}
