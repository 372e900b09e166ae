import Foundation
import LedgerCore

/// The checks `Camt053Reader.Tree.parse` makes on a whole file before the XML parser sees it,
/// made on the file read in blocks, in one pass, for the streamed import: not empty, not
/// UTF-16 or UTF-32, some XML, valid UTF-8 (the parser traps on names that are not), declared
/// UTF-8 if declared at all, no DOCTYPE. The first failure is reported in the order `parse`
/// checks, with the same message and line.
enum XMLFileCheck {
    /// The start of the file kept for the checks that look at its beginning only.
    private static let headBytes = 1 << 16

    /// The file's number of lines (for progress), once every check passed.
    static func check(path: String, file: String, blockBytes: Int) throws(LedgerError) -> Int {
        func refuse(_ message: String, line: Int? = nil) -> LedgerError {
            LedgerError(.invalidFile, message, at: SourceLocation(file: file, line: line))
        }
        let handle = try InputFile.openForReading(atPath: path)
        defer { fclose(handle) }
        var head: [UInt8] = []
        var sawAngle = false
        var utf8 = BlockUTF8()
        var prolog = PrologScan()
        var block = [UInt8](repeating: 0, count: max(1, blockBytes))
        while true {
            let count = block.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
            if count == 0 {
                if ferror(handle) != 0 { throw refuse("cannot be read to its end (an I/O error)") }
                break
            }
            let bytes = block[..<count]
            if head.count < headBytes { head += bytes.prefix(headBytes - head.count) }
            if !sawAngle { sawAngle = bytes.contains(UInt8(ascii: "<")) }
            utf8.take(bytes)
            prolog.take(bytes)
        }
        utf8.finish()
        guard !head.isEmpty else { throw refuse("the file is empty; expected a camt.053 XML document") }
        if head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE]) || head.prefix(4).contains(0) {
            throw refuse("the file is UTF-16 or UTF-32; camt.053 files are UTF-8")
        }
        guard sawAngle else { throw refuse("the file holds no XML (there is no '<' in it); expected a camt.053 XML document") }
        if let line = utf8.firstInvalidLine {
            throw refuse("the file has bytes that are not valid UTF-8; camt.053 files are UTF-8", line: line)
        }
        if let encoding = Camt053Reader.Tree.declaredEncoding(head), !["UTF-8", "UTF8"].contains(encoding.uppercased()) {
            throw refuse("the file declares encoding '\(encoding)'; camt.053 files are UTF-8", line: 1)
        }
        if prolog.doctype { throw refuse("the file declares a DOCTYPE; camt.053 messages have none, and DTDs are refused") }
        return utf8.line
    }

    /// UTF-8 checked block by block: a character cut by the end of a block is kept for the
    /// next one. Counts lines, to name the one of the first invalid byte.
    private struct BlockUTF8 {
        private(set) var line = 1
        private(set) var firstInvalidLine: Int?
        private var carried: [UInt8] = []

        mutating func take(_ block: ArraySlice<UInt8>) {
            guard firstInvalidLine == nil else { return }
            let bytes = carried + block
            let cut = Self.completeEnd(bytes)
            let whole = bytes[..<cut]
            if String(validating: whole, as: UTF8.self) == nil {
                firstInvalidLine = line - 1 + (Camt053Reader.Tree.firstInvalidUTF8Line(Array(whole)) ?? 1)
                return
            }
            line += whole.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            carried = Array(bytes[cut...])
        }

        mutating func finish() {
            if firstInvalidLine == nil, !carried.isEmpty { firstInvalidLine = line }
        }

        /// Where the last complete character ends: before a lead byte whose sequence the
        /// bytes do not finish (at most three bytes are held back).
        private static func completeEnd(_ bytes: [UInt8]) -> Int {
            var index = bytes.count - 1
            while index >= 0, index >= bytes.count - 4 {
                let byte = bytes[index]
                if byte & 0xC0 != 0x80 {
                    let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                    return bytes.count - index < length ? index : bytes.count
                }
                index -= 1
            }
            return bytes.count
        }
    }

    /// `<!DOCTYPE` before the first start tag, looked for across blocks (the last bytes of a
    /// block are looked at again with the next, so a mark cut in two is found).
    private struct PrologScan {
        private(set) var doctype = false
        private var done = false
        private var carried: [UInt8] = []
        private static let mark = Array("<!DOCTYPE".utf8)

        mutating func take(_ block: ArraySlice<UInt8>) {
            guard !done else { return }
            let bytes = carried + block
            var index = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count {
                    let next = bytes[index + 1]
                    if next != UInt8(ascii: "?") && next != UInt8(ascii: "!") {
                        done = true
                        return
                    }
                    if bytes[index...].starts(with: Self.mark) {
                        doctype = true
                        done = true
                        return
                    }
                }
                index += 1
            }
            carried = Array(bytes.suffix(Self.mark.count))
        }
    }
}
