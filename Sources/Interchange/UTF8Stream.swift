import LedgerCore

/// `UTF8Text.requireValid` for a file read in blocks: a block may end inside a line, so the
/// unfinished line is kept and checked with the block that completes it. A line is never
/// longer than `InputLimits.lineBytes`, which bounds what is kept.
struct UTF8Stream {
    let file: String
    private var line = 1
    private var pending: [UInt8] = []
    private var started = false

    init(file: String) { self.file = file }

    /// Checks `block` and returns the bytes to parse (the byte order mark of the file dropped).
    mutating func check(_ block: ArraySlice<UInt8>) throws(LedgerError) -> ArraySlice<UInt8> {
        var body = block
        if !started {
            // The mark is three bytes; a first block shorter than it is the whole file.
            started = true
            if body.starts(with: UTF8Text.byteOrderMark) { body = body.dropFirst(UTF8Text.byteOrderMark.count) }
        }
        var start = body.startIndex
        // Most files are ASCII: their complete lines need no decoding, only counting. The
        // lines of a block with any other byte are checked one by one, as they always were.
        if let lastLineFeed = body.lastIndex(of: UTF8Text.lineFeed), Self.isASCII(pending[...]),
           let lineFeeds = Self.lineFeedsIfASCII(body[...lastLineFeed]) {
            pending.removeAll(keepingCapacity: true)
            line += lineFeeds
            start = lastLineFeed + 1
        }
        while let end = body[start...].firstIndex(of: UTF8Text.lineFeed) {
            try requireValid(body[start..<end])
            pending.removeAll(keepingCapacity: true)
            line += 1
            start = end + 1
        }
        pending.append(contentsOf: body[start...])
        guard pending.count <= InputLimits.lineBytes + 4 else {
            throw LedgerError(.invalidFile, "not valid CSV: the line is longer than \(InputLimits.lineBytes) bytes",
                              at: SourceLocation(file: file, line: line))
        }
        return body
    }

    private static func isASCII(_ bytes: ArraySlice<UInt8>) -> Bool {
        lineFeedsIfASCII(bytes) != nil
    }

    /// The number of line feeds in `bytes` when every byte is ASCII (valid UTF-8 as it is),
    /// nil otherwise. One pass, no branch per byte, so the compiler can vectorise it.
    private static func lineFeedsIfASCII(_ bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            var high: UInt8 = 0
            var lineFeeds = 0
            for byte in buffer {
                high |= byte
                lineFeeds &+= byte == UTF8Text.lineFeed ? 1 : 0
            }
            return high < 0x80 ? lineFeeds : nil
        }
    }

    /// The last line, which ends with the file rather than a line feed.
    mutating func finish() throws(LedgerError) {
        try requireValid([])
    }

    private func requireValid(_ tail: ArraySlice<UInt8>) throws(LedgerError) {
        let whole = pending.isEmpty ? tail : (pending + tail)[...]
        guard String(validating: whole, as: UTF8.self) != nil else {
            throw LedgerError(.invalidFile, "the line is not valid UTF-8 text (save the file as UTF-8)",
                              at: SourceLocation(file: file, line: line))
        }
    }
}
