import LedgerCore

/// File bytes to text. Files are UTF-8, optionally with a byte order mark (spreadsheet
/// programs add one). Anything else is refused with the line it happens on, because a
/// silently replaced byte would change a description or, worse, an account code.
enum UTF8Text {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    static let lineFeed = UInt8(ascii: "\n")

    static func droppingByteOrderMark(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        bytes.starts(with: byteOrderMark) ? bytes.dropFirst(byteOrderMark.count) : bytes[...]
    }

    /// Checks line by line so the error can name the line (a UTF-8 sequence never
    /// contains a line feed byte, so splitting first is safe). A NUL byte is valid UTF-8; it
    /// is refused field by field with the other control characters (`SafeText.check`, which
    /// names the field too): SQLite reads a stored text only up to it, so the audit hash of
    /// what was imported could never verify again (found by fuzzing, docs/fuzzing.md).
    static func requireValid(_ bytes: ArraySlice<UInt8>, file: String) throws(LedgerError) {
        var line = 1
        for lineBytes in bytes.split(separator: lineFeed, omittingEmptySubsequences: false) {
            guard String(validating: lineBytes, as: UTF8.self) != nil else {
                throw LedgerError(.invalidFile, "the line is not valid UTF-8 text (save the file as UTF-8)",
                                  at: SourceLocation(file: file, line: line))
            }
            line += 1
        }
    }

    /// The text of a whole file, without its byte order mark.
    static func decode(_ bytes: [UInt8], file: String) throws(LedgerError) -> String {
        let body = droppingByteOrderMark(bytes)
        try requireValid(body, file: file)
        return String(decoding: body, as: UTF8.self)
    }
}
