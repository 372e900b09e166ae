import Foundation
import Interchange
import LedgerCore
import PropertyBased
import Testing

/// Issue 18: the streamed readers of the bank CSV, goods-receipt and rates files read, in
/// blocks and chunks of any size, what the whole-file parsers read, and refuse what they
/// refuse with the same message and line; the streamed camt.053 reader reads what the tree
/// reader reads and refuses a bad file with the same words. A failure names its seed.
@Suite("Property: the streamed import readers read what the whole-file readers read")
struct StreamedReaderPropertyTests {
    static let group = DemoGroup.definition()
    static let texts = ["Rent", "Café à Paris", "\"Fees, May\"", "\"say \"\"hi\"\"\"", "日本の売上", "\"a,\tb\""]

    static func write(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("streamed-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func cents(_ minor: Int) -> String { Decimal10.format(Int64(minor), scale: 2) }

    /// CRLF or LF, a byte order mark or not, a last line break or not.
    static func file(_ lines: [String], _ random: inout SeededRandom) -> [UInt8] {
        let text = lines.joined(separator: Bool.random(using: &random) ? "\r\n" : "\n") + (Bool.random(using: &random) ? "\n" : "")
        return (Bool.random(using: &random) ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
    }

    static func bankLines(_ random: inout SeededRandom) -> [String] {
        let balances = Bool.random(using: &random)
        var lines = [BankStatementCSV.header.joined(separator: ",") + (balances ? ",kind,balance" : "")]
        for statement in 0..<Int.random(in: 1...8, using: &random) {
            var balance = Int.random(in: -100_000...100_000, using: &random)
            for line in 0..<Int.random(in: 1...12, using: &random) {
                let amount = Int.random(in: 1...99_999, using: &random) * (Bool.random(using: &random) ? 1 : -1)
                balance += amount
                let text = texts[Int.random(in: 0..<texts.count, using: &random)]
                lines.append("S\(statement),US01,1000,2026-05-\(10 + line),\(cents(amount)),USD,R\(line),\(text),\(text)"
                             + (balances ? ",fee,\(cents(balance))" : ""))
            }
        }
        return lines
    }

    static func goodsLines(_ random: inout SeededRandom) -> [String] {
        var lines = [GoodsReceiptsCSV.header.joined(separator: ",")]
        for index in 0..<Int.random(in: 1...40, using: &random) {
            let text = texts[Int.random(in: 0..<texts.count, using: &random)]
            let invoice = Bool.random(using: &random) ? "INV-\(index)" : ""
            lines.append("GR-\(index),US01,\(text),2026-05-0\(index % 9 + 1),USD,\(cents(Int.random(in: 1...99_999, using: &random))),1200,\(text),\(invoice)")
        }
        return lines
    }

    static func ratesLines(_ random: inout SeededRandom) -> [String] {
        var lines = [(RatesCSV.header + RatesCSV.optionalColumns).joined(separator: ",")]
        for _ in 0..<Int.random(in: 1...40, using: &random) {
            // Few dates and pairs: repeats (with the same rate) come often.
            let day = Int.random(in: 1...4, using: &random)
            let pair = [("EUR", "USD"), ("GBP", "USD"), ("USD", "JPY")][Int.random(in: 0...2, using: &random)]
            lines.append("2026-05-0\(day),\(pair.0),\(pair.1),1.\(day)\(pair.0.utf8.first!),\(["", "spot", "closing"][day % 3])")
        }
        return lines
    }

    static func drain<T>(_ next: () throws -> [T]?) throws -> [T] {
        var all: [T] = []
        while let chunk = try next() { all += chunk }
        return all
    }

    static func error(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Each format read whole and streamed at a random block and chunk size; then with its
    /// last line replaced by a bad one, refused the same way by both.
    static func check(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let blockBytes = Int.random(in: 1...97, using: &random)
        let chunk = Int.random(in: 1...12, using: &random)
        for bad in [false, true] {
            var lines = bankLines(&random)
            if bad { lines[lines.count - 1] = lines[lines.count - 1].replacingOccurrences(of: ",USD,", with: ",USX,") }
            let bank = try write(file(lines, &random))
            defer { try? FileManager.default.removeItem(atPath: bank) }
            var streamed: [BankStatement] = []
            let streamError = error { let stream = try BankStatementCSVStream(path: bank, group: group, chunkLines: chunk, blockBytes: blockBytes)
                                      streamed = try drain(stream.next) }
            var whole: [BankStatement] = []
            let wholeError = error { whole = try BankStatementCSV.parse(try InputFile.bytes(atPath: bank), file: bank, group: group) }
            #expect((bad || streamed == whole) && streamError == wholeError && (streamError != nil) == bad, "seed \(seed): bank CSV \(String(describing: streamError)) \(String(describing: wholeError))")

            lines = goodsLines(&random)
            if bad { lines[lines.count - 1] = lines[lines.count - 1].replacingOccurrences(of: ",1200,", with: ",12000,") }
            let goods = try write(file(lines, &random))
            defer { try? FileManager.default.removeItem(atPath: goods) }
            var receipts = ParsedGoodsReceipts(receipts: [], lines: [])
            let goodsError = error { let stream = try GoodsReceiptsCSVStream(path: goods, group: group, chunkRecords: chunk, blockBytes: blockBytes)
                                     while let next = try stream.next() { receipts.receipts += next.receipts; receipts.lines += next.lines } }
            var wholeReceipts = ParsedGoodsReceipts(receipts: [], lines: [])
            let wholeGoodsError = error { wholeReceipts = try GoodsReceiptsCSV.parse(try InputFile.bytes(atPath: goods), file: goods, group: group) }
            #expect((bad || receipts == wholeReceipts) && goodsError == wholeGoodsError && (goodsError != nil) == bad, "seed \(seed): goods receipts \(String(describing: goodsError)) \(String(describing: wholeGoodsError))")

            lines = ratesLines(&random)
            if bad { lines[lines.count - 1] = lines[lines.count - 1].replacingOccurrences(of: ",1.", with: ",9.") }
            let rates = try write(file(lines, &random))
            defer { try? FileManager.default.removeItem(atPath: rates) }
            var quotes = ParsedRates(quotes: [], lines: [])
            let ratesError = error { let stream = try RatesCSVStream(path: rates, chunkRecords: chunk, blockBytes: blockBytes)
                                     while let next = try stream.next() { quotes.quotes += next.quotes; quotes.lines += next.lines } }
            var wholeQuotes = ParsedRates(quotes: [], lines: [])
            let wholeRatesError = error { wholeQuotes = try RatesCSV.parse(try InputFile.bytes(atPath: rates), file: rates) }
            // A bad last rate is refused only when it repeats an earlier date, pair and type.
            #expect((ratesError != nil || quotes == wholeQuotes) && ratesError == wholeRatesError, "seed \(seed): rates \(String(describing: ratesError)) \(String(describing: wholeRatesError))")
        }
    }

    @Test("Property: random files read the same whole and streamed", .shrinking(false))
    func randomFilesReadTheSameStreamed() async {
        await propertyCheck(count: 60, input: Gen<UInt64>.value()) { seed in
            try Self.check(seed: seed)
        }
    }

    @Test("Property: fixed seeds", arguments: [0, 1, 42, 20_261_207, UInt64.max] as [UInt64])
    func fixedSeeds(_ seed: UInt64) throws {
        try Self.check(seed: seed)
    }

    @Test func aStatementGoingOnAfterOthersWereHandedOutIsRefusedAtItsLine() throws {
        let header = BankStatementCSV.header.joined(separator: ",")
        let rows = (1...6).map { "S\($0 % 2 == 0 ? 2 : 1),US01,1000,2026-05-0\($0),1.00,USD,R,C,D" }
        let path = try Self.write(Array(([header] + rows).joined(separator: "\n").utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Within a chunk, the two statements interleave as the whole-file parser allows.
        let whole = try BankStatementCSV.parse(try InputFile.bytes(atPath: path), file: path, group: Self.group)
        #expect(try Self.drain(try BankStatementCSVStream(path: path, group: Self.group, chunkLines: 100).next) == whole)
        // In chunks of two lines, S1 is handed out before its third row (line 6).
        #expect(performing: { _ = try Self.drain(try BankStatementCSVStream(path: path, group: Self.group, chunkLines: 2, blockBytes: 1).next) },
                throws: { error in
                    let error = error as? LedgerError
                    return error?.location == SourceLocation(file: path, line: 4, field: "statement_id") && error?.message.contains("keep the rows of a statement together") == true
                })
    }

    // MARK: camt.053

    static func statement(_ id: String, day: Int, lines: Int, closingOffset: Int64 = 0) throws -> BankStatement {
        let date = try CalendarDate(year: 2026, month: 5, day: day)
        let bankLines = (1...lines).map { line in
            BankLine(bookingDate: date, valueDate: date, amountMinor: Int64(line * 113) * (line % 2 == 0 ? -1 : 1), reference: "R\(line)",
                     bankReference: "B-\(id)-\(line)", counterparty: "Café \(line)", description: "Payment <\(line)> & co", kind: .transfer)
        }
        return BankStatement(id: id, entity: "US01", account: "1000", iban: "US021000021000123456", bic: "CHASUS33", currency: try Currency("USD"),
                             openingDate: date, openingMinor: 10_000, closingDate: date,
                             closingMinor: 10_000 + bankLines.reduce(0) { $0 + $1.amountMinor } + closingOffset,
                             createdAt: "2026-05-\(day < 10 ? "0" : "")\(day)T23:59:59Z", lines: bankLines)
    }

    /// Several statements in one document: each written by `Camt053Writer`, their `Stmt`s joined.
    static func camt(_ statements: [BankStatement]) -> [UInt8] {
        let documents = statements.map { String(decoding: Camt053Writer.write($0, messageID: "M-1"), as: UTF8.self) }
        let first = documents[0]
        let head = first[..<first.range(of: "    <Stmt>")!.lowerBound]
        let tail = first[first.range(of: "  </BkToCstmrStmt>")!.lowerBound...]
        let bodies = documents.map { $0[$0.range(of: "    <Stmt>")!.lowerBound..<$0.range(of: "  </BkToCstmrStmt>")!.lowerBound] }
        return Array((head + bodies.joined() + tail).utf8)
    }

    static func streamed(_ path: String, blockBytes: Int) throws -> BankFileImport {
        var result = BankFileImport(statements: [], issues: [])
        try Camt053Reader.stream(path: path, group: group, account: nil, blockBytes: blockBytes) { statement, issues in
            if let statement { result.statements.append(statement) }
            result.issues += issues
        }
        return result
    }

    @Test func aCamt053StreamedReadsWhatTheTreeReaderReads() throws {
        // The third does not tie out and the fourth repeats the first's id: blocking issues of their own.
        let statements = [try Self.statement("A", day: 4, lines: 5), try Self.statement("B", day: 5, lines: 3),
                          try Self.statement("C", day: 6, lines: 4, closingOffset: 1), try Self.statement("A", day: 7, lines: 2)]
        let bytes = Self.camt(statements)
        let path = try Self.write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let whole = try Camt053Reader.read(bytes, file: path, group: Self.group)
        #expect(whole.statements.count == 4 && whole.issues.filter(\.blocking).count == 2)
        for blockBytes in [1, 7, 100, 1 << 20] {
            #expect(try Self.streamed(path, blockBytes: blockBytes) == whole, "blocks of \(blockBytes)")
        }
    }

    @Test func aBadCamt053IsRefusedStreamedAsWhole() throws {
        let good = Self.camt([try Self.statement("A", day: 4, lines: 3)])
        let text = String(decoding: good, as: UTF8.self)
        let invalid = Array(text.replacingOccurrences(of: "Café 2", with: "Caf\u{1}").utf8).map { $0 == 1 ? 0xC3 : $0 }
        let bad: [(String, [UInt8])] = [
            ("empty", []),
            ("UTF-16", [0xFF, 0xFE] + good),
            ("no XML", Array("just text\n".utf8)),
            ("invalid UTF-8", invalid),
            ("Latin-1", Array(text.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"ISO-8859-1\"").utf8)),
            ("DOCTYPE", Array(text.replacingOccurrences(of: "<Document", with: "<!DOCTYPE Document>\n<Document").utf8)),
            ("cut", Array(good.dropLast(20))),
            ("not camt", Array(text.replacingOccurrences(of: "camt.053.001.08", with: "camt.052.001.08").utf8)),
            ("no statement", Array(text.replacingOccurrences(of: "<Stmt>", with: "<Stmx>").replacingOccurrences(of: "</Stmt>", with: "</Stmx>").utf8)),
        ]
        for (name, bytes) in bad {
            let path = try Self.write(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let whole = Self.error { _ = try Camt053Reader.read(bytes, file: path, group: Self.group) }
            #expect(whole != nil, "\(name)")
            for blockBytes in [1, 2, 5, 1 << 20] {
                #expect(Self.error { _ = try Self.streamed(path, blockBytes: blockBytes) } == whole, "\(name), blocks of \(blockBytes)")
            }
        }
    }
}
