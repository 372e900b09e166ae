import Foundation
import LedgerCore

/// A CSV file read in blocks of `blockBytes` and handed out as data records in batches, the
/// header checked first: the common part of the streamed imports (goods receipts, rates,
/// bank statement CSV), so that none holds the file, or a String of it, whole. Every check of
/// `CSVReader` applies with the same messages and lines.
final class CSVRecordStream {
    private let blocks: CSVBlocks
    var file: String { blocks.file }
    var blockBytes: Int { blocks.blockBytes }
    private let header: [String]
    private let optional: [String]
    /// What the file holds when it is empty (no header) or has a header only: said in the
    /// format's own words, as its whole-file parser says it.
    private let nothing: String
    private let headerOnly: String
    private var pending: [CSVRecord] = []
    private(set) var columns: CSVColumns?
    private(set) var dataRecords = 0
    /// Bytes read so far (for progress).
    var bytesRead: Int { blocks.bytesRead }

    init(path: String, header: [String], optional: [String] = [], nothing: String, headerOnly: String,
         blockBytes: Int) throws(LedgerError) {
        blocks = try CSVBlocks(path: path, blockBytes: blockBytes)
        self.header = header
        self.optional = optional
        self.nothing = nothing
        self.headerOnly = headerOnly
    }

    func close() { blocks.close() }

    /// At least `count` data records (fewer only at the end of the file), each checked for
    /// the header's width; nil once every record was handed out.
    func next(atLeast count: Int) throws(LedgerError) -> [CSVRecord]? {
        while pending.count < max(1, count) && !blocks.atEnd {
            try readBlock()
        }
        guard !pending.isEmpty else { return nil }
        defer { pending.removeAll(keepingCapacity: true) }
        return pending
    }

    private func readBlock() throws(LedgerError) {
        try take(try blocks.nextRecords())
        guard blocks.atEnd else { return }
        if columns == nil {
            throw LedgerError(.invalidFile, "the file is empty; expected the header line '\(header.joined(separator: ","))' followed by \(nothing)",
                              at: SourceLocation(file: file))
        }
        if dataRecords == 0 { throw LedgerError(.invalidFile, "the file has a header but no \(headerOnly)", at: SourceLocation(file: file)) }
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
