import CloseEngine
import Foundation
import Interchange
import LedgerCore
import LedgerStore
import Testing

/// Issue 18: the bank, goods-receipt and rates imports read their file as a stream and store
/// it chunk by chunk in one transaction. With a buffer far smaller than the file (blocks of a
/// few hundred bytes, chunks of a few records), a refusal on the file's very last line, by
/// the reader or by the ledger, must leave the ledger as it was; a good file must leave it
/// exactly as the whole-file import does (the same audit chain, hash for hash).
@Suite struct StreamedImportRollbackTests {
    static let buffer = ImportBuffer(blockBytes: 256, chunkRecords: 7)
    static let group = DemoGroup.definition()

    static func ledger() throws -> LedgerStore {
        try LedgerStore.create(at: nil, group: group, clock: .fixed("2026-06-01T09:00:00Z"))
    }

    static func write(_ text: String, _ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(text.utf8.count > 8 * buffer.blockBytes, "the file spans many blocks")
        return path
    }

    /// What the ledger holds of what the imports write: the audit chain's head and the rows.
    static func state(_ ledger: LedgerStore) throws -> String {
        let statements = try ledger.bankStatements(entity: "US01", account: "1000", period: try PeriodID(parsing: "2026-05"))
        return "\(String(describing: try ledger.auditHead())) \(try ledger.rates().count) rates \(try ledger.goodsReceipts().count) receipts "
            + "\(statements.count) statements \(statements.map(\.lines.count))"
    }

    static func refusal(_ body: () throws -> Void) -> LedgerError? {
        do {
            try body()
            return nil
        } catch let refused as StatementImport.Refusal {
            return refused.cause as? LedgerError
        } catch {
            return error as? LedgerError
        }
    }

    // MARK: Goods receipts

    static func receipts(_ count: Int, last: String? = nil) -> String {
        var text = "receipt_id,entity,supplier,date,currency,amount,account,description,invoice\n"
        for index in 1...count {
            let line = "GR-\(index),US01,Supplier \(index % 7),2026-05-\(index % 28 + 1 < 10 ? "0" : "")\(index % 28 + 1),USD,\(index).25,1200,Goods \(index),\(index % 3 == 0 ? "" : "INV-\(index)")\n"
            text += index == count ? (last ?? line) : line
        }
        return text
    }

    @Test func goodsReceiptsRefusedOnTheLastLineLeaveTheLedgerUnchanged() throws {
        let ledger = try Self.ledger()
        try ledger.importGoodsReceipts([GoodsReceipt(id: "GR-OLD", entity: "US01", supplier: "S", date: try CalendarDate(parsing: "2026-05-01"),
                                                     currency: try Currency("USD"), amountMinor: 100, account: "1200", description: "d", invoice: nil)],
                                       source: "first.csv", actor: "alice")
        let before = try Self.state(ledger)
        let count = 120
        let refusals: [(last: String, field: String)] = [
            ("GR-\(count),US01,S,2026-05-02,USD,1.00,4999,x,\n", "account"),  // the reader
            ("GR-OLD,US01,S,2026-05-01,USD,2.00,1200,d,\n", "receipt_id"),    // the ledger: another content
        ]
        for refusal in refusals {
            let file = try Self.write(Self.receipts(count, last: refusal.last), "goods.csv")
            let error = Self.refusal { _ = try GoodsReceiptImport.run(file: file, into: ledger, actor: "alice", buffer: Self.buffer) }
            #expect(error?.location == SourceLocation(file: file, line: count + 1, field: refusal.field), "\(String(describing: error))")
            #expect(try Self.state(ledger) == before, "the ledger is as it was")
        }
    }

    @Test func goodsReceiptsStreamedStoreWhatTheWholeFileImportStores() throws {
        let file = try Self.write(Self.receipts(150), "goods.csv")
        let streamed = try Self.ledger()
        let outcome = try GoodsReceiptImport.run(file: file, into: streamed, actor: "alice", buffer: Self.buffer)
        let whole = try Self.ledger()
        let parsed = try GoodsReceiptsCSV.parse(try InputFile.bytes(atPath: file), file: file, group: Self.group)
        let summary = try whole.importGoodsReceipts(parsed.receipts, source: file, actor: "alice")
        #expect(outcome.summary == summary && outcome.receipts == 150 && outcome.notInvoiced == 50)
        #expect(try streamed.goodsReceipts() == whole.goodsReceipts())
        #expect(try streamed.auditHead() == whole.auditHead())
    }

    // MARK: Rates

