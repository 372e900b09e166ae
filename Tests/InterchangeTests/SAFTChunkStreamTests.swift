import Foundation
import Interchange
import LedgerCore
import Testing

/// `SAFTChunkStream` reads on a thread of its own while the import posts: it must hand out
/// what reading and posting in turn would, in the same order, and a problem only after the
/// chunks read before it.
@Suite struct SAFTChunkStreamTests {
    static let options = SAFTOptions(differenceAccount: "9999")

    /// The small test file with `count` transactions: several chunks of entries.
    static func file(transactions count: Int, breakingLast: Bool = false) throws -> String {
        let document = SAFTReaderTests.document()
        guard let start = document.range(of: "<Transaction>"), let end = document.range(of: "</Transaction>") else {
            throw LedgerError(.invalidFile, "the test document has no transaction")
        }
        let transaction = String(document[start.lowerBound..<end.upperBound])
        var many = (1...count).map { transaction.replacingOccurrences(of: "<TransactionID>T1<", with: "<TransactionID>T\($0)<") }
        if breakingLast { many[count - 1] = many[count - 1].replacingOccurrences(of: "</Description>", with: "</Descr>") }
        let text = document.replacingCharacters(in: start.lowerBound..<end.upperBound, with: many.joined(separator: "\n"))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("saft-stream-\(UUID().uuidString).xml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func readInTurn(_ path: String) -> (chunks: [[JournalEntryDraft]], outcome: Result<SAFTBooks, LedgerError>) {
        var chunks: [[JournalEntryDraft]] = []
        do {
            let books = try SAFTReader.read(path: path, options: options) { (chunk: SAFTChunk) throws(LedgerError) in chunks.append(chunk.drafts) }
            return (chunks, .success(books))
        } catch {
            return (chunks, .failure(error))
        }
    }

    static func readStreamed(_ path: String) -> (chunks: [[JournalEntryDraft]], outcome: Result<SAFTBooks, LedgerError>) {
        let stream = SAFTChunkStream(path: path, options: options)
        var chunks: [[JournalEntryDraft]] = []
        do {
            while let chunk = try stream.next() { chunks.append(chunk.drafts) }
            return (chunks, .success(try stream.books()))
        } catch {
            return (chunks, .failure(error))
        }
    }

    @Test func handsOutWhatReadingInTurnDeliversThenTheBooks() throws {
        let path = try Self.file(transactions: 10_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let inTurn = Self.readInTurn(path)
        let streamed = Self.readStreamed(path)
        #expect(inTurn.chunks.count >= 3)
        #expect(streamed.chunks == inTurn.chunks)
        let books = try streamed.outcome.get()
        #expect(books.transactionCount == 10_000 && books.lineCount == 20_000)
        let expected = try inTurn.outcome.get()
        #expect(books.differences == expected.differences)
    }

    @Test func aProblemComesAfterTheChunksReadBeforeIt() throws {
        let path = try Self.file(transactions: 9_000, breakingLast: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let inTurn = Self.readInTurn(path)
        let streamed = Self.readStreamed(path)
        #expect(inTurn.chunks.count >= 2)
        #expect(streamed.chunks == inTurn.chunks)
        guard case .failure(let expected) = inTurn.outcome, case .failure(let error) = streamed.outcome else {
            Issue.record("the broken file was read: \(inTurn.outcome) / \(streamed.outcome)")
            return
        }
        #expect(error == expected)
        #expect(error.message.contains("does not close <Description>"), "\(error)")
    }

    @Test func cancellingStopsTheReadingThread() throws {
        let path = try Self.file(transactions: 20_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let stream = SAFTChunkStream(path: path, options: Self.options, capacity: 1)
        #expect(try stream.next() != nil)
        stream.cancel()
        #expect(throws: LedgerError.self) { try stream.books() }
    }
}
