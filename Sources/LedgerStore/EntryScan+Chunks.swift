import Foundation

/// Posted entries as the reading thread copied them out of SQLite, for the checking thread:
/// each entry's canonical content encoding (`EntryHash.v1`'s bytes) back to back in
/// `content`, its poster and stored hash in `extra`, and per line what the balances need.
/// Offsets, not pointers: a buffer may move as it grows.
final class ScanChunk: @unchecked Sendable {
    struct Entry {
        var id: Int64
        var fiscalYear: Int64
        var number: Int64
        var content: Range<Int>
        /// Where its lines end in `lines` (they start where the previous entry's end).
        var linesEnd: Int
        var entity: Int, entityLength: Int
        var date: Int, dateLength: Int
        var createdBy: Int, createdByLength: Int
        var hash: Int, hashLength: Int
    }

    struct Line {
        var amount: Int64
        var functional: Int64
        var account: Int32, accountLength: Int32
        var currency: Int32, currencyLength: Int32
    }

    let content = ScanBuffer(capacity: 1 << 20)
    let extra = ScanBuffer(capacity: 1 << 16)
    // Unchecked for the reason given in `ScanBuffer`.
    @exclusivity(unchecked) var entries: [Entry] = []
    @exclusivity(unchecked) var lines: [Line] = []
    /// A problem the reader found right after these entries (it stopped reading there).
    var problem: String?

    init() {
        entries.reserveCapacity(EntryScan.chunkEntries)
        lines.reserveCapacity(EntryScan.chunkEntries * 4)
    }

    func reset() {
        content.reset()
        extra.reset()
        entries.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        problem = nil
    }
}

/// Chunks from the reading thread to the checking thread, in order, and back to be reused:
/// a few chunks in flight bound the memory whatever the size of the ledger.
final class ScanChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var full: [ScanChunk] = []
    private var free: [ScanChunk]
    private var closed = false
    private var cancelled = false

    init(spare: Int) {
        free = (0..<spare).map { _ in ScanChunk() }
    }

    /// Reader: an empty chunk to fill, or nil once the checker stopped at a problem.
    func takeFree() -> ScanChunk? {
        condition.lock()
        defer { condition.unlock() }
        while free.isEmpty, !cancelled { condition.wait() }
        return cancelled ? nil : free.removeLast()
    }

    func send(_ chunk: ScanChunk) {
        condition.lock()
        full.append(chunk)
        condition.broadcast()
        condition.unlock()
    }

    /// Reader: no more chunks.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Checker: the next chunk in order, or nil when the reader is done.
    func receive() -> ScanChunk? {
        condition.lock()
        defer { condition.unlock() }
        while full.isEmpty, !closed { condition.wait() }
        return full.isEmpty ? nil : full.removeFirst()
    }

    func recycle(_ chunk: ScanChunk) {
        chunk.reset()
        condition.lock()
        free.append(chunk)
        condition.broadcast()
        condition.unlock()
    }

    /// Checker: it found a problem; the reader can stop.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// What the checking thread hands back when it is done.
final class CheckerBox: @unchecked Sendable {
    var checker: EntryChecker
    var problem: String?

    init(_ checker: EntryChecker) { self.checker = checker }
}
