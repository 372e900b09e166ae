import Foundation
import LedgerCore

/// A CSV file read in blocks of `blockBytes` and handed out as data records in batches, the
/// header checked first: the common part of the streamed imports (goods receipts, rates,
/// bank statement CSV), so that none holds the file, or a String of it, whole. Every check of
/// `CSVReader` applies with the same messages and lines.
final class CSVRecordStream {
    let file: String
    let blockBytes: Int
    private let header: [String]
    private let optional: [String]
    /// What the file holds when it is empty (no header) or has a header only: said in the
    /// format's own words, as its whole-file parser says it.
    private let nothing: String
    private let headerOnly: String
    private let handle: UnsafeMutablePointer<FILE>
    private var closed = false
    private var utf8: UTF8Stream
    private var scanner: CSVScanner
    private var atEnd = false
    private var pending: [CSVRecord] = []
    private(set) var columns: CSVColumns?
    private(set) var dataRecords = 0
    /// Bytes read so far (for progress).
    private(set) var bytesRead = 0

    init(path: String, header: [String], optional: [String] = [], nothing: String, headerOnly: String,
         blockBytes: Int) throws(LedgerError) {
        handle = try InputFile.openForReading(atPath: path)
        file = path
        self.header = header
        self.optional = optional
        self.nothing = nothing
        self.headerOnly = headerOnly
        self.blockBytes = max(1, blockBytes)
        utf8 = UTF8Stream(file: path)
        scanner = CSVScanner(file: path)
    }

    deinit { close() }

    func close() {
        guard !closed else { return }
        closed = true
        fclose(handle)
    }

    /// At least `count` data records (fewer only at the end of the file), each checked for
    /// the header's width; nil once every record was handed out.
    func next(atLeast count: Int) throws(LedgerError) -> [CSVRecord]? {
        while pending.count < max(1, count) && !atEnd {
            try readBlock()
        }
        guard !pending.isEmpty else { return nil }
        defer { pending.removeAll(keepingCapacity: true) }
        return pending
    }

    private func readBlock() throws(LedgerError) {
        // `UTF8Stream` looks for the byte order mark in the first block only: it must hold
        // all three bytes of it when the file does.
        let size = bytesRead == 0 ? max(blockBytes, UTF8Text.byteOrderMark.count) : blockBytes
        var block = [UInt8](repeating: 0, count: size)
        let count = block.withUnsafeMutableBytes { fread($0.baseAddress, 1, size, handle) }
        if count == 0 {
            if ferror(handle) != 0 {
                throw LedgerError(.invalidFile, "cannot be read to its end (an I/O error)", at: SourceLocation(file: file))
            }
            atEnd = true
            try utf8.finish()
            try take(try scanner.finish())
            close()
            if columns == nil {
                throw LedgerError(.invalidFile, "the file is empty; expected the header line '\(header.joined(separator: ","))' followed by \(nothing)",
                                  at: SourceLocation(file: file))
            }
            if dataRecords == 0 { throw LedgerError(.invalidFile, "the file has a header but no \(headerOnly)", at: SourceLocation(file: file)) }
            return
        }
        bytesRead += count
        // Moved out of the object for the block, as in `JournalCSVStream`: a stored property
        // mutated per byte pays an exclusivity check per byte.
        var local = scanner
        scanner = CSVScanner(file: file)
        for byte in try utf8.check(block[..<count]) { try local.consume(byte) }
        let records = local.drain()
        scanner = local
        try take(records)
    }

    private func take(_ records: [CSVRecord]) throws(LedgerError) {
        for record in records {
            guard let columns else {
                columns = try CSVColumns(header: record, required: header, optional: optional, file: file)
                continue
            }
            try columns.requireWidth(of: record)
            pending.append(record)
            dataRecords += 1
        }
    }
}
