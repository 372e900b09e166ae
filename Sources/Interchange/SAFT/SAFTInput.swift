import Foundation
import LedgerCore

/// Checks a SAF-T file is UTF-8 before XMLParser sees it: Foundation's XMLParser traps on an
/// element name that is not valid UTF-8 (found by fuzz-saft), so bytes that are not UTF-8 are
/// refused first, naming their line. A file is checked in 1 MiB blocks, never held whole.
enum SAFTInput {
    static func requireUTF8(_ bytes: [UInt8], file: String) throws(LedgerError) {
        if let line = firstInvalidLine(bytes[...]) { throw refusal(file, line) }
    }

    static func requireUTF8(path: String) throws(LedgerError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var line = 1
        while true {
            let data = (try? handle.read(upToCount: 1 << 20)) ?? nil
            let atEnd = data?.isEmpty ?? true
            var block = pending
            if let data { block.append(contentsOf: data) }
            // Keep back a sequence the next block may finish: continuation bytes at the end
            // and the lead byte before them.
            var keep = 0
            if !atEnd {
                var index = block.count - 1, seen = 0
                while index >= 0, seen < 3, block[index] & 0xC0 == 0x80 { index -= 1; seen += 1 }
                if index >= 0, block[index] >= 0xC0 { keep = block.count - index }
            }
            let body = block[..<(block.count - keep)]
            if let offset = firstInvalidLine(body) { throw refusal(path, line + offset - 1) }
            line += body.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            pending = Array(block.suffix(keep))
            if atEnd { return }
        }
    }

    /// The line (from 1) of the first byte that is not part of valid UTF-8, or nil.
    static func firstInvalidLine(_ bytes: ArraySlice<UInt8>) -> Int? {
        if bytes.withContiguousStorageIfAvailable({ String(validating: $0, as: UTF8.self) != nil }) == true { return nil }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput: return nil
            case .error: return line
            }
        }
    }

    private static func refusal(_ file: String, _ line: Int) -> LedgerError {
        LedgerError(.invalidFile, "the file has bytes that are not valid UTF-8; SAF-T files are UTF-8", at: SourceLocation(file: file, line: line))
    }
}
