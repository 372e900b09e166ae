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
        for byte in body {
            try scanner.consume(byte)
        }
        return try scanner.finish()
    }
}

/// The byte-at-a-time state machine behind `CSVReader` and `JournalCSVStream`.
struct CSVScanner {
    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    let file: String
    private var state = State.fieldStart
    private var line = 1
    private var lineLength = 0
    private var recordLine = 1
    private var quoteLine = 1
    private var recordStarted = false
    /// A CR outside quotes must be followed by LF.
    private var carriageReturnPending = false
    /// A CR inside quotes is kept unless an LF follows (CRLF reads as LF).
    private var carriageReturnInQuotes = false
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var records: [CSVRecord] = []

    init(file: String) {
        self.file = file
    }

    mutating func consume(_ byte: UInt8) throws(LedgerError) {
        if carriageReturnPending {
            guard byte == Self.lineFeed else {
                throw failure(line, "a carriage return (CR) is not followed by a line feed; lines must end in LF or CRLF")
            }
            carriageReturnPending = false
        }
        if carriageReturnInQuotes {
            carriageReturnInQuotes = false
            if byte != Self.lineFeed { field.append(Self.carriageReturn) }
        }
        switch state {
        case .fieldStart: try consumeAtFieldStart(byte)
        case .unquoted: try consumeUnquoted(byte)
        case .quoted: consumeQuoted(byte)
        case .quoteInQuoted: try consumeAfterQuoteInQuoted(byte)
        }
        // Bounded: a hostile file must not grow one field or line without end.
        if field.count > InputLimits.fieldBytes {
            throw failure(line, "field \(fields.count + 1) is longer than \(InputLimits.fieldBytes) bytes")
        }
        if byte == Self.lineFeed {
            line += 1
            lineLength = 0
        } else {
            lineLength += 1
            if lineLength > InputLimits.lineBytes {
                throw failure(line, "the line is longer than \(InputLimits.lineBytes) bytes")
            }
        }
    }

    /// The records completed so far, handed over and forgotten: a stream keeps only the
    /// records of the block it is reading.
    mutating func drain() -> [CSVRecord] {
        defer { records.removeAll(keepingCapacity: true) }
        return records
    }

    mutating func finish() throws(LedgerError) -> [CSVRecord] {
        if carriageReturnPending {
            throw failure(line, "the file ends with a carriage return (CR) not followed by a line feed")
        }
        switch state {
        case .quoted:
            throw failure(quoteLine, "field \(fields.count + 1) opens a quote on line \(quoteLine) that is never closed")
        case .fieldStart:
            if recordStarted { endRecord() }
        case .unquoted, .quoteInQuoted:
            endRecord()
        }
        return records
    }

    private mutating func consumeAtFieldStart(_ byte: UInt8) throws(LedgerError) {
        switch byte {
        case Self.lineFeed:
            if recordStarted { endRecord() }  // else: a blank line, skipped
        case Self.carriageReturn:
            carriageReturnPending = true
        default:
            if !recordStarted {
                recordStarted = true
                recordLine = line
            }
            switch byte {
            case Self.quote:
                quoteLine = line
                state = .quoted
            case Self.comma:
                endField()
            default:
                field.append(byte)
                state = .unquoted
            }
        }
    }

    private mutating func consumeUnquoted(_ byte: UInt8) throws(LedgerError) {
        switch byte {
        case Self.comma: endField()
        case Self.lineFeed: endRecord()
        case Self.carriageReturn: carriageReturnPending = true
        case Self.quote:
            throw failure(line, "field \(fields.count + 1) has a quote (\") inside unquoted text; enclose the whole field in quotes and double the quotes inside it (\"\")")
        default: field.append(byte)
        }
    }

    private mutating func consumeQuoted(_ byte: UInt8) {
        switch byte {
        case Self.quote: state = .quoteInQuoted
        case Self.carriageReturn: carriageReturnInQuotes = true
        default: field.append(byte)
        }
    }

    private mutating func consumeAfterQuoteInQuoted(_ byte: UInt8) throws(LedgerError) {
        switch byte {
        case Self.quote:
            field.append(Self.quote)  // "" is one quote
            state = .quoted
        case Self.comma: endField()
        case Self.lineFeed: endRecord()
        case Self.carriageReturn: carriageReturnPending = true
        default:
            throw failure(line, "field \(fields.count + 1) has text after its closing quote; expected a comma or the end of the line")
        }
    }

    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        state = .fieldStart
    }

    private mutating func endRecord() {
        endField()
        records.append(CSVRecord(line: recordLine, fields: fields))
        fields.removeAll(keepingCapacity: true)
        recordStarted = false
    }

    private func failure(_ line: Int, _ message: String) -> LedgerError {
        LedgerError(.invalidFile, "not valid CSV: \(message)", at: SourceLocation(file: file, line: line))
    }
}
