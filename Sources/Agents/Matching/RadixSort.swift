/// A stable least-significant-digit radix sort of positions by 64-bit keys, with an optional
/// payload word per key carried along: linear in the count, and every pass streams through
/// memory, where a comparison sort of a million keys costs n log n comparisons and, once the
/// keys outgrow the cache, a cache miss for most of them. Only the bits some key uses are
/// sorted on, in as few digits of at most 8 bits as cover them (amounts of a month span 25
/// bits: four digits of 7), and a digit every key shares is skipped. Positions are 32-bit.
enum RadixSort {
    /// The positions of `keys` in ascending key order; equal keys keep their position order.
    static func order(_ keys: [UInt64]) -> [Int] { sorted(keys).order.map(Int.init) }

    /// Signed keys in the order of their values.
    static func order(_ keys: [Int64]) -> [Int] { sorted(keys).order.map(Int.init) }

    /// Signed keys, sorted as their distance from the smallest: keys that span a small range
    /// (amounts of either sign) then leave their high bits zero, and those are not sorted on.
    /// `payload`, when given, is one word per key carried along into key order.
    static func sorted(_ keys: [Int64], carrying payload: [UInt64] = []) -> (order: [Int32], keys: [Int64], payload: [UInt64]) {
        guard let smallest = keys.min() else { return ([], [], []) }
        let sorted = sorted(keys.map { UInt64(bitPattern: $0 &- smallest) }, carrying: payload)
        return (sorted.order, sorted.keys.map { Int64(bitPattern: $0) &+ smallest }, sorted.payload)
    }

    /// The positions in ascending key order, the keys in that order, and `payload` (one word
    /// per key, or none) in that order: a payload moved along streams through memory, where
    /// gathering it afterwards by position would read a million scattered words.
    static func sorted(_ keys: [UInt64], carrying payload: [UInt64] = []) -> (order: [Int32], keys: [UInt64], payload: [UInt64]) {
        precondition(keys.count <= Int(Int32.max), "more than 2^31 keys")
        precondition(payload.isEmpty || payload.count == keys.count, "one payload word per key")
        let count = keys.count, carries = !payload.isEmpty
        let bits = UInt64.bitWidth - keys.reduce(0, |).leadingZeroBitCount
        let passes = max(1, (bits + 7) / 8)
        let width = max(1, (bits + passes - 1) / passes)
        let buckets = 1 << width, mask = UInt64(buckets - 1)
        var histogram = [Int](repeating: 0, count: passes * buckets)
        histogram.withUnsafeMutableBufferPointer { counts in
            for key in keys {
                for pass in 0..<passes { counts[pass * buckets + Int((key >> UInt64(pass * width)) & mask)] += 1 }
            }
        }
        var source = (keys: keys, positions: (0..<Int32(count)).map { $0 }, payload: payload)
        var target = (keys: [UInt64](repeating: 0, count: count), positions: [Int32](repeating: 0, count: count),
                      payload: [UInt64](repeating: 0, count: carries ? count : 0))
        for pass in 0..<passes where !histogram[(pass * buckets)..<((pass + 1) * buckets)].contains(count) {
            var next = [Int](repeating: 0, count: buckets)
            var running = 0
            for bucket in 0..<buckets {
                next[bucket] = running
                running += histogram[pass * buckets + bucket]
            }
            let shift = UInt64(pass * width)
            source.keys.withUnsafeBufferPointer { fromKeys in
                source.positions.withUnsafeBufferPointer { fromPositions in
                    source.payload.withUnsafeBufferPointer { fromPayload in
                        target.keys.withUnsafeMutableBufferPointer { toKeys in
                            target.positions.withUnsafeMutableBufferPointer { toPositions in
                                target.payload.withUnsafeMutableBufferPointer { toPayload in
                                    next.withUnsafeMutableBufferPointer { next in
                                        for index in 0..<count {
                                            let key = fromKeys[index]
                                            let bucket = Int((key >> shift) & mask)
                                            let slot = next[bucket]
                                            toKeys[slot] = key
                                            toPositions[slot] = fromPositions[index]
                                            if carries { toPayload[slot] = fromPayload[index] }
                                            next[bucket] = slot + 1
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            swap(&source, &target)
        }
        return (source.positions, source.keys, source.payload)
    }
}
