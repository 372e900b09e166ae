import Foundation
import Interchange
import LedgerCore
import Testing

/// The streamed journal reader (issue 18) reads what the whole-file parser reads, whatever
/// the sizes of its blocks and chunks, and refuses what it refuses with the same line.
@Suite struct JournalCSVStreamTests {
    let group = DemoGroup.definition()
    static let header = "entry_id,entity,date,account,debit,credit,currency,description,reference,partner"

    /// A file of `entries` whole entries with texts that test the reader: multi-byte
    /// characters, quoted commas and line breaks, a byte order mark and CRLF at random.
    static func journal(seed: UInt64) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        let texts = ["Rent", "Café à Paris", "\"Fees, May\"", "\"say \"\"hi\"\"\"", "日本の売上", "Ölrechnung"]
        var lines = [header]
        for entry in 0..<Int.random(in: 1...40, using: &random) {
            let amount = Int.random(in: 1...99_999, using: &random)
            let text = texts[Int.random(in: 0..<texts.count, using: &random)]
            let extra = Int.random(in: 0...2, using: &random)
            let debit = "\(amount / 100 * (extra + 1)).\(String(format: "%02d", amount % 100))"
            lines.append("E\(entry),US01,2026-05-0\(entry % 9 + 1),1000,\(debit),,USD,\(text),R\(entry),")
            let part = "\(amount / 100).\(String(format: "%02d", amount % 100))"
            for _ in 0...extra { lines.append("E\(entry),US01,2026-05-0\(entry % 9 + 1),4000,,\(part),USD,\(text),R\(entry),") }
        }
        let crlf = Bool.random(using: &random)
        let text = lines.joined(separator: crlf ? "\r\n" : "\n") + (Bool.random(using: &random) ? "\n" : "")
        return (Bool.random(using: &random) ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
    }

    static func write(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func drain(_ stream: JournalCSVStream) throws -> (drafts: [JournalEntryDraft], lines: [[Int]], count: Int) {
        var result: (drafts: [JournalEntryDraft], lines: [[Int]], count: Int) = ([], [], 0)
        while let chunk = try stream.next() {
            #expect(!chunk.drafts.isEmpty, "no empty chunk is handed out")
            result.drafts += chunk.drafts
            result.lines += chunk.fileLines
            result.count += chunk.lineCount
        }
        return result
    }

    @Test func theStreamReadsWhatTheWholeFileParserReadsAtEveryBlockAndChunkSize() throws {
        for seed in UInt64(1)...60 {
            let bytes = Self.journal(seed: seed)
            let path = try Self.write(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let whole = try JournalCSV.parse(bytes, file: path, group: group)
            var random = SeededRandom(seed: seed &* 7919)
            let stream = try JournalCSVStream(path: path, group: group, chunkLines: Int.random(in: 2...12, using: &random),
                                              blockBytes: Int.random(in: 1...97, using: &random))
            let streamed = try Self.drain(stream)
            #expect(streamed.drafts == whole.drafts, "seed \(seed)")
            #expect(streamed.lines == whole.fileLines, "seed \(seed)")
            #expect(streamed.count == whole.lineCount, "seed \(seed)")
        }
    }

    @Test func invalidUTF8SplitAcrossBlocksIsRefusedAtItsLine() throws {
        let good = Array("\(Self.header)\nE1,US01,2026-05-04,1000,1.00,,USD,Café,R1,\n".utf8)
        let bad = good + Array("E1,US01,2026-05-04,4000,,1.00,USD,".utf8) + [0xC3, 0x28] + Array(",R1,\n".utf8)
        let path = try Self.write(bad)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for blockBytes in [1, 2, 3, 5, 64, 1 << 20] {
            let stream = try JournalCSVStream(path: path, group: group, blockBytes: blockBytes)
            #expect(performing: { _ = try Self.drain(stream) }, throws: { error in
                let error = error as? LedgerError
                return error?.location?.line == 3 && error?.message.contains("UTF-8") == true
            })
        }
        // A two-byte character cut by every block size reads whole.
        let path2 = try Self.write(good + Array("E1,US01,2026-05-04,4000,,1.00,USD,Café,R1,\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path2) }
        for blockBytes in 1...9 {
            let drafts = try Self.drain(try JournalCSVStream(path: path2, group: group, blockBytes: blockBytes)).drafts
            #expect(drafts.first?.lines.map(\.description) == ["Café", "Café"], "block of \(blockBytes)")
        }
    }

    /// Spreadsheet programs write a byte order mark; a first block shorter than it used to
    /// leave its bytes in the header, which then named no column rightly.
    @Test func aByteOrderMarkIsDroppedWhateverTheBlockSize() throws {
        let text = [0xEF, 0xBB, 0xBF] + Array("\(Self.header)\nE1,US01,2026-05-04,1000,1.00,,USD,a,R1,\nE1,US01,2026-05-04,4000,,1.00,USD,a,R1,\n".utf8)
        let path = try Self.write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for blockBytes in 1...5 {
            let drafts = try Self.drain(try JournalCSVStream(path: path, group: group, blockBytes: blockBytes)).drafts
            #expect(drafts.map(\.idempotencyKey) == ["E1"], "block of \(blockBytes)")
        }
    }

    @Test func anEntrysLinesApartByMoreThanAChunkComeAsTwoEntriesOfOneID() throws {
        // The ledger refuses the second ("comes twice in this file"); the stream keeps
        // nothing per entry it handed out, so it cannot know.
        let text = """
            \(Self.header)
            A,US01,2026-05-04,1000,1.00,,USD,a,R,
            B,US01,2026-05-04,1000,2.00,,USD,b,R,
            B,US01,2026-05-04,4000,,2.00,USD,b,R,
            C,US01,2026-05-04,1000,3.00,,USD,c,R,
            C,US01,2026-05-04,4000,,3.00,USD,c,R,
            A,US01,2026-05-04,4000,,1.00,USD,a,R,

            """
        let path = try Self.write(Array(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Within one chunk, A's lines still join.
        #expect(try Self.drain(try JournalCSVStream(path: path, group: group, chunkLines: 100)).drafts.map(\.idempotencyKey) == ["A", "B", "C"])
        // Read a byte at a time in chunks of two lines, A is handed out alone first: a lone line, refused at it.
        #expect(performing: { _ = try Self.drain(try JournalCSVStream(path: path, group: group, chunkLines: 2, blockBytes: 1)) }, throws: { error in
            let error = error as? LedgerError
            return error?.location?.line == 2 && error?.message.contains("only this one line within 2 lines") == true
        })
    }

    @Test func anEmptyFileAndAHeaderAloneAreRefusedAsByTheWholeFileParser() throws {
        for (text, message) in [("", "the file is empty"), (Self.header + "\n", "a header but no journal lines")] {
            let path = try Self.write(Array(text.utf8))
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(performing: { _ = try Self.drain(try JournalCSVStream(path: path, group: group)) }, throws: { error in
                (error as? LedgerError)?.message.contains(message) == true
            })
        }
    }
}
