import Foundation
import LedgerCore

/// Reads a journal's next chunk on its own thread while the caller posts the one before:
/// parsing and posting overlap instead of taking turns (they were a third and two thirds of
/// an import's time). At most one chunk waits ready, so memory stays bounded by three chunks:
/// the one posted, the one ready and the one being read.
public final class JournalChunkPrefetcher: @unchecked Sendable {
    private let stream: JournalCSVStream
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var ready: [Result<ParsedJournal?, LedgerError>] = []
    private var stopped = false
    private var bytes = 0

    /// Starts reading `stream` at once; the stream must not be used elsewhere afterwards.
    public init(_ stream: JournalCSVStream) {
        self.stream = stream
        let thread = Thread { [self] in self.readAhead() }
        thread.stackSize = 1 << 22
        thread.start()
    }

    /// The next chunk, nil after the last; the stream's first problem is thrown here, in order.
    public func next() throws(LedgerError) -> ParsedJournal? {
        condition.lock()
        while ready.isEmpty { condition.wait() }
        let result = ready.removeFirst()
        condition.broadcast()
        condition.unlock()
        return try result.get()
    }

    /// Bytes of the file read so far (for progress).
    public var bytesRead: Int {
        condition.lock()
        defer { condition.unlock() }
        return bytes
    }

    /// Stops reading (the import was refused or is done); the file is closed.
    public func cancel() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    deinit { cancel() }

    private func readAhead() {
        defer { stream.close() }
        while true {
            let result: Result<ParsedJournal?, LedgerError>
            do throws(LedgerError) {
                result = .success(try stream.next())
            } catch {
                result = .failure(error)
            }
            condition.lock()
            while ready.count >= 1 && !stopped { condition.wait() }
            if stopped {
                condition.unlock()
                return
            }
            ready.append(result)
            bytes = stream.bytesRead
            condition.broadcast()
            condition.unlock()
            if case .success(.some) = result { continue }
            return  // the end, or the first problem
        }
    }
}
