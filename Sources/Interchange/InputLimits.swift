import LedgerCore

/// How much of each shape a reader takes before it refuses a file (docs/file-formats.md,
/// "Limits"). Each is far above what a real file holds and low enough that a hostile file
/// cannot exhaust the stack (nesting) or memory (counts and lengths) before it is refused.
public enum InputLimits {
    /// Bytes in one physical line of a CSV or MT940 file.
    public static let lineBytes = 65_536
    /// Bytes in one CSV field or one XML element's text: ten times the longest free-text
    /// field of the bank formats (camt.053 Max500Text... in UTF-8, MT940's 6 x 65 characters).
    public static let fieldBytes = 4_096
    /// Nesting depth of XML elements (camt.053 goes 12 deep), YAML and JSON collections.
    public static let depth = 64
    /// Elements of one XML file: a 100,000-line statement needs about 3 million.
    public static let xmlElements = 5_000_000
    /// Bytes of a YAML or JSON file (group, scenario, policy, decisions, template, override).
    public static let documentBytes = 16 * 1024 * 1024

    /// The first line of `bytes` (1-based) longer than `lineBytes`, if any. A line ends in
    /// LF, CRLF or CR (MT940 files come with any of them).
    static func firstLongLine(_ bytes: ArraySlice<UInt8>) -> Int? {
        var line = 1
        var length = 0
        var previous: UInt8 = 0
        for byte in bytes {
            defer { previous = byte }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if !(byte == UInt8(ascii: "\n") && previous == UInt8(ascii: "\r")) { line += 1 }
                length = 0
            } else {
                length += 1
                if length > lineBytes { return line }
            }
        }
        return nil
    }

    static func tooLongLine(_ line: Int, file: String) -> LedgerError {
        LedgerError(.invalidFile, "the line is longer than \(lineBytes) bytes; no line of this format is that long (is it the right file?)",
                    at: SourceLocation(file: file, line: line))
    }

    static func tooLarge(_ count: Int, file: String, code: LedgerError.Code) -> LedgerError {
        LedgerError(code, "the file has \(count) bytes; files of this format are read whole, up to \(documentBytes) bytes",
                    at: SourceLocation(file: file))
    }
}

/// JSON read by `close` (an edited proposal for `close override`): without its byte order
/// mark, within `documentBytes`, nested at most `depth` deep (the decoder recurses).
public enum JSONInput {
    public static func body(_ bytes: [UInt8], file: String) throws(LedgerError) -> [UInt8] {
        guard bytes.count <= InputLimits.documentBytes else { throw InputLimits.tooLarge(bytes.count, file: file, code: .invalidFile) }
        let body = Array(UTF8Text.droppingByteOrderMark(bytes))
        var depth = 0, line = 1
        var inString = false, escaped = false
        for byte in body {
            if byte == UInt8(ascii: "\n") { line += 1 }
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                guard depth <= InputLimits.depth else {
                    throw LedgerError(.invalidFile, "the JSON nests more than \(InputLimits.depth) levels deep here", at: SourceLocation(file: file, line: line))
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return body
    }
}
