import Foundation
import LedgerCore

extension MT940Reader {
    /// `read` for a file on disk of any size (`close bank import`): the file is read in
    /// blocks, cut into lines and messages as it comes, and each message, once ended, is read
    /// into a statement with its issues, given to `take` and dropped. The problems outside any
    /// statement go with the next statement (or, after the last, alone), each batch ordered by
    /// line as `read` orders them. The file's own problems (a line too long, no `:20:` at all)
    /// throw, after the statements before them were taken: the caller's transaction must roll
    /// them back. What `take` throws stops the reading; `progress` gets the bytes read.
    public static func stream(path: String, group: GroupDefinition, account: BankAccount?, blockBytes: Int = 1 << 20,
                              progress: (_ bytes: Int) -> Void = { _ in },
                              take: (BankStatement?, [BankFileIssue]) throws -> Void) throws {
        let lines = try MT940LineStream(path: path, blockBytes: blockBytes)
        var layout = MT940LayoutBuilder()
        var ids = MT940StatementIDs()
        var strays: [BankFileIssue] = []
        var messages = 0
        func hand(_ finished: [MT940Message]) throws {
            for message in finished {
                messages += 1
                var issues = strays
                strays = []
                let id = ids.next(message, file: path, issues: &issues)
                var reader = MT940StatementReader(message: message, id: id, file: path, group: group, override: account)
                let statement = reader.read()
                issues += reader.issues
                try take(statement, byLine(issues))
            }
        }
        while let batch = try lines.next() {
            for line in batch { layout.add(line) }
            let (finished, fields, binaryLines) = layout.take()
            strays += strayIssues(fields, binaryLines, file: path)
            try hand(finished)
            progress(lines.bytesRead)
        }
        layout.finish()
        let (finished, fields, binaryLines) = layout.take()
        strays += strayIssues(fields, binaryLines, file: path)
        try hand(finished)
        guard messages > 0 else { throw noStatement(file: path) }
        if !strays.isEmpty { try take(nil, byLine(strays)) }
    }

    /// Ordered by line, in the order found within a line: as `read` sorts the whole file's.
    static func byLine(_ issues: [BankFileIssue]) -> [BankFileIssue] {
        issues.enumerated().sorted { ($0.element.location.line ?? 0, $0.offset) < ($1.element.location.line ?? 0, $1.offset) }.map(\.element)
    }
}

/// The statement ids of a file's messages, one at a time: `:20:` + "/" + `:28C:`, unique
/// within the file (a repeated one gets the closing date, then a counter, added, with a note).
struct MT940StatementIDs {
    private var firstLine: [String: Int] = [:]
    private var ids: Set<String> = []

    mutating func next(_ message: MT940Message, file: String, issues: inout [BankFileIssue]) -> String {
        let base = message.rawID
        var id = base
        if let first = firstLine[base] {
            id = message.closingDateText.map { "\(base)/\($0)" } ?? base
            var counter = 2
            while firstLine[id] != nil || ids.contains(id) {
                id = "\(base)#\(counter)"
                counter += 1
            }
            issues.append(BankFileIssue(location: SourceLocation(file: file, line: message.line, field: ":20:"),
                                        message: "statement id \(base) was already used by the statement on line \(first); this one is read as \(id)",
                                        statement: id, blocking: false))
        }
        if firstLine[id] == nil { firstLine[id] = message.line }
        if firstLine[base] == nil { firstLine[base] = message.line }
        ids.insert(id)
        return id
    }
}

/// An MT940 file read in blocks and cut into lines as `MT940Text.lines` cuts a whole file (at
/// LF, CRLF or CR, the byte order mark dropped); a line longer than `InputLimits.lineBytes`
/// is refused at its number.
final class MT940LineStream {
    let file: String
    private let blockBytes: Int
    private let handle: UnsafeMutablePointer<FILE>
    private var closed = false
    private var pending: [UInt8] = []
    /// The last block ended in CR: a LF first in the next one belongs to it.
    private var afterCarriageReturn = false
    private var count = 0
    private(set) var bytesRead = 0

    init(path: String, blockBytes: Int) throws(LedgerError) {
        handle = try InputFile.openForReading(atPath: path)
        file = path
        self.blockBytes = max(1, blockBytes)
    }

    deinit { close() }

    private func close() {
        guard !closed else { return }
        closed = true
        fclose(handle)
    }

    /// The lines completed by the next block (possibly none), nil after the last.
    func next() throws(LedgerError) -> [MT940Line]? {
        guard !closed else { return nil }
        // The first block holds the whole byte order mark when there is one.
        let size = bytesRead == 0 ? max(blockBytes, UTF8Text.byteOrderMark.count) : blockBytes
        var block = [UInt8](repeating: 0, count: size)
        let read = block.withUnsafeMutableBytes { fread($0.baseAddress, 1, size, handle) }
        var lines: [MT940Line] = []
        if read == 0 {
            if ferror(handle) != 0 {
                throw LedgerError(.invalidFile, "cannot be read to its end (an I/O error)", at: SourceLocation(file: file))
            }
            close()
            if !pending.isEmpty { lines.append(MT940Text.line(pending[...], number: count + 1)) }
            return lines
        }
        var body = block[..<read]
        if bytesRead == 0, body.starts(with: UTF8Text.byteOrderMark) { body = body.dropFirst(UTF8Text.byteOrderMark.count) }
        bytesRead += read
        var line = pending  // moved out of the object for the block, as the CSV streams do
        pending = []
        for byte in body {
            if afterCarriageReturn {
                afterCarriageReturn = false
                if byte == UInt8(ascii: "\n") { continue }
            }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                count += 1
                lines.append(MT940Text.line(line[...], number: count))
                line.removeAll(keepingCapacity: true)
                afterCarriageReturn = byte == UInt8(ascii: "\r")
            } else {
                line.append(byte)
                if line.count > InputLimits.lineBytes { throw InputLimits.tooLongLine(count + 1, file: file) }
            }
        }
        pending = line
        return lines
    }
}