    static func rates(_ count: Int, last: String? = nil) -> String {
        var text = "date,from,to,rate,type\n"
        for index in 1...count {
            let date = (try! CalendarDate(year: 2026, month: 1, day: 1)).adding(days: index)
            let line = "\(date),EUR,USD,1.\(1000 + index % 900),spot\n"
            text += index == count ? (last ?? line) : line
        }
        return text
    }

    @Test func ratesRefusedOnTheLastLineLeaveTheLedgerUnchanged() throws {
        let ledger = try Self.ledger()
        try ledger.importRates([RateQuote(date: try CalendarDate(parsing: "2025-12-31"), from: try Currency("EUR"), to: try Currency("USD"),
                                          rate: try ExchangeRate(parsing: "1.1"), type: .spot)], actor: "alice")
        let before = try Self.state(ledger)
        let count = 140
        let refusals: [(last: String, field: String)] = [
            ("2026-12-31,EUR,EUR,1.0,spot\n", "to"),        // the reader
            ("2025-12-31,EUR,USD,1.2,spot\n", "rate"),      // the ledger: a stored rate never changes
        ]
        for refusal in refusals {
            let file = try Self.write(Self.rates(count, last: refusal.last), "rates.csv")
            let error = Self.refusal { _ = try RatesImport.run(file: file, into: ledger, actor: "alice", buffer: Self.buffer) }
            #expect(error?.location == SourceLocation(file: file, line: count + 1, field: refusal.field), "\(String(describing: error))")
            #expect(try Self.state(ledger) == before, "the ledger is as it was")
        }
    }

    @Test func ratesStreamedStoreWhatTheWholeFileImportStores() throws {
        let file = try Self.write(Self.rates(200), "rates.csv")
        let streamed = try Self.ledger()
        let summary = try RatesImport.run(file: file, into: streamed, actor: "alice", buffer: Self.buffer)
        let whole = try Self.ledger()
        let parsed = try RatesCSV.parse(try InputFile.bytes(atPath: file), file: file)
        #expect(try summary == whole.importRates(parsed.quotes, actor: "alice", source: file))
        #expect(try streamed.rates() == whole.rates())
        #expect(try streamed.auditHead() == whole.auditHead())
    }

    // MARK: Bank statements

    static let bankHeader = "statement_id,entity,account,date,amount,currency,reference,counterparty,description,bank_reference,balance\n"

    /// The rows of statement `id` of US01/1000, all booked on May `day`, with running
    /// balances from `balanceMinor` (left at the closing balance); the amounts depend only on
    /// the day and the line, so two statements of one day move the same money.
    static func bankRows(_ id: String, day: Int, lines: Int, balanceMinor: inout Int64) -> [String] {
        (1...lines).map { line in
            let amountMinor = Int64((day * 37 + line * 101) % 5_000 + 1) * (line % 2 == 0 ? -1 : 1)
            balanceMinor += amountMinor
            return "\(id),US01,1000,2026-05-\(day < 10 ? "0" : "")\(day),\(Decimal10.format(amountMinor, scale: 2)),USD,R-\(day)-\(line),\"Smith, Bob\",Payment \(line),B-\(day)-\(line),\(Decimal10.format(balanceMinor, scale: 2))\n"
        }
    }

    /// Daily statements `S-1`... of May, `perStatement` lines each; the very last row replaced by `last`.
    static func bankCSV(statements: Int, perStatement: Int, last: String? = nil) -> String {
        var balanceMinor: Int64 = 1_000_000
        var rows = (1...statements).flatMap { bankRows("S-\($0)", day: $0, lines: perStatement, balanceMinor: &balanceMinor) }
        if let last { rows[rows.count - 1] = last }
        return bankHeader + rows.joined()
    }

    @Test func aBankCSVRefusedOnTheLastLineLeavesTheLedgerUnchanged() throws {
        let ledger = try Self.ledger()
        let before = try Self.state(ledger)
        let good = Self.bankCSV(statements: 12, perStatement: 9)
        let lastLine = good.split(separator: "\n").last.map(String.init)! + "\n"
        let refusals: [(last: String, field: String)] = [
            (lastLine.replacingOccurrences(of: ",USD,", with: ",EUR,"), "currency"),  // the reader: not the account's currency
            (lastLine.split(separator: ",").dropLast().joined(separator: ",") + ",0.01\n", "balance"),  // the reader: the running balance breaks
        ]
        for refusal in refusals {
            let file = try Self.write(Self.bankCSV(statements: 12, perStatement: 9, last: refusal.last), "bank.csv")
            let error = Self.refusal { _ = try StatementImport.run(file: file, into: ledger, actor: "alice", buffer: Self.buffer) }
            #expect(error?.location == SourceLocation(file: file, line: 12 * 9 + 1, field: refusal.field), "\(String(describing: error))")
            #expect(try Self.state(ledger) == before, "the ledger is as it was")
        }
        // The ledger refuses the last statement: the lines of one imported before, other balances.
        try StatementImport.run(file: try Self.write(Self.bankCSV(statements: 12, perStatement: 9), "earlier.csv"), into: ledger, actor: "alice")
        let imported = try Self.state(ledger)
        var balanceMinor: Int64 = 1_000_000
        var rows = (1...23).flatMap { Self.bankRows("S-\($0)", day: $0, lines: 9, balanceMinor: &balanceMinor) }
        var otherMinor: Int64 = 5_000
        rows += Self.bankRows("T-12", day: 12, lines: 9, balanceMinor: &otherMinor)
        let file = try Self.write(Self.bankHeader + rows.joined(), "again.csv")
        let error = Self.refusal { _ = try StatementImport.run(file: file, into: ledger, actor: "alice", buffer: Self.buffer) }
        #expect(error?.code == .idempotencyConflict && error?.message.contains("statement T-12") == true, "\(String(describing: error))")
        #expect(try Self.state(ledger) == imported, "the ledger is as it was")
    }

