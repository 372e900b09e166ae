/// A stable least-significant-digit radix sort by 64-bit keys, with an optional payload word
/// per key carried along: linear in the count, and every pass streams through memory, where a
/// comparison sort of a million keys costs n log n comparisons and, once the keys outgrow the
/// cache, a cache miss for most of them. Only the bits some key uses are sorted on, in as few
/// digits of at most `digitBits` bits as cover them, and a digit every key shares is skipped.
/// Keys that span less than 2^32 (a month's amounts span 2^25) travel in one word with their
/// position: each pass then moves 8 bytes per key, or 16 with a payload.
enum RadixSort {
    static let digitBits = 8

    /// The positions of `keys` in ascending key order; equal keys keep their position order.
    static func order(_ keys: [UInt64]) -> [Int] { sorted(keys).order.map(Int.init) }

    /// Signed keys in the order of their values.
    static func order(_ keys: [Int64]) -> [Int] { sorted(keys).order.map(Int.init) }

    /// Signed keys, sorted as their distance from the smallest. `payload`, when given, is one
    /// word per key carried along into key order.
    static func sorted(_ keys: [Int64], carrying payload: [UInt64] = []) -> (order: [Int32], keys: [Int64], payload: [UInt64]) {
        precondition(keys.count <= Int(Int32.max), "more than 2^31 keys")
        guard let smallest = keys.min(), let largest = keys.max() else { return ([], [], []) }
        let span = UInt64(bitPattern: largest &- smallest)
        guard span >> 32 == 0 else {
            let sorted = sorted(keys.map { UInt64(bitPattern: $0 &- smallest) })
            return (sorted.order, sorted.keys.map { Int64(bitPattern: $0) &+ smallest }, payload.isEmpty ? [] : sorted.order.map { payload[Int($0)] })
        }
        // The distance from the smallest in the high half, the position in the low half.
        let words = keys.indices.map { UInt64(bitPattern: keys[$0] &- smallest) << 32 | UInt64($0) }
        let sorted = sortWords(words, payload: payload, from: 32, bits: UInt64.bitWidth - span.leadingZeroBitCount)
        return (sorted.words.map { Int32(truncatingIfNeeded: $0) }, sorted.words.map { Int64(bitPattern: $0 >> 32) &+ smallest }, sorted.payload)
    }

    /// Unsigned keys of any width: the position is the payload.
    static func sorted(_ keys: [UInt64]) -> (order: [Int32], keys: [UInt64]) {
        precondition(keys.count <= Int(Int32.max), "more than 2^31 keys")
        let bits = UInt64.bitWidth - keys.reduce(0, |).leadingZeroBitCount
        let sorted = sortWords(keys, payload: keys.indices.map { UInt64($0) }, from: 0, bits: bits)
        return (sorted.payload.map { Int32(truncatingIfNeeded: $0) }, sorted.words)
    }

    /// `words` and `payload` (one per word, or none) in the order of the words' bits `from`
    /// to `from + bits`; equal bits keep their order.
    private static func sortWords(_ words: [UInt64], payload: [UInt64], from lowest: Int, bits: Int) -> (words: [UInt64], payload: [UInt64]) {
        let count = words.count, carries = !payload.isEmpty
        let passes = max(1, (bits + digitBits - 1) / digitBits)
        let width = max(1, (bits + passes - 1) / passes)
        let buckets = 1 << width, mask = UInt64(buckets - 1)
        var histogram = [Int](repeating: 0, count: passes * buckets)
        histogram.withUnsafeMutableBufferPointer { counts in
            for word in words {
                for pass in 0..<passes { counts[pass * buckets + Int((word >> UInt64(lowest + pass * width)) & mask)] += 1 }
            }
        }
        var source = (words: words, payload: payload)
        var target = (words: [UInt64](repeating: 0, count: count), payload: [UInt64](repeating: 0, count: carries ? count : 0))
        for pass in 0..<passes where !histogram[(pass * buckets)..<((pass + 1) * buckets)].contains(count) {
            var next = [Int](repeating: 0, count: buckets)
            var running = 0
            for bucket in 0..<buckets {
                next[bucket] = running
                running += histogram[pass * buckets + bucket]
            }
            let shift = UInt64(lowest + pass * width)
            source.words.withUnsafeBufferPointer { fromWords in
                source.payload.withUnsafeBufferPointer { fromPayload in
                    target.words.withUnsafeMutableBufferPointer { toWords in
                        target.payload.withUnsafeMutableBufferPointer { toPayload in
                            next.withUnsafeMutableBufferPointer { next in
                                for index in 0..<count {
                                    let word = fromWords[index]
                                    let bucket = Int((word >> shift) & mask)
                                    let slot = next[bucket]
                                    toWords[slot] = word
                                    if carries { toPayload[slot] = fromPayload[index] }
                                    next[bucket] = slot + 1
                                }
                            }
                        }
                    }
                }
            }
            swap(&source, &target)
        }
        return source
    }
}
