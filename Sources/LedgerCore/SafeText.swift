/// Text from outside (files, arguments, older ledgers) that must not drive a terminal.
///
/// The ledger refuses control characters (Unicode category Cc: C0, DEL and C1) other than
/// tab in every text field it imports, because an escape sequence in a description can
/// recolour, retitle or hide what an approver sees, and a NUL cuts text short in C APIs.
/// Whatever is printed still goes through `visible`, the one function that shows such
/// characters as `\u{1B}` instead of sending them: text stored by an older ledger, file
/// names, and messages that quote what a file held.
public enum SafeText {
    /// A control character the ledger refuses in text: every Cc scalar except tab.
    public static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && value != 0x09) || (0x7F...0x9F).contains(value)
    }

    /// The first refused character and its position (1-based, in characters as written).
    public static func firstRefused(in text: String) -> (scalar: Unicode.Scalar, position: Int)? {
        // The common case, plain printable ASCII, without decoding anything: a loop over the
        // String's bytes in place (`allSatisfy` on the UTF8View stepped an index per byte, and
        // every text field of every imported line comes through here).
        if isPlainASCII(text) { return nil }
        for (offset, scalar) in text.unicodeScalars.enumerated() where isRefused(scalar) {
            return (scalar, offset + 1)
        }
        return nil
    }

    /// Whether `text` is printable ASCII and tab only, which needs no closer look.
    @inline(__always)
    static func isPlainASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for byte in bytes where !(byte >= 0x20 && byte < 0x7F || byte == 0x09) { return false }
            return true
        }
    }

    /// `U+001B (escape)`: how an error names a refused character without printing it.
    public static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        let names: [UInt32: String] = [0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x0A: "line feed",
                                       0x0D: "carriage return", 0x1B: "escape", 0x7F: "delete", 0x9B: "CSI"]
        return names[scalar.value].map { "\(code) (\($0))" } ?? code
    }

    /// Refuses text holding a control character; the error names the character and its
    /// position, never the text itself. The caller places it (file, line, field).
    public static func check(_ text: String, field: String, code: LedgerError.Code = .invalidText) throws(LedgerError) {
        guard let (scalar, position) = firstRefused(in: text) else { return }
        throw LedgerError(code, "\(field) has the control character \(name(scalar)) at character \(position); control characters other than tab are not allowed in text",
                          at: SourceLocation(field: field))
    }

    /// The text with every control character shown as `\u{XX}` (ESC is `\u{1B}`). Tab is
    /// kept; line feeds are kept when `keepingLineBreaks`, for whole messages, and shown
    /// otherwise (a table cell, a one-line field).
    public static func visible(_ text: String, keepingLineBreaks: Bool = false) -> String {
        // Fast path: printable ASCII, tab (and line feeds when kept) need nothing.
        if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 || (keepingLineBreaks && $0 == 0x0A) }) {
            return text
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isRefused(scalar), !(keepingLineBreaks && scalar == "\n") {
                out.append(contentsOf: ("\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}").unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// At most `limit` characters of the first line of `text`, visible, with "..." when
    /// cut: how an error quotes what a file held, never more than the offending value.
    public static func excerpt(_ text: String, limit: Int = 60) -> String {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        let cut = firstLine.count > limit || firstLine.endIndex != text.endIndex
        return visible(String(firstLine.prefix(limit))) + (cut ? "..." : "")
    }
}
