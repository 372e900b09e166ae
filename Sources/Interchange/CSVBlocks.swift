import Foundation
import LedgerCore

/// A CSV file read `blockBytes` at a time, its records handed out as each block completes
/// them: the reading that the streamed readers (`CSVRecordStream`, `JournalCSVStream`) share.
/// UTF-8 is checked and a byte order mark dropped as the bytes go (`UTF8Stream`); the file is
/// closed at its end, by `close()`, or when the reader goes.
final class CSVBlocks {
    let file: String
    let blockBytes: Int
    private let handle: UnsafeMutablePointer<FILE>
    private var closed = false
    private var utf8: UTF8Stream
    private var scanner: CSVScanner
    /// Every record was handed out.
    private(set) var atEnd = false
    /// Bytes read so far (for progress).
    private(set) var bytesRead = 0

    init(path: String, blockBytes: Int) throws(LedgerError) {
        handle = try InputFile.openForReading(atPath: path)
        file = path
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

    /// The records the next block completes (often none for a small block); at the end of
    /// the file, the last ones, after which `atEnd` is true.
    func nextRecords() throws(LedgerError) -> [CSVRecord] {
        try nextFields().records
    }

    /// `nextRecords` as byte ranges: no `String` made for any field (`JournalCSVStream`).
    func nextFields() throws(LedgerError) -> CSVFields {
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
            let last = try scanner.finish()
            close()
            return last
        }
        bytesRead += count
        // The scanner is moved out of the object for the block: a class's stored property
        // mutated per byte pays the runtime's exclusivity check per byte.
        var local = scanner
        scanner = CSVScanner(file: file)
        let body = try utf8.check(block[..<count])
        let scanned: Result<Void, LedgerError> = body.withUnsafeBufferPointer { buffer in
            do throws(LedgerError) { return .success(try local.consume(buffer)) } catch { return .failure(error) }
        }
        try scanned.get()
        let records = local.drain()
        scanner = local
        return records
    }
}
