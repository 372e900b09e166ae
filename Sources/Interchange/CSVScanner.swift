import LedgerCore

/// The state machine behind `CSVReader`, `CSVBlocks` and so every CSV reader. Fields go into
/// one byte buffer (`CSVFields`), not a `String` each: most fields of a large file are read
/// once (an amount, a date, a code looked up) and never kept as text.
struct CSVScanner {
    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// Per byte value: 0 plain text, 1 may be a control character (see `CSVRow`), 2 means
    /// something to the scanner (comma, quote, CR, LF). Runs of 0 and 1 inside a field are
    /// copied at once.
    private static let byteClass: [UInt8] = (0...255).map { value -> UInt8 in
        switch UInt8(value) {
        case CSVScanner.comma, CSVScanner.quote, CSVScanner.lineFeed, CSVScanner.carriageReturn: 2
        case 0x09: 0
        case 0x00..<0x20, 0x7F, 0xC2: 1  // 0xC2 leads U+0080...U+00BF, the C1 controls among them
        default: 0
        }
    }

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
    private var done = CSVFields()
    /// Where the field being read starts in `done.text`.
    private var fieldStart = 0
    /// Where the record being read starts: its first field's index and first byte.
    private var recordFirstField = 0
    private var recordTextStart = 0
    private var recordMayHoldControl = false

    init(file: String) {
        self.file = file
    }

    private var fieldLength: Int { done.text.count - fieldStart }
    /// Fields of the record being read that are complete (for "field N" in messages).
    private var fieldsInRecord: Int { done.ends.count - recordFirstField }

    /// Consumes a block: runs of plain bytes inside a field are copied in one go (with the
    /// same limits as byte by byte); everything else goes through `consume(_:)`.
    mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) throws(LedgerError) {
        var index = 0
        let count = bytes.count
        while index < count {
            if state == .unquoted || state == .quoted, !carriageReturnPending, !carriageReturnInQuotes {
                // Stop before the byte that would break a limit: `consume` then refuses it
                // with the message it always gave.
                let budget = min(InputLimits.fieldBytes - fieldLength, InputLimits.lineBytes - lineLength)
                let limit = min(count, index + max(0, budget))
                var end = index
                var control: UInt8 = 0
                while end < limit {
                    let kind = Self.byteClass[Int(bytes[end])]
                    if kind == 2 { break }
                    control |= kind
                    end += 1
                }
                if end > index {
                    done.text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                    lineLength += end - index
                    if control != 0 { recordMayHoldControl = true }
                    index = end
                    continue
                }
            }
            try consume(bytes[index])
            index += 1
        }
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
            if byte != Self.lineFeed { append(Self.carriageReturn) }
        }
        switch state {
        case .fieldStart: try consumeAtFieldStart(byte)
        case .unquoted: try consumeUnquoted(byte)
        case .quoted: consumeQuoted(byte)
        case .quoteInQuoted: try consumeAfterQuoteInQuoted(byte)
        }
        // Bounded: a hostile file must not grow one field or line without end.
        if fieldLength > InputLimits.fieldBytes {
            throw failure(line, "field \(fieldsInRecord + 1) is longer than \(InputLimits.fieldBytes) bytes")
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
    /// records of the block it is reading. The record still being read moves to new buffers.
    mutating func drain() -> CSVFields {
        let carriedText = Array(done.text[recordTextStart...])
        let carriedEnds = done.ends[recordFirstField...].map { $0 - recordTextStart }
        done.text.removeSubrange(recordTextStart...)
        done.ends.removeSubrange(recordFirstField...)
        let drained = done
        done = CSVFields(text: carriedText, ends: carriedEnds, rows: [])
        done.text.reserveCapacity(max(drained.text.count, 1024))
        done.ends.reserveCapacity(drained.ends.count)
        done.rows.reserveCapacity(drained.rows.count)
        fieldStart -= recordTextStart
        recordFirstField = 0
        recordTextStart = 0
        return drained
    }

    mutating func finish() throws(LedgerError) -> CSVFields {
        if carriageReturnPending {
            throw failure(line, "the file ends with a carriage return (CR) not followed by a line feed")
        }
        switch state {
        case .quoted:
            throw failure(quoteLine, "field \(fieldsInRecord + 1) opens a quote on line \(quoteLine) that is never closed")
        case .fieldStart:
            if recordStarted { endRecord() }
        case .unquoted, .quoteInQuoted:
            endRecord()
        }
        return drain()
    }

    private mutating func append(_ byte: UInt8) {
        if Self.byteClass[Int(byte)] == 1 || byte == Self.lineFeed || byte == Self.carriageReturn { recordMayHoldControl = true }
        done.text.append(byte)
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
                append(byte)
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
            throw failure(line, "field \(fieldsInRecord + 1) has a quote (\") inside unquoted text; enclose the whole field in quotes and double the quotes inside it (\"\")")
        default: append(byte)
        }
    }

    private mutating func consumeQuoted(_ byte: UInt8) {
        switch byte {
        case Self.quote: state = .quoteInQuoted
        case Self.carriageReturn: carriageReturnInQuotes = true
        default: append(byte)
        }
    }

    private mutating func consumeAfterQuoteInQuoted(_ byte: UInt8) throws(LedgerError) {
        switch byte {
        case Self.quote:
            append(Self.quote)  // "" is one quote
            state = .quoted
        case Self.comma: endField()
        case Self.lineFeed: endRecord()
        case Self.carriageReturn: carriageReturnPending = true
        default:
            throw failure(line, "field \(fieldsInRecord + 1) has text after its closing quote; expected a comma or the end of the line")
        }
    }

    private mutating func endField() {
        done.ends.append(done.text.count)
        fieldStart = done.text.count
        state = .fieldStart
    }

    private mutating func endRecord() {
        endField()
        done.rows.append(CSVRow(line: recordLine, firstField: recordFirstField, fieldCount: fieldsInRecord,
                                mayHoldControl: recordMayHoldControl))
        recordFirstField = done.ends.count
        recordTextStart = done.text.count
        recordMayHoldControl = false
        recordStarted = false
    }

    private func failure(_ line: Int, _ message: String) -> LedgerError {
        LedgerError(.invalidFile, "not valid CSV: \(message)", at: SourceLocation(file: file, line: line))
    }
}
