import Foundation

/// Where `SAFTXMLScanner` gets its bytes, a block at a time: an open file, or bytes already
/// in memory (tests and the fuzzer), which are handed out in blocks too so that they take the
/// same path across block boundaries as a file does.
struct SAFTByteSource {
    private let handle: UnsafeMutablePointer<FILE>?
    private let memory: [UInt8]
    private var offset = 0

    /// The file stays open: whoever opened it closes it.
    init(file handle: UnsafeMutablePointer<FILE>) {
        self.handle = handle
        self.memory = []
    }

    init(bytes: [UInt8]) {
        self.handle = nil
        self.memory = bytes
    }

    /// Reads up to `count` bytes into `target`: how many it read (0 at the end), or nil when
    /// the file cannot be read.
    mutating func read(into target: UnsafeMutablePointer<UInt8>, count: Int) -> Int? {
        if let handle {
            let read = fread(target, 1, count, handle)
            if read == 0 && ferror(handle) != 0 { return nil }
            return read
        }
        let available = min(count, memory.count - offset)
        guard available > 0 else { return 0 }
        let start = offset
        memory.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { target.update(from: base + start, count: available) }
        }
        offset += available
        return available
    }
}

/// The scanner's two buffers, allocated once per file: the bytes read and not yet consumed,
/// and the text of the element being read. Raw memory rather than arrays, so that the loop
/// over each byte does no bounds or uniqueness checks; the scanner keeps every index inside
/// the capacities below (`SAFTXMLScanner.refill` and `appendText` check them).
final class SAFTScanBuffers {
    let bytes: UnsafeMutablePointer<UInt8>
    let bytesCapacity: Int
    let text: UnsafeMutablePointer<UInt8>
    let textCapacity: Int

    init(bytesCapacity: Int, textCapacity: Int) {
        self.bytes = .allocate(capacity: bytesCapacity)
        self.bytesCapacity = bytesCapacity
        self.text = .allocate(capacity: textCapacity)
        self.textCapacity = textCapacity
    }

    deinit {
        bytes.deallocate()
        text.deallocate()
    }
}
