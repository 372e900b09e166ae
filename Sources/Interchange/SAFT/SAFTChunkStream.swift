import Foundation
import LedgerCore

/// A SAF-T file read on a thread of its own, its entries handed out chunk by chunk: the
/// import posts one chunk while the next is read, instead of reading and posting in turn.
/// At most `capacity` chunks wait, so memory stays bounded by a few chunks whatever the
/// file's size. The order of events is the file's: every chunk read before a problem is
/// handed out before the problem is thrown, so an import refuses a file at the same place,
/// with the same error, as reading and posting in turn would.
public final class SAFTChunkStream: @unchecked Sendable {
    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    private var waiting: [SAFTChunk] = []
    /// Chunks posted and handed back, freed by the reading thread (see `recycle`).
    private var spent: [SAFTChunk] = []
    private var outcome: Result<SAFTBooks, LedgerError>?
    private var cancelled = false
    private let capacity: Int

    /// Starts reading the file at `path`.
    public init(path: String, options: SAFTOptions, capacity: Int = 2) {
        self.capacity = max(1, capacity)
        let thread = Thread { [self] in self.read(path: path, options: options) }
        thread.name = "close.saft-reader"
        thread.start()
    }

    private func read(path: String, options: SAFTOptions) {
        let outcome: Result<SAFTBooks, LedgerError>
        do {
            outcome = .success(try SAFTReader.read(path: path, options: options) { (chunk: SAFTChunk) throws(LedgerError) in
                try self.hand(chunk)
            })
        } catch {
            outcome = .failure(error)
        }
        condition.lock()
        self.outcome = outcome
        condition.broadcast()
        condition.unlock()
    }

    /// Called on the reading thread: waits while `capacity` chunks wait. Frees the chunks
    /// handed back since the last call, outside the lock.
    private func hand(_ chunk: SAFTChunk) throws(LedgerError) {
        condition.lock()
        let freed = spent
        spent = []
        while waiting.count >= capacity && !cancelled { condition.wait() }
        if cancelled {
            condition.unlock()
            throw LedgerError(.invalidFile, "the reading was stopped")
        }
        waiting.append(chunk)
        condition.broadcast()
        condition.unlock()
        _ = consume freed
    }

    /// Hands a posted chunk back, for the reading thread to free when it hands out its next:
    /// freeing a chunk's thousands of strings and arrays was a twentieth of the posting
    /// thread's time, and that thread is the import's longest.
    public func recycle(_ chunk: consuming SAFTChunk) {
        condition.lock()
        spent.append(chunk)
        condition.unlock()
    }

    /// The next chunk, nil after the last; a problem in the file is thrown once the chunks
    /// read before it have been handed out.
    public func next() throws(LedgerError) -> SAFTChunk? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty && outcome == nil { condition.wait() }
        if !waiting.isEmpty {
            let chunk = waiting.removeFirst()
            condition.broadcast()
            return chunk
        }
        if case .failure(let error) = outcome { throw error }
        return nil
    }

    /// What the file holds besides its entries, once every chunk has been handed out.
    public func books() throws(LedgerError) -> SAFTBooks {
        condition.lock()
        defer { condition.unlock() }
        while outcome == nil { condition.wait() }
        switch outcome {
        case .success(let books): return books
        case .failure(let error): throw error
        case nil: throw LedgerError(.invalidFile, "the file was not read to its end")
        }
    }

    /// Stops the reading (the import failed) and waits until the reading thread has let go
    /// of the file.
    public func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while outcome == nil { condition.wait() }
        waiting.removeAll()
        condition.unlock()
    }
}
