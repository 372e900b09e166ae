import LedgerCore

/// One CSV record and the physical line (1-based) it starts on, so errors can point at it
/// even when a quoted field before it spans several lines.
struct CSVRecord: Sendable, Hashable {
    var line: Int
    var fields: [String]
}

/// A strict RFC 4180 reader: fields separated by commas, optionally enclosed in double
/// quotes; a quoted field may hold commas, line breaks and doubled quotes (`""`). Lines end
/// in LF or CRLF; a UTF-8 byte order mark is dropped; blank lines are skipped (they carry no
/// data). Everything else is refused rather than guessed: a quote inside an unquoted field,
/// text after a closing quote, a quote never closed, a bare CR, invalid UTF-8.
/// A CRLF inside a quoted field is read as LF, so a file re-saved with other line endings
/// produces the same text (and the same idempotent payload).
enum CSVReader {
    static func records(_ bytes: [UInt8], file: String) throws(LedgerError) -> [CSVRecord] {
        let body = UTF8Text.droppingByteOrderMark(bytes)
        try UTF8Text.requireValid(body, file: file)
        var scanner = CSVScanner(file: file)
        let scanned: Result<Void, LedgerError> = body.withUnsafeBufferPointer { buffer in
            do throws(LedgerError) { return .success(try scanner.consume(buffer)) } catch { return .failure(error) }
        }
        try scanned.get()
        return try scanner.finish().records
    }
}
