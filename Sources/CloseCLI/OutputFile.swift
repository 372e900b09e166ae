import Foundation
import LedgerCore

/// Where an export goes: the file `--out` names (replaced whole, or not at all if writing
/// fails), else standard output. Writes are buffered so a million-line export makes few
/// system calls. Exports are files for other tools: the text is written as it is, never
/// through `Terminal` (their writers already keep control characters out).
final class OutputFile {
    private let handle: FileHandle
    private let path: String?
    private let temporary: String?
    private var buffer: [UInt8] = []

    init(_ path: String?) throws {
        self.path = path
        guard let path else {
            handle = FileHandle.standardOutput
            temporary = nil
            return
        }
        let temporary = path + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary) else {
            throw LedgerError(.invalidFile, "cannot write \(path)", at: SourceLocation(file: path))
        }
        self.handle = handle
        self.temporary = temporary
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and, for a file, moves it into place: a reader never sees half an export.
    func finish() throws {
        try flush()
        guard let path, let temporary else { return }
        try handle.close()
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    }

    /// Removes a partial file after a failure.
    func abandon() {
        guard let temporary else { return }
        try? handle.close()
        try? FileManager.default.removeItem(atPath: temporary)
    }
}