    @Test func aBankCSVStreamedStoresWhatTheWholeFileImportStores() throws {
        let file = try Self.write(Self.bankCSV(statements: 20, perStatement: 11), "bank.csv")
        let streamed = try Self.ledger()
        let outcome = try StatementImport.run(file: file, into: streamed, actor: "alice", buffer: Self.buffer)
        let whole = try Self.ledger()
        let statements = try BankStatementCSV.parse(try InputFile.bytes(atPath: file), file: file, group: Self.group)
        #expect(try outcome.summary == whole.importStatements(statements, source: file, actor: "alice"))
        #expect(outcome.statements.map(\.id) == statements.map(\.id) && outcome.statements.map(\.lineCount) == statements.map(\.lines.count))
        #expect(try Self.state(streamed) == Self.state(whole))
    }

    /// One camt.053 document holding `statements` (written one by one by `Camt053Writer`,
    /// their `Stmt` elements put together under one group header).
    static func camt(_ statements: [BankStatement]) -> String {
        let documents = statements.map { String(decoding: Camt053Writer.write($0, messageID: "M-1"), as: UTF8.self) }
        func stmt(_ document: String) -> Substring {
            document[document.range(of: "    <Stmt>")!.lowerBound..<document.range(of: "  </BkToCstmrStmt>")!.lowerBound]
        }
        let first = documents[0]
        return String(first[..<first.range(of: "    <Stmt>")!.lowerBound]) + documents.map(stmt).joined()
            + String(first[first.range(of: "  </BkToCstmrStmt>")!.lowerBound...])
    }

    static func bankStatements(_ text: String) throws -> [BankStatement] {
        let file = try write(text, "statements.csv")
        return try BankStatementCSV.parse(try InputFile.bytes(atPath: file), file: file, group: group)
    }

    @Test func aCamt053RefusedAtItsEndLeavesTheLedgerUnchanged() throws {
        let ledger = try Self.ledger()
        let before = try Self.state(ledger)
        var statements = try Self.bankStatements(Self.bankCSV(statements: 10, perStatement: 6))
        let good = Self.camt(statements)
        // The last statement does not tie out: a blocking problem the reader finds only there.
        statements[statements.count - 1].closingMinor += 1
        let untied = Self.camt(statements)
        // Cut before the document ends: found by the XML parser after every statement was stored.
        let cut = String(good.dropLast("</Document>\n".count))
        for text in [untied, cut] {
            let file = try Self.write(text, "camt.xml")
            let error = Self.refusal { _ = try StatementImport.run(file: file, into: ledger, actor: "alice", buffer: Self.buffer) }
            #expect(error != nil && error?.location?.file == file, "\(String(describing: error))")
            #expect(try Self.state(ledger) == before, "the ledger is as it was")
        }
    }

    @Test func aCamt053StreamedStoresWhatTheWholeFileImportStores() throws {
        let statements = try Self.bankStatements(Self.bankCSV(statements: 15, perStatement: 5))
        let file = try Self.write(Self.camt(statements), "camt.xml")
        let streamed = try Self.ledger()
        let outcome = try StatementImport.run(file: file, into: streamed, actor: "alice", buffer: Self.buffer)
        let whole = try Self.ledger()
        let read = try Camt053Reader.read(try InputFile.bytes(atPath: file), file: file, group: Self.group)
        #expect(read.issues.isEmpty && outcome.notes.isEmpty)
        #expect(try outcome.summary == whole.importStatements(read.statements, source: file, actor: "alice"))
        #expect(outcome.summary.imported == 15 && outcome.summary.lines == 75)
        #expect(try Self.state(streamed) == Self.state(whole))
    }
}
